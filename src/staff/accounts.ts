import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newRecoveryCodes, newToken, normaliseRecoveryCode, sha256 } from '../auth/codes.ts';
import { checkPassphrase } from '../auth/passphrase.ts';
import { hashSecret } from '../auth/password.ts';
import { newTotpSecret, otpauthUri, qrSvg } from '../auth/totp.ts';
import { recordAudit } from '../access/audit.ts';
import type { Role } from '../access/permissions.ts';
import { endAllSessions } from '../access/sessions.ts';
import type { Database } from '../db/types.ts';
import { AppError } from '../http/errors.ts';
import type { Keyring } from '../keys/keyring.ts';
import { TOTP_FIELD, acceptTotp, normaliseEmail } from './sign-in.ts';

/** How long a set-up link works. */
export const SETUP_LINK_HOURS = 72;

/** A staff account's set-up link path (shown once; only its hash is kept). */
export interface SetupLink {
  staffId: string;
  path: string | null;
}

/** Sets a new single-use set-up link; the previous one stops working. */
async function issueSetupLink(db: Kysely<Database>, staffId: string, now: Date): Promise<string> {
  const token = newToken();
  await db
    .updateTable('staff')
    .set({
      setup_token_hash: sha256(token),
      setup_expires_at: new Date(now.getTime() + SETUP_LINK_HOURS * 3_600_000).toISOString(),
    })
    .where('id', '=', staffId)
    .execute();
  return `/staff/setup/${token}`;
}

/**
 * Gives `email` the role in the organisation, creating the account (with a set-up link) when it
 * does not exist. An existing account keeps its password; only a new one gets a link.
 */
export async function grantRole(
  db: Kysely<Database>,
  actorId: string | null,
  orgId: string,
  emailInput: string,
  role: Role,
  now: Date,
): Promise<SetupLink> {
  const email = normaliseEmail(emailInput);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw new AppError('invalid_request', 'Enter an email address such as name@example.org.');
  let staff = await db
    .selectFrom('staff')
    .select(['id', 'password_hash', 'disabled_at'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (!staff) {
    const id = randomUUID();
    await db.insertInto('staff').values({ id, email, is_operator: 0, created_at: now.toISOString() }).execute();
    staff = { id, password_hash: null, disabled_at: null };
  } else if (staff.disabled_at !== null) {
    await db.updateTable('staff').set({ disabled_at: null }).where('id', '=', staff.id).execute();
  }
  const before = await db
    .selectFrom('staff_role')
    .select('role')
    .where('staff_id', '=', staff.id)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  await db
    .insertInto('staff_role')
    .values({ staff_id: staff.id, organization_id: orgId, role })
    .onConflict((oc) => oc.columns(['staff_id', 'organization_id']).doUpdateSet({ role }))
    .execute();
  // Changing the role they held here changes their privilege: their sessions start again. A new role
  // ends nothing (roles are read on every request), so no admin can sign others out by adding them.
  if (before && before.role !== role) await endAllSessions(db, 'staff', staff.id);
  await recordAudit(
    db,
    {
      staffId: actorId,
      organizationId: orgId,
      action: 'staff.role_granted',
      objectType: 'staff',
      objectId: staff.id,
      detail: { role },
    },
    now,
  );
  const path = staff.password_hash === null ? await issueSetupLink(db, staff.id, now) : null;
  return { staffId: staff.id, path };
}

/** Offboarding: removes the role here; with no role left the account is disabled. Every session ends at once. */
export async function removeStaff(
  db: Kysely<Database>,
  actorId: string,
  orgId: string,
  staffId: string,
  now: Date,
): Promise<void> {
  const result = await db
    .deleteFrom('staff_role')
    .where('staff_id', '=', staffId)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new AppError('not_found', 'That person is not on this organisation’s staff.');
  const left = await db.selectFrom('staff_role').select('organization_id').where('staff_id', '=', staffId).executeTakeFirst();
  if (!left)
    await db
      .updateTable('staff')
      .set({ disabled_at: now.toISOString() })
      .where('id', '=', staffId)
      .where('is_operator', '=', 0)
      .execute();
  await endAllSessions(db, 'staff', staffId);
  await recordAudit(
    db,
    { staffId: actorId, organizationId: orgId, action: 'staff.removed', objectType: 'staff', objectId: staffId },
    now,
  );
}

/** An admin's reset: password, two-factor and recovery codes cleared, sessions ended, a new set-up link. */
export async function resetStaff(
  db: Kysely<Database>,
  actorId: string,
  orgId: string,
  staffId: string,
  now: Date,
): Promise<string> {
  const role = await db
    .selectFrom('staff_role')
    .select('role')
    .where('staff_id', '=', staffId)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  if (!role) throw new AppError('not_found', 'That person is not on this organisation’s staff.');
  // Whoever sets the new password gets the whole account: an admin may reset only an account that
  // works for this organisation alone, never one that also holds another organisation's roles.
  const elsewhere = await db
    .selectFrom('staff_role')
    .select('organization_id')
    .where('staff_id', '=', staffId)
    .where('organization_id', '!=', orgId)
    .executeTakeFirst();
  const target = await db.selectFrom('staff').select('is_operator').where('id', '=', staffId).executeTakeFirstOrThrow();
  if (elsewhere || target.is_operator === 1)
    throw new AppError(
      'forbidden',
      'This person also works for another organisation or runs Harbour: ask an operator to reset their account.',
    );
  await db
    .updateTable('staff')
    .set({ password_hash: null, totp_secret: null, totp_last_step: null })
    .where('id', '=', staffId)
    .execute();
  await db.deleteFrom('recovery_code').where('staff_id', '=', staffId).execute();
  await endAllSessions(db, 'staff', staffId);
  await recordAudit(
    db,
    { staffId: actorId, organizationId: orgId, action: 'staff.reset', objectType: 'staff', objectId: staffId },
    now,
  );
  return issueSetupLink(db, staffId, now);
}

/** Uses a set-up link: sets the password; the link stops working. Returns the staff id. */
export async function completeSetup(db: Kysely<Database>, token: string, password: string, now: Date): Promise<string> {
  const problem = checkPassphrase(password, 'staff');
  if (problem) throw new AppError('weak_password', problem);
  const staff = await db
    .selectFrom('staff')
    .select(['id', 'setup_expires_at'])
    .where('setup_token_hash', '=', sha256(token))
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!staff || !staff.setup_expires_at || Date.parse(staff.setup_expires_at) <= now.getTime())
    throw new AppError('invalid_request', 'This set-up link has been used or has expired. Ask your admin for a new one.');
  const hash = await hashSecret(password);
  const result = await db
    .updateTable('staff')
    .set({ password_hash: hash, setup_token_hash: null, setup_expires_at: null })
    .where('id', '=', staff.id)
    .where('setup_token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AppError('invalid_request', 'This set-up link has just been used.');
  return staff.id;
}

/** What enrolment shows: the secret as text and as a QR code drawn on the server. */
export interface TotpEnrolment {
  secret: string;
  otpauth_uri: string;
  qr_svg: string;
}

/** Starts (or restarts) enrolment: a new secret, stored encrypted, not used until confirmed. */
export async function beginTotp(
  db: Kysely<Database>,
  keys: Keyring,
  staffId: string,
  email: string,
  issuer: string,
): Promise<TotpEnrolment> {
  const current = await db
    .selectFrom('staff')
    .select(['totp_secret', 'totp_last_step'])
    .where('id', '=', staffId)
    .executeTakeFirstOrThrow();
  if (current.totp_secret !== null && current.totp_last_step !== null)
    throw new AppError('invalid_request', 'Two-factor sign-in is already set up. Ask an admin to reset it.');
  const secret = newTotpSecret();
  await db
    .updateTable('staff')
    .set({ totp_secret: keys.encrypt({ ...TOTP_FIELD, id: staffId }, secret), totp_last_step: null })
    .where('id', '=', staffId)
    .execute();
  const uri = otpauthUri(secret, email, issuer);
  return { secret, otpauth_uri: uri, qr_svg: await qrSvg(uri) };
}

/** Confirms enrolment with a first code; returns ten recovery codes (shown once, kept hashed). */
export async function confirmTotp(
  db: Kysely<Database>,
  keys: Keyring,
  staffId: string,
  code: string,
  now: Date,
): Promise<string[]> {
  const staff = await db.selectFrom('staff').selectAll().where('id', '=', staffId).executeTakeFirstOrThrow();
  if (!staff.totp_secret || staff.totp_last_step !== null)
    throw new AppError('invalid_request', 'Start setting up two-factor sign-in first.');
  if (!(await acceptTotp(db, keys, staff, code, now)))
    throw new AppError('invalid_request', 'That code is not right. Check the time on your phone and try the newest code.');
  const codes = newRecoveryCodes();
  await db.deleteFrom('recovery_code').where('staff_id', '=', staffId).execute();
  await db
    .insertInto('recovery_code')
    .values(codes.map((c) => ({ staff_id: staffId, code_hash: sha256(normaliseRecoveryCode(c)!), used_at: null })))
    .execute();
  return codes;
}
