import type { Kysely } from 'kysely';
import type { Database } from '../types.ts';

/** Reports of wrong information about a service, kept for the organisation that owns it. */
export async function up(db: Kysely<Database>): Promise<void> {
  await db.schema
    .createTable('service_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail_sealed', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('client_ref', 'text')
    .execute();
  // A report the phone sent twice (a retry after a lost answer) is stored once.
  await db.schema.createIndex('service_feedback_client_ref').on('service_feedback').column('client_ref').unique().execute();
  await db.schema.createIndex('service_feedback_org').on('service_feedback').columns(['organization_id', 'created_at']).execute();
}
