import type { WriteStream } from 'node:fs';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/connection.ts';
import { canonicalize } from './canonical.ts';
import { presentLocation, qualifySchedules, type ComposeOptions } from './compose.ts';
import type { Json } from './model.ts';
import { loadFullServices, loadOrganizations } from './read.ts';

export interface ExportOptions extends ComposeOptions {
  ndjson: boolean;
}

type Table = 'service' | 'organization' | 'location' | 'taxonomy' | 'taxonomy_term';

/**
 * Writes every record, sorted by id within each kind, keys in the fixed canonical order, so
 * export → import → export gives the same bytes: full services first, then what no service
 * carries (organizations without services, locations without services, taxonomies, terms).
 * Streams in batches: memory stays flat.
 */
export async function exportServices(handle: Db, out: WriteStream, options: ExportOptions): Promise<number> {
  const write = (text: string): Promise<void> =>
    new Promise((resolve, reject) => out.write(text, (e) => (e ? reject(e) : resolve())));
  let count = 0;
  const emit = async (records: Json[]): Promise<void> => {
    for (const r of records) {
      const json = JSON.stringify(r);
      await write(options.ndjson ? `${json}\n` : `${count === 0 ? '\n' : ',\n'}${json}`);
      count++;
    }
  };
  if (!options.ndjson) await write('[');
  const { db } = handle;
  await inBatches(handle, 'service', (ids) => loadFullServices(db, ids, options).then(emit));
  await inBatches(
    handle,
    'organization',
    (ids) => loadOrganizations(db, ids).then(emit),
    sql<boolean>`id NOT IN (SELECT organization_id FROM service WHERE organization_id IS NOT NULL)`,
  );
  await inBatches(
    handle,
    'location',
    async (ids) => {
      const rows = await db.selectFrom('location').select('doc').where('id', 'in', ids).orderBy('id').execute();
      await emit(
        rows.map((r) =>
          qualifySchedules('location', canonicalize('location', presentLocation(JSON.parse(r.doc) as Json, options)), options),
        ),
      );
    },
    sql<boolean>`id NOT IN (SELECT location_id FROM service_at_location WHERE location_id IS NOT NULL)`,
  );
  for (const table of ['taxonomy', 'taxonomy_term'] as const) {
    await inBatches(handle, table, async (ids) => {
      const rows = await db.selectFrom(table).select('doc').where('id', 'in', ids).orderBy('id').execute();
      await emit(rows.map((r) => JSON.parse(r.doc) as Json));
    });
  }
  if (!options.ndjson) await write(count === 0 ? ']\n' : '\n]\n');
  return count;
}

/** Calls `fn` with the ids of a table in id order, 200 at a time, optionally only rows matching `where`. */
async function inBatches(
  handle: Db,
  table: Table,
  fn: (ids: string[]) => Promise<void>,
  where: RawBuilder<boolean> = sql<boolean>`TRUE`,
): Promise<void> {
  let after = '';
  for (;;) {
    const result = await sql<{
      id: string;
    }>`SELECT id FROM ${sql.table(table)} WHERE id > ${after} AND ${where} ORDER BY id LIMIT 200`.execute(handle.db);
    const rows = result.rows;
    if (rows.length === 0) return;
    await fn(rows.map((r) => r.id));
    after = rows[rows.length - 1]!.id;
  }
}
