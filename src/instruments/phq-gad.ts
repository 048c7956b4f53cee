/**
 * PHQ-2, PHQ-9, GAD-2 and GAD-7: the Pfizer depression and anxiety screens, scored as published
 * (instruments.md §2.4, §2.5). Every item 0 not at all … 3 nearly every day.
 */
import { bandOf, zeroTo, type Band } from './bands.ts';
import { readItems, sum } from './validate.ts';

const ITEM_VALUES = zeroTo(3);

/** instruments.md §2.4, §2.5: PHQ-2 and GAD-2 (items 1 and 2) are positive at 3 or more [S]. */
const TWO_ITEM_POSITIVE_FROM = 3;

export type Phq9Band = 'none_minimal' | 'mild' | 'moderate' | 'moderately_severe' | 'severe';
export type Gad7Band = 'minimal' | 'mild' | 'moderate' | 'severe';

/** instruments.md §2.4 severity bands (Kroenke, Spitzer & Williams 2001). */
const PHQ9_BANDS: readonly Band<Phq9Band>[] = [
  { from: 0, to: 4, band: 'none_minimal' },
  { from: 5, to: 9, band: 'mild' },
  { from: 10, to: 14, band: 'moderate' },
  { from: 15, to: 19, band: 'moderately_severe' },
  { from: 20, to: 27, band: 'severe' },
];

/** instruments.md §2.5 bands (Spitzer et al. 2006). */
const GAD7_BANDS: readonly Band<Gad7Band>[] = [
  { from: 0, to: 4, band: 'minimal' },
  { from: 5, to: 9, band: 'mild' },
  { from: 10, to: 14, band: 'moderate' },
  { from: 15, to: 21, band: 'severe' },
];

/** PHQ-2 or GAD-2. */
export interface TwoItemResult {
  total: number;
  positive: boolean;
}
export type Phq2Result = TwoItemResult;
export type Gad2Result = TwoItemResult;

export interface Phq9Result {
  total: number;
  band: Phq9Band;
  /** Item 9 above 0: show crisis options at once, whatever the total (instruments.md §2.4, §4). */
  item9_positive: boolean;
  phq2_total: number;
  phq2_positive: boolean;
}

export interface Gad7Result {
  total: number;
  band: Gad7Band;
  gad2_total: number;
  gad2_positive: boolean;
}

function readForm(answers: unknown, label: string, count: number): number[] {
  return readItems(answers, label, Array<readonly number[]>(count).fill(ITEM_VALUES));
}

/** The two-item screen: items 1 and 2. */
function twoItem(items: readonly number[]): TwoItemResult {
  const total = items[0]! + items[1]!;
  return { total, positive: total >= TWO_ITEM_POSITIVE_FROM };
}

/** PHQ-2: two answers 0–3 (PHQ-9 items 1 and 2). */
export function scorePhq2(answers: unknown): Phq2Result {
  return twoItem(readForm(answers, 'PHQ-2', 2));
}

/** GAD-2: two answers 0–3 (GAD-7 items 1 and 2). */
export function scoreGad2(answers: unknown): Gad2Result {
  return twoItem(readForm(answers, 'GAD-2', 2));
}

/** PHQ-9: nine answers 0–3; the unscored 10th ("how difficult") question is not part of them. */
export function scorePhq9(answers: unknown): Phq9Result {
  const items = readForm(answers, 'PHQ-9', 9);
  const total = sum(items);
  const phq2 = twoItem(items);
  return {
    total,
    band: bandOf(PHQ9_BANDS, total),
    item9_positive: items[8]! > 0,
    phq2_total: phq2.total,
    phq2_positive: phq2.positive,
  };
}

/** GAD-7: seven answers 0–3. */
export function scoreGad7(answers: unknown): Gad7Result {
  const items = readForm(answers, 'GAD-7', 7);
  const total = sum(items);
  const gad2 = twoItem(items);
  return { total, band: bandOf(GAD7_BANDS, total), gad2_total: gad2.total, gad2_positive: gad2.positive };
}
