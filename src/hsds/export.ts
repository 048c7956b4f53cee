import type { WriteStream } from 'node:fs';
import type { Db } from '../db/connection.ts';
import { loadFullServices } from './read.ts';

export interface ExportOptions {
  ndjson: boolean;
  includeConfidential: boolean;
}

/**
 * Writes every service as a full HSDS record, sorted by id, keys in the fixed canonical order, so
 * export → import → export gives the same bytes. Streams in batches: memory stays flat.
 */
export async function exportServices(handle: Db, out: WriteStream, options: ExportOptions): Promise<number> {
  const write = (text: string): Promise<void> =>
    new Promise((resolve, reject) => (out.write(text, (e) => (e ? reject(e) : resolve()))));
  let after = '';
  let count = 0;
  if (!options.ndjson) await write('[');
  for (;;) {
    const rows = await handle.db.selectFrom('service').select('id').where('id', '>', after).orderBy('id').limit(200).execute();
    if (rows.length === 0) break;
    const services = await loadFullServices(handle.db, rows.map((r) => r.id), { includeConfidential: options.includeConfidential });
    for (const s of services) {
      const json = JSON.stringify(s);
      await write(options.ndjson ? `${json}\n` : `${count === 0 ? '\n' : ',\n'}${json}`);
      count++;
    }
    after = rows[rows.length - 1]!.id;
  }
  if (!options.ndjson) await write(count === 0 ? ']\n' : '\n]\n');
  return count;
}
