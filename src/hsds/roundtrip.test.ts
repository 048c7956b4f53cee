import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createTestDb, DIALECT, type TestDb } from '../../test/helpers/db.ts';
import { makeService, weekly } from '../../test/helpers/factories.ts';
import { PROTECTED_IDS } from '../directory/taxonomies.ts';
import { isObject } from './canonical.ts';
import { exportServices } from './export.ts';
import { importSource } from './import/run-import.ts';
import type { Json } from './model.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = join(ROOT, 'test/fixtures/hsds-3.0-examples');
const DEMO = join(ROOT, 'seed/demo/tshwane-demo.json');
const OPTIONS = { includeConfidential: false, timezone: 'Africa/Johannesburg' };
const OFFSET = /(Z|[+-]\d{2}:\d{2})$/;
const DANGLING_ROWS = ['attributes.csv:row 1', 'metadata.csv:row 1'];

const work = mkdtempSync(join(tmpdir(), 'harbour-roundtrip-'));
after(() => rmSync(work, { recursive: true, force: true }));

// Neither the demo nor the examples have a schedule row without a timezone: this source does,
// so the export's "always a timezone, always offsets" is tested where it has work to do.
const NAIVE = join(work, 'naive-schedules.json');
writeFileSync(
  NAIVE,
  JSON.stringify([
    makeService({
      name: 'Local times only',
      schedules: [weekly('MO,TU', '08:00', '16:30'), weekly('FR', '22:00', '04:00')],
      sites: [{ lat: -25.75, lng: 28.2, schedules: [weekly('SA', '09:00:00', '12:00:00', { freq: 'WEEKLY' })] }],
    }),
    makeService({ name: 'Offsets only', schedules: [weekly('WE', '06:00Z', '14:00Z')] }),
  ]),
);

/**
 * Empty databases, one per role, made once and emptied between sources: a new database costs a
 * migration (about a second for a PostgreSQL schema). Each is checked to export exactly what a
 * new database exports before it is used, so nothing of an earlier source can leak into a later one.
 */
const slots: TestDb[] = [];
let pristine = '';

/** Tables holding data (not migrations, places, or derived FTS storage), by dialect. */
async function dataTables(db: TestDb): Promise<string[]> {
  if (DIALECT === 'postgres') {
    const rows = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db.db);
    return rows.rows.map((r) => r.name);
  }
  const rows = await sql<{ name: string; sql: string | null }>`SELECT name, sql FROM sqlite_master WHERE type = 'table'`.execute(
    db.db,
  );
  const virtual = rows.rows.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql ?? '')).map((r) => r.name);
  return rows.rows
    .filter((r) => !r.name.startsWith('sqlite_') && !/fts5vocab/i.test(r.sql ?? ''))
    .filter((r) => !virtual.some((v) => r.name.startsWith(`${v}_`))) // an FTS table's own storage
    .map((r) => r.name);
}

async function empty(slot: number): Promise<TestDb> {
  const db = slots[slot]!;
  const tables = await dataTables(db);
  // One transaction: one commit (and one disk flush) per wipe instead of one per table.
  await db.db.transaction().execute(async (trx) => {
    for (const name of tables) {
      if (['place', 'meta', 'taxonomy', 'taxonomy_term'].includes(name) || name.startsWith('kysely_')) continue;
      await sql`DELETE FROM ${sql.table(name)}`.execute(trx);
    }
    // Harbour's own taxonomies are part of every new database.
    for (const table of ['taxonomy_term', 'taxonomy'] as const) {
      await trx
        .deleteFrom(table)
        .where('id', 'not in', [...PROTECTED_IDS])
        .execute();
    }
  });
  db.adapter.invalidate();
  assert.equal(await exportTo(db, join(work, `empty-${slot}.json`), false), pristine, 'the database is not empty');
  return db;
}

before(async () => {
  slots.push(...(await Promise.all([createTestDb(), createTestDb(), createTestDb()])));
  pristine = await exportTo(slots[0]!, join(work, 'pristine.json'), false);
});
after(async () => {
  for (const db of slots) await db.destroy();
});

/** Every source the round trip must survive: the demo, each example JSON file, the CSV package. */
function sources(): { name: string; path: string }[] {
  const files = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f, path: join(EXAMPLES, f) }));
  const dirs = readdirSync(EXAMPLES)
    .filter((f) => statSync(join(EXAMPLES, f)).isDirectory())
    .map((f) => ({ name: `${f}/`, path: join(EXAMPLES, f) }));
  return [{ name: 'tshwane-demo.json', path: DEMO }, ...files, ...dirs, { name: 'naive-schedules.json', path: NAIVE }];
}

/** The ids of the records a JSON source holds at its top level (empty for the API root document). */
function topLevelIds(path: string): string[] {
  if (statSync(path).isDirectory()) {
    const services = readFileSync(join(path, 'services.csv'), 'utf8').split('\n').slice(1);
    return services.filter((l) => l.trim()).map((l) => l.split(',')[0]!);
  }
  const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (Array.isArray(value)) return value.map((v: Json) => String(v.id));
  if (!isObject(value)) return [];
  if (Array.isArray(value.contents)) return value.contents.map((v: Json) => String(v.id));
  if (Object.keys(value).some((k) => k.endsWith('.csv'))) {
    return ((value['services.csv'] as Json[] | undefined) ?? []).map((r) => String(r.id));
  }
  return typeof value.id === 'string' ? [value.id] : [];
}

async function exportTo(db: TestDb, file: string, ndjson: boolean): Promise<string> {
  const out = createWriteStream(file);
  await exportServices(db, out, { ...OPTIONS, ndjson });
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return readFileSync(file, 'utf8');
}

async function importFrom(db: TestDb, path: string): Promise<{ imported: number; rejected: Json[] }> {
  const rejected: Json[] = [];
  const summary = await importSource(db, path, { report: (line) => 'reason' in line && rejected.push(line) });
  return { imported: summary.imported, rejected };
}

/** Every schedule row at any depth of an exported record. */
function scheduleRows(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const v of value) scheduleRows(v, out);
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'schedules' && Array.isArray(v)) out.push(...v.filter(isObject));
      scheduleRows(v, out);
    }
  }
  return out;
}

function parseExport(text: string, ndjson: boolean): Json[] {
  if (!ndjson) return JSON.parse(text) as Json[];
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Json);
}

describe('export → import → export is byte-identical', () => {
  for (const source of sources()) {
    test(source.name, async () => {
      const ids = topLevelIds(source.path);
      const first = await empty(0);
      const second = await empty(1);
      const third = await empty(2);
      {
        const original = await importFrom(first, source.path);
        if (ids.length > 0) {
          // A round trip of nothing proves nothing.
          assert.ok(original.imported > 0, `nothing imported from ${source.name}: ${JSON.stringify(original.rejected)}`);
          // The upstream tabular examples link one attribute and one metadata row to ids that
          // are in no table: those rows are rejected (and reported); everything else imports.
          const expected = source.name === 'tabular.json' || source.name === 'csv/' ? DANGLING_ROWS : [];
          assert.deepEqual(
            original.rejected.map((r) => r.path),
            expected,
            `rejected from ${source.name}: ${JSON.stringify(original.rejected)}`,
          );
          for (const r of original.rejected) assert.match(String(r.reason), /names no record in this package/);
        } else {
          // The API's root document (base.json) carries no records, and is no error either.
          assert.deepEqual(original, { imported: 0, rejected: [] });
        }
        const stem = join(work, basename(source.name, '.json').replace(/\W/g, '_'));
        const json1 = await exportTo(first, `${stem}-1.json`, false);
        const ndjson1 = await exportTo(first, `${stem}-1.ndjson`, true);
        for (const id of ids) assert.ok(json1.includes(`"${id}"`), `${source.name}: record ${id} is missing from the export`);

        // The JSON export and the NDJSON export carry the same records, in the same order.
        assert.deepEqual(parseExport(ndjson1, true), parseExport(json1, false));
        if (ids.length > 0) assert.ok(parseExport(json1, false).length > 0);

        for (const row of scheduleRows(parseExport(json1, false))) {
          assert.equal(typeof row.timezone, 'number', `${source.name}: schedule ${String(row.id)} has no timezone`);
          for (const field of ['opens_at', 'closes_at'] as const) {
            if (row[field] === undefined) continue;
            assert.match(String(row[field]), OFFSET, `${source.name}: schedule ${String(row.id)} ${field}`);
          }
        }

        const fromJson = await importFrom(second, `${stem}-1.json`);
        assert.deepEqual(fromJson.rejected, []);
        assert.equal(await exportTo(second, `${stem}-2.json`, false), json1);
        assert.equal(await exportTo(second, `${stem}-2.ndjson`, true), ndjson1);

        const fromNdjson = await importFrom(third, `${stem}-1.ndjson`);
        assert.deepEqual(fromNdjson.rejected, []);
        assert.equal(fromNdjson.imported, fromJson.imported);
        assert.equal(await exportTo(third, `${stem}-3.ndjson`, true), ndjson1);
        assert.equal(await exportTo(third, `${stem}-3.json`, false), json1);
      }
    });
  }

  test('the sources hold schedule rows without timezone or offsets, so the schedule check has work to do', () => {
    const rows = sources().flatMap((s) =>
      statSync(s.path).isDirectory() ? [] : scheduleRows(JSON.parse(readFileSync(s.path, 'utf8'))),
    );
    assert.ok(rows.length > 20);
    assert.ok(rows.some((r) => r.timezone === undefined && !OFFSET.test(String(r.opens_at))));
    assert.ok(rows.some((r) => typeof r.timezone === 'number' && !OFFSET.test(String(r.opens_at))));
  });
});
