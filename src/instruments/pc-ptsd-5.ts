/** PC-PTSD-5: trauma-exposure stem then five yes (1) / no (0) items (instruments.md §2.9). */
import { pick, readList, requireSkipped, sum } from './validate.ts';

/** instrument-items.md §5: each item Yes = 1, No = 0; the exposure stem is not scored. */
const ITEM_VALUES = [0, 1] as const;
const EXPOSURE = ['yes', 'no'] as const;

/** instruments.md §2.9: ≥3 maximised sensitivity (Prins 2016) and suits women (Bovin 2021); ≥4 balanced. */
const POSITIVE_FROM = 3;
const POSITIVE_CUT4_FROM = 4;

export interface PcPtsd5Result {
  total: number;
  positive: boolean;
  positive_cut4: boolean;
}

/**
 * `["yes"|"no", q1…q5]`. Exposure "no" ends the screen with a total of 0 (the form's "If no, screen
 * total = 0"), and the five items must then be null.
 */
export function scorePcPtsd5(answers: unknown): PcPtsd5Result {
  const [exposureAnswer, ...rest] = readList(answers, 6, 'PC-PTSD-5');
  const exposure = pick(exposureAnswer, EXPOSURE, 'The PC-PTSD-5 trauma question');
  const items = rest.map((value, i) =>
    exposure === 'no'
      ? requireSkipped(value, `PC-PTSD-5 item ${i + 1}`, 'when the trauma question is "no"')
      : pick(value, ITEM_VALUES, `PC-PTSD-5 item ${i + 1}`),
  );
  const total = sum(items.map((v) => v ?? 0));
  return { total, positive: total >= POSITIVE_FROM, positive_cut4: total >= POSITIVE_CUT4_FROM };
}
