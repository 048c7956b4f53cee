import { sql, type Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
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
import { cellRangesForCircle } from '../shared/geo.ts';
import { allowedTypos, editDistance } from '../shared/text.ts';

/** Renders a parsed text query in FTS5's query syntax (words are already [\p{L}\p{N}]+). */
export function renderFts5(q: TextQuery): string {
  return q
    .map((group) => `(${group.map((alt) => `"${alt.words.join(' ')}"${alt.prefix ? '*' : ''}`).join(' OR ')})`)
    .join(' AND ');
}

interface Vocabulary {
  words: string[];
  counts: Map<string, number>;
}

/** SQLite: FTS5 for text, a WITHOUT ROWID B-tree over (term, grid cell) for space. */
export class SqliteAdapter implements DialectAdapter {
  readonly name = 'sqlite' as const;
  readonly serialType = 'integer' as const;
  private vocabulary: Vocabulary | null = null;
  private readonly nearStatements = new Map<string, BetterSqlite3.Statement>();
  private textRids: BetterSqlite3.Statement | undefined;
  private allTextRids: BetterSqlite3.Statement | undefined;
  private cellsOfRids: BetterSqlite3.Statement | undefined;
  private insertText: BetterSqlite3.Statement | undefined;
  private insertCell: BetterSqlite3.Statement | undefined;
  private readVersion: BetterSqlite3.Statement | undefined;
  private knownPrefix: BetterSqlite3.Statement | undefined;
  private removeText: BetterSqlite3.Statement | undefined;

  constructor(private readonly raw: BetterSqlite3.Database) {}

  async createDialectStructures(db: Kysely<Database>): Promise<void> {
    await sql`CREATE TABLE search_cell (
      term INTEGER NOT NULL, cell INTEGER NOT NULL, rid INTEGER NOT NULL,
      lat REAL NOT NULL, lng REAL NOT NULL, flags INTEGER NOT NULL, genders INTEGER NOT NULL,
      sched_id INTEGER, PRIMARY KEY (term, cell, rid)) WITHOUT ROWID`.execute(db);
    await sql`CREATE INDEX search_cell_rid ON search_cell (rid)`.execute(db);
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(name, body,
      tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`.execute(db);
    await sql`CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')`.execute(db);
  }

  async insertCells(_db: Kysely<Database>, rows: readonly CellRowInsert[]): Promise<void> {
    // A prepared statement on the same connection joins the caller's transaction; one row per call
    // is cheaper here than building and parsing multi-row statements.
    this.insertCell ??= this.raw.prepare(
      'INSERT INTO search_cell (term, cell, rid, lat, lng, flags, genders, sched_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of rows) this.insertCell.run(r.term, r.cell, r.rid, r.lat, r.lng, r.flags, r.genders, r.sched_id ?? null);
  }

  async deleteCells(db: Kysely<Database>, rids: readonly number[]): Promise<void> {
    for (let i = 0; i < rids.length; i += 500) {
      await db
        .deleteFrom('search_cell')
        .where('rid', 'in', rids.slice(i, i + 500))
        .execute();
    }
  }

  async findNear(_db: Kysely<Database>, q: NearQuery): Promise<CellRow[]> {
    const ranges = cellRangesForCircle(q.lat, q.lng, q.radiusM);
    if (ranges.length === 0) return [];
    const filters = [q.term, q.flagsMask, q.flagsMask, q.genderBit, q.genderBit];
    const match = q.text ? renderFts5(q.text) : null;
    if (match !== null) {
      // Few text matches (a name, a rare word): start from them and look up their cells by rid.
      // Many (a common word): walk the circle's cells and keep those in the match set.
      const rids = this.fewMatches(match);
      if (rids?.length === 0) return [];
      if (rids) {
        this.cellsOfRids ??= this.raw.prepare(
          `SELECT c.rid, c.lat, c.lng, c.flags, c.genders, c.sched_id
           FROM json_each(?) j JOIN search_cell c INDEXED BY search_cell_rid ON c.rid = j.value
           WHERE c.term = ? AND (c.flags & ?) = ? AND (? = 0 OR c.genders = 0 OR (c.genders & ?) != 0)`,
        );
        // Every match's cell, wherever it is: the caller keeps those within the radius.
        return this.cellsOfRids.all(JSON.stringify(rids), ...filters) as CellRow[];
      }
    }
    const params: (number | string)[] = ranges.flat();
    params.push(...filters);
    if (match !== null) params.push(match);
    return this.nearStatement(ranges.length, match !== null).all(...params) as CellRow[];
  }

  /** The rowids matching an FTS5 query when there are at most TEXT_FIRST_MAX of them, else null. */
  private fewMatches(match: string): number[] | null {
    this.textRids ??= this.raw.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?').pluck();
    const rids = this.textRids.all(match, TEXT_FIRST_MAX + 1) as number[];
    return rids.length <= TEXT_FIRST_MAX ? rids : null;
  }

  /** One prepared statement per number of cell ranges: the ranges drive an index seek each. */
  private nearStatement(count: number, withText: boolean): BetterSqlite3.Statement {
    const key = `${count}:${withText ? 't' : ''}`;
    let stmt = this.nearStatements.get(key);
    if (!stmt) {
      const values = Array.from({ length: count }, () => '(?, ?)').join(', ');
      stmt = this.raw.prepare(
        `WITH r(lo, hi) AS (VALUES ${values})
         SELECT c.rid, c.lat, c.lng, c.flags, c.genders, c.sched_id
         FROM r CROSS JOIN search_cell c
         WHERE c.term = ? AND c.cell BETWEEN r.lo AND r.hi
           AND (c.flags & ?) = ? AND (? = 0 OR c.genders = 0 OR (c.genders & ?) != 0)
           ${withText ? 'AND c.rid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)' : ''}`,
      );
      this.nearStatements.set(key, stmt);
    }
    return stmt;
  }

  async indexText(_db: Kysely<Database>, rows: readonly SearchTextRow[]): Promise<void> {
    // A prepared statement on the same connection: it joins the caller's transaction.
    this.insertText ??= this.raw.prepare('INSERT INTO search_fts (rowid, name, body) VALUES (?, ?, ?)');
    for (const row of rows) this.insertText.run(row.rid, row.name, row.body);
    this.vocabulary = null;
  }

  async deleteText(_db: Kysely<Database>, rids: readonly number[]): Promise<void> {
    this.removeText ??= this.raw.prepare('DELETE FROM search_fts WHERE rowid = ?');
    for (const rid of rids) this.removeText.run(rid);
    this.vocabulary = null;
  }

  async matchText(db: Kysely<Database>, q: TextQuery, limit: number | null, within?: readonly number[]): Promise<TextHit[]> {
    const match = renderFts5(q);
    if (within) {
      if (within.length === 0) return [];
      // FTS5 ranks `rowid IN (…)` one candidate at a time (milliseconds each for a prefix): callers
      // pass only candidates known to match (from matchAll).
      const rows = await sql<{ rid: number; score: number }>`
        SELECT rowid AS rid, -bm25(search_fts, 4.0, 1.0) AS score FROM search_fts
        WHERE search_fts MATCH ${match} AND rowid IN (SELECT value FROM json_each(${JSON.stringify(within)}))
        ORDER BY rank LIMIT ${limit ?? -1}`.execute(db);
      return rows.rows;
    }
    const rows = await sql<{ rid: number; score: number }>`
      SELECT rowid AS rid, -bm25(search_fts, 4.0, 1.0) AS score FROM search_fts
      WHERE search_fts MATCH ${match} ORDER BY rank LIMIT ${limit ?? -1}`.execute(db);
    return rows.rows;
  }

  async matchAll(_db: Kysely<Database>, q: TextQuery): Promise<number[]> {
    this.allTextRids ??= this.raw.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck();
    return this.allTextRids.all(renderFts5(q)) as number[];
  }

  async suggestWords(db: Kysely<Database>, word: string): Promise<string[]> {
    if (!this.vocabulary) {
      // A known word (the usual case) is one indexed lookup; the whole vocabulary (seconds to read
      // at a million services) is loaded only to suggest spellings for an unknown one.
      this.knownPrefix ??= this.raw.prepare('SELECT 1 FROM search_fts_vocab WHERE term >= ? AND term < ? LIMIT 1').pluck();
      if (this.knownPrefix.get(word, word + String.fromCodePoint(0x10ffff)) !== undefined) return [];
    }
    const vocab = await this.loadVocabulary(db);
    if (hasPrefix(vocab.words, word)) return [];
    const max = allowedTypos(word);
    if (max === 0) return [];
    const scored: { w: string; d: number; n: number }[] = [];
    for (const w of vocab.words) {
      if (Math.abs(w.length - word.length) > max) continue;
      const d = editDistance(word, w, max);
      if (d <= max) scored.push({ w, d, n: vocab.counts.get(w) ?? 0 });
    }
    scored.sort((a, b) => a.d - b.d || b.n - a.n || (a.w < b.w ? -1 : 1));
    return scored.slice(0, 3).map((s) => s.w);
  }

  private async loadVocabulary(db: Kysely<Database>): Promise<Vocabulary> {
    if (this.vocabulary) return this.vocabulary;
    const rows = await sql<{ term: string; doc: number }>`SELECT term, doc FROM search_fts_vocab`.execute(db);
    const vocabulary: Vocabulary = { words: rows.rows.map((r) => r.term).sort(), counts: new Map() };
    for (const r of rows.rows) vocabulary.counts.set(r.term, r.doc);
    this.vocabulary = vocabulary;
    return vocabulary;
  }

  async backup(_db: Kysely<Database>, file: string): Promise<void> {
    await this.raw.backup(file);
  }

  async migrationSchema(): Promise<string | undefined> {
    return undefined;
  }

  async dataVersion(_db: Kysely<Database>): Promise<string | null> {
    this.readVersion ??= this.raw.prepare("SELECT value FROM meta WHERE key = 'data_version'").pluck();
    return (this.readVersion.get() as string | undefined) ?? null;
  }

  invalidate(): void {
    this.vocabulary = null;
  }

  async makeAppendOnly(db: Kysely<Database>, table: string): Promise<void> {
    for (const action of ['UPDATE', 'DELETE'])
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${action.toLowerCase()} BEFORE ${action} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
        )
        .execute(db);
  }

  async scrubDeleted(): Promise<void> {
    // TRUNCATE copies the log into the file (whose freed pages secure_delete zeroed) and empties it.
    this.raw.pragma('wal_checkpoint(TRUNCATE)');
  }
}

/** Binary search: is some word in the sorted list equal to or starting with `prefix`? */
function hasPrefix(sorted: readonly string[], prefix: string): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]!.startsWith(prefix);
}
