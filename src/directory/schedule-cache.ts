import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import {
  compileSchedule,
  isOpenAt,
  stableUntil,
  type CompiledSchedule,
  type HolidayHours,
  type ScheduleRow,
} from '../shared/schedule/index.ts';
import { findScheduleSets } from './repo.ts';

/**
 * Compiled schedules by stored id. A stored schedule never changes (its id is tied to its content
 * hash), so entries never go stale; the cache only bounds memory.
 */
export class ScheduleCache {
  private readonly entries = new Map<number, CompiledSchedule>();

  constructor(
    private readonly defaultZone: string,
    private readonly maxEntries = 50_000,
  ) {}

  /** Compiled schedules for these ids, loading the missing ones in one query. */
  async load(db: Kysely<Database>, ids: Iterable<number>): Promise<Map<number, CompiledSchedule>> {
    const out = new Map<number, CompiledSchedule>();
    const missing: number[] = [];
    for (const id of ids) {
      const hit = this.entries.get(id);
      if (hit) out.set(id, hit);
      else if (!out.has(id)) missing.push(id);
    }
    if (missing.length > 0) {
      for (const row of await findScheduleSets(db, [...new Set(missing)])) {
        const compiled = compileSchedule(JSON.parse(row.rows) as ScheduleRow[], {
          defaultZone: this.defaultZone,
          holidayHours: (row.holiday_hours as HolidayHours) ?? null,
        });
        this.remember(Number(row.id), compiled);
        out.set(Number(row.id), compiled);
      }
    }
    return out;
  }

  private remember(id: number, compiled: CompiledSchedule): void {
    if (this.entries.size >= this.maxEntries) {
      // Drop the oldest entry (Map keeps insertion order).
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(id, compiled);
  }
}

const UNSEEN = 0;
const OPEN = 1;
const NOT_OPEN = 2; // closed or unknown
const PENDING = 3;

/**
 * Whether each stored schedule is open at recent instants, remembered per instant and per stretch
 * of unchanging answer: a search filtering thousands of services by "open" evaluates a schedule only
 * when neither holds, and then only the boolean (no look-ahead). Stored schedules never change, so
 * nothing here goes stale.
 */
export class OpenMemo {
  private readonly byInstant = new Map<number, Uint8Array>();
  /**
   * Per schedule, the last answer computed and the stretch of time [from, until) it holds for
   * (stableUntil): "open now" searches arriving second after second reuse it without evaluating.
   */
  private stretchState = new Uint8Array(0);
  private stretchFrom = new Float64Array(0);
  private stretchUntil = new Float64Array(0);

  constructor(
    private readonly schedules: ScheduleCache,
    private readonly maxInstants = 32,
  ) {}

  /** Serialises evaluation, so a search never reads a schedule another search is still evaluating. */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * A predicate "open at `at`" over schedule ids (-1: no schedule, never open), valid for the ids
   * given here; the schedules not yet known at this instant are loaded and evaluated first.
   */
  async openAt(db: Kysely<Database>, at: number, ids: ArrayLike<number>): Promise<(id: number) => boolean> {
    const known = this.byInstant.get(at);
    if (known && allKnown(known, ids)) {
      this.byInstant.delete(at);
      this.byInstant.set(at, known);
      return predicate(known);
    }
    const run = this.queue.then(() => this.evaluate(db, at, ids));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async evaluate(db: Kysely<Database>, at: number, ids: ArrayLike<number>): Promise<(id: number) => boolean> {
    let states = this.statesAt(at);
    const missing: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id < 0) continue;
      if (id >= states.length) states = this.grow(at, id + 1);
      if (states[id] !== UNSEEN) continue;
      if (id < this.stretchState.length && this.stretchFrom[id]! <= at && at < this.stretchUntil[id]!) {
        states[id] = this.stretchState[id]!; // the answer of an earlier instant still holds
      } else {
        states[id] = PENDING;
        missing.push(id);
      }
    }
    if (missing.length > 0) {
      try {
        const compiled = await this.schedules.load(db, missing);
        let top = 0;
        for (const id of missing) if (id > top) top = id;
        this.growStretches(top + 1);
        for (const id of missing) {
          const schedule = compiled.get(id);
          states[id] = schedule && isOpenAt(schedule, at) === true ? OPEN : NOT_OPEN;
          this.stretchState[id] = states[id]!;
          this.stretchFrom[id] = at;
          this.stretchUntil[id] = schedule ? stableUntil(schedule, at) : at + 1;
        }
      } catch (e) {
        for (const id of missing) states[id] = UNSEEN;
        throw e;
      }
    }
    return predicate(states);
  }

  private growStretches(size: number): void {
    if (size <= this.stretchState.length) return;
    const n = Math.max(size, this.stretchState.length * 2);
    const state = new Uint8Array(n);
    state.set(this.stretchState);
    const from = new Float64Array(n).fill(Infinity);
    from.set(this.stretchFrom);
    const until = new Float64Array(n);
    until.set(this.stretchUntil);
    this.stretchState = state;
    this.stretchFrom = from;
    this.stretchUntil = until;
  }

  private statesAt(at: number): Uint8Array {
    let states = this.byInstant.get(at);
    if (states) {
      // Most recently used last.
      this.byInstant.delete(at);
    } else {
      states = new Uint8Array(1024);
      if (this.byInstant.size >= this.maxInstants) this.byInstant.delete(this.byInstant.keys().next().value!);
    }
    this.byInstant.set(at, states);
    return states;
  }

  private grow(at: number, size: number): Uint8Array {
    const old = this.byInstant.get(at)!;
    const states = new Uint8Array(Math.max(size, old.length * 2));
    states.set(old);
    this.byInstant.set(at, states);
    return states;
  }
}

function allKnown(states: Uint8Array, ids: ArrayLike<number>): boolean {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id >= 0 && (id >= states.length || states[id] === UNSEEN || states[id] === PENDING)) return false;
  }
  return true;
}

function predicate(states: Uint8Array): (id: number) => boolean {
  return (id) => id >= 0 && id < states.length && states[id] === OPEN;
}
