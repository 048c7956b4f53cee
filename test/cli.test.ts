// The `harbour` command as a person runs it: a child process per command (node bin/harbour.mjs),
// configured only through the environment, against the suite's database (a SQLite file, or a
// PostgreSQL schema reached through the `options` search_path in the URL). Spawns are slow, so each
// group of tests shares one database and independent groups run concurrently.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { Keyring } from '../src/keys/keyring.ts';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../src/db/connection.ts';
import { seedDemo } from '../src/directory/seed.ts';
import { recordFeedback } from '../src/feedback/service.ts';
import { HARBOUR_TAXONOMIES } from '../src/directory/taxonomies.ts';
import { buildApp } from '../src/http/app.ts';
import type { Json } from '../src/hsds/model.ts';
import { countRows, createTestDb, DIALECT, onAdmin, schemaUrl, type TestDb } from './helpers/db.ts';
import { importRecords } from './helpers/app.ts';
import { makeService, weekly } from './helpers/factories.ts';
import { jsonLines, runHarbour, type RunResult } from './fixtures/cli/processes.ts';

const COUNTED = ['organization', 'service', 'location', 'service_at_location', 'search_item'] as const;
type Counts = Record<(typeof COUNTED)[number], number>;
const countTables = (db: TestDb): Promise<Counts> => countRows(db, COUNTED);

/** The same object with its keys in reverse order: the exporter must not echo the input's order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

/** Property order of a vendored HSDS 3.0 schema (independent of the exporter's own field table). */
function schemaOrder(type: string): string[] {
  const schema = JSON.parse(readFileSync(new URL(`../src/hsds/schema-3.0/${type}.json`, import.meta.url), 'utf8')) as {
    properties: Record<string, unknown>;
  };
  return Object.keys(schema.properties);
}

/** Asserts the object's schema-defined keys come in the schema's order. */
function assertSchemaKeyOrder(obj: Json, type: string, where: string): void {
  const order = schemaOrder(type);
  const positions = Object.keys(obj)
    .filter((k) => order.includes(k))
    .map((k) => order.indexOf(k));
  assert.ok(positions.length > 1, `${where}: expected several ${type} fields`);
  assert.deepEqual(
    positions,
    [...positions].sort((a, b) => a - b),
    `${where}: keys out of schema order: ${Object.keys(obj).join(', ')}`,
  );
}

/**
 * Checks the output contract of `import` and returns the summary: one JSON object per line, each
 * a rejection `{path, reason}`, a warning `{path, warning}` or, last, the summary.
 */
function importOutput(run: RunResult): { summary: { imported: number; rejected: number; warnings: number }; rejected: Json[] } {
  const lines = jsonLines(run.stdout);
  const last = lines.at(-1);
  assert.ok(last && Object.keys(last).join() === 'summary', `the run ends with a summary line:\n${run.stdout}`);
  const body = lines.slice(0, -1);
  for (const line of body) {
    const keys = Object.keys(line).sort().join();
    assert.ok(keys === 'path,reason' || keys === 'path,warning', `unexpected line ${JSON.stringify(line)}`);
  }
  const summary = last.summary as { imported: number; rejected: number; warnings: number };
  const rejected = body.filter((l) => 'reason' in l);
  assert.equal(rejected.length, summary.rejected, 'one line per rejected record');
  assert.equal(body.length - rejected.length, summary.warnings, 'one line per warning');
  return { summary, rejected };
}

function isSorted(ids: string[]): boolean {
  return ids.every((id, i) => i === 0 || ids[i - 1]! < id);
}

/** The test schema named in a PostgreSQL test URL (`options=-c search_path=<schema>,public`). */
function schemaOf(url: string): string {
  const options = decodeURIComponent(/[?&]options=([^&]+)/.exec(url)?.[1] ?? '');
  const schema = /search_path=([^,\s]+)/.exec(options)?.[1];
  assert.ok(schema, `no schema in ${url}`);
  return schema;
}

const SECRET_ADDRESS = '41 Kudu Hideaway Road';
const SECRET_POINT = { lat: -25.71234, lng: 28.23456 };
const PUBLIC_ADDRESS = '12 Church Square';

describe('harbour CLI', { concurrency: true }, () => {
  describe('import, export, backup and gazetteer import on one database', { concurrency: false }, () => {
    let db: TestDb;
    let dir: string;
    let env: Record<string, string>;
    const orgId = randomUUID();
    const services: Json[] = [
      makeService({
        name: 'Church Square clinic',
        organization: { id: orgId, name: 'Square Health', description: 'Clinics.' },
        terms: ['hiv_testing', 'free'],
        schedules: [weekly('MO,TU,WE,TH,FR', '08:00', '16:00')],
        sites: [{ lat: -25.7461, lng: 28.1881, address: { address_1: PUBLIC_ADDRESS } }],
      }),
      makeService({
        name: 'Square Health outreach van',
        organization: { id: orgId, name: 'Square Health', description: 'Clinics.' },
        terms: ['needle_syringe_programme', 'harm_reduction'],
        schedules: [weekly('FR', '22:00', '04:00')],
        sites: [
          { lat: -25.7536, lng: 28.2057 },
          { lat: -25.7322, lng: 28.1611 },
        ],
      }),
      makeService({
        name: 'Kudu safe house',
        terms: ['shelter', 'free'],
        sites: [{ ...SECRET_POINT, confidential: true, address: { address_1: SECRET_ADDRESS } }],
      }),
      makeService({ name: 'Night crisis line', terms: ['crisis_line'], phone: '+27 00 000 0001' }),
    ];
    // Written in descending id order with every object's keys reversed.
    const input = [...services].sort((a, b) => (String(a.id) < String(b.id) ? 1 : -1)).map(reverseKeys);

    before(async () => {
      db = await createTestDb();
      dir = mkdtempSync(join(tmpdir(), 'harbour-cli-'));
      env = { DATABASE_URL: db.url, ...db.env };
      writeFileSync(join(dir, 'good.json'), JSON.stringify(input));
    });
    after(async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    let afterFirst: Counts;

    test('import <path>: every record stored, exit 0, a summary line ends the run', async () => {
      const run = await runHarbour(['import', join(dir, 'good.json')], env);
      assert.equal(run.code, 0, run.stderr);
      const { summary } = importOutput(run);
      assert.equal(summary.imported, 4);
      assert.equal(summary.rejected, 0);
      afterFirst = await countTables(db);
      // 4 services of 3 organisations, 4 sites (the crisis line has none); the index: 4 SALs + 1 remote item.
      assert.deepEqual(afterFirst, { organization: 3, service: 4, location: 4, service_at_location: 4, search_item: 5 });
    });

    test('import is idempotent: the same file again adds nothing', async () => {
      const run = await runHarbour(['import', join(dir, 'good.json')], env);
      assert.equal(run.code, 0, run.stderr);
      const { summary } = importOutput(run);
      assert.equal(summary.imported, 4);
      assert.equal(summary.rejected, 0);
      assert.deepEqual(await countTables(db), afterFirst);
    });

    test('import with one bad record: exit 1, one {path, reason} line for it, the rest imported', async () => {
      const good1 = makeService({ name: 'Added later one', sites: [{ lat: -25.76, lng: 28.23 }] });
      const bad = makeService({ name: 'Bad status', status: 'sometimes', sites: [{ lat: -25.77, lng: 28.24 }] });
      const good2 = makeService({ name: 'Added later two', sites: [{ lat: -25.78, lng: 28.25 }] });
      writeFileSync(join(dir, 'mixed.json'), JSON.stringify([good1, bad, good2]));
      const run = await runHarbour(['import', join(dir, 'mixed.json')], env);
      assert.equal(run.code, 1, run.stderr);
      const { summary, rejected } = importOutput(run);
      assert.equal(rejected.length, 1, run.stdout);
      assert.match(String(rejected[0]!.path), /^\$\[1\]/);
      assert.match(String(rejected[0]!.reason), /status|one of/);
      assert.equal(summary.imported, 2);
      assert.equal(summary.rejected, 1);
      const stored = await db.db
        .selectFrom('service')
        .select('id')
        .where('id', 'in', [String(good1.id), String(bad.id), String(good2.id)])
        .execute();
      assert.deepEqual(stored.map((r) => r.id).sort(), [String(good1.id), String(good2.id)].sort());
      const counts = await countTables(db);
      assert.equal(counts.service, afterFirst.service + 2);
      assert.equal(counts.service_at_location, afterFirst.service_at_location + 2);
      afterFirst = counts;
    });

    test('import: a missing file or a file that is not JSON is fatal (exit 2) and writes nothing', async () => {
      writeFileSync(join(dir, 'broken.json'), '[{"id": "x", "name": ');
      const [missing, broken] = await Promise.all([
        runHarbour(['import', join(dir, 'no-such-file.json')], env),
        runHarbour(['import', join(dir, 'broken.json')], env),
      ]);
      for (const run of [missing, broken]) {
        assert.equal(run.code, 2, `${run.stdout}\n${run.stderr}`);
        assert.match(run.stderr, /\S/, 'a fatal error says what went wrong');
        assert.equal(jsonLines(run.stdout).filter((l) => 'summary' in l).length, 0, 'no summary after a fatal error');
      }
      assert.match(missing.stderr, /no-such-file\.json/);
      assert.deepEqual(await countTables(db), afterFirst);
    });

    test('export: sorted by id within each kind, schema key order, the same bytes twice; .ndjson holds the same records', async () => {
      const [a, b, nd] = await Promise.all([
        runHarbour(['export', join(dir, 'a.json')], env),
        runHarbour(['export', join(dir, 'b.json')], env),
        runHarbour(['export', join(dir, 'all.ndjson')], env),
      ]);
      for (const run of [a, b, nd]) assert.equal(run.code, 0, run.stderr);
      const bytesA = readFileSync(join(dir, 'a.json'));
      assert.ok(bytesA.equals(readFileSync(join(dir, 'b.json'))), 'two exports of the same data differ');

      const records = JSON.parse(bytesA.toString('utf8')) as Json[];
      const serviceIds = new Set((await db.db.selectFrom('service').select('id').execute()).map((r) => r.id));
      const taxonomyIds = new Set(HARBOUR_TAXONOMIES.map((t) => t.id));
      const termIds = new Set(HARBOUR_TAXONOMIES.flatMap((t) => t.terms.map((term) => term.id)));
      const kindOf = (r: Json): string => {
        const id = String(r.id);
        if (serviceIds.has(id)) return 'service';
        if (taxonomyIds.has(id)) return 'taxonomy';
        if (termIds.has(id)) return 'taxonomy_term';
        return 'unexpected';
      };
      const kinds = records.map(kindOf);
      assert.ok(
        !kinds.includes('unexpected'),
        `records of no expected kind: ${JSON.stringify(records.filter((r) => kindOf(r) === 'unexpected'))}`,
      );
      assert.equal(kinds.filter((k) => k === 'service').length, serviceIds.size);
      assert.equal(kinds.filter((k) => k === 'taxonomy_term').length, termIds.size);
      // Kinds come in blocks (services first), each block sorted by id.
      const blocks = kinds.filter((k, i) => i === 0 || kinds[i - 1] !== k);
      assert.deepEqual(blocks, ['service', 'taxonomy', 'taxonomy_term']);
      for (const kind of blocks) {
        const ids = records.filter((r) => kindOf(r) === kind).map((r) => String(r.id));
        assert.ok(isSorted(ids), `${kind} records are not sorted by id`);
      }

      for (const s of records.filter((r) => kindOf(r) === 'service')) {
        assert.equal(Object.keys(s)[0], 'id');
        assertSchemaKeyOrder(s, 'service', `service ${String(s.id)}`);
        for (const sal of (s.service_at_locations as Json[] | undefined) ?? []) {
          assertSchemaKeyOrder(sal.location as Json, 'location', `location of ${String(s.id)}`);
        }
        const salIds = ((s.service_at_locations as Json[] | undefined) ?? []).map((x) => String(x.id));
        assert.ok(isSorted(salIds), 'nested service_at_locations are sorted by id');
      }

      const ndjson = readFileSync(join(dir, 'all.ndjson'), 'utf8');
      assert.ok(ndjson.endsWith('\n') && !ndjson.trimStart().startsWith('['));
      const ndRecords = ndjson
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Json);
      assert.deepEqual(ndRecords, records);
      assert.equal(ndjson, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    });

    test("export leaves a confidential location's address out unless --include-confidential", async () => {
      // a.json is the plain export written by the test above.
      const full = await runHarbour(['export', join(dir, 'private.json'), '--include-confidential'], env);
      assert.equal(full.code, 0, full.stderr);
      const publicText = readFileSync(join(dir, 'a.json'), 'utf8');
      const privateText = readFileSync(join(dir, 'private.json'), 'utf8');
      assert.ok(publicText.includes(PUBLIC_ADDRESS), 'an ordinary address is exported');
      assert.ok(publicText.includes('Kudu safe house'), 'the confidential service itself is exported');
      for (const secret of [SECRET_ADDRESS, String(SECRET_POINT.lat), String(SECRET_POINT.lng)]) {
        assert.ok(!publicText.includes(secret), `public export leaks ${secret}`);
      }
      const ndjsonText = readFileSync(join(dir, 'all.ndjson'), 'utf8');
      assert.ok(!ndjsonText.includes(SECRET_ADDRESS) && !ndjsonText.includes(String(SECRET_POINT.lat)), 'NDJSON export leaks');
      assert.ok(privateText.includes(SECRET_ADDRESS), '--include-confidential keeps the address');
      assert.ok(privateText.includes(String(SECRET_POINT.lat)), '--include-confidential keeps the coordinates');
    });

    test('backup <file>: a consistent copy while the database is open and being read', async () => {
      // Fresh writes from this process, possibly still only in SQLite's write-ahead log.
      const extra = makeService({ name: 'Written just before the backup', sites: [{ lat: -25.79, lng: 28.26 }] });
      await importRecords(db, [extra]);
      const source = await countTables(db);
      const file = join(dir, DIALECT === 'postgres' ? 'backup.dump' : 'backup.db');
      let reading = true;
      let reads = 0;
      const reader = (async () => {
        while (reading) {
          await db.db.selectFrom('service').select('id').where('name', 'like', '%').execute();
          reads++;
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      let run: RunResult;
      try {
        run = await runHarbour(['backup', file], env);
        // pg_dump copies the whole test database; another test file dropping its schema in the
        // middle can make it fail once. A real failure fails again.
        if (DIALECT === 'postgres' && run.code !== 0 && /does not exist|could not obtain lock|cache lookup/.test(run.stderr)) {
          run = await runHarbour(['backup', file], env);
        }
      } finally {
        reading = false;
        await reader;
      }
      assert.equal(run.code, 0, run.stderr);
      assert.ok(reads > 0);
      assert.ok(existsSync(file) && statSync(file).size > 0, 'the backup file is written');
      if (DIALECT === 'sqlite') {
        const copy = new BetterSqlite3(file, { readonly: true });
        try {
          assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
          const count = (table: string): number => (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
          assert.equal(count('service'), source.service);
          assert.equal(count('service_at_location'), source.service_at_location);
          assert.equal(count('search_item'), source.search_item);
          assert.ok(copy.prepare('SELECT 1 FROM service WHERE id = ?').get(String(extra.id)), 'the latest write is in the copy');
        } finally {
          copy.close();
        }
      } else {
        const schema = schemaOf(db.url);
        assert.equal(readFileSync(file).subarray(0, 5).toString('latin1'), 'PGDMP', 'a pg_dump custom-format archive');
        const data = execFileSync('pg_restore', ['--data-only', `--schema=${schema}`, '--table=service', '--file=-', file], {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        const copyAt = data.indexOf(`COPY ${schema}.service `);
        assert.ok(copyAt >= 0, 'the dump holds the test schema’s service table');
        const rows = data
          .slice(data.indexOf('\n', copyAt) + 1, data.indexOf('\n\\.', copyAt) + 1)
          .split('\n')
          .filter(Boolean);
        assert.equal(rows.length, source.service);
        assert.ok(data.includes(String(extra.id)), 'the latest write is in the dump');
      }
    });

    test("gazetteer import <csv>: bad rows are reported (exit 1), the city's other places are loaded and found", async () => {
      writeFileSync(
        join(dir, 'cape-town.csv'),
        [
          'name,aliases,kind,lat,lng,source',
          'Bo-Kaap,Malay Quarter,suburb,-33.9205,18.4155,approximate',
          'Sea Point,,suburb,north,18.3800,approximate',
          'Khayelitsha,Site C|Ekhaya,township,-34.0401,18.6777,approximate',
          'Table Mountain Cableway,,volcano,-33.9487,18.4032,approximate',
          'Bellville Taxi Rank,Bellville Rank,taxi_rank,-33.9023,18.6290,approximate',
        ].join('\n') + '\n',
      );
      const versionBefore = await db.adapter.dataVersion(db.db);
      const run = await runHarbour(['gazetteer', 'import', join(dir, 'cape-town.csv')], env);
      assert.equal(run.code, 1, run.stderr);
      assert.notEqual(await db.adapter.dataVersion(db.db), versionBefore, 'cached searches near a place are dropped');
      const lines = jsonLines(run.stdout);
      const problems = lines.slice(0, -1);
      assert.deepEqual(
        problems.map((p) => Object.keys(p).sort().join()),
        ['path,reason', 'path,reason'],
      );
      assert.deepEqual(
        problems.map((p) => p.path),
        ['cape-town.csv:row 2', 'cape-town.csv:row 4'],
      );
      assert.match(String(problems[0]!.reason), /lat/);
      assert.match(String(problems[1]!.reason), /kind/);
      assert.deepEqual(lines.at(-1), { summary: { imported: 3, rejected: 2 } });

      const config = loadConfig({ LOG_LEVEL: 'silent', ...db.env }, { seed: 'none' });
      const sink = new Writable({ write: (_c, _e, done) => done() });
      const app = await buildApp({ config, handle: db, now: () => new Date() }, { logStream: sink });
      try {
        const places = async (q: string): Promise<{ name: string; kind: string; lat: number; lng: number }[]> => {
          const res = await app.inject({ method: 'GET', url: `/api/v1/places?q=${encodeURIComponent(q)}` });
          assert.equal(res.statusCode, 200, res.body);
          return res.json<{ contents: { name: string; kind: string; lat: number; lng: number }[] }>().contents;
        };
        const [khayelitsha] = await places('khayelitsha');
        assert.deepEqual(
          khayelitsha && { name: khayelitsha.name, kind: khayelitsha.kind, lat: khayelitsha.lat, lng: khayelitsha.lng },
          { name: 'Khayelitsha', kind: 'township', lat: -34.0401, lng: 18.6777 },
        );
        assert.equal((await places('Malay Quarter'))[0]?.name, 'Bo-Kaap', 'aliases are searched');
        assert.equal((await places('Belville rank'))[0]?.name, 'Bellville Taxi Rank', 'a misspelling is tolerated');
        assert.deepEqual(await places('Sea Point'), [], 'a rejected row is not loaded');
        assert.deepEqual(await places('Table Mountain'), []);
      } finally {
        await app.close();
      }
    });
  });

  describe('demo remove', { concurrency: false }, () => {
    let db: TestDb;
    let dir: string;
    const mine = makeService({
      name: 'Real listing kept',
      terms: ['hiv_testing'],
      sites: [{ lat: -25.7536, lng: 28.2057 }],
    });
    before(async () => {
      db = await createTestDb();
      dir = mkdtempSync(join(tmpdir(), 'harbour-cli-demo-'));
      const seeded = await seedDemo(db);
      assert.ok(seeded && seeded.imported > 0 && seeded.rejected === 0, JSON.stringify(seeded));
      // Real data next to the demo: not what `start` would do, but what a deployment that
      // began with the demo looks like before it is cleaned up.
      await importRecords(db, [mine]);
    });
    after(async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    test('removes every demonstration record and leaves other data alone', async () => {
      const demoServices = (await db.db.selectFrom('service').select('id').where('is_demo', '=', 1).execute()).length;
      assert.ok(demoServices >= 60, `demo services: ${demoServices}`);
      const before = await countTables(db);
      const mineBefore = await db.db
        .selectFrom('service')
        .select('doc')
        .where('id', '=', String(mine.id))
        .executeTakeFirstOrThrow();
      const termsBefore = await db.db
        .selectFrom('taxonomy_term')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();

      const run = await runHarbour(['demo', 'remove'], { DATABASE_URL: db.url, ...db.env });
      assert.equal(run.code, 0, run.stderr);
      const removed = jsonLines(run.stdout).at(-1)?.removed as { services: number } | undefined;
      assert.equal(removed?.services, demoServices);

      const after = await countTables(db);
      assert.deepEqual(after, { organization: 1, service: 1, location: 1, service_at_location: 1, search_item: 1 });
      assert.ok(before.service > after.service);
      assert.equal((await db.db.selectFrom('service').select('id').where('is_demo', '=', 1).execute()).length, 0);
      assert.equal((await db.db.selectFrom('organization').select('id').where('is_demo', '=', 1).execute()).length, 0);
      const kept = await db.db.selectFrom('service').select('doc').where('id', '=', String(mine.id)).executeTakeFirstOrThrow();
      assert.equal(kept.doc, mineBefore.doc, 'the real listing is untouched');
      const item = await db.db.selectFrom('search_item').select('service_id').executeTakeFirstOrThrow();
      assert.equal(item.service_id, String(mine.id), 'the search index keeps only the real listing');
      const termsAfter = await db.db
        .selectFrom('taxonomy_term')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(termsAfter.n), Number(termsBefore.n), 'the taxonomies stay');
    });
  });

  describe('feedback list', { concurrency: false }, () => {
    let db: TestDb;
    let dir: string;
    const first = makeService({ name: 'Clinic with wrong hours', terms: ['hiv_testing'], sites: [{ lat: -25.75, lng: 28.2 }] });
    const second = makeService({ name: 'Another listing', terms: ['hiv_testing'], sites: [{ lat: -25.76, lng: 28.21 }] });
    before(async () => {
      db = await createTestDb();
      dir = mkdtempSync(join(tmpdir(), 'harbour-cli-feedback-'));
      await importRecords(db, [first, second]);
    });
    after(async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    test("prints each report with its detail opened, newest first; --org keeps one organisation's; bad options exit 2", async () => {
      const master = randomBytes(32);
      const key = await Keyring.open(db.db, master);
      await recordFeedback(
        db.db,
        key,
        String(first.id),
        { kind: 'wrong_hours', detail: 'Closes at 14:00 now' },
        new Date('2026-11-26T08:00:00Z'),
      );
      await recordFeedback(db.db, key, String(second.id), { kind: 'closed' }, new Date('2026-11-26T09:00:00Z'));
      const env = { ...db.env, DATABASE_URL: db.url, HARBOUR_MASTER_KEY: master.toString('base64') };

      const all = await runHarbour(['feedback', 'list'], env);
      assert.equal(all.code, 0, all.stderr);
      const lines = jsonLines(all.stdout);
      assert.deepEqual(
        lines.map((l) => [l.service_name, l.kind, l.detail]),
        [
          ['Another listing', 'closed', null],
          ['Clinic with wrong hours', 'wrong_hours', 'Closes at 14:00 now'],
        ],
      );
      const org = String((first.organization as { id: string }).id);
      const mine = await runHarbour(['feedback', 'list', '--org', org, '--limit', '5'], env);
      assert.deepEqual(
        jsonLines(mine.stdout).map((l) => l.organization_id),
        [org],
      );
      assert.equal((await runHarbour(['feedback', 'list', '--limit', '0'], env)).code, 2);
      assert.equal((await runHarbour(['feedback'], env)).code, 2);
    });
  });

  describe('migrate', { concurrency: false }, () => {
    // A database the CLI has never seen: a new SQLite file, or a new empty PostgreSQL schema.
    let url: string;
    let cleanup: () => Promise<void>;
    before(async () => {
      if (DIALECT === 'postgres') {
        const base = process.env.DATABASE_URL!;
        const schema = `test_${process.pid}_fresh_${randomUUID().slice(0, 8)}`;
        await onAdmin(base, `CREATE SCHEMA "${schema}"`);
        url = schemaUrl(base, schema);
        cleanup = () => onAdmin(base, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'harbour-cli-migrate-'));
        url = `sqlite:${join(dir, 'nested', 'fresh.db')}`;
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      }
    });
    after(async () => cleanup());

    test('migrate on a fresh database, then again: both exit 0, the schema is there once', async () => {
      const first = await runHarbour(['migrate'], { DATABASE_URL: url });
      assert.equal(first.code, 0, first.stderr);
      const second = await runHarbour(['migrate'], { DATABASE_URL: url });
      assert.equal(second.code, 0, second.stderr);
      const handle = openDatabase(url);
      try {
        const migrations = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(handle.db);
        assert.deepEqual(
          migrations.rows.map((r) => r.name),
          [...new Set(migrations.rows.map((r) => r.name))],
        );
        assert.ok(migrations.rows.length >= 1);
        const services = await handle.db.selectFrom('service').select('id').execute();
        assert.deepEqual(services, []);
        const terms = await handle.db.selectFrom('taxonomy_term').select('id').execute();
        assert.equal(terms.length, HARBOUR_TAXONOMIES.flatMap((t) => t.terms).length, "Harbour's taxonomies are written");
        if (DIALECT === 'postgres') {
          // The tables were made in the URL's schema, not in public.
          const where = await sql<{ schema: string }>`SELECT table_schema AS schema FROM information_schema.tables
            WHERE table_name = 'service'`.execute(handle.db);
          assert.ok(where.rows.some((r) => r.schema === schemaOf(url)));
          assert.ok(!where.rows.some((r) => r.schema === 'public'));
        }
      } finally {
        await handle.close();
      }
    });
  });

  describe('usage and configuration errors', { concurrency: false }, () => {
    test('npm start runs `harbour start` (the command that seeds the demo into an empty database)', () => {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
        scripts: Record<string, string>;
        bin: Record<string, string>;
      };
      assert.equal(pkg.bin.harbour, 'bin/harbour.mjs');
      const command = /^node bin\/harbour\.mjs\s+(\S+)$/.exec(pkg.scripts.start ?? '')?.[1];
      assert.equal(command, 'start', `npm start runs "${pkg.scripts.start}", a command harbour does not have`);
    });

    test('an unknown command exits 2 with the usage; bad configuration exits 2 listing every problem', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'harbour-cli-config-'));
      try {
        const dbFile = join(dir, 'never.db');
        const [unknown, badConfig] = await Promise.all([
          runHarbour(['frobnicate'], { DATABASE_URL: `sqlite:${dbFile}` }),
          runHarbour(['migrate'], { DATABASE_URL: 'mysql://x', PORT: 'abc' }),
        ]);
        assert.equal(unknown.code, 2, unknown.stderr);
        assert.match(unknown.stderr, /harbour <command>/);
        for (const command of ['start', 'serve', 'migrate', 'import <path>', 'export <path>', 'backup <file>', 'demo remove']) {
          assert.ok(unknown.stderr.includes(command), `usage lists ${command}`);
        }
        assert.ok(!existsSync(dbFile), 'an unknown command touches no database');

        assert.equal(badConfig.code, 2, badConfig.stderr);
        assert.match(badConfig.stderr, /DATABASE_URL/);
        assert.match(badConfig.stderr, /mysql:\/\/x/);
        assert.match(badConfig.stderr, /PORT/);
        assert.match(badConfig.stderr, /"abc"/);
        assert.doesNotMatch(badConfig.stderr, /^\s+at /m, 'a readable message, not a stack trace');
        assert.equal(badConfig.stdout, '');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
