import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseCsvRecords } from '../../shared/csv.ts';
import { canonicalize, isObject } from '../canonical.ts';
import type { Json } from '../model.ts';
import { streamJsonArray } from './json-stream.ts';
import { assembleTabular, cleanRow, type TabularTables } from './tabular.ts';
import type { ImportItem, RecordType, Rejection, Warning } from './types.ts';

export type SourceEvent = ImportItem | { rejected: Rejection } | { warning: Warning };

const ORG_KEYS = [
  'services',
  'locations',
  'website',
  'email',
  'tax_status',
  'tax_id',
  'year_incorporated',
  'legal_status',
  'logo',
  'parent_organization_id',
  'funding',
  'contacts',
  'phones',
  'programs',
  'organization_identifiers',
  'alternate_name',
];
const TAXONOMY_KEYS = new Set(['id', 'name', 'description', 'uri', 'version', 'metadata']);
const TERM_KEYS = ['taxonomy_detail', 'term_uri', 'parent_id', 'taxonomy_id', 'code', 'taxonomy', 'language'];

/** Which HSDS object a top-level JSON object is, from the fields only that object has. */
export function detectType(obj: Json): RecordType | null {
  if ('service_at_locations' in obj || 'status' in obj) return 'service';
  if ('location_type' in obj) return 'location';
  if (isObject(obj.location) || isObject(obj.service)) return 'service_at_location';
  if (TERM_KEYS.some((k) => k in obj)) return 'taxonomy_term';
  if (Object.keys(obj).every((k) => TAXONOMY_KEYS.has(k)) && ('uri' in obj || 'version' in obj)) return 'taxonomy';
  // Only id, name and description: HSDS requires exactly these of an organization (and of a
  // taxonomy, but a taxonomy without uri or version was caught above).
  if (ORG_KEYS.some((k) => k in obj) || ('name' in obj && 'description' in obj)) return 'organization';
  return null;
}

function itemOf(path: string, value: unknown): SourceEvent {
  if (!isObject(value)) return { rejected: { path, reason: 'not a JSON object' } };
  const type = detectType(value);
  if (!type) return { rejected: { path, reason: 'cannot tell which HSDS object this is (service, organization, location …)' } };
  return { path, type, record: value };
}

/** Reads any supported source: a JSON array, page or object, NDJSON, or a tabular datapackage folder. */
export async function* readSource(path: string, source?: string): AsyncGenerator<SourceEvent> {
  const info = await stat(path);
  if (info.isDirectory()) {
    yield* readDatapackage(path, source ?? basename(path));
  } else if (/\.(ndjson|jsonl)$/i.test(path)) {
    yield* readNdjson(path);
  } else {
    yield* readJson(path);
  }
}

async function firstChar(path: string): Promise<string> {
  for await (const chunk of createReadStream(path, { encoding: 'utf8', start: 0, end: 4095 }) as AsyncIterable<string>) {
    const m = /[^\s\ufeff]/.exec(chunk);
    if (m) return m[0];
  }
  return '';
}

async function* readJson(path: string): AsyncGenerator<SourceEvent> {
  if ((await firstChar(path)) === '[') {
    for await (const { index, text } of streamJsonArray(path)) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        yield { rejected: { path: `$[${index}]`, reason: `invalid JSON: ${(e as Error).message}` } };
        continue;
      }
      yield itemOf(`$[${index}]`, value);
    }
    return;
  }
  const value: unknown = JSON.parse((await readFile(path, 'utf8')).replace(/^\ufeff/, ''));
  if (!isObject(value)) throw new Error('expected a JSON array or object');
  if (Array.isArray(value.contents)) {
    for (const [i, v] of value.contents.entries()) yield itemOf(`$.contents[${i}]`, v);
  } else if (Object.keys(value).some((k) => k.endsWith('.csv'))) {
    yield* readTabularJson(value);
  } else if (['version', 'profile', 'openapi_url'].some((k) => k in value) && !('id' in value)) {
    // The API's root document ("/"): carries no records.
  } else {
    yield itemOf('$', value);
  }
}

async function* readNdjson(path: string): AsyncGenerator<SourceEvent> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      yield { rejected: { path: `line ${n}`, reason: `invalid JSON: ${(e as Error).message}` } };
      continue;
    }
    yield itemOf(`line ${n}`, value);
  }
}

/** `tabular.json`: `{ "services.csv": [rows], … }` keyed by file name. */
async function* readTabularJson(value: Json): AsyncGenerator<SourceEvent> {
  const tables: TabularTables = {};
  for (const [file, rows] of Object.entries(value)) {
    if (!Array.isArray(rows)) continue;
    const name = resourceFor30(file);
    tables[name] = rows.filter(isObject).map((r, i) => ({ path: `${file}:row ${i + 1}`, values: cleanRow(r) }));
  }
  yield* emitTabular(tables);
}

function* emitTabular(tables: TabularTables): Generator<SourceEvent> {
  const { items, rejected, warnings } = assembleTabular(tables);
  for (const r of rejected) yield { rejected: r };
  for (const w of warnings) yield { warning: w };
  // CSV cells are text: type them (numbers, booleans) by the schema before validation.
  for (const item of items) yield { ...item, record: canonicalize(item.type, item.record) };
}

const FILE_TO_RESOURCE_30: Record<string, string> = {
  'organizations.csv': 'organization',
  'programs.csv': 'program',
  'services.csv': 'service',
  'attributes.csv': 'attribute',
  'service_at_location.csv': 'service_at_location',
  'locations.csv': 'location',
  'phones.csv': 'phone',
  'contacts.csv': 'contact',
  'addresses.csv': 'address',
  'schedules.csv': 'schedule',
  'funding.csv': 'funding',
  'service_areas.csv': 'service_area',
  'required_documents.csv': 'required_document',
  'languages.csv': 'language',
  'accessibility.csv': 'accessibility',
  'taxonomy_terms.csv': 'taxonomy_term',
  'metadata.csv': 'metadata',
  'meta_table_descriptions.csv': 'meta_table_description',
  'cost_options.csv': 'cost_option',
  'organization_identifiers.csv': 'organization_identifier',
  'taxonomies.csv': 'taxonomy',
};

function resourceFor30(file: string): string {
  return FILE_TO_RESOURCE_30[file] ?? file.replace(/\.csv$/, '');
}

interface Descriptor {
  resources?: { name?: string; path?: string }[];
}

/** Resource names only HSDS 2.0 has: they tell a legacy package apart from a 3.0 one. */
const LEGACY_RESOURCES = [
  'physical_address',
  'postal_address',
  'service_attribute',
  'other_attribute',
  'payment_accepted',
  'eligibility',
  'accessibility_for_disabilities',
];

async function* readDatapackage(dir: string, source: string): AsyncGenerator<SourceEvent> {
  let descriptor: Descriptor = {};
  try {
    descriptor = JSON.parse(await readFile(join(dir, 'datapackage.json'), 'utf8')) as Descriptor;
  } catch {
    // No descriptor: take every CSV file by its HSDS 3.0 file name.
  }
  const resources = descriptor.resources?.length
    ? descriptor.resources.map((r) => ({ name: String(r.name), file: String(r.path) }))
    : (await readdir(dir)).filter((f) => f.endsWith('.csv')).map((f) => ({ name: resourceFor30(f), file: f }));
  const raw: Record<string, { file: string; records: Record<string, string>[] }> = {};
  for (const r of resources) {
    let text: string;
    try {
      text = await readFile(join(dir, r.file), 'utf8');
    } catch {
      continue; // A descriptor may list tables the package does not ship.
    }
    raw[r.name] = { file: r.file, records: parseCsvRecords(text).records };
  }
  if (LEGACY_RESOURCES.some((name) => name in raw)) {
    yield* readLegacy(raw, source);
    return;
  }
  const tables: TabularTables = {};
  for (const [name, { file, records }] of Object.entries(raw)) {
    tables[name] = records.map((rec, i) => ({ path: `${file}:row ${i + 1}`, values: cleanRow(rec) }));
  }
  yield* emitTabular(tables);
}

async function* readLegacy(
  raw: Record<string, { file: string; records: Record<string, string>[] }>,
  source: string,
): AsyncGenerator<SourceEvent> {
  const { mapHsds20 } = await import('../legacy-20.ts');
  const input = Object.fromEntries(Object.entries(raw).map(([name, t]) => [name, t.records]));
  const { tables, warnings } = mapHsds20(input, source);
  for (const w of warnings) yield { warning: { path: w.path, warning: w.reason } };
  const out: TabularTables = {};
  for (const [name, rows] of Object.entries(tables) as [string, Record<string, unknown>[]][]) {
    // The mapper already typed its values; keep its empty strings (HSDS 3.0 requires some fields present).
    out[name] = rows.map((values, i) => ({
      path: `hsds-2.0 ${name}:row ${i + 1}`,
      values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null)),
    }));
  }
  yield* emitTabular(out);
}
