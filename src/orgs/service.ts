import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { INVITE_HMAC_PURPOSE, newInviteCode } from '../auth/codes.ts';
import { recordAudit } from '../access/audit.ts';
import type { Database } from '../db/types.ts';
import { AppError } from '../http/errors.ts';
import { upsertOrganizations } from '../hsds/repo.ts';
import { bumpDataVersion } from '../hsds/store.ts';
import type { Keyring } from '../keys/keyring.ts';
import type { Db } from '../db/connection.ts';
import { eraseMembers } from '../members/service.ts';
import { grantRole, type SetupLink } from '../staff/accounts.ts';

/** Harbour's own settings for an organisation, beside its HSDS record. */
export interface OrgSettings {
  /** Gazetteer area ids the organisation serves. */
  areas: string[];
  /** Staff ids of on-call responders. */
  on_call: string[];
  /** Days records are kept, by kind (later features add kinds). */
  retention_days: Record<string, number>;
}

export const DEFAULT_SETTINGS: OrgSettings = { areas: [], on_call: [], retention_days: { reports: 365 } };

export const INVITE_DEFAULT_HOURS = 30 * 24;
export const INVITE_MAX_COUNT = 50;

/** Finds an organisation by exact name, or creates it (HSDS record plus Harbour settings). */
export async function ensureOrganization(
  db: Kysely<Database>,
  name: string,
  now: Date,
): Promise<{ id: string; created: boolean }> {
  const clean = name.trim();
  if (clean.length < 2 || clean.length > 200)
    throw new AppError('invalid_request', 'An organisation name has 2 to 200 characters.');
  const existing = await db.selectFrom('organization').select('id').where('name', '=', clean).executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const id = randomUUID();
  await upsertOrganizations(db, [{ doc: { id, name: clean, description: clean }, isDemo: false }]);
  await db
    .insertInto('org_settings')
    .values({ organization_id: id, settings: JSON.stringify(DEFAULT_SETTINGS), created_at: now.toISOString() })
    .execute();
  await bumpDataVersion(db);
  return { id, created: true };
}

/** The operator's step: an organisation and its first admin (with a set-up link when the account is new). */
export async function createOrganizationWithAdmin(
  db: Kysely<Database>,
  operatorId: string | null,
  name: string,
  adminEmail: string,
  now: Date,
): Promise<{ organizationId: string; admin: SetupLink }> {
  return db.transaction().execute(async (tx) => {
    const org = await ensureOrganization(tx, name, now);
    if (org.created)
      await recordAudit(
        tx,
        {
          staffId: operatorId,
          organizationId: org.id,
          action: 'organization.created',
          objectType: 'organization',
          objectId: org.id,
        },
        now,
      );
    const admin = await grantRole(tx, operatorId, org.id, adminEmail, 'admin', now);
    return { organizationId: org.id, admin };
  });
}

/** Makes single-use invite codes; only their keyed HMACs are stored. */
export async function createInvites(
  db: Kysely<Database>,
  keys: Keyring,
  actorId: string,
  orgId: string,
  options: { count: number; expiresInHours: number },
  now: Date,
): Promise<{ code: string; expires_at: string }[]> {
  const expires = new Date(now.getTime() + options.expiresInHours * 3_600_000).toISOString();
  const codes = Array.from({ length: options.count }, () => newInviteCode());
  await db
    .insertInto('invite')
    .values(
      codes.map((c) => ({
        code_hash: keys.hmac(INVITE_HMAC_PURPOSE, c),
        organization_id: orgId,
        created_by: actorId,
        created_at: now.toISOString(),
        expires_at: expires,
        used_at: null,
      })),
    )
    .execute();
  await recordAudit(
    db,
    { staffId: actorId, organizationId: orgId, action: 'invites.created', detail: { count: options.count, expires_at: expires } },
    now,
  );
  return codes.map((code) => ({ code, expires_at: expires }));
}

/** Members this organisation invited: working name and when they joined (to find one to revoke). */
export async function listInvitedMembers(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('member')
    .select(['id', 'working_name', 'created_at'])
    .where('issuing_org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

/** Revokes a member this organisation invited (an aggressor who got in): her account is erased. */
export async function revokeMember(handle: Db, actorId: string, orgId: string, memberId: string, now: Date): Promise<void> {
  const db = handle.db;
  const member = await db.selectFrom('member').select('issuing_org_id').where('id', '=', memberId).executeTakeFirst();
  if (!member || member.issuing_org_id !== orgId)
    throw new AppError('not_found', 'This organisation did not invite that member.');
  await eraseMembers(handle, [memberId]);
  // The log says a member was revoked, never which (her id would outlive her account).
  await recordAudit(db, { staffId: actorId, organizationId: orgId, action: 'member.revoked' }, now);
}
