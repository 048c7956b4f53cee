// WHO ASSIST v3.1 against the published rules (instruments.md §2.8): weights, skip rules, the
// Specific Substance Involvement Score Q2 + Q3 + Q4 + Q5 + Q6 + Q7, risk levels and Q8.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ASSIST_SUBSTANCES, type AssistSubstance } from './index.ts';
import { invalid, scored } from '../../test/helpers/instruments.ts';

type Entry = (string | number | null)[];

// instruments.md §2.8 "Questions and weights".
const Q2 = [0, 2, 3, 4, 6];
const Q3 = [0, 3, 4, 5, 6];
const Q4 = [0, 4, 5, 6, 7];
const Q5 = [0, 5, 6, 7, 8];
const Q6_Q7 = [0, 3, 6];

/** Every answer pattern the skip rules allow for a substance that was used, with its expected score. */
function* everyEntry(substance: AssistSubstance): Generator<[Entry, number]> {
  const q5s = substance === 'tobacco' ? [null] : Q5;
  for (const q6 of Q6_Q7) {
    for (const q7 of Q6_Q7) {
      yield [['yes', 0, null, null, null, q6, q7], q6 + q7];
      for (const q2 of Q2.slice(1)) {
        for (const q3 of Q3)
          for (const q4 of Q4) for (const q5 of q5s) yield [['yes', q2, q3, q4, q5, q6, q7], q2 + q3 + q4 + (q5 ?? 0) + q6 + q7];
      }
    }
  }
}

/** An entry scoring exactly `target` for the substance. */
function entryScoring(substance: AssistSubstance, target: number): Entry {
  for (const [entry, score] of everyEntry(substance)) if (score === target) return entry;
  throw new Error(`${substance} cannot score ${target}`);
}

const one = (substance: string, entry: unknown, q8: unknown = 0): unknown => ({
  substances: { [substance]: entry },
  q8,
});

describe('ASSIST scores', () => {
  it('is Q2 + Q3 + Q4 + Q5 + Q6 + Q7 for every allowed answer pattern (tobacco without Q5)', () => {
    for (const substance of ['cannabis', 'tobacco'] as const) {
      let patterns = 0;
      for (const [entry, expected] of everyEntry(substance)) {
        assert.equal(scored('ASSIST', one(substance, entry)).scores[substance], expected, JSON.stringify(entry));
        patterns++;
      }
      assert.equal(patterns, substance === 'tobacco' ? 9 * (1 + 4 * 25) : 9 * (1 + 4 * 125));
    }
    assert.equal(scored('ASSIST', one('cocaine', ['yes', 3, 4, 5, 6, 3, 6])).scores.cocaine, 27);
    assert.equal(scored('ASSIST', one('opioids', ['yes', 6, 6, 7, 8, 6, 6])).scores.opioids, 39);
    assert.equal(scored('ASSIST', one('tobacco', ['yes', 6, 6, 7, null, 6, 6])).scores.tobacco, 31);
  });

  it('grades alcohol low 0–10, moderate 11–26, high 27+', () => {
    for (const [score, risk] of [
      [0, 'low'],
      [10, 'low'],
      [11, 'moderate'],
      [26, 'moderate'],
      [27, 'high'],
      [39, 'high'],
    ] as const) {
      const result = scored('ASSIST', one('alcohol', entryScoring('alcohol', score)));
      assert.equal(result.scores.alcohol, score);
      assert.equal(result.risk.alcohol, risk, `alcohol ${score}`);
    }
  });

  it('grades every other substance low 0–3, moderate 4–26, high 27+', () => {
    for (const substance of ASSIST_SUBSTANCES.filter((s) => s !== 'alcohol')) {
      for (const [score, risk] of [
        [0, 'low'],
        [3, 'low'],
        [4, 'moderate'],
        [26, 'moderate'],
        [27, 'high'],
      ] as const) {
        const result = scored('ASSIST', one(substance, entryScoring(substance, score)));
        assert.equal(result.scores[substance], score);
        assert.equal(result.risk[substance], risk, `${substance} ${score}`);
      }
    }
  });

  it('gives every substance a score and a risk, null for those left out', () => {
    const result = scored('ASSIST', { substances: { cannabis: ['yes', 2, 0, 0, 0, 0, 0], cocaine: null }, q8: 0 });
    assert.deepEqual(Object.keys(result.scores), [...ASSIST_SUBSTANCES]);
    assert.deepEqual(Object.keys(result.risk), [...ASSIST_SUBSTANCES]);
    assert.equal(result.scores.cannabis, 2);
    assert.equal(result.scores.cocaine, null);
    assert.equal(result.risk.alcohol, null);
  });
});

describe('ASSIST skip rules', () => {
  it('Q1 "no": the rest are null and the substance scores 0; any answer after it is invalid', () => {
    const result = scored('ASSIST', {
      substances: { alcohol: ['no', null, null, null, null, null, null], cannabis: ['yes', 2, 0, 0, 0, 0, 0] },
      q8: 0,
    });
    assert.equal(result.scores.alcohol, 0);
    assert.equal(result.risk.alcohol, 'low');
    for (let q = 2; q <= 7; q++) {
      const entry: Entry = ['no', null, null, null, null, null, null];
      entry[q - 1] = 0;
      invalid('ASSIST', one('alcohol', entry), new RegExp(`ASSIST alcohol question ${q} is skipped when question 1 is "no"`));
    }
  });

  it('Q2 = 0: Q3–Q5 are null, Q6 and Q7 are still asked (and can make it moderate)', () => {
    const result = scored('ASSIST', one('cannabis', ['yes', 0, null, null, null, 6, 0]));
    assert.equal(result.scores.cannabis, 6);
    assert.equal(result.risk.cannabis, 'moderate');
    for (let q = 3; q <= 5; q++) {
      const entry: Entry = ['yes', 0, null, null, null, 0, 0];
      entry[q - 1] = 0;
      invalid('ASSIST', one('cannabis', entry), new RegExp(`cannabis question ${q} is skipped when question 2 is 0`));
    }
    invalid(
      'ASSIST',
      one('cannabis', ['yes', 0, null, null, null, null, 0]),
      /cannabis question 6 must be 0, 3 or 6 \(got null\)/,
    );
    invalid('ASSIST', one('cannabis', ['yes', 0, null, null, null, 0, null]), /cannabis question 7/);
  });

  it('tobacco never has Q5; every other substance must answer it once used in the past three months', () => {
    assert.equal(scored('ASSIST', one('tobacco', ['yes', 2, 3, 4, null, 0, 0])).scores.tobacco, 9);
    invalid('ASSIST', one('tobacco', ['yes', 2, 3, 4, 0, 0, 0]), /tobacco question 5 is skipped for tobacco/);
    invalid('ASSIST', one('tobacco', ['yes', 2, 3, 4, 5, 0, 0]), /tobacco question 5/);
    invalid('ASSIST', one('alcohol', ['yes', 2, 3, 4, null, 0, 0]), /alcohol question 5 must be 0, 5, 6, 7 or 8 \(got null\)/);
    invalid('ASSIST', one('alcohol', ['yes', 2, null, 4, 5, 0, 0]), /alcohol question 3 must be/);
  });
});

describe('ASSIST values the instrument does not allow', () => {
  it('rejects weights that are not on the form', () => {
    const cases: [number, number, RegExp][] = [
      [2, 1, /question 2 must be 0, 2, 3, 4 or 6 \(got 1\)/],
      [2, 5, /question 2 must be/],
      [3, 2, /question 3 must be 0, 3, 4, 5 or 6 \(got 2\)/],
      [4, 3, /question 4 must be 0, 4, 5, 6 or 7 \(got 3\)/],
      [5, 4, /question 5 must be 0, 5, 6, 7 or 8 \(got 4\)/],
      [6, 1, /question 6 must be 0, 3 or 6 \(got 1\)/],
      [7, 2, /question 7 must be 0, 3 or 6 \(got 2\)/],
      [2, 2.5, /question 2 .*got 2.5/],
      [6, '6' as unknown as number, /question 6 .*got "6"/],
    ];
    for (const [q, value, pattern] of cases) {
      const entry: Entry = ['yes', 2, 0, 0, 0, 0, 0];
      entry[q - 1] = value;
      invalid('ASSIST', one('cocaine', entry), pattern);
    }
  });

  it('rejects a malformed answer list, substance or answers object', () => {
    invalid('ASSIST', one('cocaine', ['maybe', null, null, null, null, null, null]), /question 1 must be "yes" or "no"/);
    invalid('ASSIST', one('cocaine', [true, null, null, null, null, null, null]), /question 1/);
    invalid('ASSIST', one('cocaine', ['no']), /ASSIST cocaine needs exactly 7 answers \(got 1\)/);
    invalid('ASSIST', one('cocaine', ['yes', 2, 0, 0, 0, 0, 0, 0]), /exactly 7 answers \(got 8\)/);
    invalid('ASSIST', one('cocaine', 'yes'), /ASSIST cocaine answers must be a list of 7/);
    invalid('ASSIST', one('nyaope', ['yes', 2, 0, 0, 0, 0, 0]), /unknown substance "nyaope"/);
    invalid('ASSIST', { substances: [], q8: 0 }, /"substances" must be an object/);
    invalid('ASSIST', { q8: 0 }, /"substances" must be an object/);
    invalid('ASSIST', { substances: {}, q9: 0 }, /unknown question "q9"/);
    invalid('ASSIST', [], /ASSIST answers must be an object/);
  });
});

describe('ASSIST injecting (Q8)', () => {
  const used = { cannabis: ['yes', 2, 0, 0, 0, 0, 0] };
  const injecting = (extra: Record<string, unknown>): unknown => scored('ASSIST', { substances: used, ...extra }).injecting;

  it('points Q8 = 1 and Q8 = 2 to safer injecting, Q8 = 0 to nothing', () => {
    assert.deepEqual(injecting({ q8: 0 }), { q8: 0, advice: null });
    assert.deepEqual(injecting({ q8: 1 }), { q8: 1, advice: 'safer_injecting' });
    assert.deepEqual(injecting({ q8: 2 }), { q8: 2, advice: 'safer_injecting' });
  });

  it('splits past-3-month injecting by pattern: weekly or less and under 3 days in a row, or not', () => {
    const pattern = (more: boolean, days: boolean): unknown =>
      injecting({ q8: 2, injecting_pattern: { more_than_weekly: more, three_or_more_days_in_a_row: days } });
    assert.deepEqual(pattern(false, false), { q8: 2, advice: 'brief_intervention' });
    assert.deepEqual(pattern(true, false), { q8: 2, advice: 'further_assessment' });
    assert.deepEqual(pattern(false, true), { q8: 2, advice: 'further_assessment' });
    assert.deepEqual(pattern(true, true), { q8: 2, advice: 'further_assessment' });
  });

  it('asks Q8 once any substance was used, and not at all when none was', () => {
    invalid('ASSIST', { substances: used }, /ASSIST question 8 \(injecting\) must be 0, 1 or 2 \(got undefined\)/);
    invalid('ASSIST', { substances: used, q8: 3 }, /question 8 .*got 3/);
    invalid('ASSIST', { substances: used, q8: '2' }, /question 8 .*got "2"/);
    assert.deepEqual(scored('ASSIST', { substances: {} }).injecting, { q8: null, advice: null });
    const none = { alcohol: ['no', null, null, null, null, null, null] };
    assert.deepEqual(scored('ASSIST', { substances: none, q8: null }).injecting, { q8: null, advice: null });
    invalid('ASSIST', { substances: none, q8: 0 }, /question 8 \(injecting\) is skipped when no substance was ever used/);
  });

  it('takes the injecting pattern only after Q8 = 2, as two true/false answers', () => {
    const pattern = { more_than_weekly: false, three_or_more_days_in_a_row: false };
    invalid(
      'ASSIST',
      { substances: used, q8: 1, injecting_pattern: pattern },
      /"injecting_pattern" is skipped unless question 8 is 2/,
    );
    invalid('ASSIST', { substances: used, q8: 0, injecting_pattern: pattern }, /"injecting_pattern" is skipped/);
    const none = { alcohol: ['no', null, null, null, null, null, null] };
    invalid(
      'ASSIST',
      { substances: none, injecting_pattern: pattern },
      /"injecting_pattern" is skipped when no substance was ever used/,
    );
    assert.deepEqual(scored('ASSIST', { substances: none, injecting_pattern: null }).injecting, { q8: null, advice: null });
    invalid(
      'ASSIST',
      { substances: used, q8: 2, injecting_pattern: { ...pattern, more_than_weekly: 'no' } },
      /"more_than_weekly" must be true or false/,
    );
    invalid(
      'ASSIST',
      { substances: used, q8: 2, injecting_pattern: { more_than_weekly: true } },
      /"three_or_more_days_in_a_row" must be true or false \(got undefined\)/,
    );
    invalid('ASSIST', { substances: used, q8: 2, injecting_pattern: { ...pattern, daily: true } }, /unknown question "daily"/);
  });
});
