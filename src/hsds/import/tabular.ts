import type { Json } from '../model.ts';
import type { ImportItem, Rejection, Warning } from './types.ts';

/** One row of an HSDS tabular table, with where it came from (for error lines). */
export interface TabularRow {
  path: string;
  values: Json;
}

/** Tables keyed by HSDS 3.0 resource name (`service`, `service_at_location`, `phone` …). */
export type TabularTables = Record<string, TabularRow[]>;

/** Drops empty cells and the literal `null` some exporters write, so absent means absent. */
export function cleanRow(values: Record<string, unknown>): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' && (v.trim() === '' || v.trim() === 'null')) continue;
    out[k] = v;
  }
  return out;
}

class Linker {
  readonly children = new Map<string, Map<string, Json[]>>(); // parent id → field → rows
  readonly rejected: Rejection[] = [];
  readonly warnings: Warning[] = [];

  constructor(readonly ids: Set<string>) {}

  attach(parentId: string, field: string, row: Json): void {
    let fields = this.children.get(parentId);
    if (!fields) this.children.set(parentId, (fields = new Map<string, Json[]>()));
    const list = fields.get(field) ?? [];
    list.push(row);
    fields.set(field, list);
  }

  /**
   * Attaches `row` to the first foreign key (most specific first) that names a record here. A key
   * naming nothing is skipped with a warning; a row that links to nothing at all is rejected.
   */
  link(row: TabularRow, keys: string[], field: string, table: string): void {
    const dangling: string[] = [];
    for (const key of keys) {
      const target = row.values[key];
      if (typeof target !== 'string') continue;
      if (!this.ids.has(target)) {
        dangling.push(`${key} ${target}`);
        continue;
      }
      for (const d of dangling)
        this.warnings.push({
          path: row.path,
          warning: `${table}.${d} names no record in this package: linked by ${key} instead`,
        });
      this.attach(target, field, row.values);
      return;
    }
    const reason =
      dangling.length > 0
        ? `${table}.${dangling.join(', ')}: names no record in this package`
        : `${table} row is linked to nothing (${keys.join(', ')} all empty)`;
    this.rejected.push({ path: row.path, reason });
  }

  of(id: string, field: string): Json[] {
    return this.children.get(id)?.get(field) ?? [];
  }
}

/** Which foreign keys attach a child table's rows, most specific first, and under which field. */
const LINKS: [table: string, keys: string[], field: string][] = [
  ['phone', ['contact_id', 'service_at_location_id', 'location_id', 'service_id', 'organization_id'], 'phones'],
  ['language', ['phone_id', 'location_id', 'service_id'], 'languages'],
  ['contact', ['service_at_location_id', 'location_id', 'service_id', 'organization_id'], 'contacts'],
  ['address', ['location_id'], 'addresses'],
  ['accessibility', ['location_id'], 'accessibility'],
  ['funding', ['service_id', 'organization_id'], 'funding'],
  ['cost_option', ['service_id'], 'cost_options'],
  ['required_document', ['service_id'], 'required_documents'],
  ['service_area', ['service_id'], 'service_areas'],
  ['organization_identifier', ['organization_id'], 'organization_identifiers'],
  ['program', ['organization_id'], 'programs'],
  ['attribute', ['link_id'], 'attributes'],
  ['metadata', ['resource_id'], 'metadata'],
];

const NESTED: Record<string, string[]> = {
  contact: ['phones', 'attributes', 'metadata'],
  phone: ['languages', 'attributes', 'metadata'],
};

/**
 * Assembles tabular HSDS (CSV datapackage or `tabular.json`) into nested records: full services,
 * then organizations, locations, taxonomies and terms that no service carries.
 */
export function assembleTabular(tables: TabularTables): { items: ImportItem[]; rejected: Rejection[]; warnings: Warning[] } {
  const rows = (name: string): TabularRow[] => tables[name] ?? [];
  const ids = new Set<string>();
  for (const list of Object.values(tables)) for (const r of list) if (typeof r.values.id === 'string') ids.add(r.values.id);
  const linker = new Linker(ids);
  const salByPair = new Map<string, string>();
  for (const sal of rows('service_at_location'))
    salByPair.set(`${String(sal.values.service_id)}|${String(sal.values.location_id)}`, String(sal.values.id));
  for (const [table, keys, field] of LINKS) for (const row of rows(table)) linker.link(row, keys, field, table);
  for (const row of rows('schedule')) {
    // A schedule naming both a service and a location belongs to that service at that location.
    const pair = salByPair.get(`${String(row.values.service_id)}|${String(row.values.location_id)}`);
    const values = pair && !row.values.service_at_location_id ? { ...row.values, service_at_location_id: pair } : row.values;
    linker.link({ path: row.path, values }, ['service_at_location_id', 'location_id', 'service_id'], 'schedules', 'schedule');
  }
  const build = (table: string, row: Json): Json => {
    const out: Json = { ...row };
    const fields = NESTED[table] ?? [
      'phones',
      'schedules',
      'languages',
      'contacts',
      'addresses',
      'accessibility',
      'funding',
      'cost_options',
      'required_documents',
      'service_areas',
      'organization_identifiers',
      'programs',
      'attributes',
      'metadata',
    ];
    for (const field of fields) {
      const kids = linker.of(String(row.id), field);
      if (kids.length === 0) continue;
      const childTable = LINKS.find((l) => l[2] === field)?.[0] ?? 'schedule';
      out[field] = kids.map((k) => build(childTable, k));
    }
    return out;
  };
  return { items: assembleRecords(tables, build), rejected: linker.rejected, warnings: linker.warnings };
}

function assembleRecords(tables: TabularTables, build: (table: string, row: Json) => Json): ImportItem[] {
  const rows = (name: string): TabularRow[] => tables[name] ?? [];
  const byId = (name: string): Map<string, Json> => new Map(rows(name).map((r) => [String(r.values.id), r.values]));
  const orgs = byId('organization');
  const locations = byId('location');
  const programs = byId('program');
  const usedOrgs = new Set<string>();
  const usedLocations = new Set<string>();
  const salsOf = new Map<string, Json[]>();
  for (const sal of rows('service_at_location')) {
    const list = salsOf.get(String(sal.values.service_id)) ?? [];
    list.push(sal.values);
    salsOf.set(String(sal.values.service_id), list);
  }
  // Taxonomies and terms first: a service's index entry needs its terms to exist.
  const items: ImportItem[] = [
    ...rows('taxonomy').map((row): ImportItem => ({ path: row.path, type: 'taxonomy', record: row.values })),
    ...rows('taxonomy_term').map((row): ImportItem => ({ path: row.path, type: 'taxonomy_term', record: row.values })),
  ];
  for (const row of rows('service')) {
    const service = build('service', row.values);
    const org = orgs.get(String(row.values.organization_id));
    if (org) {
      service.organization = build('organization', org);
      usedOrgs.add(String(org.id));
    }
    const program = programs.get(String(row.values.program_id));
    if (program) service.program = program;
    service.service_at_locations = (salsOf.get(String(row.values.id)) ?? []).map((sal) => {
      const out = build('service_at_location', sal);
      const loc = locations.get(String(sal.location_id));
      if (loc) {
        out.location = build('location', loc);
        usedLocations.add(String(loc.id));
      }
      return out;
    });
    items.push({ path: row.path, type: 'service', record: service });
  }
  for (const row of rows('organization')) {
    if (!usedOrgs.has(String(row.values.id)))
      items.push({ path: row.path, type: 'organization', record: build('organization', row.values) });
  }
  for (const row of rows('location')) {
    if (!usedLocations.has(String(row.values.id)))
      items.push({ path: row.path, type: 'location', record: build('location', row.values) });
  }
  return items;
}
