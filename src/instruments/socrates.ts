/** SOCRATES 8D: 19 items 1–5, three scale sums and their decile from the alcohol norms (instruments.md §2.2). */
import { bandOf, type Band } from './bands.ts';
import { readItems, sum } from './validate.ts';

/** instruments.md §2.2: 1 strongly disagree … 5 strongly agree. */
const ITEM_VALUES = [1, 2, 3, 4, 5] as const;

/** instruments.md §2.2 "Scales" (SOCRATES 19-item scoring form): item numbers per scale. */
const SCALES = {
  recognition: [1, 3, 7, 10, 12, 15, 17],
  ambivalence: [2, 6, 11, 16],
  taking_steps: [4, 5, 8, 9, 13, 14, 18, 19],
} as const;

type Scale = keyof typeof SCALES;

/**
 * instruments.md §2.2 "Deciles": the SOCRATES profile sheet, n = 1,726 adults presenting for
 * ALCOHOL treatment (Project MATCH, 8A). No drug (8D) norms exist, so results carry that label.
 * Recognition has no 80th or 90th decile row.
 */
const DECILES: Record<Scale, readonly Band<number>[]> = {
  recognition: [
    { from: 35, to: 35, band: 70 },
    { from: 34, to: 34, band: 60 },
    { from: 32, to: 33, band: 50 },
    { from: 31, to: 31, band: 40 },
    { from: 29, to: 30, band: 30 },
    { from: 27, to: 28, band: 20 },
    { from: 7, to: 26, band: 10 },
  ],
  ambivalence: [
    { from: 19, to: 20, band: 90 },
    { from: 18, to: 18, band: 80 },
    { from: 17, to: 17, band: 70 },
    { from: 16, to: 16, band: 60 },
    { from: 15, to: 15, band: 50 },
    { from: 14, to: 14, band: 40 },
    { from: 12, to: 13, band: 30 },
    { from: 9, to: 11, band: 20 },
    { from: 4, to: 8, band: 10 },
  ],
  taking_steps: [
    { from: 39, to: 40, band: 90 },
    { from: 37, to: 38, band: 80 },
    { from: 36, to: 36, band: 70 },
    { from: 34, to: 35, band: 60 },
    { from: 33, to: 33, band: 50 },
    { from: 31, to: 32, band: 40 },
    { from: 30, to: 30, band: 30 },
    { from: 26, to: 29, band: 20 },
    { from: 8, to: 25, band: 10 },
  ],
};

/** The label on every decile result: the only norms found are for alcohol (SOCRATES 8A). */
export const SOCRATES_NORMS = 'alcohol_8A';

export interface Socrates8dResult {
  recognition: number;
  ambivalence: number;
  taking_steps: number;
  /** Deciles (10 … 90) against alcohol-treatment norms; motivation scores, not a stage. */
  deciles: { norms: typeof SOCRATES_NORMS; recognition: number; ambivalence: number; taking_steps: number };
}

/** SOCRATES 8D: nineteen answers 1–5. */
export function scoreSocrates8d(answers: unknown): Socrates8dResult {
  const items = readItems(answers, 'SOCRATES-8D', Array<readonly number[]>(19).fill(ITEM_VALUES));
  const scale = (name: Scale): number => sum(SCALES[name].map((n) => items[n - 1]!));
  const recognition = scale('recognition');
  const ambivalence = scale('ambivalence');
  const takingSteps = scale('taking_steps');
  return {
    recognition,
    ambivalence,
    taking_steps: takingSteps,
    deciles: {
      norms: SOCRATES_NORMS,
      recognition: bandOf(DECILES.recognition, recognition),
      ambivalence: bandOf(DECILES.ambivalence, ambivalence),
      taking_steps: bandOf(DECILES.taking_steps, takingSteps),
    },
  };
}
