import type { Db } from '../db/connection.ts';
import { canonicalize, isObject } from './canonical.ts';
import { presentLocation, type ComposeOptions } from './compose.ts';
import { FIELDS, type HsdsType, type Json } from './model.ts';
import { loadFullServices, loadOrganizations, loadSalViews } from './read.ts';
import { findDocs } from './repo.ts';

/** Only an object's one-to-one fields (the "list" shape of HSDS's list endpoints). */
export function scalarsOnly(type: HsdsType, obj: Json): Json {
  const out: Json = {};
  for (const f of FIELDS[type]) {
    if (f.kind === 'children' || f.kind === 'child') continue;
    if (obj[f.name] !== undefined) out[f.name] = obj[f.name];
  }
  return out;
}

/** Services in the list shape: one-to-one fields, the organization's and the program's. */
export async function presentServiceList(
  handle: Db,
  ids: string[],
  mode: 'list' | 'full' | 'minimal',
  opts: ComposeOptions,
): Promise<Json[]> {
  if (mode === 'full') return loadFullServices(handle.db, ids, opts);
  const docs = await findDocs(handle.db, 'service', ids);
  if (mode === 'minimal') {
    return ids.flatMap((id) => {
      const d = docs.get(id);
      return d ? [{ id, ...(d.last_modified ? { last_modified: d.last_modified } : {}) }] : [];
    });
  }
  const orgs = await findDocs(
    handle.db,
    'organization',
    [...docs.values()].map((d) => String(d.organization_id ?? '')),
  );
  return ids.flatMap((id) => {
    const d = docs.get(id);
    if (!d) return [];
    const { assurer_email: _hidden, ...doc } = d;
    const out: Json = scalarsOnly('service', doc);
    const org = orgs.get(String(d.organization_id ?? ''));
    if (org) out.organization = scalarsOnly('organization', org);
    if (isObject(d.program)) out.program = scalarsOnly('program', d.program);
    return [canonicalize('service', out)];
  });
}

/** Service-at-locations in the list shape (one-to-one fields of it, its location and its service). */
export async function presentSalList(handle: Db, ids: string[], full: boolean, opts: ComposeOptions): Promise<Json[]> {
  if (full) return loadSalViews(handle.db, ids, opts);
  const sals = await findDocs(handle.db, 'service_at_location', ids);
  const locations = await findDocs(
    handle.db,
    'location',
    [...sals.values()].map((s) => String(s.location_id ?? '')),
  );
  const services = await findDocs(
    handle.db,
    'service',
    [...sals.values()].map((s) => String(s.service_id ?? '')),
  );
  return ids.flatMap((id) => {
    const sal = sals.get(id);
    if (!sal) return [];
    const out: Json = scalarsOnly('service_at_location', sal);
    const location = locations.get(String(sal.location_id ?? ''));
    if (location) out.location = scalarsOnly('location', presentLocation(location, opts));
    const service = services.get(String(sal.service_id ?? ''));
    if (service) {
      const { assurer_email: _hidden, ...svc } = service;
      out.service = scalarsOnly('service', svc);
    }
    return [canonicalize('service_at_location', out)];
  });
}

/**
 * Organizations. `list`: one-to-one fields. `full`: all its own data, its public locations and its
 * services (list shape, or full with `fullService`).
 */
export async function presentOrganizations(
  handle: Db,
  ids: string[],
  mode: 'list' | 'full',
  fullService: boolean,
  opts: ComposeOptions,
): Promise<Json[]> {
  const orgs = await loadOrganizations(handle.db, ids);
  if (mode === 'list') return orgs.map((o) => scalarsOnly('organization', o));
  const out: Json[] = [];
  for (const org of orgs) {
    const serviceRows = await handle.db
      .selectFrom('service')
      .select('id')
      .where('organization_id', '=', String(org.id))
      .orderBy('id')
      .execute();
    const serviceIds = serviceRows.map((r) => r.id);
    const locRows = await handle.db
      .selectFrom('location')
      .select('doc')
      .where('organization_id', '=', String(org.id))
      .orderBy('id')
      .execute();
    const locations = locRows.map((r) => presentLocation(JSON.parse(r.doc) as Json, opts));
    const services = await presentServiceList(handle, serviceIds, fullService ? 'full' : 'list', opts);
    out.push({ ...canonicalize('organization', { ...org, locations }), services });
  }
  return out;
}
