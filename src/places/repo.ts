import { bumpDataVersion } from '../hsds/store.ts';
import type { Kysely } from 'kysely';
import type { Database, PlaceTable } from '../db/types.ts';

type Db = Kysely<Database>;

export type PlaceRow = PlaceTable;

export async function listPlaces(db: Db): Promise<PlaceRow[]> {
  return db.selectFrom('place').selectAll().orderBy('name').execute();
}

export async function findPlace(db: Db, id: string): Promise<PlaceRow | undefined> {
  return db.selectFrom('place').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countPlaces(db: Db): Promise<number> {
  const row = await db
    .selectFrom('place')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Adds or updates places, and bumps the data version: cached searches near a place must see its new point. */
export async function upsertPlaces(db: Db, places: readonly PlaceRow[]): Promise<void> {
  if (places.length > 0) await bumpDataVersion(db);
  for (const p of places) {
    const { id: _id, ...update } = p;
    await db
      .insertInto('place')
      .values(p)
      .onConflict((oc) => oc.column('id').doUpdateSet(update))
      .execute();
  }
}
