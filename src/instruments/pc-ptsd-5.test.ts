// PC-PTSD-5 against the published rules (instruments.md §2.9, instrument-items.md §5).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalid, itemsSumming, scored } from '../../test/helpers/instruments.ts';

describe('PC-PTSD-5', () => {
  it('ends with a total of 0 when the trauma question is "no"', () => {
    assert.deepEqual(scored('PC-PTSD-5', ['no', null, null, null, null, null]), {
      total: 0,
      positive: false,
      positive_cut4: false,
    });
  });

  it('is positive from 3 and positive_cut4 from 4, on both sides of each', () => {
    const expected: [number, boolean, boolean][] = [
      [0, false, false],
      [2, false, false],
      [3, true, false],
      [4, true, true],
      [5, true, true],
    ];
    for (const [total, positive, cut4] of expected) {
      assert.deepEqual(scored('PC-PTSD-5', ['yes', ...itemsSumming(total, 5, 1)]), { total, positive, positive_cut4: cut4 });
    }
    assert.equal(scored('PC-PTSD-5', ['yes', 0, 0, 1, 1, 1]).total, 3);
  });

  it('rejects any item answered after "no", even 0', () => {
    for (let item = 1; item <= 5; item++) {
      const answers: unknown[] = ['no', null, null, null, null, null];
      answers[item] = 0;
      invalid('PC-PTSD-5', answers, new RegExp(`PC-PTSD-5 item ${item} is skipped when the trauma question is "no"`));
    }
  });

  it('rejects a missing item after "yes" and values other than 1 (yes) and 0 (no)', () => {
    invalid('PC-PTSD-5', ['yes', 1, 1, null, 1, 1], /PC-PTSD-5 item 3 must be 0 or 1 \(got null\)/);
    invalid('PC-PTSD-5', ['yes', 1, 2, 0, 0, 0], /item 2 must be 0 or 1 \(got 2\)/);
    invalid('PC-PTSD-5', ['yes', 'yes', 0, 0, 0, 0], /item 1 .*got "yes"/);
    invalid('PC-PTSD-5', ['yes', 0, 0, 0, 0, true], /item 5 .*got true/);
  });

  it('rejects a trauma answer other than "yes" or "no", and a wrong count', () => {
    invalid('PC-PTSD-5', ['YES', 0, 0, 0, 0, 0], /trauma question must be "yes" or "no" \(got "YES"\)/);
    invalid('PC-PTSD-5', [1, 0, 0, 0, 0, 0], /trauma question/);
    invalid('PC-PTSD-5', ['no'], /needs exactly 6 answers \(got 1\)/);
    invalid('PC-PTSD-5', [0, 0, 0, 0, 0], /exactly 6/);
  });
});
