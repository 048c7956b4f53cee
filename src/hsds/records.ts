import { canonicalize, isObject } from './canonical.ts';
import { FIELDS, type HsdsType, type Json } from './model.ts';

/**
 * How a nested HSDS record is split into what Harbour stores: one JSON document per organization,
 * service, location, service_at_location, taxonomy and taxonomy term. Each document keeps its own
 * small children (phones, schedules, addresses …) inline; attributes keep only the term's id.
 */
export interface StoredParts {
  organizations: Json[];
  services: Json[];
  locations: Json[];
  sals: Json[];
  taxonomies: Json[];
  terms: Json[];
}

export function emptyParts(): StoredParts {
  return { organizations: [], services: [], locations: [], sals: [], taxonomies: [], terms: [] };
}

/** Splits a (canonical) full service into stored documents. */
export function splitService(service: Json, parts: StoredParts): void {
  const doc: Json = { ...service };
  if (isObject(service.organization)) {
    doc.organization_id = service.organization.id;
    splitOrganization(service.organization, parts, false);
  }
  if (isObject(service.program)) doc.program_id = service.program.id;
  delete doc.organization;
  delete doc.service_at_locations;
  parts.services.push(stripTerms('service', doc, parts));
  for (const sal of asObjects(service.service_at_locations)) {
    splitSal({ ...sal, service_id: service.id }, parts);
  }
}

/** Splits a service_at_location (with its nested location and possibly service). */
export function splitSal(sal: Json, parts: StoredParts): void {
  const doc: Json = { ...sal };
  if (isObject(sal.location)) {
    doc.location_id = sal.location.id;
    splitLocation(sal.location, parts);
  }
  if (isObject(sal.service)) {
    doc.service_id = sal.service.id;
    const { service_at_locations: _ignored, ...service } = sal.service;
    splitService(service, parts);
  }
  delete doc.location;
  delete doc.service;
  parts.sals.push(stripTerms('service_at_location', doc, parts));
}

export function splitLocation(location: Json, parts: StoredParts): void {
  parts.locations.push(stripTerms('location', { ...location }, parts));
}

/** Splits an organization; with `withChildren`, also its nested services and locations. */
export function splitOrganization(org: Json, parts: StoredParts, withChildren = true): void {
  const doc: Json = { ...org };
  delete doc.services;
  delete doc.locations;
  parts.organizations.push(stripTerms('organization', doc, parts));
  if (!withChildren) return;
  for (const location of asObjects(org.locations)) splitLocation({ ...location, organization_id: org.id }, parts);
  for (const service of asObjects(org.services)) {
    splitService({ ...service, organization: undefined, organization_id: org.id }, parts);
  }
}

export function splitTerm(term: Json, parts: StoredParts): void {
  const doc: Json = { ...term };
  if (isObject(term.taxonomy_detail)) {
    doc.taxonomy_id = term.taxonomy_detail.id;
    parts.taxonomies.push(canonicalize('taxonomy', term.taxonomy_detail));
  }
  delete doc.taxonomy_detail;
  parts.terms.push(canonicalize('taxonomy_term', doc));
}

/**
 * Canonicalises a document, moving every nested attribute's `taxonomy_term` into `parts.terms`
 * and leaving `taxonomy_term_id` in its place.
 */
function stripTerms(type: HsdsType, doc: Json, parts: StoredParts): Json {
  return mapAttributes(type, canonicalize(type, doc), (attr) => {
    const out: Json = { ...attr };
    if (isObject(attr.taxonomy_term)) {
      out.taxonomy_term_id = attr.taxonomy_term.id;
      splitTerm(attr.taxonomy_term, parts);
    }
    delete out.taxonomy_term;
    return canonicalize('attribute', out, null);
  });
}

/**
 * Rebuilds `obj` (of `type`) with `fn` applied to every nested object of type `target` at any
 * depth, keeping key order.
 */
export function mapNested(type: HsdsType, obj: Json, target: HsdsType, fn: (child: Json) => Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(obj)) {
    const spec = FIELDS[type].find((f) => f.name === key);
    if (spec?.kind === 'children' && Array.isArray(value)) {
      out[key] = value.map((v: Json) => (spec.type === target ? fn(v) : mapNested(spec.type!, v, target, fn)));
    } else if (spec?.kind === 'child' && isObject(value) && spec.type !== 'taxonomy_term') {
      out[key] = mapNested(spec.type!, value, target, fn);
    } else if (type === 'service_at_location' && key === 'service' && isObject(value)) {
      out[key] = mapNested('service', value, target, fn);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** `mapNested` for attributes; nested attributes never carry link_id (their parent says it). */
export function mapAttributes(type: HsdsType, obj: Json, fn: (attr: Json) => Json): Json {
  return mapNested(type, obj, 'attribute', (attr) => dropLinkId(fn(attr)));
}

function dropLinkId(attr: Json): Json {
  const { link_id: _ignored, ...rest } = attr;
  return rest;
}

function asObjects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}
