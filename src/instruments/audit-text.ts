/** AUDIT and AUDIT-C on-screen text: the WHO interview version, instrument-items.md §3a [S]. */
import type { InstrumentText, ResponseOption } from './types.ts';

const options = (labels: readonly string[], values: readonly number[] = [0, 1, 2, 3, 4]): ResponseOption<number>[] =>
  labels.map((label, i) => ({ label, value: values[i]! }));

const HOW_OFTEN = options(['Never', 'Less than monthly', 'Monthly', 'Weekly', 'Daily or almost daily']);
const INJURY = options(['No', 'Yes, but not in the last year', 'Yes, during the last year'], [0, 2, 4]);

const QUESTIONS: readonly [string, readonly ResponseOption<number>[]][] = [
  [
    'How often do you have a drink containing alcohol?',
    options(['Never', 'Monthly or less', '2 to 4 times a month', '2 to 3 times a week', '4 or more times a week']),
  ],
  [
    'How many drinks containing alcohol do you have on a typical day when you are drinking?',
    options(['1 or 2', '3 or 4', '5 or 6', '7, 8, or 9', '10 or more']),
  ],
  ['How often do you have six or more drinks on one occasion?', HOW_OFTEN],
  ['How often during the last year have you found that you were not able to stop drinking once you had started?', HOW_OFTEN],
  ['How often during the last year have you failed to do what was normally expected from you because of drinking?', HOW_OFTEN],
  [
    'How often during the last year have you needed a first drink in the morning to get yourself going after a heavy drinking session?',
    HOW_OFTEN,
  ],
  ['How often during the last year have you had a feeling of guilt or remorse after drinking?', HOW_OFTEN],
  [
    'How often during the last year have you been unable to remember what happened the night before because you had been drinking?',
    HOW_OFTEN,
  ],
  ['Have you or someone else been injured as a result of your drinking?', INJURY],
  [
    'Has a relative or friend or a doctor or another health worker been concerned about your drinking or suggested you cut down?',
    INJURY,
  ],
];

/** The user-facing framing sentence of the interview instructions (the rest is interviewer guidance). */
const INTRO = 'Now I am going to ask you some questions about your use of alcoholic beverages during this past year.';

/** Suggested credit: no prescribed wording was found [NOT VERIFIED]. */
export const AUDIT_CREDIT =
  'AUDIT © World Health Organization. Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: The Alcohol Use Disorders Identification Test. Guidelines for Use in Primary Care, 2nd ed. Geneva: WHO; 2001 (WHO/MSD/MSB/01.6a).';

const questions = QUESTIONS.map(([text, opts], i) => ({ id: String(i + 1), text, options: opts }));

export const AUDIT_TEXT: InstrumentText = {
  title: 'AUDIT',
  intro: [INTRO],
  questions,
  source: 'instrument-items.md §3a, interview version [S]; standard drink 10 g, not yet localised',
};

export const AUDIT_C_TEXT: InstrumentText = {
  title: 'AUDIT-C',
  intro: [INTRO],
  questions: questions.slice(0, 3),
  source: 'instrument-items.md §3a (AUDIT questions 1–3) [S]',
};
