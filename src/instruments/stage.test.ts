// Stage (staging question + ruler, instruments.md §1) and the Readiness Ruler (§2.3).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalid, scored } from '../../test/helpers/instruments.ts';

/** instruments.md §2.3: 0–3 / 4–6 / 7–10. */
const rulerBand = (n: number): 0 | 1 | 2 => (n <= 3 ? 0 : n <= 6 ? 1 : 2);

describe('Stage', () => {
  it('places "no" by the ruler: 0–3 precontemplation, 4–6 contemplation, 7–10 preparation', () => {
    const stages = ['precontemplation', 'contemplation', 'preparation'];
    for (let ruler = 0; ruler <= 10; ruler++) {
      assert.deepEqual(scored('Stage', { changed: 'no', ruler }), { stage: stages[rulerBand(ruler)] }, `ruler ${ruler}`);
    }
  });

  it('places a change under 6 months as action and 6 months or more as maintenance, without the ruler', () => {
    assert.deepEqual(scored('Stage', { changed: 'under_6_months' }), { stage: 'action' });
    assert.deepEqual(scored('Stage', { changed: '6_months_or_more', ruler: null }), { stage: 'maintenance' });
  });

  it('rejects a ruler answer after a change (the ruler is skipped then)', () => {
    invalid('Stage', { changed: 'under_6_months', ruler: 8 }, /Stage ruler is skipped when "changed" is "under_6_months"/);
    invalid('Stage', { changed: '6_months_or_more', ruler: 0 }, /skipped/);
  });

  it('rejects a missing or out-of-range ruler, an unknown answer or question, and a list', () => {
    invalid('Stage', { changed: 'no' }, /Stage ruler must be a whole number from 0 to 10 \(got undefined\)/);
    invalid('Stage', { changed: 'no', ruler: 11 }, /got 11/);
    invalid('Stage', { changed: 'no', ruler: -1 }, /got -1/);
    invalid('Stage', { changed: 'no', ruler: 6.5 }, /got 6.5/);
    invalid('Stage', { changed: 'no', ruler: '7' }, /got "7"/);
    invalid(
      'Stage',
      { changed: 'yes', ruler: 7 },
      /"changed" must be "no", "under_6_months" or "6_months_or_more" \(got "yes"\)/,
    );
    invalid('Stage', { changed: 'no', ruler: 7, Ruler: 7 }, /unknown question "Ruler"/);
    invalid('Stage', ['no', 7], /Stage answers must be an object/);
  });
});

describe('Readiness-Ruler', () => {
  it('bands 0–3 not_ready, 4–6 unsure, 7–10 ready with the matching stage hint', () => {
    const bands = ['not_ready', 'unsure', 'ready'];
    const hints = ['precontemplation', 'contemplation', 'preparation_or_action'];
    for (let value = 0; value <= 10; value++) {
      const b = rulerBand(value);
      assert.deepEqual(scored('Readiness-Ruler', [value]), { value, band: bands[b], stage_hint: hints[b] });
    }
  });

  it('rejects 11, -1, fractions, text, a bare number and a wrong count', () => {
    invalid('Readiness-Ruler', [11], /readiness ruler must be a whole number from 0 to 10 \(got 11\)/);
    invalid('Readiness-Ruler', [-1], /got -1/);
    invalid('Readiness-Ruler', [5.5], /got 5.5/);
    invalid('Readiness-Ruler', ['5'], /got "5"/);
    invalid('Readiness-Ruler', 5, /must be a list of 1 answer/);
    invalid('Readiness-Ruler', [], /exactly 1 answer \(got 0\)/);
    invalid('Readiness-Ruler', [5, 5], /exactly 1 answer \(got 2\)/);
  });
});
