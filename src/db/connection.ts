import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DialectAdapter } from './dialect.ts';
import { HarbourPostgresDialect, PostgresAdapter } from './postgres-adapter.ts';
import { SqliteAdapter } from './sqlite-adapter.ts';
import type { Database } from './types.ts';

/** An open database: the Kysely handle, the dialect's adapter, and how to close it. */
export interface Db {
  db: Kysely<Database>;
  adapter: DialectAdapter;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: a schema to put first on the search path (tests use one per file). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

// PostgreSQL returns bigint (count(*)) as text by default; our counts fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens `sqlite:<path>` or `postgres://…`. */
export function openDatabase(url: string, options: OpenOptions = {}): Db {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  return openPostgres(url, options);
}

function openSqlite(path: string): Db {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it is acknowledged, so it survives kill -9 and power loss.
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  // Deleted rows are overwritten, not just unlinked: an erased member's name must not stay in the file.
  raw.pragma('secure_delete = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('cache_size = -32000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  return {
    db,
    adapter: new SqliteAdapter(raw),
    close: async () => {
      await db.destroy();
    },
  };
}

function openPostgres(url: string, options: OpenOptions): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema},public` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new HarbourPostgresDialect({ pool }) });
  return {
    db,
    adapter: new PostgresAdapter(url),
    close: async () => {
      await db.destroy();
    },
  };
}
