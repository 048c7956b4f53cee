import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { AppError } from '../http/errors.ts';

/**
 * Failed sign-ins, sign-ups and invite redemptions, counted in the database so every instance
 * agrees. Keys are keyed HMACs (of an email, a working name, a client address), never the values.
 * Backoff is exponential and capped: a person whose account is being attacked waits at most the
 * cap between tries, never a lockout an attacker could keep her in.
 */

export interface ThrottlePolicy {
  /** Failures allowed before any wait. */
  free: number;
  /** The first wait, in seconds; each further failure doubles it. */
  baseSeconds: number;
  capSeconds: number;
}

/** Strict, per account (email or working name), whether or not the account exists. */
export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, baseSeconds: 2, capSeconds: 120 };
/** Loose, per client address: many phones share one carrier address in South Africa. */
export const CLIENT_POLICY: ThrottlePolicy = { free: 30, baseSeconds: 2, capSeconds: 300 };
/** A row is forgotten this long after its last failure (client address HMACs: at most an hour). */
const KEEP_MS = 60 * 60_000;

/** Seconds to wait after `failures` failures under `policy` (0: none). */
export function backoffSeconds(policy: ThrottlePolicy, failures: number): number {
  if (failures <= policy.free) return 0;
  return Math.min(policy.capSeconds, policy.baseSeconds * 2 ** Math.min(30, failures - policy.free - 1));
}

/** Throws 429 `too_many_attempts` (with Retry-After) if any key must still wait. */
export async function assertNotThrottled(db: Kysely<Database>, keys: readonly string[], now: Date): Promise<void> {
  const rows = await db
    .selectFrom('throttle')
    .select(['blocked_until'])
    .where('key', 'in', keys)
    .where('blocked_until', '>', now.toISOString())
    .execute();
  if (rows.length === 0) return;
  const until = Math.max(...rows.map((r) => Date.parse(r.blocked_until)));
  throw new AppError('too_many_attempts', 'Too many tries. Wait a little, then try again.', {
    retryAfter: Math.max(1, Math.ceil((until - now.getTime()) / 1000)),
  });
}

/** Counts one failure against `key`; an expired row starts again from one. */
export async function recordFailure(db: Kysely<Database>, key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
  const at = now.toISOString();
  const expires = new Date(now.getTime() + KEEP_MS).toISOString();
  const row = await db
    .insertInto('throttle')
    .values({ key, failures: 1, blocked_until: at, expires_at: expires })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when throttle.expires_at <= ${at} then 1 else throttle.failures + 1 end`,
        expires_at: expires,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  const wait = backoffSeconds(policy, row.failures);
  if (wait > 0) {
    await db
      .updateTable('throttle')
      .set({ blocked_until: new Date(now.getTime() + wait * 1000).toISOString() })
      .where('key', '=', key)
      .execute();
  }
  // Forget what has expired, a few rows at a time, as failures come in.
  await db.deleteFrom('throttle').where('expires_at', '<=', at).where('key', '!=', key).execute();
}

/** A success clears the account's failures (the client's stay: they are shared by many people). */
export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('throttle').where('key', '=', key).execute();
}
