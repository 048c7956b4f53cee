import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { newToken, sha256 } from '../auth/codes.ts';
import type { Config } from '../config.ts';
import type { Database, SessionTable } from '../db/types.ts';

/**
 * Server-side sessions: the cookie holds a random token, the database only its SHA-256, so a copy
 * of the database signs nobody in. Staff and members sign in separately, with separate cookies.
 */

export type SessionKind = 'staff' | 'member';

/** How often `last_seen_at` is written at most (one write per minute of use, not per request). */
const TOUCH_MS = 60_000;

/** Cookies are `Secure` and `__Host-` prefixed when the public address is https. */
export function isSecure(config: Config): boolean {
  return config.publicUrl?.startsWith('https:') ?? false;
}

export function sessionCookieName(config: Config, kind: SessionKind): string {
  return `${isSecure(config) ? '__Host-' : ''}hb_${kind}`;
}

function limits(config: Config, kind: SessionKind): { idle: number; max: number } {
  const s = config.sessions;
  return kind === 'staff' ? { idle: s.staffIdleMs, max: s.staffMaxMs } : { idle: s.memberIdleMs, max: s.memberMaxMs };
}

/** Starts a session and returns its token (for the cookie only; never stored). */
export async function createSession(
  db: Kysely<Database>,
  config: Config,
  kind: SessionKind,
  subjectId: string,
  now: Date,
  options: { enrolOnly?: boolean } = {},
): Promise<string> {
  const token = newToken();
  await db
    .insertInto('session')
    .values({
      token_hash: sha256(token),
      kind,
      subject_id: subjectId,
      enrol_only: options.enrolOnly ? 1 : 0,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + limits(config, kind).max).toISOString(),
    })
    .execute();
  return token;
}

/** The live session for a token, touched; null when unknown, idle too long or past its end. */
export async function readSession(
  db: Kysely<Database>,
  config: Config,
  kind: SessionKind,
  token: string,
  now: Date,
): Promise<SessionTable | null> {
  const hash = sha256(token);
  const row = await db.selectFrom('session').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!row || row.kind !== kind) return null;
  const at = now.getTime();
  const lastSeen = Date.parse(row.last_seen_at);
  if (at >= Date.parse(row.expires_at) || at - lastSeen >= limits(config, kind).idle) {
    await db.deleteFrom('session').where('token_hash', '=', hash).execute();
    return null;
  }
  if (at - lastSeen >= TOUCH_MS) {
    await db.updateTable('session').set({ last_seen_at: now.toISOString() }).where('token_hash', '=', hash).execute();
  }
  return row;
}

/**
 * Replaces a session with a new token (sign-in on top of a session, a privilege change): a token
 * someone saw before the change no longer works. Keeps the absolute end.
 */
export async function rotateSession(
  db: Kysely<Database>,
  config: Config,
  old: SessionTable,
  now: Date,
  options: { enrolOnly?: boolean } = {},
): Promise<string> {
  const token = newToken();
  await db
    .updateTable('session')
    .set({ token_hash: sha256(token), enrol_only: options.enrolOnly ? 1 : 0, last_seen_at: now.toISOString() })
    .where('token_hash', '=', old.token_hash)
    .execute();
  return token;
}

/** Ends one session. */
export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('session').where('token_hash', '=', sha256(token)).execute();
}

/** Ends every session of a person at once (offboarding, reset, "sign out everywhere"), but `keep`. */
export async function endAllSessions(db: Kysely<Database>, kind: SessionKind, subjectId: string, keep?: string): Promise<number> {
  let q = db.deleteFrom('session').where('kind', '=', kind).where('subject_id', '=', subjectId);
  if (keep !== undefined) q = q.where('token_hash', '!=', sha256(keep));
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure on https; members keep it to the session's end. */
export function setSessionCookie(reply: FastifyReply, config: Config, kind: SessionKind, token: string): void {
  const parts = [`${sessionCookieName(config, kind)}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (kind === 'member') parts.push(`Max-Age=${Math.floor(limits(config, kind).max / 1000)}`);
  if (isSecure(config)) parts.push('Secure');
  reply.header('Set-Cookie', parts.join('; '));
}

export function clearSessionCookie(reply: FastifyReply, config: Config, kind: SessionKind): void {
  const parts = [`${sessionCookieName(config, kind)}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0'];
  if (isSecure(config)) parts.push('Secure');
  reply.header('Set-Cookie', parts.join('; '));
}
