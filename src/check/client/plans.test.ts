// The self-check's question order and skip rules (issue 5), walked in Node: which question comes
// next, when the crisis options must appear, and that whatever she answers, the answers handed to
// the scoring module are ones it accepts, and the history keeps no answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_ENABLED_INSTRUMENTS, INSTRUMENT_IDS } from '../../instruments/index.ts';
import { makePlan, offeredPlans, type Answer, type Plan, type PlanId } from './plans.ts';

const TEXT = { tickAll: 'Tick', patternWeekly: 'Weekly?', patternDays: 'Days?', yes: 'Yes', no: 'No' };
const ALL = INSTRUMENT_IDS;
const plan = (id: PlanId, enabled: readonly (typeof ALL)[number][] = ALL): Plan => makePlan(id, enabled, TEXT);

/** Answers the plan's questions with `pick(step)` until it stops; returns the keys asked, in order. */
function walk(p: Plan, pick: (key: string, values: Answer[]) => Answer): { asked: string[]; answers: Map<string, Answer> } {
  const answers = new Map<string, Answer>();
  const asked: string[] = [];
  for (let step = p.next(answers); step; step = p.next(answers)) {
    assert.ok(asked.length < 200, 'the plan ends');
    asked.push(step.key);
    const values = step.options.map((o) => o.value);
    answers.set(step.key, pick(step.key, values));
  }
  return { asked, answers };
}

/** Answers from a table by key (a default for the rest). */
const from =
  (table: Record<string, Answer>, otherwise: Answer = 0) =>
  (key: string): Answer =>
    key in table ? table[key]! : otherwise;

describe('Stage', () => {
  it('asks the ruler only when nothing has changed yet, and places her as Stage scores', () => {
    for (const [changed, ruler, stage] of [
      ['no', 3, 'precontemplation'],
      ['no', 4, 'contemplation'],
      ['no', 7, 'preparation'],
      ['under_6_months', null, 'action'],
      ['6_months_or_more', null, 'maintenance'],
    ] as const) {
      const { asked, answers } = walk(plan('Stage'), from({ changed, ruler: ruler ?? 0 }));
      assert.deepEqual(asked, changed === 'no' ? ['changed', 'ruler'] : ['changed']);
      assert.equal(plan('Stage').finish(answers, '2026-11-27').summary.stage, stage);
    }
  });
});

describe('mood (PHQ-2 → PHQ-9)', () => {
  it('below the cut-off asks questions 1, 2 and 9 — question 9 every time', () => {
    for (const [a1, a2] of [
      [0, 0],
      [1, 1],
      [2, 0],
    ]) {
      const { asked, answers } = walk(plan('mood'), from({ '1': a1!, '2': a2! }));
      assert.deepEqual(asked, ['1', '2', '9']);
      assert.equal(plan('mood').finish(answers, '2026-11-27').id, 'PHQ-2');
    }
  });

  it('at the cut-off (3) goes on to the whole PHQ-9 in its order, when PHQ-9 is enabled', () => {
    const { asked, answers } = walk(plan('mood'), from({ '1': 2, '2': 1 }, 1));
    assert.deepEqual(asked, ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const outcome = plan('mood').finish(answers, '2026-11-27');
    assert.equal(outcome.id, 'PHQ-9');
    assert.deepEqual(outcome.summary, { id: 'PHQ-9', date: '2026-11-27', total: 10, band: 'moderate' });
    const only2 = walk(plan('mood', ['Stage', 'PHQ-2']), from({ '1': 3, '2': 3 }));
    assert.deepEqual(only2.asked, ['1', '2', '9'], 'PHQ-9 off: question 9 is still asked');
    const only9 = walk(plan('mood', ['Stage', 'PHQ-9']), from({}));
    assert.equal(only9.asked.length, 9, 'PHQ-2 off: the whole PHQ-9 every time');
    assert.equal(plan('mood', ['Stage', 'PHQ-9']).finish(only9.answers, '2026-11-27').id, 'PHQ-9');
  });

  it('brings up the crisis options for question 9 above 0, and for nothing else', () => {
    const p = plan('mood');
    for (const v of [1, 2, 3]) assert.equal(p.crisis('9', v), true);
    assert.equal(p.crisis('9', 0), false);
    for (const key of ['1', '2', '3', '8']) assert.equal(p.crisis(key, 3), false);
    assert.equal(plan('worry').crisis('9', 3), false);
  });

  it('keeps no trace of question 9 in the history', () => {
    const { answers } = walk(plan('mood'), from({ '9': 3 }));
    const summary = plan('mood').finish(answers, '2026-11-27').summary;
    assert.deepEqual(Object.keys(summary).sort(), ['band', 'date', 'id', 'total']);
  });
});

describe('worry (GAD-2 → GAD-7)', () => {
  it('two questions below the cut-off, all seven at it', () => {
    assert.deepEqual(walk(plan('worry'), from({ '1': 1, '2': 1 })).asked, ['1', '2']);
    assert.deepEqual(walk(plan('worry'), from({ '1': 2, '2': 1 })).asked, ['1', '2', '3', '4', '5', '6', '7']);
    assert.deepEqual(walk(plan('worry', ['GAD-2']), from({ '1': 3, '2': 3 })).asked, ['1', '2']);
  });
});

describe('ASSIST', () => {
  it('follows WHO order and skip rules: Q2 "Never" skips 3–5, tobacco has no 5, Q8 only after some use', () => {
    const { asked, answers } = walk(
      plan('ASSIST'),
      from({ '1': ['tobacco', 'opioids', 'cannabis'], '2:cannabis': 0, '2:tobacco': 6, '2:opioids': 4, '8': 1 }, 0),
    );
    assert.deepEqual(asked, [
      '1',
      '2:tobacco',
      '2:cannabis',
      '2:opioids',
      '3:tobacco',
      '3:opioids',
      '4:tobacco',
      '4:opioids',
      '5:opioids',
      '6:tobacco',
      '6:cannabis',
      '6:opioids',
      '7:tobacco',
      '7:cannabis',
      '7:opioids',
      '8',
    ]);
    const outcome = plan('ASSIST').finish(answers, '2026-11-27');
    assert.deepEqual(outcome.injecting, { q8: 1, advice: 'safer_injecting' });
    assert.deepEqual(Object.keys(outcome.summary.risks ?? {}).sort(), ['cannabis', 'opioids', 'tobacco']);
  });

  it('words the questions for "Other" with the name she gave it, and scores without it', () => {
    const p = plan('ASSIST');
    const answers = new Map<string, Answer>([['1', ['other']]]);
    assert.match(p.next(answers)!.text, /\(other drugs\)/);
    answers.set('1:specify', '  kat pills ');
    const q2 = p.next(answers)!;
    assert.equal(q2.key, '2:other');
    assert.match(q2.text, /\(kat pills\)/);
    assert.equal(
      plan('ASSIST').next(
        new Map<string, Answer>([
          ['1', ['other']],
          ['1:specify', '   '],
        ]),
      )!.text,
      p.next(new Map<string, Answer>([['1', ['other']]]))!.text,
    );
    const step1 = p.next(new Map())!;
    assert.equal(step1.specify, 'other');
    assert.ok(step1.options.some((o) => o.value === step1.specify));
    const done = walk(p, (key) => (key === '1' ? ['other'] : 0));
    assert.equal(
      JSON.stringify(p.finish(new Map([...done.answers, ['1:specify', 'kat pills']]), '2026-11-27')).includes('kat'),
      false,
    );
  });

  it('asks how often only after injecting in the past 3 months (Q8 = 2), and none of Q2–Q8 when nothing was used', () => {
    const often = walk(plan('ASSIST'), from({ '1': ['alcohol'], '8': 2, weekly: 'yes', days: 'no' }));
    assert.deepEqual(often.asked.slice(-3), ['8', 'weekly', 'days']);
    assert.deepEqual(plan('ASSIST').finish(often.answers, '2026-11-27').injecting, { q8: 2, advice: 'further_assessment' });
    const seldom = walk(plan('ASSIST'), from({ '1': ['alcohol'], '8': 2, weekly: 'no', days: 'no' }));
    assert.deepEqual(plan('ASSIST').finish(seldom.answers, '2026-11-27').injecting, { q8: 2, advice: 'brief_intervention' });
    const none = walk(plan('ASSIST'), from({ '1': [] }));
    assert.deepEqual(none.asked, ['1']);
    assert.deepEqual(plan('ASSIST').finish(none.answers, '2026-11-27').injecting, { q8: null, advice: null });
  });
});

describe('PC-PTSD-5', () => {
  it('stops after "no" to the exposure question; five items after "yes"', () => {
    assert.deepEqual(walk(plan('PC-PTSD-5'), from({ exposure: 'no' })).asked, ['exposure']);
    const yes = walk(plan('PC-PTSD-5'), from({ exposure: 'yes' }, 1));
    assert.deepEqual(yes.asked, ['exposure', '1', '2', '3', '4', '5']);
    assert.deepEqual(plan('PC-PTSD-5').finish(yes.answers, '2026-11-27').summary.band, 'positive');
  });
});

describe('every plan, any answers', () => {
  const plans: PlanId[] = ['Stage', ...offeredPlans(ALL)];
  it('offers the optional parts the configuration enables, and only those', () => {
    assert.deepEqual(offeredPlans(ALL), ['mood', 'worry', 'AUDIT-C', 'AUDIT', 'ASSIST', 'PC-PTSD-5', 'SOCRATES-8D']);
    assert.ok(!offeredPlans(DEFAULT_ENABLED_INSTRUMENTS).includes('ASSIST'));
    assert.deepEqual(offeredPlans(['Stage', 'GAD-7']), ['worry']);
  });

  it('hands the scoring module answers it accepts, and the history keeps only results', () => {
    fc.assert(
      fc.property(fc.constantFrom(...plans), fc.subarray([...ALL]), fc.infiniteStream(fc.nat()), (id, enabled, choices) => {
        // Any enabled set that offers this part (Stage is always there).
        if (id !== 'Stage' && !offeredPlans(enabled).includes(id)) return;
        const p = plan(id, enabled);
        const { answers } = walk(p, (key, values) => {
          if (key === '1' && id === 'ASSIST') return values.filter(() => choices.next().value % 2 === 0) as string[];
          return values[choices.next().value % values.length]!;
        });
        // finish throws when the scoring module refuses what the plan collected.
        const outcome = p.finish(answers, '2026-11-27');
        if (id === 'mood' || id === 'worry') assert.ok(enabled.includes(outcome.id), `${outcome.id} is enabled`);
        for (const key of Object.keys(outcome.summary))
          assert.ok(['id', 'date', 'total', 'band', 'stage', 'risks', 'scales'].includes(key), key);
      }),
      { numRuns: 500 },
    );
  });
});
