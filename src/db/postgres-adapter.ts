import { spawn } from 'node:child_process';
import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  PostgresDialect,
  sql,
  type ColumnMetadata,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type QueryExecutorProvider,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';
import {
  TEXT_FIRST_MAX,
  type CellRow,
  type CellRowInsert,
  type DialectAdapter,
  type NearQuery,
  type SearchTextRow,
  type TextHit,
  type TextQuery,
} from './dialect.ts';
import type { Database } from './types.ts';
import { toEarthXyz } from '../shared/geo.ts';
import { allowedTypos, editDistance, tokenize } from '../shared/text.ts';

/** Renders a parsed text query as a PostgreSQL tsquery (words are already [\p{L}\p{N}]+). */
export function renderTsQuery(q: TextQuery): string {
  return q.map((group) => `(${group.map((alt) => alt.words.join(' <-> ') + (alt.prefix ? ':*' : '')).join(' | ')})`).join(' & ');
}

/**
 * PostgreSQL: `tsvector` with GIN for text, `pg_trgm` for misspellings, and a GiST index over
 * (term, earth-centred `cube` point) for space, using contrib extensions only (no PostGIS).
 */
export class PostgresAdapter implements DialectAdapter {
  readonly name = 'postgres' as const;
  readonly serialType = 'serial' as const;

  constructor(private readonly connectionString: string) {}

  async createDialectStructures(db: Kysely<Database>): Promise<void> {
    for (const ext of ['cube', 'btree_gist', 'pg_trgm']) {
      const exists = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_extension WHERE extname = ${ext}`.execute(db);
      if (exists.rows[0]?.n === 0) await sql.raw(`CREATE EXTENSION IF NOT EXISTS ${ext}`).execute(db);
    }
    // Ids sort byte-wise on both databases (exports are sorted by id), whatever the cluster's locale.
    for (const table of ['organization', 'service', 'location', 'service_at_location', 'taxonomy', 'taxonomy_term']) {
      await sql.raw(`ALTER TABLE ${table} ALTER COLUMN id TYPE text COLLATE "C"`).execute(db);
    }
    await sql`CREATE TABLE search_cell (
      term integer NOT NULL, cell integer NOT NULL, rid integer NOT NULL,
      lat double precision NOT NULL, lng double precision NOT NULL, flags integer NOT NULL,
      genders integer NOT NULL, sched_id integer, earth cube NOT NULL)`.execute(db);
    await sql`CREATE INDEX search_cell_space ON search_cell USING gist (term, earth)`.execute(db);
    await sql`CREATE INDEX search_cell_rid ON search_cell (rid)`.execute(db);
    await sql`ALTER TABLE search_item ADD COLUMN tsv tsvector`.execute(db);
    await sql`CREATE INDEX search_item_tsv ON search_item USING gin (tsv)`.execute(db);
    await sql`CREATE TABLE search_vocab (word text PRIMARY KEY)`.execute(db);
    await sql`CREATE INDEX search_vocab_prefix ON search_vocab (word text_pattern_ops)`.execute(db);
    await sql`CREATE INDEX search_vocab_trgm ON search_vocab USING gin (word gin_trgm_ops)`.execute(db);
  }

  async insertCells(db: Kysely<Database>, rows: readonly CellRowInsert[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      const values = rows.slice(i, i + 500).map((r) => {
        const [x, y, z] = toEarthXyz(r.lat, r.lng);
        return sql`(${r.term}, ${r.cell}, ${r.rid}, ${r.lat}, ${r.lng}, ${r.flags}, ${r.genders}, ${r.sched_id},
          cube(array[${x}, ${y}, ${z}]::float8[]))`;
      });
      await sql`INSERT INTO search_cell (term, cell, rid, lat, lng, flags, genders, sched_id, earth)
        VALUES ${sql.join(values)}`.execute(db);
    }
  }

  async deleteCells(db: Kysely<Database>, rids: readonly number[]): Promise<void> {
    if (rids.length === 0) return;
    await sql`DELETE FROM search_cell WHERE rid = ANY(${[...rids]}::int[])`.execute(db);
  }

  async findNear(db: Kysely<Database>, q: NearQuery): Promise<CellRow[]> {
    const filters = sql`term = ${q.term} AND (flags & ${q.flagsMask}) = ${q.flagsMask}
        AND (${q.genderBit}::int = 0 OR genders = 0 OR (genders & ${q.genderBit}) <> 0)`;
    const [x, y, z] = toEarthXyz(q.lat, q.lng);
    // A chord is never longer than its arc, so a cube of half-side `radius` holds the circle.
    const r = q.radiusM;
    const circle = sql`earth <@ cube(array[${x - r}, ${y - r}, ${z - r}]::float8[], array[${x + r}, ${y + r}, ${z + r}]::float8[])`;
    let where = sql`${circle} AND ${filters}`;
    let matched = sql``;
    if (q.text) {
      // As on SQLite: few text matches (a name, a rare word) are looked up by rid; many are kept as a
      // materialised set the circle's rows are checked against (the planner cannot estimate the
      // circle's size and would otherwise probe the text once per row of the circle).
      const query = sql`to_tsquery('simple', ${renderTsQuery(q.text)})`;
      const matches = await sql<{ rid: number }>`
        SELECT rid FROM search_item WHERE tsv @@ ${query} LIMIT ${TEXT_FIRST_MAX + 1}`.execute(db);
      if (matches.rows.length === 0) return [];
      if (matches.rows.length <= TEXT_FIRST_MAX) {
        // Every match's cell, wherever it is: the caller keeps those within the radius.
        where = sql`rid = ANY(${matches.rows.map((m) => Number(m.rid))}::int[]) AND ${filters}`;
      } else {
        matched = sql`WITH matched AS MATERIALIZED (SELECT rid FROM search_item WHERE tsv @@ ${query})`;
        where = sql`${where} AND rid IN (SELECT rid FROM matched)`;
      }
    }
    const result = await sql<CellRow>`${matched}
      SELECT rid, lat, lng, flags, genders, sched_id FROM search_cell WHERE ${where}`.execute(db);
    return result.rows;
  }

  async indexText(db: Kysely<Database>, rows: readonly SearchTextRow[]): Promise<void> {
    const words = new Set<string>();
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      await sql`UPDATE search_item AS s
        SET tsv = setweight(to_tsvector('simple', v.name), 'A') || setweight(to_tsvector('simple', v.body), 'B')
        FROM (SELECT unnest(${part.map((r) => r.rid)}::int[]) AS rid, unnest(${part.map((r) => r.name)}::text[]) AS name,
                     unnest(${part.map((r) => r.body)}::text[]) AS body) AS v
        WHERE s.rid = v.rid`.execute(db);
      for (const row of part) for (const w of tokenize(`${row.name} ${row.body}`)) words.add(w);
    }
    const list = [...words];
    for (let i = 0; i < list.length; i += 1000) {
      await sql`INSERT INTO search_vocab (word) SELECT unnest(${list.slice(i, i + 1000)}::text[])
        ON CONFLICT DO NOTHING`.execute(db);
    }
  }

  async deleteText(): Promise<void> {
    // The tsvector lives on search_item and goes with its row; stale vocabulary words are harmless.
  }

  async matchText(db: Kysely<Database>, q: TextQuery, limit: number | null, within?: readonly number[]): Promise<TextHit[]> {
    const query = renderTsQuery(q);
    const result = await sql<TextHit>`
      SELECT rid, ts_rank(tsv, q) AS score FROM search_item, to_tsquery('simple', ${query}) q
      WHERE tsv @@ q ${within ? sql`AND rid = ANY(${[...within]}::int[])` : sql``}
      ORDER BY score DESC, rid LIMIT ${limit ?? null}`.execute(db);
    return result.rows.map((r) => ({ rid: Number(r.rid), score: Number(r.score) }));
  }

  async matchAll(db: Kysely<Database>, q: TextQuery): Promise<number[]> {
    const result = await sql<{ rid: number }>`
      SELECT rid FROM search_item WHERE tsv @@ to_tsquery('simple', ${renderTsQuery(q)})`.execute(db);
    return result.rows.map((r) => Number(r.rid));
  }

  async suggestWords(db: Kysely<Database>, word: string): Promise<string[]> {
    const known = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM search_vocab WHERE word LIKE ${word + '%'} LIMIT 1) k`.execute(db);
    if ((known.rows[0]?.n ?? 0) > 0) return [];
    const max = allowedTypos(word);
    if (max === 0) return [];
    const near = await sql<{ word: string }>`
      SELECT word FROM search_vocab WHERE similarity(word, ${word}) >= 0.2
      ORDER BY similarity(word, ${word}) DESC, word LIMIT 50`.execute(db);
    return near.rows
      .map((r) => ({ w: r.word, d: editDistance(word, r.word, max) }))
      .filter((s) => s.d <= max)
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map((s) => s.w);
  }

  async backup(_db: Kysely<Database>, file: string): Promise<void> {
    // pg_dump runs in one repeatable-read transaction: a consistent snapshot while the app writes.
    await new Promise<void>((resolve, reject) => {
      const child = spawn('pg_dump', ['--format=custom', `--file=${file}`, this.connectionString], { stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_dump exited with ${code}`))));
    });
  }

  async migrationSchema(db: Kysely<Database>): Promise<string | undefined> {
    const row = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
    return row.rows[0]?.schema;
  }

  async dataVersion(db: Kysely<Database>): Promise<string | null> {
    const row = await sql<{ value: string }>`SELECT value FROM meta WHERE key = 'data_version'`.execute(db);
    return row.rows[0]?.value ?? null;
  }

  invalidate(): void {}

  async scrubDeleted(): Promise<void> {}

  async makeAppendOnly(db: Kysely<Database>, table: string): Promise<void> {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION harbour_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION harbour_refuse_change()`,
      )
      .execute(db);
  }
}

/**
 * Kysely's own PostgreSQL introspector reads every schema in the database and resolves each by
 * name (`has_schema_privilege`, `pg_get_serial_sequence`): a schema dropped by someone else while
 * that query runs fails it with "schema … does not exist", which failed `harbour start` while
 * migrating. Harbour only ever asks about its own schema (the migrator's bookkeeping tables), so
 * this one reads the current schema alone and resolves nothing by name.
 */
export class CurrentSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: QueryExecutorProvider) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await sql<{ name: string }>`SELECT nspname AS name FROM pg_catalog.pg_namespace`.execute(this.db);
    return rows.rows.map((r) => ({ name: r.name }));
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const rows = await sql<{
      table: string;
      kind: string;
      schema: string;
      column: string;
      type: string;
      type_schema: string;
      not_null: boolean;
      has_default: boolean;
      serial: boolean;
    }>`
      SELECT c.relname AS table, c.relkind AS kind, ns.nspname AS schema, a.attname AS column,
             typ.typname AS type, tns.nspname AS type_schema, a.attnotnull AS not_null,
             a.atthasdef AS has_default,
             (a.attidentity <> '' OR coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false)) AS serial
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace ns ON ns.oid = c.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_catalog.pg_type typ ON typ.oid = a.atttypid
      JOIN pg_catalog.pg_namespace tns ON tns.oid = typ.typnamespace
      LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE ns.nspname = current_schema() AND c.relkind IN ('r', 'v', 'p')
      ORDER BY c.relname, a.attnum`.execute(this.db);
    const tables = new Map<string, TableMetadata & { columns: ColumnMetadata[] }>();
    for (const r of rows.rows) {
      if (!options.withInternalKyselyTables && (r.table === DEFAULT_MIGRATION_TABLE || r.table === DEFAULT_MIGRATION_LOCK_TABLE))
        continue;
      let table = tables.get(r.table);
      if (!table) {
        table = { name: r.table, schema: r.schema, isView: r.kind === 'v', columns: [] };
        tables.set(r.table, table);
      }
      table.columns.push({
        name: r.column,
        dataType: r.type,
        dataTypeSchema: r.type_schema,
        isNullable: !r.not_null,
        hasDefaultValue: r.has_default,
        isAutoIncrementing: r.serial,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/** PostgreSQL as Kysely speaks it, with the introspector above. */
export class HarbourPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}
