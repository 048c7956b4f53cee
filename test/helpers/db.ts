import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/db/connection.ts';
import type { Database } from '../../src/db/types.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ensureHarbourTaxonomies } from '../../src/directory/seed.ts';

/** The database the suite runs on: DATABASE_URL (postgres://…) or SQLite. */
export const DIALECT = (process.env.DATABASE_URL ?? '').startsWith('postgres') ? 'postgres' : 'sqlite';

export interface TestDb extends Db {
  /** The URL a child process (the CLI) can use to reach the same database. */
  url: string;
  /** Extra environment a child process needs (PostgreSQL: the schema on its search path). */
  env: Record<string, string>;
  destroy(): Promise<void>;
}

/** Runs one statement on a connection of its own (creating and dropping test schemas). */
export async function onAdmin(base: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The URL a child process uses to work in `schema` (first on its search path). */
export function schemaUrl(base: string, schema: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema},public`)}`;
}

/** A fresh, migrated database: a temporary SQLite file, or a new PostgreSQL schema. */
export async function createTestDb(): Promise<TestDb> {
  if (DIALECT === 'postgres') {
    const base = process.env.DATABASE_URL!;
    const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await onAdmin(base, `CREATE SCHEMA "${schema}"`);
    const handle = openDatabase(base, { schema, poolSize: 4 });
    await migrateToLatest(handle.db, handle.adapter);
    await ensureHarbourTaxonomies(handle);
    const url = schemaUrl(base, schema);
    return {
      ...handle,
      url,
      // PostgreSQL refuses to start without a master key: child processes get this one.
      env: { HARBOUR_MASTER_KEY: randomBytes(32).toString('base64') },
      destroy: async () => {
        await handle.close();
        await onAdmin(base, `DROP SCHEMA "${schema}" CASCADE`);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'harbour-test-'));
  const url = `sqlite:${join(dir, 'test.db')}`;
  const handle = openDatabase(url);
  await migrateToLatest(handle.db, handle.adapter);
  await ensureHarbourTaxonomies(handle);
  return {
    ...handle,
    url,
    // The master key file beside the database, removed with it.
    env: { HARBOUR_KEY_FILE: join(dir, 'harbour.key') },
    destroy: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Row counts of these tables (by name), for before/after comparisons in tests. */
export async function countRows<T extends keyof Database>(db: Db, tables: readonly T[]): Promise<Record<T, number>> {
  const out = {} as Record<T, number>;
  for (const table of tables) {
    const result = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db.db);
    out[table] = Number(result.rows[0]!.n);
  }
  return out;
}
