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

const ROWS = 200;

/** Stored ids of these schedules, adding the ones not seen before (one query each way per batch). */
export async function ensureScheduleSets(db: Db, specs: readonly ScheduleSpec[]): Promise<Map<string, number>> {
  const byHash = new Map<string, ScheduleSpec>();
  for (const spec of specs) byHash.set(scheduleHash(spec), spec);
  const ids = new Map<string, number>();
  const hashes = [...byHash.keys()];
  for (let i = 0; i < hashes.length; i += ROWS) {
    const rows = await db
      .selectFrom('schedule_set')
      .select(['id', 'hash'])
      .where('hash', 'in', hashes.slice(i, i + ROWS))
      .execute();
    for (const r of rows) ids.set(r.hash, Number(r.id));
  }
  const missing = hashes.filter((h) => !ids.has(h));
  for (let i = 0; i < missing.length; i += ROWS) {
    const values = missing.slice(i, i + ROWS).map((hash) => {
      const spec = byHash.get(hash)!;
      return { hash, rows: JSON.stringify(spec.rows), holiday_hours: spec.holiday_hours };
    });
    const rows = await db.insertInto('schedule_set').values(values).returning(['id', 'hash']).execute();
    for (const r of rows) ids.set(r.hash, Number(r.id));
  }
  return ids;
}

function hasSchedule(spec: ScheduleSpec): boolean {
  return spec.rows.length > 0 || spec.holiday_hours !== null;
}

/** An item's identity before it has a row id: its SAL, or its service for a remote item. */
function itemKey(kind: string, salId: string | null, serviceId: string): string {
  return kind === 'sal' ? `sal:${salId}` : `remote:${serviceId}`;
}

/** Writes index rows for items built by `buildItems`, with multi-row statements. */
export async function insertItems(db: Db, adapter: DialectAdapter, items: readonly ItemSpec[]): Promise<void> {
  if (items.length === 0) return;
  const termKeys = await findTermKeys(
    db,
    items.flatMap((i) => i.termIds),
  );
  const schedIds = await ensureScheduleSets(db, items.map((i) => i.schedule).filter(hasSchedule));
  const rids = new Map<string, number>();
  for (let i = 0; i < items.length; i += ROWS) {
    const values = items.slice(i, i + ROWS).map((item) => ({
      kind: item.kind,
      sal_id: item.sal_id,
      service_id: item.service_id,
      location_id: item.location_id,
      lat: item.lat,
      lng: item.lng,
      confidential: item.confidential ? 1 : 0,
      flags: item.flags,
      genders: item.genders,
      sched_id: hasSchedule(item.schedule) ? schedIds.get(scheduleHash(item.schedule))! : null,
      languages: item.languages.length > 0 ? `,${item.languages.join(',')},` : '',
      name: item.name,
      organization_name: item.organization_name,
      summary: JSON.stringify(item.summary),
    }));
    // RETURNING order is not guaranteed: map the new ids back by each item's identity.
    const rows = await db.insertInto('search_item').values(values).returning(['rid', 'kind', 'sal_id', 'service_id']).execute();
    for (const r of rows) rids.set(itemKey(r.kind, r.sal_id, r.service_id), Number(r.rid));
  }
  const cells: CellRowInsert[] = [];
  const terms: { rid: number; term: number }[] = [];
  const texts: { rid: number; name: string; body: string }[] = [];
  for (const item of items) {
    const rid = rids.get(itemKey(item.kind, item.sal_id, item.service_id))!;
    const schedId = hasSchedule(item.schedule) ? schedIds.get(scheduleHash(item.schedule))! : null;
    const keys = [...new Set(item.termIds.map((id) => termKeys.get(id)).filter((k): k is number => k !== undefined))];
    for (const term of keys) terms.push({ rid, term });
    if (item.lat !== null && item.lng !== null) {
      const cell = cellOf(item.lat, item.lng);
      for (const term of [0, ...keys])
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
    texts.push({ rid, ...item.text });
  }
  for (let i = 0; i < terms.length; i += ROWS * 2)
    await db
      .insertInto('search_term')
      .values(terms.slice(i, i + ROWS * 2))
      .execute();
  await adapter.insertCells(db, cells);
  await adapter.indexText(db, texts);
}
