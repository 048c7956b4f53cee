import { FIELDS, type HsdsType, type Json } from './model.ts';

/** Fields a nested object leaves out because its parent already says them. */
function impliedFields(type: HsdsType, parent: HsdsType | null, obj: Json): Set<string> {
  const implied = new Set<string>();
  if (parent) {
    implied.add(`${parent}_id`);
    if (type === 'attribute') implied.add('link_id');
    if (type === 'metadata') implied.add('resource_id');
  }
  if (type === 'service_at_location' && isObject(obj.location)) implied.add('location_id');
  if (type === 'service_at_location' && isObject(obj.service)) implied.add('service_id');
  if (type === 'service' && isObject(obj.organization)) implied.add('organization_id');
  if (type === 'service' && isObject(obj.program)) implied.add('program_id');
  return implied;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const REHAB_KEYS = ['status', 'number', 'expiry'];

/**
 * The one canonical form of an HSDS object: keys in schema order (then Harbour's profile fields),
 * unknown keys, nulls and empty arrays dropped, numbers and booleans typed, nested arrays sorted
 * by id. Idempotent, so export → import → export is byte-identical.
 */
export function canonicalize(type: HsdsType, obj: Json, parent: HsdsType | null = null): Json {
  const out: Json = {};
  const implied = impliedFields(type, parent, obj);
  for (const field of FIELDS[type]) {
    const value = obj[field.name];
    if (value === undefined || value === null || implied.has(field.name)) continue;
    switch (field.kind) {
      case 'children': {
        if (!Array.isArray(value) || value.length === 0) break;
        const items = value.filter(isObject).map((v) => canonicalize(field.type!, v, type));
        out[field.name] = sortById(items);
        break;
      }
      case 'child':
        if (isObject(value)) out[field.name] = canonicalize(field.type!, value, type);
        break;
      case 'number':
        out[field.name] = toNumber(value);
        break;
      case 'boolean':
        out[field.name] = toBoolean(value);
        break;
      case 'object':
        if (isObject(value)) out[field.name] = pickInOrder(value, REHAB_KEYS);
        break;
      default:
        out[field.name] = typeof value === 'string' ? value : String(value);
    }
  }
  // A service_at_location may carry its service (HSDS's SAL view): keep it nested.
  if (type === 'service_at_location' && isObject(obj.service)) out.service = canonicalize('service', obj.service, null);
  return out;
}

function sortById(items: Json[]): Json[] {
  return items.sort((a, b) => {
    const x = String(a.id ?? '');
    const y = String(b.id ?? '');
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function toNumber(value: unknown): unknown {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}

function toBoolean(value: unknown): unknown {
  if (value === 'true' || value === 'TRUE' || value === '1' || value === 1) return true;
  if (value === 'false' || value === 'FALSE' || value === '0' || value === 0) return false;
  return value;
}

function pickInOrder(obj: Json, keys: string[]): Json {
  const out: Json = {};
  for (const k of keys) if (obj[k] !== undefined && obj[k] !== null) out[k] = obj[k];
  return out;
}
