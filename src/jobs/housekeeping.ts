import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { deleteIdleMembers } from '../members/service.ts';

/** One housekeeping task: small, idempotent, bounded; a failure is logged and retried next round. */
export interface Job {
  name: string;
  /** How often it runs, in milliseconds. */
  everyMs: number;
  run(now: Date): Promise<number>;
}

const HOUR = 3_600_000;

/**
 * Retention jobs: expired sessions and throttle rows go within the hour (client address HMACs are
 * kept at most an hour), used or expired invites after a day, idle member accounts when they pass
 * the configured age. Several instances may run them at once: each is a plain delete.
 */
export function housekeepingJobs(handle: Db, config: Config): Job[] {
  const db = handle.db;
  return [
    {
      name: 'expired-sessions',
      everyMs: 15 * 60_000,
      run: async (now) => {
        const r = await db.deleteFrom('session').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
        return Number(r.numDeletedRows);
      },
    },
    {
      name: 'expired-throttles',
      everyMs: 10 * 60_000,
      run: async (now) => {
        const r = await db.deleteFrom('throttle').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
        return Number(r.numDeletedRows);
      },
    },
    {
      name: 'spent-invites',
      everyMs: HOUR,
      run: async (now) => {
        const dayAgo = new Date(now.getTime() - 24 * HOUR).toISOString();
        const r = await db
          .deleteFrom('invite')
          .where((eb) => eb.or([eb('expires_at', '<=', dayAgo), eb('used_at', '<=', dayAgo)]))
          .executeTakeFirst();
        return Number(r.numDeletedRows);
      },
    },
    { name: 'idle-members', everyMs: 6 * HOUR, run: (now) => deleteIdleMembers(handle, config.memberInactiveDays, now) },
  ];
}

/** Runs each job once soon after start and then on its interval; returns a function that stops them. */
export function startJobs(
  jobs: Job[],
  now: () => Date,
  log: (job: string, result: { removed?: number; error?: unknown }) => void,
): () => void {
  const timers = jobs.map((job) => {
    const tick = (): void => {
      job.run(now()).then(
        (removed) => log(job.name, { removed }),
        (error: unknown) => log(job.name, { error }),
      );
    };
    const first = setTimeout(tick, 5_000);
    const every = setInterval(tick, job.everyMs);
    first.unref();
    every.unref();
    return [first, every] as const;
  });
  return () => timers.forEach(([first, every]) => (clearTimeout(first), clearInterval(every)));
}
