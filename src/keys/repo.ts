import { sql, type Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database, DataKeyTable } from '../db/types.ts';
import type { EncryptedField } from './fields.ts';

/** Queries only: the data keys, and the encrypted columns rotation walks. */

/** Every data key, oldest first. */
export async function listDataKeys(db: Kysely<Database>): Promise<DataKeyTable[]> {
  return db.selectFrom('data_key').selectAll().orderBy('version').execute();
}

/** The highest version stored; 0 when there is none. */
export async function newestVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('data_key')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** Stores a data key; false when its version exists already (another process made it first). */
export async function insertDataKey(db: Kysely<Database>, row: DataKeyTable): Promise<boolean> {
  try {
    await db.insertInto('data_key').values(row).execute();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Marks every active data key but `version` retired. */
export async function retireOthers(db: Kysely<Database>, version: number): Promise<void> {
  await db
    .updateTable('data_key')
    .set({ state: 'retired' })
    .where('state', '=', 'active')
    .where('version', '<>', version)
    .execute();
}

/** An encrypted value and the id of its row. */
export interface StoredValue {
  id: string;
  value: string;
}

/**
 * Up to `limit` values of the field not starting with `prefix`, in id order after `after`. Only
 * keyring values (`k…`): anything else is not this module's to re-encrypt.
 */
export async function findValuesWithout(
  db: Kysely<Database>,
  field: EncryptedField,
  prefix: string,
  after: string | null,
  limit: number,
): Promise<StoredValue[]> {
  const id = sql.ref(field.idColumn);
  const column = sql.ref(field.column);
  const result = await sql<StoredValue>`SELECT ${id} AS id, ${column} AS value FROM ${sql.table(field.table)}
    WHERE ${column} LIKE 'k%' AND ${column} NOT LIKE ${`${prefix}%`} ${after === null ? sql`` : sql`AND ${id} > ${after}`}
    ORDER BY ${id} LIMIT ${limit}`.execute(db);
  return result.rows;
}

/** Sets the value of one row only if it still holds `from` (a concurrent write wins); true when set. */
export async function replaceValue(
  db: Kysely<Database>,
  field: EncryptedField,
  id: string,
  from: string,
  to: string,
): Promise<boolean> {
  const column = sql.ref(field.column);
  const result = await sql`UPDATE ${sql.table(field.table)} SET ${column} = ${to}
    WHERE ${sql.ref(field.idColumn)} = ${id} AND ${column} = ${from}`.execute(db);
  return (result.numAffectedRows ?? 0n) > 0n;
}
