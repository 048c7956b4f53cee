import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/connection.ts';
import type { Json } from '../hsds/model.ts';
import { importSource, type ImportSummary } from '../hsds/import/run-import.ts';
import { upsertTaxonomies, upsertTerms } from '../hsds/repo.ts';
import { bumpDataVersion } from '../hsds/store.ts';
import { countPlaces, upsertPlaces } from '../places/repo.ts';
import { readGazetteer } from '../places/gazetteer.ts';
import { deleteItemsOfServices } from './index-repo.ts';
import { HARBOUR_TAXONOMIES } from './taxonomies.ts';

export const DEMO_DATA_PATH = fileURLToPath(new URL('../../seed/demo/tshwane-demo.json', import.meta.url));
export const TSHWANE_GAZETTEER_PATH = fileURLToPath(new URL('../../seed/gazetteer/tshwane.csv', import.meta.url));

/** Writes Harbour's own taxonomies and their fixed terms (idempotent; run at every start). */
export async function ensureHarbourTaxonomies(handle: Db): Promise<void> {
  await handle.db.transaction().execute(async (trx) => {
    await upsertTaxonomies(
      trx,
      HARBOUR_TAXONOMIES.map((t) => ({ id: t.id, name: t.name, description: t.description, version: t.version })),
    );
    const terms: Json[] = HARBOUR_TAXONOMIES.flatMap((t) =>
      t.terms.map((term) => ({
        id: term.id,
        code: term.code,
        name: term.name,
        description: term.description,
        taxonomy: t.name,
        taxonomy_id: t.id,
      })),
    );
    await upsertTerms(trx, terms);
  });
}

/** Loads the shipped Tshwane gazetteer into an empty place table. */
export async function ensureGazetteer(handle: Db): Promise<number> {
  if ((await countPlaces(handle.db)) > 0) return 0;
  const { places } = readGazetteer(await readFile(TSHWANE_GAZETTEER_PATH, 'utf8'), TSHWANE_GAZETTEER_PATH);
  await handle.db.transaction().execute((trx) => upsertPlaces(trx, places));
  return places.length;
}

/** True when no organization or service is stored yet. */
export async function isDirectoryEmpty(handle: Db): Promise<boolean> {
  const org = await handle.db.selectFrom('organization').select('id').limit(1).executeTakeFirst();
  const svc = await handle.db.selectFrom('service').select('id').limit(1).executeTakeFirst();
  return org === undefined && svc === undefined;
}

/** Seeds the demo data, but only into an empty directory: never mixed with real listings. */
export async function seedDemo(handle: Db, report: (line: Json) => void = () => {}): Promise<ImportSummary | null> {
  if (!(await isDirectoryEmpty(handle))) return null;
  return importSource(handle, DEMO_DATA_PATH, { report });
}

/** Deletes every record marked as demonstration data (and its index rows). */
export async function removeDemo(handle: Db): Promise<{ services: number; organizations: number; locations: number }> {
  return handle.db.transaction().execute(async (trx) => {
    const services = (await trx.selectFrom('service').select('id').where('is_demo', '=', 1).execute()).map((r) => r.id);
    await deleteItemsOfServices(trx, handle.adapter, services);
    let locations = 0;
    for (let i = 0; i < services.length; i += 500) {
      const chunk = services.slice(i, i + 500);
      const locIds = (
        await trx.selectFrom('service_at_location').select('location_id').where('service_id', 'in', chunk).execute()
      )
        .map((r) => r.location_id)
        .filter((id): id is string => id !== null);
      await trx.deleteFrom('service_at_location').where('service_id', 'in', chunk).execute();
      await trx.deleteFrom('service_term').where('service_id', 'in', chunk).execute();
      await trx.deleteFrom('service').where('id', 'in', chunk).execute();
      // A location goes with the demo when no remaining service uses it.
      for (const id of new Set(locIds)) {
        const used = await trx
          .selectFrom('service_at_location')
          .select('id')
          .where('location_id', '=', id)
          .limit(1)
          .executeTakeFirst();
        if (!used) locations += Number((await trx.deleteFrom('location').where('id', '=', id).executeTakeFirst()).numDeletedRows);
      }
    }
    const orgs = await trx.deleteFrom('organization').where('is_demo', '=', 1).executeTakeFirst();
    // A running server drops its cached answers and vocabulary when it sees the new version.
    await bumpDataVersion(trx);
    handle.adapter.invalidate();
    return { services: services.length, organizations: Number(orgs.numDeletedRows), locations };
  });
}
