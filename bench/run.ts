/**
 * `npm run bench [-- part …]`: generate (if needed) → import → search → http → rss → auth → unlock,
 * then a summary of every figure next to its target. Parts: generate, import, search, http, rss, auth,
 * unlock (the self-check's PIN unlock in Chromium: no throttling, DevTools 4×, and a CPU quota of a quarter core).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDataset, ensureLoaded, pgUrl, SQLITE_URL, type Manifest } from './generate.ts';
import { runAuth } from './auth.ts';
import { runHttp } from './http.ts';
import { runImport } from './import.ts';
import { CACHE_DIR, figure, fmt, load1, log, machine, table, type Figure } from './lib.ts';
import { runRss } from './rss.ts';
import { runSearch } from './search.ts';
import { runUnlock } from './unlock.ts';

const PARTS = ['generate', 'import', 'search', 'http', 'rss', 'auth', 'unlock'] as const;
type Part = (typeof PARTS)[number];

function selectedParts(argv: string[]): Part[] {
  if (argv.length === 0) return [...PARTS];
  const unknown = argv.filter((a) => !(PARTS as readonly string[]).includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`unknown part(s): ${unknown.join(', ')}; choose from ${PARTS.join(', ')}\n`);
    process.exit(2);
  }
  return PARTS.filter((p) => argv.includes(p));
}

/** Generates and loads the 1M-SAL data when missing; reports load rates when it had to load. */
async function prepare(figures: Figure[]): Promise<Manifest> {
  const manifest = await ensureDataset();
  const targets = [SQLITE_URL, ...(pgUrl() ? [pgUrl()!] : [])];
  for (const url of targets) {
    const r = await ensureLoaded(url, manifest);
    const label = url.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL';
    if (!r.cached) {
      figures.push(figure('generate', `${label} 1M load through importSource`, r.seconds / 60, 'min'));
      figures.push(figure('generate', `${label} load rate`, r.servicesPerSecond, 'services/s'));
      figures.push(figure('generate', `${label} load rate`, r.salsPerSecond, 'SALs/s'));
    }
  }
  return manifest;
}

async function main(): Promise<void> {
  const parts = selectedParts(process.argv.slice(2));
  const m = machine();
  const started = new Date();
  log(`Harbour benchmarks: ${parts.join(', ')}`);
  log(
    `machine: ${m.cpu}, ${m.cores} cores, ${fmt(m.memoryGb, 1)} GB RAM, Node ${m.node}; PostgreSQL: ${pgUrl() ? 'yes' : 'no (set BENCH_PG_URL)'}`,
  );
  const figures: Figure[] = [];
  let manifest: Manifest | null = null;
  const needData = parts.some((p) => p === 'generate' || p === 'search' || p === 'http' || p === 'rss');
  if (needData) manifest = await prepare(figures);
  const loads: string[] = [];
  for (const part of parts) {
    if (part !== 'generate') {
      loads.push(`${part} ${fmt(load1(), 1)}`);
      log(`\n== ${part} (load average ${fmt(load1(), 1)} on ${m.cores} cores)`);
    }
    if (part === 'import') figures.push(...(await runImport()));
    if (part === 'search') figures.push(...(await runSearch(manifest!)));
    if (part === 'http') figures.push(...(await runHttp(manifest!)));
    if (part === 'rss') figures.push(...(await runRss(manifest!)));
    if (part === 'auth') figures.push(...(await runAuth()));
    if (part === 'unlock') figures.push(...(await runUnlock()));
  }

  log(`\nSummary (${started.toISOString()}; ${m.cpu}, ${m.cores} cores, Node ${m.node})`);
  log(
    table(
      ['part', 'figure', 'value', 'target', 'result'],
      figures.map((f) => [
        f.part,
        f.name,
        `${fmt(f.value, f.unit === 'ms' ? 2 : f.unit === '' ? 0 : 1)} ${f.unit}`.trim(),
        f.target ? `${f.target} ${f.unit}`.trim() : '',
        f.pass === null ? '' : f.pass ? 'PASS' : 'MISS',
      ]),
    ),
  );
  log(`1-minute load average when each part started: ${loads.join(', ')} (other work on the machine skews the figures)`);
  const missed = figures.filter((f) => f.pass === false).length;
  log(`${figures.filter((f) => f.pass === true).length} PASS, ${missed} MISS`);
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, `results-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ started: started.toISOString(), machine: m, parts, loads, figures }, null, 1));
  log(`figures written to ${file}`);
}

await main();
