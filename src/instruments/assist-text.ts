/**
 * WHO ASSIST v3.1 on-screen text, verbatim from instrument-items.md §4, with the local drug names
 * the issue asks for added beside WHO's examples (an adaptation of the examples, never of the questions).
 */
import type { AssistSubstance } from './assist.ts';
import type { InstrumentText, Question, ResponseOption } from './types.ts';

export interface AssistSubstanceText {
  readonly key: AssistSubstance;
  /** The form's letter, a–j. */
  readonly code: string;
  /** Exactly as WHO prints it (instrument-items.md §4.2). */
  readonly whoLabel: string;
  /** WHO's label with the local names first among the examples: what Q1 shows. */
  readonly label: string;
  /** The class's name inside Q2–Q7. */
  readonly name: string;
  /** Tshwane street names mapped to this class (issue 5). */
  readonly localNames: readonly string[];
}

const SUBSTANCES: readonly [AssistSubstance, string, string, readonly string[]][] = [
  ['tobacco', 'Tobacco products (cigarettes, chewing tobacco, cigars, etc.)', 'tobacco products', []],
  ['alcohol', 'Alcoholic beverages (beer, wine, spirits, etc.)', 'alcoholic beverages', []],
  ['cannabis', 'Cannabis (marijuana, pot, grass, hash, etc.)', 'cannabis', []],
  ['cocaine', 'Cocaine (coke, crack, etc.)', 'cocaine', []],
  ['amphetamines', 'Amphetamine-type stimulants (speed, meth, ecstasy, etc.)', 'amphetamine-type stimulants', ['tik', 'cat']],
  ['inhalants', 'Inhalants (nitrous, glue, petrol, paint thinner, etc.)', 'inhalants', []],
  [
    'sedatives',
    'Sedatives or sleeping pills (diazepam, alprazolam, flunitrazepam, midazolam, etc.)',
    'sedatives or sleeping pills',
    ['mandrax'],
  ],
  ['hallucinogens', 'Hallucinogens (LSD, acid, mushrooms, trips, ketamine, etc.)', 'hallucinogens', []],
  ['opioids', 'Opioids (heroin, morphine, methadone, buprenorphine, codeine, etc.)', 'opioids', ['nyaope', 'whoonga']],
  ['other', 'Other - specify:', 'other drugs', []],
];

export const ASSIST_SUBSTANCE_TEXT: readonly AssistSubstanceText[] = SUBSTANCES.map(([key, whoLabel, name, localNames], i) => ({
  key,
  code: 'abcdefghij'[i]!,
  whoLabel,
  label: localNames.length === 0 ? whoLabel : whoLabel.replace('(', `(${localNames.join(', ')}, `),
  name,
  localNames,
}));

const options = (pairs: readonly [string, number][]): ResponseOption<number>[] =>
  pairs.map(([label, value]) => ({ label, value }));
const frequency = (w: readonly number[]): ResponseOption<number>[] =>
  options(['Never', 'Once or Twice', 'Monthly', 'Weekly', 'Daily or Almost Daily'].map((l, i) => [l, w[i]!]));
// Display order puts "in the past 3 months" first: weights 0, 6, 3 (instrument-items.md §4.3).
const CONCERN = options([
  ['No, Never', 0],
  ['Yes, in the past 3 months', 6],
  ['Yes, but not in the past 3 months', 3],
]);

const PLACEHOLDER = /\(FIRST DRUG, SECOND DRUG, ETC\.?\)/;

const QUESTIONS: readonly Question[] = [
  {
    id: '1',
    text: 'In your life, which of the following substances have you ever used? (NON-MEDICAL USE ONLY)',
    options: [
      { label: 'No', value: 'no' },
      { label: 'Yes', value: 'yes' },
    ],
  },
  {
    id: '2',
    text: 'In the past three months, how often have you used the substances you mentioned (FIRST DRUG, SECOND DRUG, ETC)?',
    options: frequency([0, 2, 3, 4, 6]),
  },
  {
    id: '3',
    text: 'During the past three months, how often have you had a strong desire or urge to use (FIRST DRUG, SECOND DRUG, ETC)?',
    options: frequency([0, 3, 4, 5, 6]),
  },
  {
    id: '4',
    text: 'During the past three months, how often has your use of (FIRST DRUG, SECOND DRUG, ETC) led to health, social, legal or financial problems?',
    options: frequency([0, 4, 5, 6, 7]),
  },
  {
    id: '5',
    text: 'During the past three months, how often have you failed to do what was normally expected of you because of your use of (FIRST DRUG, SECOND DRUG, ETC)?',
    options: frequency([0, 5, 6, 7, 8]),
  },
  {
    id: '6',
    text: 'Has a friend or relative or anyone else ever expressed concern about your use of (FIRST DRUG, SECOND DRUG, ETC.)?',
    options: CONCERN,
  },
  { id: '7', text: 'Have you ever tried to cut down on using (FIRST DRUG, SECOND DRUG, ETC.) but failed?', options: CONCERN },
  {
    id: '8',
    text: 'Have you ever used any drug by injection? (NON-MEDICAL USE ONLY)',
    // Not scored; coded 0 / 2 / 1 as in instruments.md §2.8 [S].
    options: options([
      ['No, Never', 0],
      ['Yes, in the past 3 months', 2],
      ['Yes, but not in the past 3 months', 1],
    ]),
  },
];

/** Suggested credit: use whatever WHO specifies when it grants permission [NOT VERIFIED]. */
export const ASSIST_CREDIT =
  'ASSIST v3.1 © World Health Organization 2010. Humeniuk R, Henry-Edwards S, Ali R, Poznyak V, Monteiro MG. The Alcohol, Smoking and Substance Involvement Screening Test (ASSIST): manual for use in primary care. Geneva: WHO; 2010.';

export const ASSIST_TEXT: InstrumentText & { readonly substances: readonly AssistSubstanceText[] } = {
  title: 'The Alcohol, Smoking and Substance Involvement Screening Test (ASSIST v3.1)',
  // "(show response card)" has no on-screen equivalent and is left out.
  intro: [
    'The following questions ask about your experience of using alcohol, tobacco products and other drugs across your lifetime and in the past three months. These substances can be smoked, swallowed, snorted, inhaled or injected.',
    'Some of the substances listed may be prescribed by a doctor (like amphetamines, sedatives, pain medications). For this interview, we will not record medications that are used as prescribed by your doctor. However, if you have taken such medications for reasons other than prescription, or taken them more frequently or at higher doses than prescribed, please let me know. While we are also interested in knowing about your use of various illicit drugs, please be assured that information on such use will be treated as strictly confidential.',
  ],
  questions: QUESTIONS,
  substances: ASSIST_SUBSTANCE_TEXT,
  source: 'instrument-items.md §4: introduction and Q1–Q2 [C], Q3–Q8 [S]; local names are a Harbour adaptation',
};

/**
 * The text of question 2–7 for one substance: WHO's "(FIRST DRUG, SECOND DRUG, ETC)" replaced by the
 * class, local names first ("nyaope, whoonga or other opioids"). `otherName` is what the member
 * wrote for "Other - specify:".
 */
export function assistQuestionText(question: 2 | 3 | 4 | 5 | 6 | 7, substance: AssistSubstance, otherName?: string): string {
  const s = ASSIST_SUBSTANCE_TEXT.find((t) => t.key === substance)!;
  const name = substance === 'other' && otherName ? otherName : s.name;
  const term = s.localNames.length === 0 ? name : `${s.localNames.join(', ')} or other ${name}`;
  // Q2's placeholder is an aside in brackets ("the substances you mentioned (…)"); elsewhere it is the object.
  return QUESTIONS[question - 1]!.text.replace(PLACEHOLDER, question === 2 ? `(${term})` : term);
}
