import { sql, type Kysely } from 'kysely';
import type { Selectable } from 'kysely';
import type { Database, SearchItemTable } from '../db/types.ts';

type Db = Kysely<Database>;

/** Index rows as the search reads them. */
export type ItemRow = Selectable<SearchItemTable>;

const CHUNK = 500;

async function chunked<T>(rids: readonly number[], fn: (part: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < rids.length; i += CHUNK) out.push(...(await fn(rids.slice(i, i + CHUNK))));
  return out;
}

/** Index rows by id (any order). */
export async function findItems(db: Db, rids: readonly number[]): Promise<ItemRow[]> {
  return chunked(
    rids,
    (part) => db.selectFrom('search_item').selectAll().where('rid', 'in', part).execute() as Promise<ItemRow[]>,
  );
}

/** Items of a kind passing the flag and gender filters (used when there is no point and no text). */
export async function findItemsByKind(db: Db, kind: 'sal' | 'remote', flagsMask: number, genderBit: number): Promise<ItemRow[]> {
  let q = db.selectFrom('search_item').selectAll().where('kind', '=', kind);
  if (flagsMask !== 0) q = q.where(sql<boolean>`(flags & ${flagsMask}) = ${flagsMask}`);
  if (genderBit !== 0) q = q.where(sql<boolean>`(genders = 0 OR (genders & ${genderBit}) <> 0)`);
  return await q.orderBy('name').orderBy('rid').execute();
}

/** Of these items, those carrying the term. */
export async function filterByTerm(db: Db, rids: readonly number[], term: number): Promise<Set<number>> {
  const rows = await chunked(rids, (part) =>
    db.selectFrom('search_term').select('rid').where('term', '=', term).where('rid', 'in', part).execute(),
  );
  return new Set(rows.map((r) => Number(r.rid)));
}

/** Of these items, those offered in the language (ISO 639-1). */
export async function filterByLanguage(db: Db, rids: readonly number[], code: string): Promise<Set<number>> {
  const pattern = `%,${code},%`;
  const rows = await chunked(rids, (part) =>
    db.selectFrom('search_item').select('rid').where('rid', 'in', part).where('languages', 'like', pattern).execute(),
  );
  return new Set(rows.map((r) => Number(r.rid)));
}

/** Stored schedules by id. */
export async function findScheduleSets(
  db: Db,
  ids: readonly number[],
): Promise<{ id: number; rows: string; holiday_hours: string | null }[]> {
  return chunked(ids, (part) =>
    db.selectFrom('schedule_set').select(['id', 'rows', 'holiday_hours']).where('id', 'in', part).execute(),
  );
}
