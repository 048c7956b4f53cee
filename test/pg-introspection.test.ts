import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PostgresIntrospector, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { CurrentSchemaIntrospector } from '../src/db/postgres-adapter.ts';
import type { Database } from '../src/db/types.ts';
import { createTestDb, DIALECT, type TestDb } from './helpers/db.ts';

// Migrating asks the database which tables exist. Kysely's own PostgreSQL introspector reads every
// schema and resolves each by name, so a schema someone else drops during that read failed
// `harbour start` with "schema … does not exist". This replays that moment without timing luck: a
// repeatable-read transaction still sees the dropped schema in pg_namespace, while name look-ups see
// that it is gone.
const PG_ONLY = { skip: DIALECT !== 'postgres' && 'PostgreSQL only: SQLite has one schema per file' };

let t: TestDb | undefined;
before(async () => {
  if (DIALECT === 'postgres') t = await createTestDb();
});
after(async () => t?.destroy());

async function withSchemaDroppedMidRead(read: (trx: Transaction<Database>) => Promise<void>) {
  const base = process.env.DATABASE_URL!;
  const side = `side_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA "${side}"`);
    await admin.query(`CREATE TABLE "${side}".t (id serial PRIMARY KEY)`);
    await t!.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`SELECT 1`.execute(trx); // the snapshot is taken here, with the side schema in it
        await admin.query(`DROP SCHEMA "${side}" CASCADE`);
        await read(trx);
      });
  } finally {
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${side}" CASCADE`);
    } finally {
      await admin.end();
    }
  }
}

test('the hazard is real: Kysely’s introspector fails on a schema dropped mid-read', PG_ONLY, async () => {
  await assert.rejects(
    withSchemaDroppedMidRead(async (trx) => {
      await new PostgresIntrospector(trx).getTables({ withInternalKyselyTables: true });
    }),
    // Usually the side schema; another test file's schema, dropped in the same moment, fails it alike.
    /schema "[^"]+" does not exist/,
  );
});

test('Harbour’s introspector reads its own schema only and survives that drop', PG_ONLY, async () => {
  let names: string[] = [];
  await withSchemaDroppedMidRead(async (trx) => {
    const tables = await new CurrentSchemaIntrospector(trx).getTables({ withInternalKyselyTables: true });
    names = tables.map((x) => x.name);
    const schemas = new Set(tables.map((x) => x.schema));
    const current = await sql<{ s: string }>`SELECT current_schema() AS s`.execute(trx);
    assert.deepEqual([...schemas], [current.rows[0]!.s], 'only the current schema');
  });
  assert.ok(names.includes('kysely_migration'), 'the migrator finds its bookkeeping table');
  assert.ok(names.includes('service'), names.join(', '));
});

test('the database handle Harbour opens uses that introspector, so migrations do too', PG_ONLY, async () => {
  assert.ok(t!.db.introspection instanceof CurrentSchemaIntrospector);
  const tables = await t!.db.introspection.getTables();
  assert.ok(!tables.some((x) => x.name === 'kysely_migration'), 'bookkeeping tables left out unless asked for');
  const service = tables.find((x) => x.name === 'service');
  assert.ok(service && service.columns.some((c) => c.name === 'id'), 'columns are listed');
});
