/**
 * One import into a fresh SQLite file, in its own process so its peak memory is its own:
 * `import-child.ts <source> <database file>`. Sends `{seconds, summary, peakRssMb, sampledMaxRssMb}`
 * over IPC.
 */
import { rmSync } from 'node:fs';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ensureHarbourTaxonomies } from '../src/directory/seed.ts';
import { importSource } from '../src/hsds/import/run-import.ts';
import { nowMs, procMemory } from './lib.ts';

const [source, file] = process.argv.slice(2) as [string, string];
for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
let sampled = 0;
const timer = setInterval(() => {
  sampled = Math.max(sampled, process.memoryUsage().rss / 1024 / 1024);
}, 100);
const handle = openDatabase(`sqlite:${file}`);
await migrateToLatest(handle.db, handle.adapter);
await ensureHarbourTaxonomies(handle);
let rejected = 0;
const t0 = nowMs();
const summary = await importSource(handle, source, {
  report: (line) => {
    if ('reason' in line && rejected++ < 3) process.stderr.write(`rejected: ${JSON.stringify(line)}\n`);
  },
});
const seconds = (nowMs() - t0) / 1000;
clearInterval(timer);
await handle.close();
process.send?.({ seconds, summary, peakRssMb: procMemory('self').hwmMb, sampledMaxRssMb: sampled });
for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
