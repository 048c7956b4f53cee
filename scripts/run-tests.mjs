#!/usr/bin/env node
// Runs the test suite with node's test runner (TypeScript through tsx). The database comes from
// DATABASE_URL: unset means SQLite (a fresh file per test file); postgres://… runs the same tests on
// PostgreSQL, each test file in its own schema. `--browser` runs the Chromium tests instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const browser = process.argv.includes('--browser');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function find(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

// The longest files start first: with two at a time, one started last can leave a slot running it
// alone for minutes (fuzz alone takes about 3 of the 5 on a 2-core machine).
const LONGEST_FIRST = ['test/fuzz.test.ts', 'test/cli.test.ts', 'test/server.test.ts'];
const rank = (f) => (LONGEST_FIRST.includes(f) ? LONGEST_FIRST.indexOf(f) : LONGEST_FIRST.length);
const all = [...find('src'), ...find('test')].sort().sort((a, b) => rank(a) - rank(b));
const files = (only.length > 0 ? only : all).filter((f) => f.includes(`test${'/'}browser${'/'}`) === browser);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

// The client bundle is served by the app: built if missing, and always before the browser tests so
// they never run an old one.
if (browser || !existsSync('dist/web/app.js') || !existsSync('dist/web/sw.js')) {
  const build = spawnSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const url = process.env.DATABASE_URL ?? '';
if (url.startsWith('postgres')) {
  const setup = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/pg-setup.ts'], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
}
console.error(`running ${files.length} test files on ${url.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}`);
// Files that measure time (`*-timing.test.ts`) run afterwards, alone, so no other test file's load
// lands on one side of what they compare.
const solo = files.filter((f) => f.endsWith('-timing.test.ts'));
const batches = [
  { files: files.filter((f) => !solo.includes(f)), concurrency: browser ? 1 : 2 },
  { files: solo, concurrency: 1 },
].filter((b) => b.files.length > 0);
let status = 0;
for (const batch of batches) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${batch.concurrency}`, '--test-reporter=spec', ...batch.files],
    { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
  );
  status ||= result.status ?? 1;
}
process.exit(status);
