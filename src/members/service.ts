import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { INVITE_HMAC_PURPOSE, normaliseInviteCode } from '../auth/codes.ts';
import { checkPassphrase } from '../auth/passphrase.ts';
import { hashSecret, verifySecret } from '../auth/password.ts';
import { checkWorkingName, workingNameKey } from '../auth/working-name.ts';
import { ACCOUNT_POLICY, CLIENT_POLICY, assertNotThrottled, clearFailures, recordFailure } from '../access/throttle.ts';
import type { Db } from '../db/connection.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/types.ts';
import { AppError, type ErrorCode } from '../http/errors.ts';
import type { Keyring } from '../keys/keyring.ts';
import { throttleKeys } from '../staff/sign-in.ts';
import { en } from '../web/i18n/en.ts';

export interface SignUpInput {
  invite_code: string;
  working_name: string;
  passphrase: string;
}

/**
 * Redeems an invite: a new member with a working name and a passphrase, nothing else. The code is
 * checked before the name, so a name cannot be tested without a valid code; a taken name leaves
 * the code unused.
 */
export async function signUpMember(
  db: Kysely<Database>,
  keys: Keyring,
  input: SignUpInput,
  client: string,
  now: Date,
): Promise<string> {
  const [, clientKey] = throttleKeys(keys, 'member', '', client);
  await assertNotThrottled(db, [clientKey], now);
  const bad = (code: ErrorCode, message: string): AppError => new AppError(code, message);
  const nameProblem = checkWorkingName(input.working_name);
  if (nameProblem) throw bad('invalid_request', nameProblem);
  const passProblem = checkPassphrase(input.passphrase, 'member');
  if (passProblem) throw bad('weak_password', passProblem);

  const code = normaliseInviteCode(input.invite_code);
  const findInvite = async () =>
    code === null
      ? undefined
      : db
          .selectFrom('invite')
          .select(['code_hash', 'organization_id'])
          .where('code_hash', 'in', keys.hmacAll(INVITE_HMAC_PURPOSE, code))
          .where('used_at', 'is', null)
          .where('expires_at', '>', now.toISOString())
          .executeTakeFirst();
  let invite = await findInvite();
  if (!invite && code !== null) {
    // Another instance may have rotated the keys and keyed this code under a version not loaded here yet.
    const before = keys.activeVersion;
    await keys.refresh();
    if (keys.activeVersion !== before) invite = await findInvite();
  }
  if (!invite) {
    await recordFailure(db, clientKey, CLIENT_POLICY, now);
    throw bad('invalid_invite', 'That invite code does not work: it may be mistyped, used or expired. Ask for a new one.');
  }
  const nameKey = workingNameKey(input.working_name);
  const taken = await db.selectFrom('member').select('id').where('name_key', '=', nameKey).executeTakeFirst();
  if (taken) {
    // Counted, so one valid code cannot be used to test name after name.
    await recordFailure(db, clientKey, CLIENT_POLICY, now);
    throw bad('working_name_taken', 'Someone already uses that working name. Choose another.');
  }

  const hash = await hashSecret(input.passphrase);
  const id = randomUUID();
  try {
    await db.transaction().execute(async (tx) => {
      const used = await tx
        .updateTable('invite')
        .set({ used_at: now.toISOString() })
        .where('code_hash', '=', invite.code_hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) throw bad('invalid_invite', 'That invite code has just been used.');
      await tx
        .insertInto('member')
        .values({
          id,
          working_name: input.working_name.trim().replace(/\s+/g, ' '),
          name_key: nameKey,
          passphrase_hash: hash,
          issuing_org_id: invite.organization_id,
          created_at: now.toISOString(),
          last_active_at: now.toISOString(),
        })
        .execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw bad('working_name_taken', 'Someone already uses that working name. Choose another.');
    throw error;
  }
  return id;
}

/** A member's sign-in, with the same throttling and no-enumeration rules as staff. */
export async function signInMember(
  db: Kysely<Database>,
  keys: Keyring,
  input: { working_name: string; passphrase: string },
  client: string,
  now: Date,
): Promise<string> {
  const nameKey = workingNameKey(input.working_name);
  const [accountKey, clientKey] = throttleKeys(keys, 'member', nameKey, client);
  await assertNotThrottled(db, [accountKey, clientKey], now);
  const member = await db
    .selectFrom('member')
    .select(['id', 'passphrase_hash'])
    .where('name_key', '=', nameKey)
    .executeTakeFirst();
  const ok = await verifySecret(member?.passphrase_hash ?? null, input.passphrase);
  if (!ok || !member) {
    await recordFailure(db, accountKey, ACCOUNT_POLICY, now);
    await recordFailure(db, clientKey, CLIENT_POLICY, now);
    throw new AppError('invalid_credentials', 'That working name and passphrase do not match an account.');
  }
  await clearFailures(db, accountKey);
  return member.id;
}

/** Everything Harbour holds about a member (contact channels and alerts will add to this). */
export interface MemberView {
  id: string;
  working_name: string;
  created_at: string;
  last_active_at: string;
  sessions: { created_at: string; last_seen_at: string; expires_at: string; this_device: boolean }[];
  issuing_organization: { id: string; name: string | null; why: string };
  /** Her backup, if she keeps one: ciphertext only the recovery key she holds opens. */
  backup: { updated_at: string; characters: number } | null;
}

export async function viewMember(db: Kysely<Database>, memberId: string, currentSessionHash: string): Promise<MemberView> {
  const m = await db.selectFrom('member').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow();
  const org = await db.selectFrom('organization').select('name').where('id', '=', m.issuing_org_id).executeTakeFirst();
  const backup = await db
    .selectFrom('member_backup')
    .select(['updated_at', 'blob'])
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  const sessions = await db
    .selectFrom('session')
    .selectAll()
    .where('kind', '=', 'member')
    .where('subject_id', '=', memberId)
    .orderBy('created_at')
    .execute();
  return {
    id: m.id,
    working_name: m.working_name,
    created_at: m.created_at,
    last_active_at: m.last_active_at,
    sessions: sessions.map((s) => ({
      created_at: s.created_at,
      last_seen_at: s.last_seen_at,
      expires_at: s.expires_at,
      this_device: s.token_hash === currentSessionHash,
    })),
    issuing_organization: {
      id: m.issuing_org_id,
      name: org?.name ?? null,
      why: en['account.field.org_why'],
    },
    backup: backup ? { updated_at: backup.updated_at, characters: backup.blob.length } : null,
  };
}

/** Checks her passphrase (throttled like a sign-in), then erases her account. */
export async function deleteOwnAccount(
  handle: Db,
  keys: Keyring,
  memberId: string,
  passphrase: string,
  client: string,
  now: Date,
): Promise<void> {
  const m = await handle.db
    .selectFrom('member')
    .select(['passphrase_hash', 'name_key'])
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!m) throw new AppError('not_found', 'This account no longer exists.');
  const [accountKey, clientKey] = throttleKeys(keys, 'member', m.name_key, client);
  await assertNotThrottled(handle.db, [accountKey, clientKey], now);
  if (!(await verifySecret(m.passphrase_hash, passphrase))) {
    await recordFailure(handle.db, accountKey, ACCOUNT_POLICY, now);
    throw new AppError('invalid_credentials', 'That passphrase is not right, so nothing was deleted.');
  }
  await eraseMembers(handle, [memberId]);
}

/**
 * Erases members and everything tied to them at once: sessions and the accounts. Later features
 * that store anything for a member add their tables here. Then no copy stays in the database's log.
 */
export async function eraseMembers(handle: Db, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await handle.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('session').where('kind', '=', 'member').where('subject_id', 'in', memberIds).execute();
    await tx.deleteFrom('member_backup').where('member_id', 'in', memberIds).execute();
    await tx.deleteFrom('member').where('id', 'in', memberIds).execute();
  });
  await handle.adapter.scrubDeleted();
}

/** Deletes accounts unused for `days` days (a job), in batches; returns how many. */
export async function deleteIdleMembers(handle: Db, days: number, now: Date, batch = 200): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const rows = await handle.db.selectFrom('member').select('id').where('last_active_at', '<', cutoff).limit(batch).execute();
    await eraseMembers(
      handle,
      rows.map((r) => r.id),
    );
    total += rows.length;
    if (rows.length < batch) return total;
  }
}
