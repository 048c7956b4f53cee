import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.ts';
import type { Database } from '../types.ts';

/**
 * Identity and access: data keys, staff and their roles, members and invites, sessions, shared
 * throttling and the audit log. Secrets are never stored as given: passwords as argon2id hashes,
 * session tokens and recovery codes as SHA-256, invite codes and throttle keys as keyed HMACs,
 * TOTP secrets encrypted under a data key.
 */
export async function up(db: Kysely<Database>, adapter: DialectAdapter): Promise<void> {
  const serial = adapter.serialType;
  await db.schema
    .createTable('data_key')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('wrapped', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('org_settings')
    .addColumn('organization_id', 'text', (c) => c.primaryKey())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_last_step', 'integer')
    .addColumn('is_operator', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('setup_token_hash', 'text')
    .addColumn('setup_expires_at', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('staff_role')
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_role_pk', ['staff_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('staff_role_org').on('staff_role').column('organization_id').execute();
  await db.schema
    .createTable('recovery_code')
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('recovery_code_pk', ['staff_id', 'code_hash'])
    .execute();
  await db.schema
    .createTable('member')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('working_name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('passphrase_hash', 'text', (c) => c.notNull())
    .addColumn('issuing_org_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_active_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('member_issuing_org').on('member').column('issuing_org_id').execute();
  await db.schema.createIndex('member_last_active').on('member').column('last_active_at').execute();
  await db.schema
    .createTable('invite')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('invite_expires').on('invite').column('expires_at').execute();
  await db.schema
    .createTable('session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('enrol_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('session_subject').on('session').columns(['kind', 'subject_id']).execute();
  await db.schema
    .createTable('throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('blocked_until', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('throttle_expires').on('throttle').column('expires_at').execute();
  await db.schema
    .createTable('audit_log')
    .addColumn('id', serial, (c) => (serial === 'integer' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('organization_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text')
    .addColumn('object_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_org').on('audit_log').columns(['organization_id', 'id']).execute();
}
