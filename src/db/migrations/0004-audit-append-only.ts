import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.ts';
import type { Database } from '../types.ts';

/** The audit log is append-only in the database itself, not only by convention in the code. */
export async function up(db: Kysely<Database>, adapter: DialectAdapter): Promise<void> {
  await adapter.makeAppendOnly(db, 'audit_log');
}
