/**
 * Importing 100 000 generated services (NDJSON and a JSON array) into a fresh SQLite file with the
 * real import path, each in a child process: seconds and peak RSS (the kernel's VmHWM).
 */
import { fork } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportSummary } from '../src/hsds/import/run-import.ts';
import { ensureImportFiles } from './generate.ts';
import { CACHE_DIR, figure, fmt, log, nowMs, table, type Figure } from './lib.ts';

const CHILD = fileURLToPath(new URL('./import-child.ts', import.meta.url));
/** 100 000; BENCH_IMPORT_SERVICES sets another count for a quick trial. */
export const IMPORT_SERVICES = Number(process.env.BENCH_IMPORT_SERVICES ?? 100_000);

interface ChildResult {
  seconds: number;
  summary: ImportSummary;
  peakRssMb: number;
  sampledMaxRssMb: number;
}

function importInChild(source: string, db: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    let result: ChildResult | null = null;
    const child = fork(CHILD, [source, db], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (msg) => (result = msg as ChildResult));
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`import child exited with ${code}`))));
  });
}

export async function runImport(): Promise<Figure[]> {
  const t0 = nowMs();
  const files = ensureImportFiles(IMPORT_SERVICES);
  log(
    `\n[import] ${fmt(IMPORT_SERVICES, 0)} services (${fmt(files.sals, 0)} SALs): ` +
      `NDJSON ${fmt(statSync(files.ndjson).size / 1e6, 0)} MB, JSON ${fmt(statSync(files.json).size / 1e6, 0)} MB ` +
      `(ready in ${fmt((nowMs() - t0) / 1000, 1)} s)`,
  );
  const figures: Figure[] = [];
  const rows: (string | number)[][] = [];
  for (const [format, source] of [
    ['NDJSON', files.ndjson],
    ['JSON array', files.json],
  ] as const) {
    log(`[import] ${format} …`);
    const r = await importInChild(source, join(CACHE_DIR, 'import-bench.db'));
    rows.push([
      format,
      fmt(r.seconds, 1),
      fmt(r.summary.imported / r.seconds, 0),
      fmt(files.sals / r.seconds, 0),
      fmt(r.peakRssMb, 0),
      r.summary.imported,
      r.summary.rejected,
      r.summary.warnings,
    ]);
    figures.push(figure('import', `${format}: ${fmt(IMPORT_SERVICES, 0)} services`, r.seconds, 's', { op: '<', limit: 60 }));
    figures.push(figure('import', `${format}: peak RSS`, r.peakRssMb, 'MB', { op: '<', limit: 500 }));
    figures.push(figure('import', `${format}: rejected`, r.summary.rejected, '', { op: '<=', limit: 0 }));
  }
  log(table(['source', 'seconds', 'services/s', 'SALs/s', 'peak RSS MB', 'imported', 'rejected', 'warnings'], rows));
  return figures;
}
