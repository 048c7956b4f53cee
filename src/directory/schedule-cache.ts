import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { compileSchedule, type CompiledSchedule, type HolidayHours, type ScheduleRow } from '../shared/schedule/index.ts';
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
