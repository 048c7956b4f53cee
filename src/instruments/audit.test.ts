// AUDIT-C and AUDIT against the published rules (instruments.md §2.6).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalid, itemsSumming, scored } from '../../test/helpers/instruments.ts';

describe('AUDIT-C', () => {
  it('is positive for women from 3 and for men from 4; `positive` uses 3', () => {
    const expected: [number, boolean, boolean][] = [
      [0, false, false],
      [2, false, false],
      [3, false, true],
      [4, true, true],
      [12, true, true],
    ];
    for (const [total, men, women] of expected) {
      assert.deepEqual(scored('AUDIT-C', itemsSumming(total, 3, 4)), {
        total,
        positive_men: men,
        positive_women: women,
        positive: women,
      });
    }
  });

  it('rejects 5, a fourth answer and text', () => {
    invalid('AUDIT-C', [5, 0, 0], /AUDIT-C question 1 must be 0, 1, 2, 3 or 4 \(got 5\)/);
    invalid('AUDIT-C', [0, 0, 0, 0], /exactly 3/);
    invalid('AUDIT-C', [0, 'never', 0], /question 2/);
  });
});

describe('AUDIT', () => {
  const audit = (first8: number[], q9 = 0, q10 = 0): number[] => [...first8, q9, q10];

  it('zones every boundary on both sides: I 0–7, II 8–15, III 16–19, IV 20–40', () => {
    const expected: [number, string][] = [
      [0, 'zone_I'],
      [7, 'zone_I'],
      [8, 'zone_II'],
      [15, 'zone_II'],
      [16, 'zone_III'],
      [19, 'zone_III'],
      [20, 'zone_IV'],
      [32, 'zone_IV'],
    ];
    for (const [total, band] of expected) {
      const result = scored('AUDIT', audit(itemsSumming(total, 8, 4)));
      assert.equal(result.total, total);
      assert.equal(result.band, band, `total ${total}`);
    }
    assert.equal(scored('AUDIT', audit([4, 4, 4, 4, 4, 4, 4, 4], 4, 4)).total, 40);
    assert.equal(scored('AUDIT', audit([0, 0, 0, 0, 0, 0, 0, 0], 4, 4)).band, 'zone_II');
    assert.equal(scored('AUDIT', audit([0, 0, 0, 0, 0, 0, 0, 1], 4, 2)).band, 'zone_I');
  });

  it('accepts only 0, 2 and 4 for questions 9 and 10', () => {
    for (const v of [0, 2, 4]) {
      assert.equal(scored('AUDIT', audit([0, 0, 0, 0, 0, 0, 0, 0], v, v)).total, v * 2);
    }
    for (const v of [1, 3, 5, -2]) {
      invalid('AUDIT', audit([0, 0, 0, 0, 0, 0, 0, 0], v), new RegExp(`AUDIT question 9 must be 0, 2 or 4 \\(got ${v}\\)`));
      invalid('AUDIT', audit([0, 0, 0, 0, 0, 0, 0, 0], 0, v), /AUDIT question 10 must be 0, 2 or 4/);
    }
  });

  it('accepts 0–4 for questions 1–8 and nothing else', () => {
    invalid('AUDIT', audit([0, 0, 0, 0, 0, 0, 0, 5]), /AUDIT question 8 must be 0, 1, 2, 3 or 4 \(got 5\)/);
    invalid('AUDIT', audit([0, 0, 0, 2.5, 0, 0, 0, 0]), /question 4/);
    invalid('AUDIT', [0, 0, 0, 0, 0, 0, 0, 0, 0], /exactly 10 answers \(got 9\)/);
  });

  it('reports the AUDIT-C from questions 1–3 only, with both cut-offs', () => {
    const result = scored('AUDIT', audit([1, 1, 1, 4, 4, 4, 4, 4], 4, 4));
    assert.equal(result.audit_c_total, 3);
    assert.equal(result.audit_c_positive_women, true);
    assert.equal(result.audit_c_positive_men, false);
    assert.equal(scored('AUDIT', audit([2, 1, 1, 0, 0, 0, 0, 0])).audit_c_positive_men, true);
    assert.equal(scored('AUDIT', audit([1, 1, 0, 0, 0, 0, 0, 0])).audit_c_positive_women, false);
  });

  it('reports questions 4–6 and the 4 on 9 or 10 as data, without changing the zone', () => {
    const result = scored('AUDIT', audit([0, 0, 0, 2, 2, 2, 0, 0]));
    assert.deepEqual(result, {
      total: 6,
      band: 'zone_I',
      audit_c_total: 0,
      audit_c_positive_men: false,
      audit_c_positive_women: false,
      q4_q6_subtotal: 6,
      q9_or_q10_is_4: false,
    });
    assert.equal(scored('AUDIT', audit([0, 0, 0, 0, 0, 0, 0, 0], 4, 0)).q9_or_q10_is_4, true);
    assert.equal(scored('AUDIT', audit([0, 0, 0, 0, 0, 0, 0, 0], 0, 4)).q9_or_q10_is_4, true);
    assert.equal(scored('AUDIT', audit([0, 0, 0, 0, 0, 0, 0, 0], 2, 2)).q9_or_q10_is_4, false);
    assert.equal(scored('AUDIT', audit([4, 4, 4, 0, 0, 0, 4, 4])).q4_q6_subtotal, 0);
  });
});
