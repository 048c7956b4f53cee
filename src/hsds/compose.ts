import { canonicalize, isObject } from './canonical.ts';
import type { HsdsType, Json } from './model.ts';
import { mapAttributes, mapNested } from './records.ts';
import { qualifySchedule } from './schedule-output.ts';

/** Stored documents a composition may need, by id. */
export interface Lookup {
  organizations: Map<string, Json>;
  locations: Map<string, Json>;
  terms: Map<string, Json>;
  taxonomies: Map<string, Json>;
}

export interface ComposeOptions {
  /** Only `export --include-confidential` sets this: confidential addresses and coordinates stay in. */
  includeConfidential: boolean;
  /** HARBOUR_TIMEZONE: schedule rows without a timezone are written with its offset. */
  timezone: string;
}

/** Fields of a confidential location that could say where it is. */
export const CONFIDENTIAL_FIELDS = [
  'addresses',
  'latitude',
  'longitude',
  'transportation',
  'accessibility',
  'external_identifier',
  'external_identifier_type',
  'metadata',
];

/** The public face of a location: a confidential one loses everything that could find it. */
export function presentLocation(location: Json, options: ComposeOptions): Json {
  if (location.confidential !== true || options.includeConfidential) return location;
  const out: Json = { ...location };
  for (const field of CONFIDENTIAL_FIELDS) delete out[field];
  return out;
}

/** The public face of a stored service document (never the assurer's email). */
function presentServiceDoc(service: Json): Json {
  const { assurer_email: _hidden, ...rest } = service;
  return rest;
}

/** A full HSDS service as `GET /hsds/services/{id}` returns it. */
export function composeService(service: Json, sals: readonly Json[], lookup: Lookup, options: ComposeOptions): Json {
  const out: Json = { ...presentServiceDoc(service) };
  const orgId = typeof service.organization_id === 'string' ? service.organization_id : null;
  const org = orgId ? lookup.organizations.get(orgId) : undefined;
  if (org) out.organization = org;
  out.service_at_locations = sals.map((sal) => composeSal(sal, lookup, options));
  return qualifySchedules('service', expandTerms('service', canonicalize('service', out), lookup), options);
}

function composeSal(sal: Json, lookup: Lookup, options: ComposeOptions): Json {
  const out: Json = { ...sal };
  delete out.service_id;
  const locId = typeof sal.location_id === 'string' ? sal.location_id : null;
  const location = locId ? lookup.locations.get(locId) : undefined;
  if (location) out.location = presentLocation(location, options);
  return out;
}

/** A service_at_location with its location and its service (without the service's other SALs). */
export function composeSalView(sal: Json, service: Json, lookup: Lookup, options: ComposeOptions): Json {
  const out = composeSal(sal, lookup, options);
  const svc: Json = { ...presentServiceDoc(service) };
  const orgId = typeof service.organization_id === 'string' ? service.organization_id : null;
  const org = orgId ? lookup.organizations.get(orgId) : undefined;
  if (org) svc.organization = org;
  out.service = svc;
  return qualifySchedules(
    'service_at_location',
    expandTerms('service_at_location', canonicalize('service_at_location', out), lookup),
    options,
  );
}

/** Every schedule row, at any depth, written with its timezone and offset-qualified times. */
export function qualifySchedules(type: HsdsType, obj: Json, options: ComposeOptions): Json {
  return mapNested(type, obj, 'schedule', (row) => canonicalize('schedule', qualifySchedule(row, options.timezone), type));
}

/** Replaces each attribute's `taxonomy_term_id` with the full term (and its taxonomy). */
export function expandTerms(type: HsdsType, obj: Json, lookup: Lookup): Json {
  return mapAttributes(type, obj, (attr) => {
    const termId = typeof attr.taxonomy_term_id === 'string' ? attr.taxonomy_term_id : null;
    const term = termId ? lookup.terms.get(termId) : undefined;
    if (!term) return attr;
    const full: Json = { ...term };
    const taxonomyId = typeof term.taxonomy_id === 'string' ? term.taxonomy_id : null;
    const taxonomy = taxonomyId ? lookup.taxonomies.get(taxonomyId) : undefined;
    if (taxonomy) full.taxonomy_detail = taxonomy;
    return canonicalize('attribute', { ...attr, taxonomy_term: canonicalize('taxonomy_term', full) }, 'service');
  });
}

/** Term ids referenced by attributes anywhere in a document. */
export function collectTermIds(type: HsdsType, obj: Json, into: Set<string>): void {
  mapAttributes(type, obj, (attr) => {
    if (typeof attr.taxonomy_term_id === 'string') into.add(attr.taxonomy_term_id);
    return attr;
  });
}

export { isObject };
