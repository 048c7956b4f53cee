// SOCRATES 8D against the published scoring form and the alcohol (8A) decile norms (instruments.md §2.2).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalid, itemsSumming, scored } from '../../test/helpers/instruments.ts';

// instruments.md §2.2 "Scales".
const SCALES = {
  recognition: [1, 3, 7, 10, 12, 15, 17],
  ambivalence: [2, 6, 11, 16],
  taking_steps: [4, 5, 8, 9, 13, 14, 18, 19],
} as const;
type Scale = keyof typeof SCALES;

// instruments.md §2.2 "Deciles": [decile, lowest score, highest score].
const DECILES: Record<Scale, [number, number, number][]> = {
  recognition: [
    [70, 35, 35],
    [60, 34, 34],
    [50, 32, 33],
    [40, 31, 31],
    [30, 29, 30],
    [20, 27, 28],
    [10, 7, 26],
  ],
  ambivalence: [
    [90, 19, 20],
    [80, 18, 18],
    [70, 17, 17],
    [60, 16, 16],
    [50, 15, 15],
    [40, 14, 14],
    [30, 12, 13],
    [20, 9, 11],
    [10, 4, 8],
  ],
  taking_steps: [
    [90, 39, 40],
    [80, 37, 38],
    [70, 36, 36],
    [60, 34, 35],
    [50, 33, 33],
    [40, 31, 32],
    [30, 30, 30],
    [20, 26, 29],
    [10, 8, 25],
  ],
};

/** 19 answers of 1 except the scale's items, which add up to `total`. */
function withScale(scale: Scale, total: number): number[] {
  const answers = Array<number>(19).fill(1);
  const values = itemsSumming(total, SCALES[scale].length, 5, 1);
  SCALES[scale].forEach((item, i) => (answers[item - 1] = values[i]!));
  return answers;
}

describe('SOCRATES-8D', () => {
  it('puts each item in its scale: raising one item by 4 raises only that scale', () => {
    for (let item = 1; item <= 19; item++) {
      const answers = Array<number>(19).fill(1);
      answers[item - 1] = 5;
      const result = scored('SOCRATES-8D', answers);
      for (const scale of Object.keys(SCALES) as Scale[]) {
        const base = SCALES[scale].length;
        const expected = (SCALES[scale] as readonly number[]).includes(item) ? base + 4 : base;
        assert.equal(result[scale], expected, `item ${item}, ${scale}`);
      }
    }
  });

  it('spans Recognition 7–35, Ambivalence 4–20, Taking Steps 8–40', () => {
    const low = scored('SOCRATES-8D', Array(19).fill(1));
    const high = scored('SOCRATES-8D', Array(19).fill(5));
    assert.deepEqual([low.recognition, low.ambivalence, low.taking_steps], [7, 4, 8]);
    assert.deepEqual([high.recognition, high.ambivalence, high.taking_steps], [35, 20, 40]);
  });

  it('gives every possible scale score its decile from the alcohol norms, labelled so', () => {
    for (const scale of Object.keys(SCALES) as Scale[]) {
      for (const [decile, from, to] of DECILES[scale]) {
        for (let score = from; score <= to; score++) {
          const result = scored('SOCRATES-8D', withScale(scale, score));
          assert.equal(result[scale], score);
          assert.equal(result.deciles[scale], decile, `${scale} ${score}`);
          assert.equal(result.deciles.norms, 'alcohol_8A');
        }
      }
    }
  });

  it('rejects 0, 6, fractions and a wrong count', () => {
    invalid('SOCRATES-8D', [0, ...Array<number>(18).fill(3)], /SOCRATES-8D item 1 must be 1, 2, 3, 4 or 5 \(got 0\)/);
    invalid('SOCRATES-8D', [...Array<number>(18).fill(3), 6], /item 19 .*got 6/);
    invalid('SOCRATES-8D', [...Array<number>(9).fill(3), 2.5, ...Array<number>(9).fill(3)], /item 10 .*got 2.5/);
    invalid('SOCRATES-8D', Array<number>(18).fill(3), /exactly 19 answers \(got 18\)/);
    invalid('SOCRATES-8D', Array<number>(20).fill(3), /exactly 19 answers \(got 20\)/);
  });
});
