import { readFileSync } from 'node:fs';

/** The HSDS 3.0 object types (one JSON schema file each). */
export const HSDS_TYPES = [
  'organization',
  'program',
  'service',
  'service_at_location',
  'location',
  'address',
  'phone',
  'schedule',
  'service_area',
  'language',
  'funding',
  'cost_option',
  'required_document',
  'contact',
  'accessibility',
  'attribute',
  'taxonomy',
  'taxonomy_term',
  'metadata',
  'organization_identifier',
  'meta_table_description',
] as const;
export type HsdsType = (typeof HSDS_TYPES)[number];

export type FieldKind = 'string' | 'number' | 'boolean' | 'object' | 'child' | 'children';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** For child/children: the nested object's type. */
  type?: HsdsType;
}

/** A JSON object as read from or written to HSDS. */
export type Json = Record<string, unknown>;

interface SchemaProperty {
  type?: string;
  $ref?: string;
  items?: { $ref?: string };
}

/** Harbour's profile: the few fields HSDS attributes cannot carry (docs/hsds-profile.md). */
export const PROFILE_FIELDS: Partial<Record<HsdsType, FieldSpec[]>> = {
  service: [
    { name: 'holiday_hours', kind: 'string' },
    { name: 'rehab_registration', kind: 'object' },
  ],
  service_at_location: [{ name: 'holiday_hours', kind: 'string' }],
  location: [
    { name: 'confidential', kind: 'boolean' },
    { name: 'holiday_hours', kind: 'string' },
  ],
};

function refType(ref: string | undefined): HsdsType | undefined {
  if (!ref) return undefined;
  const name = ref.replace(/^.*\//, '').replace(/\.json$/, '');
  return (HSDS_TYPES as readonly string[]).includes(name) ? (name as HsdsType) : undefined;
}

function loadFields(type: HsdsType): FieldSpec[] {
  // Paths from the project root (two levels up): right from this file and from the server bundle.
  const url = new URL(`../../src/hsds/schema-3.0/${type}.json`, import.meta.url);
  const schema = JSON.parse(readFileSync(url, 'utf8')) as { properties: Record<string, SchemaProperty> };
  const fields: FieldSpec[] = [];
  for (const [name, prop] of Object.entries(schema.properties)) {
    const child = refType(prop.$ref);
    const items = refType(prop.items?.$ref);
    if (child) fields.push({ name, kind: 'child', type: child });
    else if (items) fields.push({ name, kind: 'children', type: items });
    else if (prop.type === 'number' || prop.type === 'integer') fields.push({ name, kind: 'number' });
    else if (prop.type === 'boolean') fields.push({ name, kind: 'boolean' });
    else fields.push({ name, kind: 'string' });
  }
  return [...fields, ...(PROFILE_FIELDS[type] ?? [])];
}

/** Every type's fields in the schema's own order, then Harbour's profile fields. */
export const FIELDS: Record<HsdsType, FieldSpec[]> = Object.fromEntries(HSDS_TYPES.map((t) => [t, loadFields(t)])) as Record<
  HsdsType,
  FieldSpec[]
>;

/** Raw schema JSON of one type (for validation). */
export function readSchema(type: HsdsType): Json {
  return JSON.parse(readFileSync(new URL(`../../src/hsds/schema-3.0/${type}.json`, import.meta.url), 'utf8')) as Json;
}
