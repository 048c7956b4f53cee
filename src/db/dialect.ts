import type { Kysely } from 'kysely';
import type { Database, SearchCellTable } from './types.ts';

/** A row of the spatial index as the search reads it. */
export type CellRow = Omit<SearchCellTable, 'term' | 'cell'>;

/** A row of the spatial index as it is written. */
export type CellRowInsert = SearchCellTable;

/** What the spatial index is asked for: items carrying `term` (0 = any) inside a circle. */
export interface NearQuery {
  term: number;
  lat: number;
  lng: number;
  radiusM: number;
  /** Every bit set here must be set in the item's flags. */
  flagsMask: number;
  /** 0 = any; else items serving this gender bit or serving everyone. */
  genderBit: number;
  /** Only items whose text matches (when given); the database intersects, so no ranking is computed. */
  text?: TextQuery;
}

/** Up to this many text matches, a near + text search starts from the matches rather than the circle. */
export const TEXT_FIRST_MAX = 2000;

/** A parsed free-text query: every group must match; a group matches when any alternative does. */
export type TextQuery = TextAlternative[][];
export interface TextAlternative {
  /** Normalised words; several words form a phrase. */
  words: string[];
  /** Match the last word as a prefix. */
  prefix: boolean;
}

export interface TextHit {
  rid: number;
  /** Higher is better. */
  score: number;
}

export interface SearchTextRow {
  rid: number;
  /** Names: weighted higher than the body. */
  name: string;
  body: string;
}

/**
 * Everything that differs between SQLite and PostgreSQL, declared in one place. Feature code calls
 * these; it never asks which database it is on.
 */
export interface DialectAdapter {
  readonly name: 'sqlite' | 'postgres';
  /** Column type for an auto-incrementing integer primary key. */
  readonly serialType: 'integer' | 'serial';
  /** DDL run by the initial migration for the dialect's own structures (search, collations). */
  createDialectStructures(db: Kysely<Database>): Promise<void>;
  insertCells(db: Kysely<Database>, rows: readonly CellRowInsert[]): Promise<void>;
  deleteCells(db: Kysely<Database>, rids: readonly number[]): Promise<void>;
  /** Items of the query; may include some outside the circle (the caller measures every distance). */
  findNear(db: Kysely<Database>, q: NearQuery): Promise<CellRow[]>;
  indexText(db: Kysely<Database>, rows: readonly SearchTextRow[]): Promise<void>;
  deleteText(db: Kysely<Database>, rids: readonly number[]): Promise<void>;
  /**
   * Items matching the query, best first; `limit` null = all. With `within`, only those items: pass
   * ones known to match (matchAll), since ranking a given list costs per item.
   */
  matchText(db: Kysely<Database>, q: TextQuery, limit: number | null, within?: readonly number[]): Promise<TextHit[]>;
  /** Every item matching the query, unranked (item ids, any order). */
  matchAll(db: Kysely<Database>, q: TextQuery): Promise<number[]>;
  /** Known index words close to `word` (misspellings), best first; empty when `word` is known. */
  suggestWords(db: Kysely<Database>, word: string): Promise<string[]>;
  /** A consistent copy of the whole database into `file` while it is in use. */
  backup(db: Kysely<Database>, file: string): Promise<void>;
  /** Where Kysely's migration bookkeeping lives: PostgreSQL's current schema (several may share a database). */
  migrationSchema(db: Kysely<Database>): Promise<string | undefined>;
  /** The data version every import bumps (`meta`), read as cheaply as the database allows. */
  dataVersion(db: Kysely<Database>): Promise<string | null>;
  /** Forget cached derived data (vocabulary) after writes. */
  invalidate(): void;
  /**
   * After an erasure: leave no copy of deleted rows in the database's own files where the database
   * allows it (SQLite: checkpoint and truncate the write-ahead log; deleted pages are already
   * overwritten by `secure_delete`). PostgreSQL: nothing here; its dead tuples go at VACUUM.
   */
  scrubDeleted(): Promise<void>;
  /** DDL: the database itself refuses any UPDATE or DELETE on `table` (an append-only log). */
  makeAppendOnly(db: Kysely<Database>, table: string): Promise<void>;
}
