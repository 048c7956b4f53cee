// PHQ-2, PHQ-9, GAD-2 and GAD-7 against the published rules (instruments.md §2.4, §2.5).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalid, itemsSumming, scored } from '../../test/helpers/instruments.ts';

describe('PHQ-2', () => {
  it('totals items 1 and 2 and is positive from 3, never at 2', () => {
    for (let a = 0; a <= 3; a++) {
      for (let b = 0; b <= 3; b++) {
        assert.deepEqual(scored('PHQ-2', [a, b]), { total: a + b, positive: a + b >= 3 });
      }
    }
    assert.equal(scored('PHQ-2', [1, 1]).positive, false);
    assert.equal(scored('PHQ-2', [1, 2]).positive, true);
  });

  it('rejects a third answer, a 4 and a missing answer', () => {
    invalid('PHQ-2', [1, 1, 1], /PHQ-2 needs exactly 2 answers \(got 3\)/);
    invalid('PHQ-2', [4, 0], /PHQ-2 item 1 must be 0, 1, 2 or 3 \(got 4\)/);
    invalid('PHQ-2', [0], /exactly 2/);
  });
});

describe('PHQ-9', () => {
  const phq9 = (total: number, item9 = 0): number[] => [...itemsSumming(total - item9, 8, 3), item9];

  it('bands every boundary on both sides: 0–4, 5–9, 10–14, 15–19, 20–27', () => {
    const expected: [number, string][] = [
      [0, 'none_minimal'],
      [4, 'none_minimal'],
      [5, 'mild'],
      [9, 'mild'],
      [10, 'moderate'],
      [14, 'moderate'],
      [15, 'moderately_severe'],
      [19, 'moderately_severe'],
      [20, 'severe'],
      [27, 'severe'],
    ];
    for (const [total, band] of expected) {
      const result = scored('PHQ-9', phq9(total, total === 27 ? 3 : 0));
      assert.equal(result.total, total);
      assert.equal(result.band, band, `total ${total}`);
    }
  });

  it('flags any item 9 above 0, whatever the total', () => {
    assert.equal(scored('PHQ-9', phq9(0)).item9_positive, false);
    for (const item9 of [1, 2, 3]) {
      const result = scored('PHQ-9', phq9(item9, item9));
      assert.equal(result.item9_positive, true);
      assert.equal(result.band, 'none_minimal');
    }
    assert.equal(scored('PHQ-9', phq9(24)).item9_positive, false, 'a severe total without item 9 is not the flag');
  });

  it('reports the PHQ-2 inside it from items 1 and 2 only', () => {
    assert.deepEqual(scored('PHQ-9', [1, 2, 0, 0, 0, 0, 0, 0, 0]), {
      total: 3,
      band: 'none_minimal',
      item9_positive: false,
      phq2_total: 3,
      phq2_positive: true,
    });
    const lower = scored('PHQ-9', [2, 0, 3, 3, 3, 3, 3, 3, 3]);
    assert.equal(lower.phq2_total, 2);
    assert.equal(lower.phq2_positive, false);
  });

  it('rejects the unscored 10th answer, an item of 4, and values that are not 0–3 integers', () => {
    invalid('PHQ-9', [0, 0, 0, 0, 0, 0, 0, 0, 0, 'not_difficult_at_all'], /needs exactly 9 answers \(got 10\)/);
    invalid('PHQ-9', [0, 0, 0, 0, 0, 0, 0, 0, 4], /PHQ-9 item 9 must be 0, 1, 2 or 3 \(got 4\)/);
    invalid('PHQ-9', [0, 0, -1, 0, 0, 0, 0, 0, 0], /item 3 .*got -1/);
    invalid('PHQ-9', [0, 1.5, 0, 0, 0, 0, 0, 0, 0], /item 2 .*got 1.5/);
    invalid('PHQ-9', [0, 0, 0, '2', 0, 0, 0, 0, 0], /item 4 .*got "2"/);
    invalid('PHQ-9', [0, 0, 0, 0, null, 0, 0, 0, 0], /item 5 .*got null/);
    invalid('PHQ-9', [0, 0, 0, 0, 0, true, 0, 0, 0], /item 6 .*got true/);
    invalid('PHQ-9', { 1: 0 }, /must be a list of 9/);
    invalid('PHQ-9', '[0,0,0,0,0,0,0,0,0]', /must be a list of 9/);
  });
});

describe('GAD-2', () => {
  it('is positive from 3, never at 2', () => {
    assert.deepEqual(scored('GAD-2', [0, 0]), { total: 0, positive: false });
    assert.deepEqual(scored('GAD-2', [2, 0]), { total: 2, positive: false });
    assert.deepEqual(scored('GAD-2', [0, 3]), { total: 3, positive: true });
    assert.deepEqual(scored('GAD-2', [3, 3]), { total: 6, positive: true });
  });

  it('rejects values outside 0–3 and a wrong count', () => {
    invalid('GAD-2', [0, 4], /GAD-2 item 2 must be 0, 1, 2 or 3 \(got 4\)/);
    invalid('GAD-2', [0, 0, 0, 0, 0, 0, 0], /exactly 2/);
  });
});

describe('GAD-7', () => {
  it('bands every boundary on both sides: 0–4, 5–9, 10–14, 15–21', () => {
    const expected: [number, string][] = [
      [0, 'minimal'],
      [4, 'minimal'],
      [5, 'mild'],
      [9, 'mild'],
      [10, 'moderate'],
      [14, 'moderate'],
      [15, 'severe'],
      [21, 'severe'],
    ];
    for (const [total, band] of expected) {
      const result = scored('GAD-7', itemsSumming(total, 7, 3));
      assert.equal(result.total, total);
      assert.equal(result.band, band, `total ${total}`);
    }
  });

  it('reports the GAD-2 inside it from items 1 and 2 only', () => {
    assert.deepEqual(scored('GAD-7', [2, 1, 0, 0, 0, 0, 0]), { total: 3, band: 'minimal', gad2_total: 3, gad2_positive: true });
    const lower = scored('GAD-7', [1, 1, 3, 3, 3, 3, 3]);
    assert.equal(lower.gad2_total, 2);
    assert.equal(lower.gad2_positive, false);
    assert.equal(lower.band, 'severe');
  });

  it('rejects an item of 4, a fraction, text and a wrong count', () => {
    invalid('GAD-7', [0, 0, 0, 0, 0, 0, 4], /GAD-7 item 7 must be 0, 1, 2 or 3 \(got 4\)/);
    invalid('GAD-7', [0, 0.5, 0, 0, 0, 0, 0], /item 2/);
    invalid('GAD-7', [0, 0, 'often', 0, 0, 0, 0], /item 3/);
    invalid('GAD-7', [0, 0, 0, 0, 0, 0, 0, 0], /exactly 7 answers \(got 8\)/);
  });
});
