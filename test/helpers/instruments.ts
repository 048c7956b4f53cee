/** Helpers for the instrument tests (not shipped: only *.test.ts files import this). */
import assert from 'node:assert/strict';
import { scoreInstrument, type InstrumentId, type ResultById } from '../../src/instruments/index.ts';

/** The result of scoring through the registry; fails the test on any error. */
export function scored<I extends InstrumentId>(id: I, answers: unknown): ResultById[I] {
  const outcome = scoreInstrument(id, answers);
  if (!outcome.ok) assert.fail(`${id} ${JSON.stringify(answers)} was rejected: ${outcome.message}`);
  return outcome.result as ResultById[I];
}

/** Asserts the answers are an invalid_response whose message matches `pattern`; returns the message. */
export function invalid(id: InstrumentId, answers: unknown, pattern: RegExp): string {
  const outcome = scoreInstrument(id, answers);
  if (outcome.ok) assert.fail(`${id} ${JSON.stringify(answers)} was scored: ${JSON.stringify(outcome.result)}`);
  assert.equal(outcome.error, 'invalid_response');
  assert.match(outcome.message, pattern);
  return outcome.message;
}

/** `count` item values from `min` to `max` adding up to `total`, filled from the first item. */
export function itemsSumming(total: number, count: number, max: number, min = 0): number[] {
  assert.ok(total >= min * count && total <= max * count, `${total} is out of reach`);
  let rest = total - min * count;
  return Array.from({ length: count }, () => {
    const extra = Math.min(max - min, rest);
    rest -= extra;
    return min + extra;
  });
}
