/**
 * HSDS 2.0(.1) → HSDS 3.0: maps the tables of a legacy Open Referral datapackage to 3.0 tables.
 * Pure: no I/O. The mapping and its decisions are documented in docs/hsds-2.0-mapping.md.
 */
import { HSDS20_NAMESPACE, uuidv5 } from '../shared/uuid.ts';

/** HSDS 3.0 tables keyed by 3.0 resource name; values typed per the 3.0 schema, empty fields absent. */
export type Tables = Record<string, Record<string, unknown>[]>;

/** One row the mapping dropped or changed (all reasons for one row joined with "; "). */
export interface MapWarning {
  path: string;
  reason: string;
}

function table(file: string, fields: string): { file: string; fields: readonly string[] } {
  return { file, fields: fields.split(' ') };
}

/** The HSDS 2.0.1 tables: datapackage resource name → CSV file (`path`) and field names, in order. */
export const HSDS20_TABLES: Readonly<Record<string, { file: string; fields: readonly string[] }>> = {
  organization: table(
    'organizations.csv',
    'id name alternate_name description email url tax_status tax_id year_incorporated legal_status',
  ),
  program: table('programs.csv', 'id organization_id name alternate_name'),
  service: table(
    'services.csv',
    'id organization_id program_id name alternate_name description url email status interpretation_services application_process wait_time fees accreditations licenses',
  ),
  service_attribute: table('service_attributes.csv', 'id service_id taxonomy_term_id'),
  other_attribute: table('other_attributes.csv', 'id link_id link_type taxonomy_term_id'),
  service_at_location: table('services_at_location.csv', 'id service_id location_id description'),
  location: table('locations.csv', 'id organization_id name alternate_name description transportation latitude longitude'),
  phone: table(
    'phones.csv',
    'id location_id service_id organization_id contact_id service_at_location_id number extension type language description department',
  ),
  contact: table('contacts.csv', 'id organization_id service_id service_at_location_id name title department email'),
  physical_address: table(
    'physical_addresses.csv',
    'id location_id attention address_1 address_2 address_3 address_4 city region state_province postal_code country',
  ),
  postal_address: table(
    'postal_addresses.csv',
    'id location_id attention address_1 address_2 address_3 address_4 city region state_province postal_code country',
  ),
  schedule: table(
    'schedules.csv',
    'id service_id location_id service_at_location_id valid_from valid_to dtstart timezone until count wkst freq interval byday byweekno bymonthday byyearday description opens_at closes_at',
  ),
  funding: table('funding.csv', 'id organization_id service_id source'),
  eligibility: table('eligibility.csv', 'id service_id'),
  service_area: table('service_areas.csv', 'id service_id service_area description'),
  required_document: table('required_documents.csv', 'id service_id document'),
  payment_accepted: table('payments_accepted.csv', 'id service_id payment'),
  language: table('languages.csv', 'id service_id location_id language'),
  accessibility_for_disabilities: table('accessibility_for_disabilities.csv', 'id location_id accessibility details'),
  taxonomy_term: table('taxonomy_terms.csv', 'id term description parent_id taxonomy language'),
  metadata: table(
    'metadata.csv',
    'id resource_id resource_type last_action_date last_action_type field_name previous_value replacement_value updated_by',
  ),
  meta_table_description: table('meta_table_descriptions.csv', 'id name language character_set'),
};

/** Tables and columns some 2.0 feeds carry that 2.0.1 does not define, but that this mapping reads. */
const EXTRA_FIELDS: Record<string, string[]> = {
  holiday_schedule: [
    'id',
    'service_id',
    'location_id',
    'service_at_location_id',
    'closed',
    'opens_at',
    'closes_at',
    'start_date',
    'end_date',
  ],
  eligibility: ['eligibility'],
};

/** The 3.0 table each 2.0 entity became (for other_attribute links and metadata resource types). */
const ENTITY_30: Record<string, string> = {
  organization: 'organization',
  program: 'program',
  service: 'service',
  service_at_location: 'service_at_location',
  location: 'location',
  phone: 'phone',
  contact: 'contact',
  physical_address: 'address',
  postal_address: 'address',
  schedule: 'schedule',
  holiday_schedule: 'schedule',
  funding: 'funding',
  service_area: 'service_area',
  required_document: 'required_document',
  language: 'language',
  accessibility_for_disabilities: 'accessibility',
  taxonomy_term: 'taxonomy_term',
  service_attribute: 'attribute',
  other_attribute: 'attribute',
  meta_table_description: 'meta_table_description',
};

function entity30(table: string): string | undefined {
  return Object.hasOwn(ENTITY_30, table) ? ENTITY_30[table] : undefined;
}

/** 2.0 tables whose rows become text on their service, so things that pointed at them follow the service. */
const MERGED_INTO_SERVICE = new Set(['eligibility', 'payment_accepted']);

type Fk = [field: string, parent: string];

/** Foreign keys per 2.0 table: a key naming a row that is not there drops the row. */
const FKS: Record<string, Fk[]> = {
  program: [['organization_id', 'organization']],
  service: [['organization_id', 'organization']],
  service_attribute: [
    ['service_id', 'service'],
    ['taxonomy_term_id', 'taxonomy_term'],
  ],
  other_attribute: [['taxonomy_term_id', 'taxonomy_term']],
  service_at_location: [
    ['service_id', 'service'],
    ['location_id', 'location'],
  ],
  contact: [
    ['organization_id', 'organization'],
    ['service_id', 'service'],
    ['service_at_location_id', 'service_at_location'],
  ],
  phone: [
    ['location_id', 'location'],
    ['service_id', 'service'],
    ['organization_id', 'organization'],
    ['contact_id', 'contact'],
    ['service_at_location_id', 'service_at_location'],
  ],
  physical_address: [['location_id', 'location']],
  postal_address: [['location_id', 'location']],
  schedule: [
    ['service_id', 'service'],
    ['location_id', 'location'],
    ['service_at_location_id', 'service_at_location'],
  ],
  holiday_schedule: [
    ['service_id', 'service'],
    ['location_id', 'location'],
    ['service_at_location_id', 'service_at_location'],
  ],
  funding: [
    ['organization_id', 'organization'],
    ['service_id', 'service'],
  ],
  eligibility: [['service_id', 'service']],
  service_area: [['service_id', 'service']],
  required_document: [['service_id', 'service']],
  payment_accepted: [['service_id', 'service']],
  language: [
    ['service_id', 'service'],
    ['location_id', 'location'],
  ],
  accessibility_for_disabilities: [['location_id', 'location']],
};

/** Optional links whose dangling value is removed (with a warning) instead of dropping the row. */
const SOFT_FKS: Record<string, Fk[]> = {
  service: [['program_id', 'program']],
  location: [['organization_id', 'organization']],
};

/** Fields without which a row cannot become valid 3.0 (or means nothing): empty drops the row. */
const REQUIRED: Record<string, string[]> = {
  program: ['organization_id'],
  service: ['organization_id'],
  service_attribute: ['service_id', 'taxonomy_term_id'],
  other_attribute: ['link_id', 'link_type', 'taxonomy_term_id'],
  service_at_location: ['service_id', 'location_id'],
  phone: ['number'],
  eligibility: ['service_id'],
  payment_accepted: ['service_id', 'payment'],
  language: ['language'],
  taxonomy_term: ['term'],
  metadata: ['resource_id', 'resource_type'],
};

/** Parents before children, so a dropped parent drops what hangs from it. */
const KEEP_ORDER =
  'taxonomy_term organization program service location service_at_location contact phone physical_address postal_address schedule holiday_schedule funding eligibility service_area required_document payment_accepted language accessibility_for_disabilities service_attribute other_attribute metadata meta_table_description'.split(
    ' ',
  );

type Row3 = Record<string, unknown>;

/** A kept 2.0 row: trimmed cells ('' = empty), its id and where it came from. */
interface Row2 {
  id: string;
  path: string;
  v: Record<string, string>;
}

class Ctx {
  readonly kept = new Map<string, Map<string, Row2>>();
  readonly out: Tables = {};
  private readonly notes = new Map<string, string[]>();

  constructor(
    readonly input: Record<string, Record<string, string>[]>,
    readonly source: string,
  ) {}

  /** The 3.0 id of 2.0 row `id` of 2.0 table `table`. */
  uid(table: string, id: string): string {
    return uuidv5(`${this.source}:${table}:${id}`, HSDS20_NAMESPACE);
  }

  /** The 3.0 id a row created by the mapping gets, from a name saying where it came from. */
  derived(name: string): string {
    return uuidv5(`${this.source}:${name}`, HSDS20_NAMESPACE);
  }

  ref(r: Row2, field: string, table: string): string | undefined {
    const id = val(r, field);
    return id ? this.uid(table, id) : undefined;
  }

  get(table: string, id: string): Row2 | undefined {
    return this.kept.get(table)?.get(id);
  }

  rows(table: string): Row2[] {
    return [...(this.kept.get(table)?.values() ?? [])];
  }

  warn(path: string, reason: string): void {
    const list = this.notes.get(path) ?? [];
    list.push(reason);
    this.notes.set(path, list);
  }

  emit(table: string, row: Row3): void {
    (this.out[table] ??= []).push(row);
  }

  warnings(): MapWarning[] {
    return [...this.notes].map(([path, reasons]) => ({ path, reason: reasons.join('; ') }));
  }
}

function val(r: Row2, field: string): string {
  return r.v[field] ?? '';
}

function fileOf(table: string): string {
  return Object.hasOwn(HSDS20_TABLES, table) ? HSDS20_TABLES[table]!.file : `${table}.csv`;
}

/** Copies non-empty text cells, optionally renamed (`from:to`). */
function copy(out: Row3, r: Row2, fields: string[]): void {
  for (const spec of fields) {
    const [from, to = from] = spec.split(':') as [string, string?];
    const text = val(r, from);
    if (text) out[to] = text;
  }
}

function links(ctx: Ctx, out: Row3, r: Row2, fks: Fk[]): void {
  for (const [field, table] of fks) {
    const id = ctx.ref(r, field, table);
    if (id) out[field] = id;
  }
}

/** Sets required 3.0 text fields that are still empty to '' (present, as the schema asks) and says so. */
function fillRequired(ctx: Ctx, out: Row3, r: Row2, fields: string[], quiet: string[] = []): void {
  const missing = fields.filter((f) => out[f] === undefined || out[f] === '');
  for (const f of missing) out[f] = '';
  const loud = missing.filter((f) => !quiet.includes(f));
  if (loud.length > 0) ctx.warn(r.path, `${loud.join(', ')} empty but required by HSDS 3.0: set to ""`);
}

/** Appends a sentence to free text, adding the full stop the first part lacks. */
function appendText(first: string | undefined, next: string): string {
  if (!first) return next;
  return `${first}${/[.!?:;]$/.test(first) ? '' : '.'} ${next}`;
}

function parseNumber(text: string): number | undefined {
  return /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

function setNumbers(ctx: Ctx, out: Row3, r: Row2, fields: string[]): void {
  for (const f of fields) {
    const text = val(r, f);
    if (!text) continue;
    const n = parseNumber(text);
    if (n === undefined) ctx.warn(r.path, `${f} "${text}" is not a number: dropped`);
    else out[f] = n;
  }
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function setEmail(ctx: Ctx, out: Row3, r: Row2): void {
  const text = val(r, 'email').replace(/^mailto:/i, '');
  if (!text) return;
  if (EMAIL_RE.test(text)) out.email = text;
  else ctx.warn(r.path, `email "${text}" is not an e-mail address: dropped`);
}

/** A URL for a `uri` field; a bare host gets https:// (never http: the link should not leak the path). */
function setUrl(ctx: Ctx, out: Row3, r: Row2, from: string, to: string): void {
  const text = val(r, from);
  if (!text) return;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  let ok = !/\s/.test(withScheme);
  try {
    new URL(withScheme);
  } catch {
    ok = false;
  }
  if (!ok) return ctx.warn(r.path, `${from} "${text}" is not a URL: dropped`);
  if (withScheme !== text) ctx.warn(r.path, `${from} "${text}" has no scheme: https:// assumed`);
  out[to] = withScheme;
}

function truthy(text: string): boolean {
  return /^(true|t|yes|y|1)$/i.test(text);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

// ---------------------------------------------------------------------------------------------
// Which rows survive

function keepTable(ctx: Ctx, table: string): void {
  const raw = ctx.input[table];
  if (!raw) return;
  const kept = new Map<string, Row2>();
  ctx.kept.set(table, kept);
  raw.forEach((values, i) => {
    const v: Record<string, string> = {};
    for (const [k, cell] of Object.entries(values)) v[k] = String(cell ?? '').trim();
    const r: Row2 = { id: v.id ?? '', path: `${fileOf(table)}:row ${i + 1}`, v };
    const problem = rowProblem(ctx, table, r, kept);
    if (problem) ctx.warn(r.path, `${problem}: row dropped`);
    else kept.set(r.id, r);
  });
}

function rowProblem(ctx: Ctx, table: string, r: Row2, kept: Map<string, Row2>): string | null {
  if (!r.id) return 'no id';
  if (kept.has(r.id)) return `duplicate id ${r.id}`;
  for (const f of REQUIRED[table] ?? []) if (!val(r, f)) return `${f} is empty`;
  for (const [field, parent] of FKS[table] ?? []) {
    const target = val(r, field);
    if (target && !ctx.get(parent, target)) return `${field} ${target} names no ${parent} in this package`;
  }
  for (const [field, parent] of SOFT_FKS[table] ?? []) {
    const target = val(r, field);
    if (!target || ctx.get(parent, target)) continue;
    ctx.warn(r.path, `${field} ${target} names no ${parent} in this package: link removed`);
    r.v[field] = '';
  }
  return null;
}

function warnUnknown(ctx: Ctx): void {
  for (const [table, rows] of Object.entries(ctx.input)) {
    const spec = Object.hasOwn(HSDS20_TABLES, table) ? HSDS20_TABLES[table] : undefined;
    const extraFields = Object.hasOwn(EXTRA_FIELDS, table) ? EXTRA_FIELDS[table] : undefined;
    const known = [...(spec?.fields ?? []), ...(extraFields ?? [])];
    if (known.length === 0) {
      const why =
        table === 'regular_schedule' ? ' (HSDS 1.x: 2.0 replaced it with schedule), so these hours read as unknown' : '';
      rows.forEach((_, i) =>
        ctx.warn(`${fileOf(table)}:row ${i + 1}`, `${table} is not an HSDS 2.0.1 table${why}: row not imported`),
      );
      continue;
    }
    const extra = new Set<string>();
    for (const row of rows) for (const k of Object.keys(row)) if (!known.includes(k)) extra.add(k);
    if (extra.size > 0) ctx.warn(fileOf(table), `columns not in HSDS 2.0.1, not imported: ${[...extra].join(', ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Organizations, programs, services

function mapOrganizations(ctx: Ctx): void {
  for (const r of ctx.rows('organization')) {
    const out: Row3 = { id: ctx.uid('organization', r.id) };
    copy(out, r, ['name', 'alternate_name', 'description', 'tax_status', 'tax_id', 'legal_status']);
    setEmail(ctx, out, r);
    setUrl(ctx, out, r, 'url', 'website');
    setYear(ctx, out, r);
    if (!out.description && out.name) {
      out.description = out.name;
      ctx.warn(r.path, 'description empty (HSDS 3.0 requires it): set to the name');
    }
    fillRequired(ctx, out, r, ['name', 'description']);
    ctx.emit('organization', out);
  }
}

function setYear(ctx: Ctx, out: Row3, r: Row2): void {
  const text = val(r, 'year_incorporated');
  if (!text) return;
  const m = /^(\d{4})(-\d{2}(-\d{2})?)?$/.exec(text);
  if (!m) return ctx.warn(r.path, `year_incorporated "${text}" is not a year or date: dropped`);
  out.year_incorporated = Number(m[1]);
  if (m[2]) ctx.warn(r.path, `year_incorporated ${text}: only the year is kept (HSDS 3.0 holds a number)`);
}

function mapPrograms(ctx: Ctx): void {
  for (const r of ctx.rows('program')) {
    const out: Row3 = { id: ctx.uid('program', r.id) };
    links(ctx, out, r, FKS.program!);
    copy(out, r, ['name', 'alternate_name']);
    // 2.0 programs have no description and 3.0 requires one: the name, on every row, so no warning.
    if (out.name) out.description = out.name;
    fillRequired(ctx, out, r, ['name', 'description']);
    ctx.emit('program', out);
  }
}

const STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'];

function serviceStatus(ctx: Ctx, r: Row2): string {
  const raw = val(r, 'status');
  const status = raw.toLowerCase().replace(/[\s_-]+/g, ' ');
  if (STATUSES.includes(status)) return status;
  if (!raw) {
    ctx.warn(r.path, 'status empty (HSDS 3.0 requires it): set to active');
    return 'active';
  }
  // Listing a service the feed did not call active as open could send someone to a closed door.
  ctx.warn(r.path, `status "${raw}" is not an HSDS 3.0 status: set to inactive`);
  return 'inactive';
}

interface ServiceText {
  eligibility: Map<string, string[]>;
  payments: Map<string, string[]>;
}

function mapServices(ctx: Ctx, extra: ServiceText): void {
  for (const r of ctx.rows('service')) {
    const out: Row3 = { id: ctx.uid('service', r.id) };
    links(ctx, out, r, [...FKS.service!, ...SOFT_FKS.service!]);
    copy(out, r, [
      'name',
      'alternate_name',
      'description',
      'interpretation_services',
      'application_process',
      'wait_time',
      'accreditations',
      'licenses',
    ]);
    setUrl(ctx, out, r, 'url', 'url');
    setEmail(ctx, out, r);
    out.status = serviceStatus(ctx, r);
    const payments = extra.payments.get(r.id);
    const fees = val(r, 'fees') || undefined;
    const feesText = payments ? appendText(fees, `Payment accepted: ${payments.join(', ')}.`) : fees;
    if (feesText) out.fees_description = feesText;
    const eligibility = extra.eligibility.get(r.id);
    if (eligibility) out.eligibility_description = eligibility.join('; ');
    fillRequired(ctx, out, r, ['name']);
    ctx.emit('service', out);
  }
}

/**
 * Each eligibility row's text: its `eligibility` column where a feed has one (HSDS 1.x did; 2.0.1
 * defines only id and service_id), else the names of the terms other_attribute links to the row.
 */
function eligibilityByService(ctx: Ctx): Map<string, string[]> {
  const termsOf = new Map<string, string[]>();
  for (const a of ctx.rows('other_attribute')) {
    if (val(a, 'link_type') !== 'eligibility') continue;
    const term = ctx.get('taxonomy_term', val(a, 'taxonomy_term_id'));
    if (term) push(termsOf, val(a, 'link_id'), val(term, 'term'));
  }
  const out = new Map<string, string[]>();
  for (const r of ctx.rows('eligibility')) {
    const text = val(r, 'eligibility') || (termsOf.get(r.id) ?? []).join(', ');
    if (text) push(out, val(r, 'service_id'), text);
    else ctx.warn(r.path, 'no criteria (no eligibility text and no other_attribute term links this row): row dropped');
  }
  return out;
}

function paymentsByService(ctx: Ctx): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of ctx.rows('payment_accepted')) {
    push(out, val(r, 'service_id'), val(r, 'payment'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Locations and addresses

function mapLocations(ctx: Ctx): void {
  const physical = new Set(ctx.rows('physical_address').map((a) => val(a, 'location_id')));
  const postal = new Set(ctx.rows('postal_address').map((a) => val(a, 'location_id')));
  for (const r of ctx.rows('location')) {
    const out: Row3 = { id: ctx.uid('location', r.id), location_type: 'physical' };
    links(ctx, out, r, SOFT_FKS.location!);
    copy(out, r, ['name', 'alternate_name', 'description', 'transportation']);
    const located = setCoordinates(ctx, out, r);
    if (!located && !physical.has(r.id)) {
      out.location_type = postal.has(r.id) ? 'postal' : 'virtual';
      ctx.warn(r.path, `no coordinates and no physical address: location_type ${String(out.location_type)}`);
    }
    ctx.emit('location', out);
  }
}

function setCoordinates(ctx: Ctx, out: Row3, r: Row2): boolean {
  const [latText, lngText] = [val(r, 'latitude'), val(r, 'longitude')];
  if (!latText && !lngText) return false;
  const lat = parseNumber(latText);
  const lng = parseNumber(lngText);
  const onEarth = lat !== undefined && lng !== undefined && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
  // 0,0 is a common "unknown" default, not a place anyone can walk to.
  if (!onEarth || (lat === 0 && lng === 0)) {
    ctx.warn(r.path, `coordinates "${latText}", "${lngText}" are not a point on Earth: dropped`);
    return false;
  }
  out.latitude = lat;
  out.longitude = lng;
  return true;
}

const COUNTRIES: Record<string, string> = {
  'south africa': 'ZA',
  'republic of south africa': 'ZA',
  rsa: 'ZA',
  zaf: 'ZA',
  'suid-afrika': 'ZA',
  lesotho: 'LS',
  eswatini: 'SZ',
  swaziland: 'SZ',
  botswana: 'BW',
  namibia: 'NA',
  zimbabwe: 'ZW',
  mozambique: 'MZ',
  'united kingdom': 'GB',
  uk: 'GB',
  'united states': 'US',
  usa: 'US',
};

function setCountry(ctx: Ctx, out: Row3, r: Row2): void {
  const text = val(r, 'country');
  if (!text) return;
  const key = text.toLowerCase();
  const code = /^[a-z]{2}$/i.test(text) ? text.toUpperCase() : Object.hasOwn(COUNTRIES, key) ? COUNTRIES[key] : undefined;
  if (code) out.country = code;
  else {
    out.country = text;
    ctx.warn(r.path, `country "${text}" is not an ISO 3166-1 code and was kept as written`);
  }
}

function mapAddresses(ctx: Ctx): void {
  for (const table of ['physical_address', 'postal_address']) {
    for (const r of ctx.rows(table)) {
      const out: Row3 = { id: ctx.uid(table, r.id) };
      links(ctx, out, r, FKS[table]!);
      copy(out, r, ['attention', 'address_1', 'city', 'region', 'state_province', 'postal_code']);
      const line2 = ['address_2', 'address_3', 'address_4']
        .map((f) => val(r, f))
        .filter(Boolean)
        .join(', ');
      if (line2) out.address_2 = line2;
      setCountry(ctx, out, r);
      fillRequired(ctx, out, r, ['address_1', 'city', 'state_province', 'postal_code', 'country']);
      out.address_type = table === 'physical_address' ? 'physical' : 'postal';
      ctx.emit('address', out);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Phones and languages

function mapPhones(ctx: Ctx): void {
  for (const r of ctx.rows('phone')) {
    const out: Row3 = { id: ctx.uid('phone', r.id) };
    links(ctx, out, r, FKS.phone!);
    copy(out, r, ['number', 'type', 'description']);
    setExtension(ctx, out, r);
    const department = val(r, 'department');
    if (department) {
      out.description = appendText(out.description as string | undefined, `Department: ${department}`);
      ctx.warn(r.path, 'department has no HSDS 3.0 phone field: added to description');
    }
    ctx.emit('phone', out);
    const parts = splitLanguages(val(r, 'language'));
    parts.forEach((text, i) => {
      const id = ctx.derived(`phone.language:${r.id}:${i}`);
      ctx.emit('language', { id, phone_id: out.id, ...languageOf(ctx, r, text) });
    });
  }
}

function setExtension(ctx: Ctx, out: Row3, r: Row2): void {
  const text = val(r, 'extension');
  if (!text) return;
  const m = /^(?:ext\.?|x)?\s*(\d+)$/i.exec(text);
  if (m) {
    out.extension = Number(m[1]);
    return;
  }
  out.description = appendText(out.description as string | undefined, `Extension ${text}`);
  ctx.warn(r.path, `extension "${text}" is not a number: added to description`);
}

function mapLanguageTable(ctx: Ctx): void {
  for (const r of ctx.rows('language')) {
    const parts = splitLanguages(val(r, 'language'));
    if (parts.length > 1) ctx.warn(r.path, `"${val(r, 'language')}" split into ${parts.length} language rows`);
    parts.forEach((text, i) => {
      const id = i === 0 ? ctx.uid('language', r.id) : ctx.derived(`language.language:${r.id}:${i}`);
      const out: Row3 = { id };
      links(ctx, out, r, FKS.language!);
      ctx.emit('language', { ...out, ...languageOf(ctx, r, text) });
    });
  }
}

/** "English, isiZulu and Sepedi" → three names; 2.0 asked for comma-separated codes, feeds wrote prose. */
export function splitLanguages(text: string): string[] {
  return text
    .split(/\s*(?:[,;/|&+]|\band\b)\s*/i)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** [ISO 639-1 code, or 639-3 where 639-1 has none; canonical name; other spellings and codes]. */
const LANGUAGES: [string, string, string[]][] = [
  ['en', 'English', ['eng']],
  ['af', 'Afrikaans', ['afr']],
  ['zu', 'isiZulu', ['zulu', 'zul']],
  ['xh', 'isiXhosa', ['xhosa', 'xho']],
  ['st', 'Sesotho', ['southern sotho', 'south sotho', 'sotho', 'sot']],
  ['nso', 'Sepedi', ['northern sotho', 'north sotho', 'sesotho sa leboa', 'pedi']],
  ['tn', 'Setswana', ['tswana', 'tsn']],
  ['ts', 'Xitsonga', ['tsonga', 'tso', 'shangaan']],
  ['ss', 'siSwati', ['swati', 'swazi', 'ssw']],
  ['ve', 'Tshivenda', ['venda', 'ven']],
  // In South Africa "isiNdebele" is Southern Ndebele (nr); Zimbabwe's Northern Ndebele is nd.
  ['nr', 'isiNdebele', ['ndebele', 'south ndebele', 'southern ndebele', 'nbl']],
  ['nd', 'North Ndebele', ['northern ndebele', 'nde']],
  ['sfs', 'South African Sign Language', ['sasl']],
  ['es', 'Spanish', ['espanol', 'spa']],
  ['fr', 'French', ['francais', 'fra', 'fre']],
  ['pt', 'Portuguese', ['portugues', 'por']],
  ['sw', 'Swahili', ['kiswahili', 'swa']],
  ['sn', 'Shona', ['chishona', 'sna']],
  ['ny', 'Chichewa', ['nyanja', 'chewa', 'nya']],
  ['so', 'Somali', ['som']],
  ['am', 'Amharic', ['amh']],
  ['ar', 'Arabic', ['ara']],
  ['de', 'German', ['deutsch', 'deu', 'ger']],
  ['nl', 'Dutch', ['nld', 'dut']],
  ['zh', 'Chinese', ['mandarin', 'zho', 'chi']],
  ['hi', 'Hindi', ['hin']],
  ['ur', 'Urdu', ['urd']],
  ['ln', 'Lingala', ['lin']],
  ['rw', 'Kinyarwanda', ['kin']],
];

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const LANGUAGE_INDEX = new Map<string, { code: string; name: string; isCode: boolean }>();
for (const [code, name, aliases] of LANGUAGES) {
  LANGUAGE_INDEX.set(code, { code, name, isCode: true });
  LANGUAGE_INDEX.set(fold(name), { code, name, isCode: false });
  for (const a of aliases) LANGUAGE_INDEX.set(a, { code, name, isCode: /^[a-z]{3}$/.test(a) });
}

/** ISO 639 code and display name for a language written as a name or a code, or null. */
export function lookupLanguage(text: string): { code: string; name: string } | null {
  const key = fold(text);
  const hit = LANGUAGE_INDEX.get(key) ?? LANGUAGE_INDEX.get(fold(text.replace(/\(.*?\)/g, '')));
  if (!hit) return null;
  return { code: hit.code, name: hit.isCode ? hit.name : text };
}

function languageOf(ctx: Ctx, r: Row2, text: string): Row3 {
  const hit = lookupLanguage(text);
  if (hit) return { name: hit.name, code: hit.code };
  ctx.warn(r.path, `language "${text}" has no known ISO 639 code: kept as a name only`);
  return { name: text };
}

// ---------------------------------------------------------------------------------------------
// Schedules

const ALL_DAYS = 'MO,TU,WE,TH,FR,SA,SU';
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const RULE_FIELDS = 'freq interval byday byweekno bymonthday byyearday count until wkst dtstart opens_at closes_at'.split(' ');

function mapSchedules(ctx: Ctx): void {
  for (const r of ctx.rows('schedule')) {
    const out: Row3 = { id: ctx.uid('schedule', r.id) };
    links(ctx, out, r, FKS.schedule!);
    copy(out, r, [
      'valid_from',
      'valid_to',
      'dtstart',
      'until',
      'byweekno',
      'bymonthday',
      'byyearday',
      'description',
      'opens_at',
      'closes_at',
    ]);
    // 2.0.1 types count (and wkst) as "date": a descriptor slip; the values are RRULE parts.
    setNumbers(ctx, out, r, ['timezone', 'interval', 'count']);
    const byday = val(r, 'byday').toUpperCase().replace(/\s+/g, '');
    if (byday) out.byday = byday;
    const wkst = val(r, 'wkst').toUpperCase();
    if (WEEKDAYS.includes(wkst)) out.wkst = wkst;
    else if (wkst) ctx.warn(r.path, `wkst "${val(r, 'wkst')}" is not a weekday code: dropped`);
    applyFreq(ctx, out, r);
    ctx.emit('schedule', out);
  }
}

/** 3.0 knows only WEEKLY and MONTHLY: DAILY becomes WEEKLY on every day; anything else becomes text. */
function applyFreq(ctx: Ctx, out: Row3, r: Row2): void {
  const freq = val(r, 'freq').toUpperCase();
  if (freq === 'WEEKLY' || freq === 'MONTHLY') out.freq = freq;
  if (!freq || out.freq) return;
  const simpleDaily = freq === 'DAILY' && (out.interval ?? 1) === 1 && !out.bymonthday && !out.byyearday && !out.byweekno;
  if (simpleDaily) {
    out.freq = 'WEEKLY';
    out.byday ??= ALL_DAYS;
    ctx.warn(r.path, 'freq DAILY (not in HSDS 3.0) rewritten as WEEKLY on the same days');
    return;
  }
  const rule = ['freq', 'interval', 'byday', 'byweekno', 'bymonthday', 'byyearday', 'count', 'until']
    .filter((f) => val(r, f))
    .map((f) => `${f.toUpperCase()}=${val(r, f)}`)
    .join(';');
  const times = [val(r, 'opens_at'), val(r, 'closes_at')].filter(Boolean).join('–');
  for (const f of RULE_FIELDS) delete out[f];
  out.description = val(r, 'description') || `Hours given as a rule HSDS 3.0 cannot express: ${rule}${times ? ` ${times}` : ''}`;
  ctx.warn(
    r.path,
    `freq ${freq} with these parts is not expressible in HSDS 3.0: kept as text only, so the hours read as unknown`,
  );
}

/**
 * A pre-2.0 holiday_schedule row becomes a text-only schedule for its dates: Harbour reads a
 * text-only row in its valid range as "hours unknown", the honest answer during a holiday.
 */
function mapHolidaySchedules(ctx: Ctx): void {
  for (const r of ctx.rows('holiday_schedule')) {
    const from = val(r, 'start_date');
    if (!from) {
      ctx.warn(r.path, 'holiday_schedule without start_date would mark the hours unknown for ever: row dropped');
      continue;
    }
    const out: Row3 = { id: ctx.uid('holiday_schedule', r.id) };
    links(ctx, out, r, FKS.holiday_schedule!);
    out.valid_from = from;
    out.valid_to = val(r, 'end_date') || from;
    out.description = holidayText(r);
    ctx.warn(
      r.path,
      'holiday_schedule (not in HSDS 2.0.1) mapped to a text-only schedule for its dates: hours read as unknown then',
    );
    ctx.emit('schedule', out);
  }
}

function holidayText(r: Row2): string {
  if (truthy(val(r, 'closed'))) return 'Holiday: closed';
  const [opens, closes] = [val(r, 'opens_at'), val(r, 'closes_at')];
  if (opens && closes) return `Holiday hours ${opens}–${closes}`;
  if (opens) return `Holiday hours from ${opens}`;
  if (closes) return `Holiday hours until ${closes}`;
  return 'Holiday hours (times not given)';
}

// ---------------------------------------------------------------------------------------------
// Tables that map one row to one row with renamed fields

interface Simple {
  from: string;
  to: string;
  fields: string[];
}

const SIMPLE: Simple[] = [
  { from: 'service_at_location', to: 'service_at_location', fields: ['description'] },
  { from: 'contact', to: 'contact', fields: ['name', 'title', 'department'] },
  { from: 'funding', to: 'funding', fields: ['source'] },
  { from: 'service_area', to: 'service_area', fields: ['service_area:name', 'description'] },
  { from: 'required_document', to: 'required_document', fields: ['document'] },
  { from: 'accessibility_for_disabilities', to: 'accessibility', fields: ['accessibility:description', 'details'] },
  { from: 'meta_table_description', to: 'meta_table_description', fields: ['name', 'language', 'character_set'] },
];

function mapSimpleTables(ctx: Ctx): void {
  for (const { from, to, fields } of SIMPLE) {
    for (const r of ctx.rows(from)) {
      const out: Row3 = { id: ctx.uid(from, r.id) };
      links(ctx, out, r, FKS[from] ?? []);
      copy(out, r, fields);
      if (from === 'contact') setEmail(ctx, out, r);
      ctx.emit(to, out);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Taxonomies, attributes, metadata

function mapTaxonomyTerms(ctx: Ctx): void {
  const taxonomies = new Set<string>();
  for (const r of ctx.rows('taxonomy_term')) {
    const out: Row3 = { id: ctx.uid('taxonomy_term', r.id), name: val(r, 'term') };
    out.description = val(r, 'description') || out.name;
    if (!val(r, 'description')) ctx.warn(r.path, 'description empty (HSDS 3.0 requires it): set to the term');
    const parent = val(r, 'parent_id');
    if (parent && parent !== r.id && ctx.get('taxonomy_term', parent)) out.parent_id = ctx.uid('taxonomy_term', parent);
    else if (parent) ctx.warn(r.path, `parent_id ${parent} names no other taxonomy_term in this package: link removed`);
    copy(out, r, ['taxonomy', 'language']);
    const taxonomy = val(r, 'taxonomy');
    if (taxonomy) out.taxonomy_id = taxonomyId(ctx, taxonomy, taxonomies);
    ctx.emit('taxonomy_term', out);
  }
}

/** One 3.0 taxonomy per distinct 2.0 `taxonomy` text; 3.0 requires a description, and the name is all 2.0 gives. */
function taxonomyId(ctx: Ctx, name: string, seen: Set<string>): string {
  const id = ctx.derived(`taxonomy:${name}`);
  if (!seen.has(name)) {
    seen.add(name);
    const row: Row3 = { id, name, description: name };
    if (/^https?:\/\/\S+$/i.test(name)) row.uri = name;
    ctx.emit('taxonomy', row);
  }
  return id;
}

function mapServiceAttributes(ctx: Ctx): void {
  for (const r of ctx.rows('service_attribute')) {
    ctx.emit('attribute', {
      id: ctx.uid('service_attribute', r.id),
      link_id: ctx.uid('service', val(r, 'service_id')),
      link_entity: 'service',
      taxonomy_term_id: ctx.uid('taxonomy_term', val(r, 'taxonomy_term_id')),
    });
  }
}

function mapOtherAttributes(ctx: Ctx): void {
  for (const r of ctx.rows('other_attribute')) {
    const target = attributeTarget(ctx, r);
    if (!target) continue;
    ctx.emit('attribute', {
      id: ctx.uid('other_attribute', r.id),
      ...target,
      taxonomy_term_id: ctx.uid('taxonomy_term', val(r, 'taxonomy_term_id')),
    });
  }
}

function attributeTarget(ctx: Ctx, r: Row2): Row3 | null {
  const [type, id] = [val(r, 'link_type'), val(r, 'link_id')];
  const row = ctx.get(type, id);
  if (!row) {
    ctx.warn(r.path, `link_id ${id} names no ${type} in this package: row dropped`);
    return null;
  }
  if (MERGED_INTO_SERVICE.has(type)) {
    ctx.warn(r.path, `${type} has no HSDS 3.0 table: re-linked to its service with link_type ${type}`);
    return { link_id: ctx.uid('service', val(row, 'service_id')), link_type: type, link_entity: 'service' };
  }
  const entity = entity30(type);
  if (!entity) {
    ctx.warn(r.path, `link_type ${type} has no HSDS 3.0 table: row dropped`);
    return null;
  }
  return { link_id: ctx.uid(type, id), link_entity: entity };
}

function mapMetadata(ctx: Ctx): void {
  for (const r of ctx.rows('metadata')) {
    const [type, resource] = [val(r, 'resource_type'), val(r, 'resource_id')];
    const entity = entity30(type);
    if (!entity || !ctx.get(type, resource)) {
      const why =
        entity || !Object.hasOwn(HSDS20_TABLES, type)
          ? `resource_id ${resource} names no ${type} in this package`
          : `${type} has no HSDS 3.0 table`;
      ctx.warn(r.path, `${why}: row dropped`);
      continue;
    }
    const out: Row3 = { id: ctx.uid('metadata', r.id), resource_id: ctx.uid(type, resource), resource_type: entity };
    copy(out, r, ['last_action_date', 'last_action_type', 'field_name', 'previous_value', 'replacement_value', 'updated_by']);
    // A "create" has no previous value: required presence, not a loss worth a warning.
    fillRequired(
      ctx,
      out,
      r,
      ['last_action_date', 'last_action_type', 'field_name', 'previous_value', 'replacement_value', 'updated_by'],
      ['previous_value', 'replacement_value'],
    );
    ctx.emit('metadata', out);
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Maps HSDS 2.0 tables (keyed by 2.0 datapackage resource name, e.g. 'organization',
 * 'physical_address', 'payment_accepted'; rows as CSV strings, '' = empty) to HSDS 3.0 tables keyed
 * by 3.0 resource name, values typed per the 3.0 schema (numbers as numbers, empty as absent), plus
 * one {path, reason} per row it had to drop or change (`path` is `<2.0 file>:row <n>`, 1-based).
 *
 * Every id becomes UUIDv5(`<source>:<2.0 table>:<id>`, HSDS20_NAMESPACE), foreign keys with their
 * parent's table, so links survive and a re-import of the same source updates rather than duplicates.
 */
export function mapHsds20(
  tables: Record<string, Record<string, string>[]>,
  source: string,
): { tables: Tables; warnings: { path: string; reason: string }[] } {
  const ctx = new Ctx(tables, source);
  warnUnknown(ctx);
  for (const table of KEEP_ORDER) keepTable(ctx, table);
  const text: ServiceText = { eligibility: eligibilityByService(ctx), payments: paymentsByService(ctx) };
  mapOrganizations(ctx);
  mapPrograms(ctx);
  mapServices(ctx, text);
  mapLocations(ctx);
  mapAddresses(ctx);
  mapPhones(ctx);
  mapLanguageTable(ctx);
  mapSchedules(ctx);
  mapHolidaySchedules(ctx);
  mapSimpleTables(ctx);
  mapTaxonomyTerms(ctx);
  mapServiceAttributes(ctx);
  mapOtherAttributes(ctx);
  mapMetadata(ctx);
  return { tables: ctx.out, warnings: ctx.warnings() };
}
