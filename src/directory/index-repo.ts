import type { Kysely } from 'kysely';
import type { DialectAdapter, CellRowInsert } from '../db/dialect.ts';
import type { Database } from '../db/types.ts';
import { findTermKeys } from '../hsds/repo.ts';
import { cellOf } from '../shared/geo.ts';
import { scheduleHash, type ItemSpec, type ScheduleSpec } from './index-builder.ts';

type Db = Kysely<Database>;

/** Removes every index row of these services (items, cells, terms, text). */
export async function deleteItemsOfServices(db: Db, adapter: DialectAdapter, serviceIds: readonly string[]): Promise<void> {
  for (let i = 0; i < serviceIds.length; i += 500) {
    const chunk = serviceIds.slice(i, i + 500);
    const rows = await db.selectFrom('search_item').select('rid').where('service_id', 'in', chunk).execute();
    const rids = rows.map((r) => Number(r.rid));
    if (rids.length === 0) continue;
    await adapter.deleteCells(db, rids);
    await adapter.deleteText(db, rids);
    for (let j = 0; j < rids.length; j += 500) {
      const part = rids.slice(j, j + 500);
      await db.deleteFrom('search_term').where('rid', 'in', part).execute();
      await db.deleteFrom('search_item').where('rid', 'in', part).execute();
    }
  }
}

/** The stored id of a schedule, adding it the first time it is seen. */
export async function ensureScheduleSet(db: Db, spec: ScheduleSpec): Promise<number> {
  const hash = scheduleHash(spec);
  const found = await db.selectFrom('schedule_set').select('id').where('hash', '=', hash).executeTakeFirst();
  if (found) return Number(found.id);
  const inserted = await db
    .insertInto('schedule_set')
    .values({ hash, rows: JSON.stringify(spec.rows), holiday_hours: spec.holiday_hours })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/** Writes index rows for items built by `buildItems`. */
export async function insertItems(db: Db, adapter: DialectAdapter, items: readonly ItemSpec[]): Promise<void> {
  if (items.length === 0) return;
  const termKeys = await findTermKeys(
    db,
    items.flatMap((i) => i.termIds),
  );
  const cells: CellRowInsert[] = [];
  const texts: { rid: number; name: string; body: string }[] = [];
  for (const item of items) {
    const schedId =
      item.schedule.rows.length > 0 || item.schedule.holiday_hours ? await ensureScheduleSet(db, item.schedule) : null;
    const { rid } = await db
      .insertInto('search_item')
      .values({
        kind: item.kind,
        sal_id: item.sal_id,
        service_id: item.service_id,
        location_id: item.location_id,
        lat: item.lat,
        lng: item.lng,
        confidential: item.confidential ? 1 : 0,
        flags: item.flags,
        genders: item.genders,
        sched_id: schedId,
        languages: item.languages.length > 0 ? `,${item.languages.join(',')},` : '',
        name: item.name,
        organization_name: item.organization_name,
        summary: JSON.stringify(item.summary),
      })
      .returning('rid')
      .executeTakeFirstOrThrow();
    const keys = [...new Set(item.termIds.map((id) => termKeys.get(id)).filter((k): k is number => k !== undefined))];
    if (keys.length > 0)
      await db
        .insertInto('search_term')
        .values(keys.map((term) => ({ rid, term })))
        .execute();
    if (item.lat !== null && item.lng !== null) {
      const cell = cellOf(item.lat, item.lng);
      for (const term of [0, ...keys]) {
        cells.push({
          term,
          cell,
          rid,
          lat: item.lat,
          lng: item.lng,
          flags: item.flags,
          genders: item.genders,
          sched_id: schedId,
        });
      }
    }
    texts.push({ rid, ...item.text });
  }
  await adapter.insertCells(db, cells);
  await adapter.indexText(db, texts);
}
