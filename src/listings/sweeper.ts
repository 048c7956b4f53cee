import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/connection.ts';
import { sweepClosures } from './closure.ts';

/** How often a process looks for closures another process set (its own it knows at once). */
const RECHECK_MS = 60_000;

/**
 * Reopens ended closures before a request is answered, so the directory, the service pages and the
 * HSDS API never show a closure past its date, whether or not a periodic job runs. Between looks
 * it costs one comparison: it remembers when the next closure it knows of ends, and looks again
 * at least once a minute for closures set elsewhere. One look at a time; requests that arrive
 * meanwhile wait for it.
 */
export class ClosureSweeper {
  private dueAt = 0;
  private running: Promise<void> | null = null;

  constructor(
    private readonly handle: Db,
    private readonly now: () => Date,
  ) {}

  /** A closure was set or moved here: look at the next request. */
  expect(): void {
    this.dueAt = 0;
  }

  /** Null when nothing is due (the common case: no promise at all), else the look to wait for. */
  run(log: FastifyBaseLogger): Promise<void> | null {
    const at = this.now();
    if (at.getTime() < this.dueAt) return null;
    this.running ??= this.sweep(at, log).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweep(at: Date, log: FastifyBaseLogger): Promise<void> {
    try {
      const result = await sweepClosures(this.handle, at);
      if (result.reopened > 0) log.info({ reopened: result.reopened }, 'temporary closures ended');
      this.dueAt = Math.min(at.getTime() + RECHECK_MS, result.nextAt ?? Infinity);
    } catch (e) {
      // A failed look must not fail the request that happened to trigger it: try again later.
      log.warn({ err: e }, 'could not end temporary closures');
      this.dueAt = at.getTime() + RECHECK_MS;
    }
  }
}
