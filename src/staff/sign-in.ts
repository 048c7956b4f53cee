import { createHmac } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { normaliseRecoveryCode, sha256 } from '../auth/codes.ts';
import { verifySecret } from '../auth/password.ts';
import { verifyTotp } from '../auth/totp.ts';
import { TOTP_REQUIRED_ROLES, isRole } from '../access/permissions.ts';
import { ACCOUNT_POLICY, CLIENT_POLICY, assertNotThrottled, clearFailures, recordFailure } from '../access/throttle.ts';
import type { Database, StaffTable } from '../db/types.ts';
import { AppError } from '../http/errors.ts';
import type { Keyring } from '../keys/keyring.ts';

/** What a staff sign-in is given. */
export interface StaffCredentials {
  email: string;
  password: string;
  totp?: string | undefined;
  recovery_code?: string | undefined;
}

export type StaffSignInResult = { staffId: string; enrolOnly: boolean };

/** Emails are compared lower-cased and trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const TOTP_FIELD = { table: 'staff', column: 'totp_secret' } as const;

const INVALID = 'That email and password do not match an account.';

/** Throttle keys for a sign-in: the account asked for (existing or not) and the client address. */
export function throttleKeys(keys: Keyring, kind: 'staff' | 'member', account: string, client: string): [string, string] {
  // Under a key that never rotates: a key rotation must not forget who is being throttled.
  const key = keys.secret('throttle');
  const mac = (value: string) => createHmac('sha256', key).update(value).digest('base64url');
  return [`a:${mac(`${kind}\0${account}`)}`, `c:${mac(`client\0${client}`)}`];
}

/**
 * Checks a staff sign-in. Unknown emails verify against a dummy hash, so they answer like a wrong
 * password, in the same time. A role that needs two-factor sign-in without it enrolled yet gives a
 * session that can only enrol.
 */
export async function signInStaff(
  db: Kysely<Database>,
  keys: Keyring,
  input: StaffCredentials,
  client: string,
  now: Date,
): Promise<StaffSignInResult> {
  const email = normaliseEmail(input.email);
  const [accountKey, clientKey] = throttleKeys(keys, 'staff', email, client);
  await assertNotThrottled(db, [accountKey, clientKey], now);
  const staff = await db.selectFrom('staff').selectAll().where('email', '=', email).executeTakeFirst();
  const usable = staff && staff.disabled_at === null ? staff : undefined;
  const ok = await verifySecret(usable?.password_hash ?? null, input.password);
  const fail = async (): Promise<never> => {
    await recordFailure(db, accountKey, ACCOUNT_POLICY, now);
    await recordFailure(db, clientKey, CLIENT_POLICY, now);
    throw new AppError('invalid_credentials', INVALID);
  };
  if (!ok || !usable) return fail();

  const enrolled = usable.totp_secret !== null && usable.totp_last_step !== null;
  if (enrolled) {
    if (!input.totp && !input.recovery_code)
      throw new AppError('totp_required', 'Enter the 6-digit code from your authenticator app, or a recovery code.');
    const passed = input.totp
      ? await acceptTotp(db, keys, usable, input.totp, now)
      : await useRecoveryCode(db, usable.id, input.recovery_code!, now);
    if (!passed) return fail();
  }
  await clearFailures(db, accountKey);
  const needsTotp = usable.is_operator === 1 || (await rolesOf(db, usable.id)).some((r) => TOTP_REQUIRED_ROLES.includes(r));
  return { staffId: usable.id, enrolOnly: needsTotp && !enrolled };
}

async function rolesOf(db: Kysely<Database>, staffId: string) {
  const rows = await db.selectFrom('staff_role').select('role').where('staff_id', '=', staffId).execute();
  return rows.map((r) => r.role).filter(isRole);
}

/** A TOTP code, once: the step is recorded only if no one recorded it (or a later one) first. */
export async function acceptTotp(
  db: Kysely<Database>,
  keys: Keyring,
  staff: Selectable<StaffTable>,
  code: string,
  now: Date,
): Promise<boolean> {
  if (!staff.totp_secret) return false;
  const secret = await keys.decrypt(db, { ...TOTP_FIELD, id: staff.id }, staff.totp_secret);
  const step = verifyTotp(secret, code, now.getTime(), staff.totp_last_step);
  if (step === null) return false;
  let q = db.updateTable('staff').set({ totp_last_step: step }).where('id', '=', staff.id);
  q = staff.totp_last_step === null ? q.where('totp_last_step', 'is', null) : q.where('totp_last_step', '<', step);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A recovery code works once: marking it used is the check. */
async function useRecoveryCode(db: Kysely<Database>, staffId: string, input: string, now: Date): Promise<boolean> {
  const code = normaliseRecoveryCode(input);
  if (!code) return false;
  const result = await db
    .updateTable('recovery_code')
    .set({ used_at: now.toISOString() })
    .where('staff_id', '=', staffId)
    .where('code_hash', '=', sha256(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
