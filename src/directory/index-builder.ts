import { createHash } from 'node:crypto';
import { isObject } from '../hsds/canonical.ts';
import type { Json } from '../hsds/model.ts';
import { EVALUATED_FIELDS } from '../shared/schedule/index.ts';
import { normalizeText } from '../shared/text.ts';
import { readAreas, type Area } from './coverage.ts';
import {
  CONFIDENTIAL_BIT,
  FLAG_BITS,
  FLAG_BY_TERM_ID,
  GENDER_BITS,
  GENDER_BY_TERM_ID,
  CATEGORY_BY_TERM_ID,
} from './taxonomies.ts';

/** What the search index keeps about one searchable item, before it has a row id. */
export interface ItemSpec {
  kind: 'sal' | 'remote';
  sal_id: string | null;
  service_id: string;
  location_id: string | null;
  /** The point distances are measured from: exact, or the centre of a 2 km cell if confidential. */
  lat: number | null;
  lng: number | null;
  confidential: boolean;
  flags: number;
  genders: number;
  termIds: string[];
  languages: string[];
  schedule: ScheduleSpec;
  name: string;
  organization_name: string;
  summary: ItemSummary;
  text: { name: string; body: string };
}

export interface ScheduleSpec {
  rows: Json[];
  holiday_hours: 'open' | 'closed' | null;
}

/** Display fields carried by each index row so a result list needs no second lookup. */
export interface ItemSummary {
  phone: string | null;
  area: string | null;
  categories: string[];
  flags: string[];
  areas?: Area[];
}

export interface BuildContext {
  organization: Json | undefined;
  locations: Map<string, Json>;
  /** Term names by id, for the text index. */
  termNames: Map<string, string>;
}

/** Size of the grid a confidential location is snapped to before any distance is computed. */
const CONFIDENTIAL_CELL_DEG = 0.02;

function snap(value: number): number {
  return Number(((Math.floor(value / CONFIDENTIAL_CELL_DEG) + 0.5) * CONFIDENTIAL_CELL_DEG).toFixed(4));
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function holidayHours(...docs: (Json | undefined)[]): 'open' | 'closed' | null {
  for (const d of docs) if (d && (d.holiday_hours === 'open' || d.holiday_hours === 'closed')) return d.holiday_hours;
  return null;
}

/** A SAL's schedule: its own rows if any, else its service's, else its location's. */
export function chooseSchedule(sal: Json | undefined, service: Json, location: Json | undefined): ScheduleSpec {
  const own = objects(sal?.schedules);
  const rows =
    own.length > 0 ? own : objects(service.schedules).length > 0 ? objects(service.schedules) : objects(location?.schedules);
  return {
    rows: rows.map((r) => Object.fromEntries(EVALUATED_FIELDS.filter((f) => r[f] !== undefined).map((f) => [f, r[f]]))),
    holiday_hours: holidayHours(sal, service, location),
  };
}

/** Stable key of a schedule: identical schedules share one stored, compiled copy. */
export function scheduleHash(spec: ScheduleSpec): string {
  return createHash('sha1').update(JSON.stringify(spec)).digest('base64url');
}

function attributeTermIds(...docs: (Json | undefined)[]): string[] {
  const ids = new Set<string>();
  for (const d of docs)
    for (const a of objects(d?.attributes)) if (typeof a.taxonomy_term_id === 'string') ids.add(a.taxonomy_term_id);
  return [...ids];
}

function firstPhone(...docs: (Json | undefined)[]): string | null {
  for (const d of docs) for (const p of objects(d?.phones)) if (str(p.number)) return String(p.number);
  return null;
}

function languageCodes(...docs: (Json | undefined)[]): string[] {
  const codes = new Set<string>();
  for (const d of docs) for (const l of objects(d?.languages)) if (str(l.code)) codes.add(String(l.code).trim().toLowerCase());
  return [...codes].sort();
}

function publicArea(location: Json | undefined): string | null {
  if (!location || location.confidential === true) return null;
  const addr = objects(location.addresses).find((a) => a.address_type !== 'postal') ?? objects(location.addresses)[0];
  return str(addr?.region) ?? str(addr?.city) ?? null;
}

function termFacts(termIds: string[]): { flags: number; genders: number; categories: string[]; flagCodes: string[] } {
  let flags = 0;
  let genders = 0;
  const categories: string[] = [];
  const flagCodes: string[] = [];
  for (const id of termIds) {
    const flag = FLAG_BY_TERM_ID.get(id);
    if (flag) {
      flags |= FLAG_BITS[flag];
      flagCodes.push(flag);
    }
    const gender = GENDER_BY_TERM_ID.get(id);
    if (gender) genders |= GENDER_BITS[gender];
    const category = CATEGORY_BY_TERM_ID.get(id);
    if (category) categories.push(category);
  }
  return { flags, genders, categories: categories.sort(), flagCodes: flagCodes.sort() };
}

function textOf(service: Json, ctx: BuildContext, termIds: string[], location: Json | undefined): ItemSpec['text'] {
  const org = ctx.organization;
  const name = [service.name, service.alternate_name, org?.name].filter((v) => typeof v === 'string').join(' ');
  const body = [
    service.description,
    ...termIds.map((id) => ctx.termNames.get(id)),
    location?.name,
    publicArea(location),
    location && location.confidential !== true
      ? objects(location.addresses)
          .map((a) => a.city)
          .join(' ')
      : null,
    ...objects(service.languages).map((l) => l.name),
  ].filter((v) => typeof v === 'string');
  return { name: normalizeText(name), body: normalizeText(body.join(' ')) };
}

/**
 * The index items of an active service: one per service_at_location at a physical location, or a
 * single remote item when it has none (phone and online help).
 */
export function buildItems(service: Json, sals: readonly Json[], ctx: BuildContext): ItemSpec[] {
  if (service.status !== 'active') return [];
  const serviceId = String(service.id);
  const orgName = str(ctx.organization?.name) ?? '';
  const physical = sals.filter((sal) => {
    const loc = typeof sal.location_id === 'string' ? ctx.locations.get(sal.location_id) : undefined;
    return loc !== undefined && loc.location_type !== 'virtual' && loc.location_type !== 'postal';
  });
  const base = (
    sal: Json | undefined,
    location: Json | undefined,
  ): Omit<ItemSpec, 'kind' | 'lat' | 'lng' | 'confidential' | 'sal_id' | 'location_id'> => {
    const termIds = attributeTermIds(service, sal);
    const facts = termFacts(termIds);
    return {
      service_id: serviceId,
      flags: facts.flags,
      genders: facts.genders,
      termIds,
      languages: languageCodes(service, location),
      schedule: chooseSchedule(sal, service, location),
      name: String(service.name ?? ''),
      organization_name: orgName,
      summary: {
        phone: firstPhone(sal, location, service, ctx.organization),
        area: publicArea(location),
        categories: facts.categories,
        flags: facts.flagCodes,
      },
      text: textOf(service, ctx, termIds, location),
    };
  };
  if (physical.length === 0) {
    const item = base(undefined, undefined);
    item.summary.areas = readAreas(objects(service.service_areas));
    return [{ ...item, kind: 'remote', sal_id: null, location_id: null, lat: null, lng: null, confidential: false }];
  }
  return physical.map((sal) => {
    const location = ctx.locations.get(String(sal.location_id))!;
    const confidential = location.confidential === true;
    const hasPoint = typeof location.latitude === 'number' && typeof location.longitude === 'number';
    const lat = hasPoint ? Number(location.latitude) : null;
    const lng = hasPoint ? Number(location.longitude) : null;
    const item = base(sal, location);
    return {
      ...item,
      flags: confidential ? item.flags | CONFIDENTIAL_BIT : item.flags,
      kind: 'sal' as const,
      sal_id: String(sal.id),
      location_id: String(location.id),
      lat: lat !== null && confidential ? snap(lat) : lat,
      lng: lng !== null && confidential ? snap(lng) : lng,
      confidential,
    };
  });
}
