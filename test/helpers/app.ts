import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.ts';
import { ensureGazetteer, seedDemo } from '../../src/directory/seed.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import type { Json } from '../../src/hsds/model.ts';
import { importSource, type ImportSummary } from '../../src/hsds/import/run-import.ts';
import { randomBytes } from 'node:crypto';
import { csrfCookieName, deriveCsrfToken } from '../../src/access/csrf.ts';
import { createTestDb, DIALECT, type TestDb } from './db.ts';

export interface TestApp {
  app: App;
  db: TestDb;
  config: Config;
  /** Every log line the app wrote, parsed. */
  logs: Json[];
  /**
   * Headers of a browser's form post: the form type, its `hb_csrf` cookie (plus `cookie`, when
   * given) and the matching token, as a page's form would carry it.
   */
  form(cookie?: string): Record<string, string>;
  /** The request as a browser's page would send it: a form post gains the CSRF cookie and token. */
  asBrowser<T extends { headers?: Record<string, unknown> }>(request: T): T;
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
    {
      LOG_LEVEL: 'info',
      HARBOUR_KEY_FILE: join(keyDir, 'harbour.key'),
      // PostgreSQL needs the master key given; SQLite would make one in the key file.
      ...(DIALECT === 'postgres' ? { HARBOUR_MASTER_KEY: randomBytes(32).toString('base64') } : {}),
      ...options.env,
    },
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
  const browserCookie = 'test-browser';
  const form = (cookie?: string): Record<string, string> => ({
    'content-type': 'application/x-www-form-urlencoded',
    cookie: `${csrfCookieName(config)}=${browserCookie}${cookie ? `; ${cookie}` : ''}`,
    'x-csrf-token': deriveCsrfToken(app.services.csrfKey, 'browser', browserCookie),
  });
  return {
    app,
    db,
    config,
    logs,
    asBrowser: (request) => {
      const type = String(request.headers?.['content-type'] ?? '');
      if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return request;
      const cookie = request.headers?.cookie;
      return {
        ...request,
        headers: { ...request.headers, ...form(typeof cookie === 'string' ? cookie : undefined), 'content-type': type },
      };
    },
    form: (cookie) => form(cookie),
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
