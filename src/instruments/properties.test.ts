// Properties over every list-shaped instrument (fast-check): totals are item sums, and any single
// value outside the item's published set is an invalid_response naming that item.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { scoreInstrument, type InstrumentId } from './index.ts';
import { scored } from '../../test/helpers/instruments.ts';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const repeat = (n: number, values: number[]): number[][] => Array<number[]>(n).fill(values);

/** The published value set of every item (instruments.md §2.2–§2.6), how the message names item i, and the total. */
const LISTS: { id: InstrumentId; items: number[][]; name: (i: number) => RegExp; total: (r: never) => number }[] = [
  {
    id: 'PHQ-2',
    items: repeat(2, range(0, 3)),
    name: (i) => new RegExp(`PHQ-2 item ${i}\\b`),
    total: (r: { total: number }) => r.total,
  },
  {
    id: 'PHQ-9',
    items: repeat(9, range(0, 3)),
    name: (i) => new RegExp(`PHQ-9 item ${i}\\b`),
    total: (r: { total: number }) => r.total,
  },
  {
    id: 'GAD-2',
    items: repeat(2, range(0, 3)),
    name: (i) => new RegExp(`GAD-2 item ${i}\\b`),
    total: (r: { total: number }) => r.total,
  },
  {
    id: 'GAD-7',
    items: repeat(7, range(0, 3)),
    name: (i) => new RegExp(`GAD-7 item ${i}\\b`),
    total: (r: { total: number }) => r.total,
  },
  {
    id: 'AUDIT-C',
    items: repeat(3, range(0, 4)),
    name: (i) => new RegExp(`AUDIT-C question ${i}\\b`),
    total: (r: { total: number }) => r.total,
  },
  {
    id: 'AUDIT',
    items: [...repeat(8, range(0, 4)), [0, 2, 4], [0, 2, 4]],
    name: (i) => new RegExp(`AUDIT question ${i}\\b`),
    total: (r: { total: number }) => r.total,
  },
  {
    id: 'SOCRATES-8D',
    items: repeat(19, range(1, 5)),
    name: (i) => new RegExp(`SOCRATES-8D item ${i}\\b`),
    total: (r: { recognition: number; ambivalence: number; taking_steps: number }) =>
      r.recognition + r.ambivalence + r.taking_steps,
  },
  { id: 'Readiness-Ruler', items: [range(0, 10)], name: () => /readiness ruler/, total: (r: { value: number }) => r.value },
];

const validAnswers = (items: number[][]): fc.Arbitrary<number[]> =>
  fc.tuple(...items.map((values) => fc.constantFrom(...values)));

/** Anything that is not one of `allowed`: other integers, fractions, text, booleans, null, lists, objects. */
const notIn = (allowed: number[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer().filter((n) => !allowed.includes(n)),
    fc.double({ noNaN: false }).filter((n) => !Number.isInteger(n)),
    fc.constantFrom(...allowed.map(String)),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.object({ maxDepth: 0 }),
  );

describe('every list instrument', () => {
  for (const { id, items, name, total } of LISTS) {
    it(`${id}: the total is the sum of the items`, () => {
      fc.assert(
        fc.property(validAnswers(items), (answers) => {
          assert.equal(
            total(scored(id, answers) as never),
            answers.reduce((a, b) => a + b, 0),
          );
        }),
      );
    });

    it(`${id}: one value outside an item's set is invalid_response naming that item`, () => {
      const withBadItem = fc
        .tuple(validAnswers(items), fc.nat({ max: items.length - 1 }))
        .chain(([answers, at]) => notIn(items[at]!).map((bad) => ({ answers: answers.map((v, i) => (i === at ? bad : v)), at })));
      fc.assert(
        fc.property(withBadItem, ({ answers, at }) => {
          const outcome = scoreInstrument(id, answers);
          assert.equal(outcome.ok ? 'scored' : outcome.error, 'invalid_response');
          assert.match(outcome.ok ? '' : outcome.message, name(at + 1));
        }),
      );
    });

    it(`${id}: any other number of answers is invalid_response`, () => {
      fc.assert(
        fc.property(
          fc.nat({ max: 25 }).filter((n) => n !== items.length),
          (n) => {
            const outcome = scoreInstrument(id, Array(n).fill(items[0]![0]));
            assert.equal(outcome.ok ? 'scored' : outcome.error, 'invalid_response');
          },
        ),
      );
    });
  }
});
