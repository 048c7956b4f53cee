import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ConfigError, loadConfig, type Config, type SeedMode } from '../config.ts';
import { openDatabase, type Db } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ensureGazetteer, ensureHarbourTaxonomies, removeDemo, seedDemo } from '../directory/seed.ts';
import { masterKeyOf, openKeyring } from '../keys/open.ts';
import { runKeysCommand } from '../keys/cli.ts';
import { adminCommand } from './admin.ts';
import { runScoreCommand } from '../instruments/cli.ts';
import { deleteIdleMembers } from '../members/service.ts';
import { readFeedback } from '../feedback/service.ts';
import { exportServices } from '../hsds/export.ts';
import { importSource } from '../hsds/import/run-import.ts';
import { readGazetteer } from '../places/gazetteer.ts';
import { upsertPlaces } from '../places/repo.ts';

const USAGE = `harbour <command>

  start                 migrate, seed the demo data into an empty database, serve (npm start)
  serve                 migrate and serve (HARBOUR_SEED defaults to none)
  migrate               bring the database schema up to date
  import <path>         import HSDS: JSON array/page/object, NDJSON, a 3.0 datapackage folder or a 2.0 one
                          [--source <name>]  name for HSDS 2.0 ids (default: the folder's name)
  export <path>         export every service (JSON array, or NDJSON when <path> ends in .ndjson)
                          [--include-confidential]  keep confidential addresses (a private backup)
  backup <file>         a consistent copy of the database while it runs
  demo remove           delete the demonstration data
  gazetteer import <csv>  load a city's places (name,aliases,kind,lat,lng,source)
  admin create          an organisation's admin: --email <e> --org <name> --password-stdin
                          [--operator]  also an operator (creates organisations, edits unowned listings)
  keys status           data key versions and their states (never the keys)
  keys rotate           a new data key; re-encrypts every encrypted field in batches while serving
                          [--batch-size <n>]  rows per batch (default 200)
  members delete-idle   delete member accounts unused for HARBOUR_MEMBER_INACTIVE_DAYS (the server also does this daily)
  score <id> '<answers JSON>'  score a self-check instrument as published (no database or configuration needed)
  feedback list         reports of wrong information about services, newest first (NDJSON)
                          [--org <organization id>]  only that organisation's services
                          [--limit <n>]  at most n reports (default 100)

Configuration comes from the environment: see the README.`;

/** Opens the configured database; for commands that write, first brings it up to date. */
async function open(config: Config, mode: 'write' | 'read' = 'write'): Promise<Db> {
  const handle = openDatabase(config.databaseUrl);
  if (mode === 'read') return handle;
  await migrateToLatest(handle.db, handle.adapter);
  await ensureHarbourTaxonomies(handle);
  return handle;
}

function printLine(line: unknown): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function withDb<T>(config: Config, fn: (handle: Db) => Promise<T>, mode: 'write' | 'read' = 'write'): Promise<T> {
  const handle = await open(config, mode);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** Runs one command; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Scoring needs no database or configuration: a broken environment must not stop it.
  if (command === 'score') return runScoreCommand(rest, (line) => process.stdout.write(`${line}\n`));
  const seedDefault: SeedMode = command === 'start' ? 'demo' : 'none';
  let config: Config;
  try {
    config = loadConfig(process.env, { seed: seedDefault });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  try {
    return await run(command, rest, config);
  } catch (e) {
    process.stderr.write(`harbour: ${(e as Error).message}\n`);
    return 2;
  }
}

async function run(command: string | undefined, args: string[], config: Config): Promise<number> {
  switch (command) {
    case 'start':
    case 'serve': {
      const handle = await open(config);
      await ensureGazetteer(handle);
      if (config.seed === 'demo') await seedDemo(handle);
      // Loaded here only: every other command starts faster without the web app.
      const { serve } = await import('./serve.ts');
      await serve(config, handle);
      return 0;
    }
    case 'migrate':
      return withDb(config, async () => 0);
    case 'import':
      return importCommand(config, args);
    case 'export':
      return exportCommand(config, args);
    case 'backup': {
      const file = args[0];
      if (!file) throw new Error('usage: harbour backup <file>');
      // Read-only: a backup must not wait for (or take) the write lock.
      await withDb(config, (h) => h.adapter.backup(h.db, file), 'read');
      printLine({ backup: file });
      return 0;
    }
    case 'demo':
      if (args[0] !== 'remove') throw new Error('usage: harbour demo remove');
      printLine({ removed: await withDb(config, removeDemo) });
      return 0;
    case 'gazetteer':
      return gazetteerCommand(config, args);
    case 'feedback':
      return feedbackCommand(config, args);
    case 'admin':
      return withDb(config, (h) => adminCommand(h.db, args, new Date(), printLine));
    case 'keys':
      return withDb(config, (h) =>
        runKeysCommand(args, h, masterKeyOf(config, h.adapter.name), (line) => process.stdout.write(`${line}\n`)),
      );
    case 'members':
      if (args[0] !== 'delete-idle') throw new Error('usage: harbour members delete-idle');
      printLine({ deleted: await withDb(config, (h) => deleteIdleMembers(h, config.memberInactiveDays, new Date())) });
      return 0;
    default:
      process.stderr.write(`${USAGE}\n`);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

async function importCommand(config: Config, args: string[]): Promise<number> {
  const path = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--source');
  const sourceAt = args.indexOf('--source');
  const source = sourceAt >= 0 ? args[sourceAt + 1] : undefined;
  if (!path) throw new Error('usage: harbour import <path> [--source <name>]');
  const summary = await withDb(config, (h) => importSource(h, path, { report: printLine, ...(source ? { source } : {}) }));
  printLine({ summary });
  return summary.rejected > 0 ? 1 : 0;
}

async function exportCommand(config: Config, args: string[]): Promise<number> {
  const path = args.find((a) => !a.startsWith('--'));
  if (!path) throw new Error('usage: harbour export <path> [--include-confidential]');
  const out = createWriteStream(path);
  const count = await withDb(
    config,
    (h) =>
      exportServices(h, out, {
        ndjson: path.endsWith('.ndjson'),
        includeConfidential: args.includes('--include-confidential'),
        timezone: config.timezone,
      }),
    'read',
  );
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  process.stderr.write(`exported ${count} services to ${path}\n`);
  return 0;
}

async function gazetteerCommand(config: Config, args: string[]): Promise<number> {
  if (args[0] !== 'import' || !args[1]) throw new Error('usage: harbour gazetteer import <csv>');
  const file = args[1];
  const { places, problems } = readGazetteer(await readFile(file, 'utf8'), file);
  for (const p of problems) printLine(p);
  await withDb(config, (h) => h.db.transaction().execute((trx) => upsertPlaces(trx, places)));
  printLine({ summary: { imported: places.length, rejected: problems.length } });
  return problems.length > 0 ? 1 : 0;
}

async function feedbackCommand(config: Config, args: string[]): Promise<number> {
  const usage = 'usage: harbour feedback list [--org <organization id>] [--limit <n>]';
  if (args[0] !== 'list') throw new Error(usage);
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const limit = Number(option('--limit') ?? 100);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a whole number above 0. ${usage}`);
  const organizationId = option('--org');
  const reports = await withDb(config, async (h) =>
    readFeedback(h.db, await openKeyring(config, h), { limit, ...(organizationId ? { organizationId } : {}) }),
  );
  for (const report of reports) printLine(report);
  process.stderr.write(`${reports.length} report${reports.length === 1 ? '' : 's'}\n`);
  return 0;
}
