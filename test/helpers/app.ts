import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.ts';
import { ensureGazetteer, seedDemo } from '../../src/directory/seed.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import type { Json } from '../../src/hsds/model.ts';
import { importSource, type ImportSummary } from '../../src/hsds/import/run-import.ts';
import { createTestDb, type TestDb } from './db.ts';

export interface TestApp {
  app: App;
  db: TestDb;
  config: Config;
  /** Every log line the app wrote, parsed. */
  logs: Json[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  demo?: boolean;
  gazetteer?: boolean;
  now?: Date;
  /** A clock the test moves (overrides `now`). */
  clock?: () => Date;
  env?: Record<string, string>;
}

/** A real app on a real, fresh database, for `app.inject()`. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDb();
  // Each app seals with its own key, in a folder removed on close.
  const keyDir = mkdtempSync(join(tmpdir(), 'harbour-key-'));
  const config = loadConfig(
    { LOG_LEVEL: 'info', HARBOUR_KEY_FILE: join(keyDir, 'harbour.key'), ...options.env },
    { seed: 'none' },
  );
  if (options.gazetteer ?? true) await ensureGazetteer(db);
  if (options.demo) await seedDemo(db);
  const logs: Json[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Json);
      done();
    },
  });
  const fixed = options.now;
  const clock = options.clock ?? (() => fixed ?? new Date());
  const app = await buildApp({ config, handle: db, now: clock }, { logStream });
  await app.ready();
  return {
    app,
    db,
    config,
    logs,
    close: async () => {
      await app.close();
      await db.destroy();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}

/** Imports HSDS records through the real import path (a temporary JSON file). */
export async function importRecords(
  db: TestDb,
  records: Json[],
  report: (line: Json) => void = () => {},
): Promise<ImportSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'harbour-import-'));
  try {
    const file = join(dir, 'records.json');
    writeFileSync(file, JSON.stringify(records));
    return await importSource(db, file, { report });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
