// The server as a process: `harbour start` / `harbour serve` on a free port, talked to over real
// TCP, stopped with real signals. Each test runs against the suite's database (a SQLite file or a
// PostgreSQL schema named in the child's DATABASE_URL), and checks through its own connection that
// the child wrote where it was told to.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../src/db/connection.ts';
import type { Json } from '../src/hsds/model.ts';
import { importRecords } from './helpers/app.ts';
import { createTestDb, type TestDb } from './helpers/db.ts';
import { makeService, weekly } from './helpers/factories.ts';
import { childEnv, exitWithin, ROOT, startHarbour, tryConnect, type ServerProcess } from './fixtures/cli/processes.ts';

const DEMO = JSON.parse(readFileSync(new URL('../seed/demo/tshwane-demo.json', import.meta.url), 'utf8')) as Json[];
const DEMO_SERVICES = DEMO.filter((r) => Array.isArray(r.service_at_locations) || 'organization' in r).length;

async function count(db: TestDb, table: 'service' | 'organization', demoOnly = false): Promise<number> {
  let q = db.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (demoOnly) q = q.where('is_demo', '=', 1);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

async function page(server: ServerProcess, path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`${server.base}${path}`, { signal: AbortSignal.timeout(30_000) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The process's log lines at error level or worse (pino: 50+). */
function errorLogs(server: ServerProcess): string[] {
  return server
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .filter((l) => ((JSON.parse(l) as { level?: number }).level ?? 0) >= 50);
}

/** Reads a response to its end. */
async function readAll(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(res, 'end');
  res.resume();
  await ended;
  return Buffer.concat(chunks).toString('utf8');
}

const TIMEOUT = { timeout: 240_000 };

describe('harbour server processes', { concurrency: true }, () => {
  describe('start on an empty database', { concurrency: false, ...TIMEOUT }, () => {
    let db: TestDb;
    let server: ServerProcess;
    before(async () => {
      db = await createTestDb();
      server = await startHarbour('start', { DATABASE_URL: db.url, ...db.env, LOG_LEVEL: 'info' });
    }, TIMEOUT);
    after(async () => {
      server?.kill();
      await db?.destroy();
    });

    test('seeds the demo data and serves the search page with the demo banner on /', async () => {
      assert.ok(DEMO_SERVICES >= 60);
      assert.equal(await count(db, 'service'), DEMO_SERVICES, "the demo went into the URL's database");
      assert.equal(await count(db, 'service', true), DEMO_SERVICES);
      const home = await page(server, '/');
      assert.equal(home.status, 200);
      assert.match(home.type, /^text\/html/);
      assert.match(home.body, /data-demo-banner/);
      assert.match(home.body, /<form[^>]*method="post"/i, 'a search form that works without JavaScript');
      const places = await page(server, '/api/v1/places?q=sunnyside');
      assert.equal(places.status, 200);
      assert.ok((JSON.parse(places.body) as { contents: unknown[] }).contents.length > 0, 'the gazetteer is loaded');
    });

    test('/healthz and /readyz answer 200', async () => {
      const health = await page(server, '/healthz');
      assert.equal(health.status, 200);
      const ready = await page(server, '/readyz');
      assert.equal(ready.status, 200, ready.body);
      // The server builds its near index when it starts listening, before any search asks.
      let status = (JSON.parse(ready.body) as { near_index: string }).near_index;
      for (let i = 0; i < 50 && status === 'building'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (JSON.parse((await page(server, '/readyz')).body) as { near_index: string }).near_index;
      }
      assert.equal(status, 'ready');
    });

    test('SIGTERM: stops accepting, finishes what is in flight, then closes the database and exits 0', async () => {
      const list = await page(server, '/hsds/service_at_locations?per_page=1');
      const total = (JSON.parse(list.body) as { total_items: number }).total_items;
      assert.ok(total > DEMO_SERVICES / 2);

      // 1. A large NDJSON stream on its own connection, left unread after the headers.
      const stream = http.get({
        host: '127.0.0.1',
        port: server.port,
        path: '/hsds/service_at_locations?format=ndjson&full=true',
        agent: false,
      });
      const [streamRes] = (await once(stream, 'response')) as [http.IncomingMessage];
      streamRes.pause();
      assert.equal(streamRes.statusCode, 200);

      // 2. A search whose headers the server has read (it answered 100 Continue) but whose body
      // has not been sent: certainly in flight when the signal arrives, and it needs the database
      // after the signal.
      const body = JSON.stringify({ lat: -25.7536, lng: 28.2057, radius_km: 20 });
      const search = http.request({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/api/v1/search',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
      });
      search.flushHeaders();
      await once(search, 'continue');

      let exited: unknown = false;
      void server.exited.then((info) => (exited = info));
      server.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal(await tryConnect(server.port), 'ECONNREFUSED', 'no new connections once stopping');
      assert.equal(exited, false, `the process waits for the request in flight\n${server.stderr()}`);

      search.end(body);
      const [searchRes] = (await once(search, 'response')) as [http.IncomingMessage];
      const searchText = await readAll(searchRes);
      assert.equal(searchRes.statusCode, 200, searchText);
      const found = JSON.parse(searchText) as { contents: { service_id: string }[] };
      assert.ok(found.contents.length > 0, 'the search ran against an open database');

      const lines = (await readAll(streamRes)).split('\n').filter(Boolean);
      assert.equal(streamRes.complete, true, 'the stream was not cut off');
      assert.equal(lines.length, total);
      for (const line of lines) assert.ok(typeof (JSON.parse(line) as Json).id === 'string');

      const exit = await exitWithin(server, 20_000);
      assert.deepEqual(exit, { code: 0, signal: null }, server.stderr());
      assert.deepEqual(errorLogs(server), []);
      assert.ok(server.stdout().includes('"signal":"SIGTERM"'), 'the stop is logged');
      assert.equal(await tryConnect(server.port), 'ECONNREFUSED');
    });
  });

  describe('serve on an empty database', { concurrency: false, ...TIMEOUT }, () => {
    let db: TestDb;
    let server: ServerProcess;
    before(async () => {
      db = await createTestDb();
      server = await startHarbour('serve', { DATABASE_URL: db.url, ...db.env });
    }, TIMEOUT);
    after(async () => {
      server?.kill();
      await db?.destroy();
    });

    test('does not seed the demo data; / has no demo banner; SIGTERM exits 0', async () => {
      const home = await page(server, '/');
      assert.equal(home.status, 200);
      assert.doesNotMatch(home.body, /data-demo-banner/);
      assert.equal(await count(db, 'service'), 0);
      assert.equal(await count(db, 'organization'), 0);
      server.child.kill('SIGTERM');
      assert.deepEqual(await exitWithin(server, 20_000), { code: 0, signal: null }, server.stderr());
    });
  });

  describe('start (HARBOUR_SEED=demo) on a database that holds other data', { concurrency: false, ...TIMEOUT }, () => {
    let db: TestDb;
    let server: ServerProcess;
    const real = makeService({
      name: 'A real clinic',
      terms: ['hiv_testing'],
      schedules: [weekly('MO,TU,WE,TH,FR', '08:00', '16:00')],
      sites: [{ lat: -25.7536, lng: 28.2057 }],
    });
    before(async () => {
      db = await createTestDb();
      const summary = await importRecords(db, [real]);
      assert.equal(summary.imported, 1);
      server = await startHarbour('start', { DATABASE_URL: db.url, ...db.env, HARBOUR_SEED: 'demo' });
    }, TIMEOUT);
    after(async () => {
      server?.kill();
      await db?.destroy();
    });

    test('never seeds the demo into it', async () => {
      assert.equal(await count(db, 'service'), 1);
      assert.equal(await count(db, 'service', true), 0);
      assert.equal(await count(db, 'organization', true), 0);
      const home = await page(server, '/');
      assert.equal(home.status, 200);
      assert.doesNotMatch(home.body, /data-demo-banner/);
      const listing = await page(server, `/services/${String(real.id)}`);
      assert.equal(listing.status, 200);
      assert.match(listing.body, /A real clinic/);
      server.child.kill('SIGTERM');
      assert.deepEqual(await exitWithin(server, 20_000), { code: 0, signal: null }, server.stderr());
    });
  });

  describe('durability', { concurrency: false, ...TIMEOUT }, () => {
    let db: TestDb;
    let dir: string;
    before(async () => {
      db = await createTestDb();
      dir = mkdtempSync(join(tmpdir(), 'harbour-durable-'));
    });
    after(async () => {
      await db?.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    test('an acknowledged import survives kill -9', async () => {
      const records = Array.from({ length: 40 }, (_, i) =>
        makeService({ name: `Durable service ${i}`, terms: ['free'], sites: [{ lat: -25.7 - i / 1000, lng: 28.2 + i / 1000 }] }),
      );
      const file = join(dir, 'records.json');
      writeFileSync(file, JSON.stringify(records));
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/cli/import-and-wait.ts', db.url, file], {
        cwd: ROOT,
        env: childEnv({}),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      const committed = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no "committed" within 120 s:\n${stderr}`)), 120_000);
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          if (out.includes('\n') && out.startsWith('committed')) {
            clearTimeout(timer);
            // Killed the moment the write is acknowledged: no chance to flush or close anything.
            child.kill('SIGKILL');
            resolve(out);
          }
        });
        void exited.then(([code, signal]) => {
          clearTimeout(timer);
          reject(new Error(`the child exited by itself (${code}, ${signal}):\n${stderr}`));
        });
      });
      assert.deepEqual(await exited, [null, 'SIGKILL']);
      assert.match(committed, /"imported":40,"rejected":0/);

      const reopened = openDatabase(db.url);
      try {
        const ids = records.map((r) => String(r.id));
        const services = await reopened.db.selectFrom('service').select('id').where('id', 'in', ids).execute();
        assert.equal(services.length, ids.length, 'every acknowledged service is there');
        const sals = await reopened.db.selectFrom('service_at_location').select('id').where('service_id', 'in', ids).execute();
        assert.equal(sals.length, ids.length);
        const items = await reopened.db.selectFrom('search_item').select('rid').where('service_id', 'in', ids).execute();
        assert.equal(items.length, ids.length, 'and so is its search index');
      } finally {
        await reopened.close();
      }
    });
  });
});
