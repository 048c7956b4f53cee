/** WHO ASSIST v3.1: substance involvement scores, risk levels and the injecting question (instruments.md §2.8). */
import { bandOf, type Band } from './bands.ts';
import { pick, readList, readObject, reject, requireSkipped, show, sum } from './validate.ts';

/** The substance classes a–j, in the form's order (instrument-items.md §4.2). */
export const ASSIST_SUBSTANCES = [
  'tobacco',
  'alcohol',
  'cannabis',
  'cocaine',
  'amphetamines',
  'inhalants',
  'sedatives',
  'hallucinogens',
  'opioids',
  'other',
] as const;
export type AssistSubstance = (typeof ASSIST_SUBSTANCES)[number];
export type AssistRisk = 'low' | 'moderate' | 'high';

/** instruments.md §2.8 "Questions and weights" (PMC4983530 Table 1): the only values each question allows. */
const WEIGHTS: Readonly<Record<2 | 3 | 4 | 5 | 6 | 7, readonly number[]>> = {
  2: [0, 2, 3, 4, 6],
  3: [0, 3, 4, 5, 6],
  4: [0, 4, 5, 6, 7],
  5: [0, 5, 6, 7, 8],
  6: [0, 3, 6],
  7: [0, 3, 6],
};

/** instruments.md §2.8 "Q8": 0 no never, 2 yes in the past 3 months, 1 yes but not in the past 3 months [S]. */
const Q8_VALUES = [0, 1, 2] as const;

/** instruments.md §2.8 "Risk levels" (WHO ASSIST V3.0 Feedback Report Card). */
const ALCOHOL_RISK: readonly Band<AssistRisk>[] = [
  { from: 0, to: 10, band: 'low' },
  { from: 11, to: 26, band: 'moderate' },
  { from: 27, to: Infinity, band: 'high' },
];
const OTHER_RISK: readonly Band<AssistRisk>[] = [
  { from: 0, to: 3, band: 'low' },
  { from: 4, to: 26, band: 'moderate' },
  { from: 27, to: Infinity, band: 'high' },
];

/**
 * For people who injected in the past 3 months (Q8 = 2). instruments.md §2.8 marks the rule [U]:
 * once a week or less AND fewer than 3 days in a row → brief intervention with the "risks of
 * injecting" card; more than once a week OR 3 or more days in a row → further assessment.
 */
export interface InjectingPattern {
  more_than_weekly: boolean;
  three_or_more_days_in_a_row: boolean;
}

/** What Q8 (and the pattern) points to. Q8 = 2 also offers the nearest needle and syringe programme. */
export type InjectingAdvice = 'safer_injecting' | 'brief_intervention' | 'further_assessment';

export interface AssistResult {
  /** Q2 + Q3 + Q4 + Q5 + Q6 + Q7, skipped questions counting 0; null for a substance left out. */
  scores: Record<AssistSubstance, number | null>;
  risk: Record<AssistSubstance, AssistRisk | null>;
  injecting: { q8: 0 | 1 | 2 | null; advice: InjectingAdvice | null };
}

/** One substance's `["yes"|"no", q2…q7]`: its involvement score, or throws on a value the rules do not allow. */
function scoreSubstance(substance: AssistSubstance, entry: unknown): number {
  const [q1, ...rest] = readList(entry, 7, `ASSIST ${substance}`);
  const what = (q: number): string => `ASSIST ${substance} question ${q}`;
  if (pick(q1, ['yes', 'no'], what(1)) === 'no') {
    rest.forEach((value, i) => requireSkipped(value, what(i + 2), 'when question 1 is "no"'));
    return 0;
  }
  const q2 = pick(rest[0], WEIGHTS[2], what(2));
  const recent = ([3, 4, 5] as const).map((q) => {
    if (q === 5 && substance === 'tobacco') return requireSkipped(rest[q - 2], what(q), 'for tobacco (never asked)');
    if (q2 === 0) return requireSkipped(rest[q - 2], what(q), 'when question 2 is 0 (not used in the past three months)');
    return pick(rest[q - 2], WEIGHTS[q], what(q));
  });
  const q6 = pick(rest[4], WEIGHTS[6], what(6));
  const q7 = pick(rest[5], WEIGHTS[7], what(7));
  return q2 + sum(recent.map((v) => v ?? 0)) + q6 + q7;
}

function readPattern(value: unknown): InjectingPattern {
  const input = readObject(value, ['more_than_weekly', 'three_or_more_days_in_a_row'], 'ASSIST "injecting_pattern"');
  const flag = (key: keyof InjectingPattern): boolean =>
    typeof input[key] === 'boolean'
      ? input[key]
      : reject(`ASSIST injecting_pattern "${key}" must be true or false (got ${show(input[key])})`);
  return { more_than_weekly: flag('more_than_weekly'), three_or_more_days_in_a_row: flag('three_or_more_days_in_a_row') };
}

function readInjecting(input: Record<string, unknown>, anyUsed: boolean): AssistResult['injecting'] {
  const what = 'ASSIST question 8 (injecting)';
  if (!anyUsed) {
    requireSkipped(input.q8, what, 'when no substance was ever used (the interview stops after question 1)');
    requireSkipped(input.injecting_pattern, 'ASSIST "injecting_pattern"', 'when no substance was ever used');
    return { q8: null, advice: null };
  }
  const q8 = pick(input.q8, Q8_VALUES, what);
  if (q8 !== 2) {
    requireSkipped(
      input.injecting_pattern,
      'ASSIST "injecting_pattern"',
      'unless question 8 is 2 (injected in the past 3 months)',
    );
    return { q8, advice: q8 === 1 ? 'safer_injecting' : null };
  }
  if (input.injecting_pattern === undefined || input.injecting_pattern === null) return { q8, advice: 'safer_injecting' };
  const pattern = readPattern(input.injecting_pattern);
  const intensive = pattern.more_than_weekly || pattern.three_or_more_days_in_a_row;
  return { q8, advice: intensive ? 'further_assessment' : 'brief_intervention' };
}

/** ASSIST: `{"substances": {key: ["yes"|"no", q2…q7]}, "q8": 0|1|2, "injecting_pattern"?: {…}}`. */
export function scoreAssist(answers: unknown): AssistResult {
  const input = readObject(answers, ['substances', 'q8', 'injecting_pattern'], 'ASSIST answers');
  const given = readObject(input.substances, ASSIST_SUBSTANCES, 'ASSIST "substances"', 'substance');
  const scores = {} as AssistResult['scores'];
  const risk = {} as AssistResult['risk'];
  let anyUsed = false;
  for (const substance of ASSIST_SUBSTANCES) {
    const entry = given[substance];
    // Left out (or null): not asked, so no score at all; a "no" to question 1 scores 0.
    const score = entry === undefined || entry === null ? null : scoreSubstance(substance, entry);
    anyUsed ||= Array.isArray(entry) && entry[0] === 'yes';
    scores[substance] = score;
    risk[substance] = score === null ? null : bandOf(substance === 'alcohol' ? ALCOHOL_RISK : OTHER_RISK, score);
  }
  return { scores, risk, injecting: readInjecting(input, anyUsed) };
}
