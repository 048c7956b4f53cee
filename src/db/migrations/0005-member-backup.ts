import type { Kysely } from 'kysely';
import type { Database } from '../types.ts';

/** A member's optional backup: one opaque blob, encrypted on her phone; the server never has the key. */
export async function up(db: Kysely<Database>): Promise<void> {
  await db.schema
    .createTable('member_backup')
    .addColumn('member_id', 'text', (c) => c.primaryKey().references('member.id').onDelete('cascade'))
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
