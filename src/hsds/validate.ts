import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { isObject } from './canonical.ts';
import { HSDS_TYPES, readSchema, type HsdsType, type Json } from './model.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

let ajv: Ajv2020 | null = null;
const validators = new Map<HsdsType, ValidateFunction>();

/** Ajv over the vendored HSDS 3.0 schemas, each added under its file name so `$ref`s resolve. */
export function hsdsAjv(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ strict: false, allErrors: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const type of HSDS_TYPES) ajv.addSchema(readSchema(type), `${type}.json`);
  return ajv;
}

function validatorFor(type: HsdsType): ValidateFunction {
  let v = validators.get(type);
  if (!v) {
    v = hsdsAjv().getSchema(`${type}.json`)!;
    validators.set(type, v);
  }
  return v;
}

function pathOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('');
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'required')
    return `missing required field ${String((e.params as { missingProperty: string }).missingProperty)}`;
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return e.message ?? e.keyword;
}

/** First problem with a record, as {path suffix, reason}, or null when it is valid HSDS 3.0 + Harbour profile. */
export function validateRecord(type: HsdsType, record: Json): { at: string; reason: string } | null {
  const validate = validatorFor(type);
  if (!validate(record)) {
    const e = validate.errors![0]!;
    return { at: pathOf(e.instancePath), reason: describe(e) };
  }
  return checkProfile(type, record, '');
}

const HOLIDAY = new Set(['open', 'closed']);
const REHAB_STATUS = new Set(['registered', 'pending', 'not_registered']);

/** Harbour's own rules on top of the schema: profile fields and coordinate ranges, at any depth. */
function checkProfile(type: HsdsType, obj: Json, at: string): { at: string; reason: string } | null {
  if (obj.holiday_hours !== undefined && obj.holiday_hours !== null && !HOLIDAY.has(String(obj.holiday_hours))) {
    return { at: `${at}.holiday_hours`, reason: 'must be "open" or "closed" (leave it out when unknown)' };
  }
  if (type === 'location' && obj.confidential !== undefined && typeof obj.confidential !== 'boolean') {
    return { at: `${at}.confidential`, reason: 'must be true or false' };
  }
  if (type === 'service' && obj.rehab_registration !== undefined && obj.rehab_registration !== null) {
    const r = obj.rehab_registration;
    if (!isObject(r) || !REHAB_STATUS.has(String(r.status))) {
      return { at: `${at}.rehab_registration.status`, reason: 'must be registered, pending or not_registered' };
    }
    if (r.expiry !== undefined && r.expiry !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(r.expiry))) {
      return { at: `${at}.rehab_registration.expiry`, reason: 'must be a date YYYY-MM-DD' };
    }
  }
  const nested: [string, HsdsType][] = [
    ['service_at_locations', 'service_at_location'],
    ['locations', 'location'],
    ['services', 'service'],
  ];
  for (const [field, childType] of nested) {
    const list = obj[field];
    if (!Array.isArray(list)) continue;
    for (const [i, child] of list.entries()) {
      if (!isObject(child)) continue;
      const problem = checkProfile(childType, child, `${at}.${field}[${i}]`);
      if (problem) return problem;
    }
  }
  for (const [field, childType] of [
    ['location', 'location'],
    ['service', 'service'],
  ] as [string, HsdsType][]) {
    if (isObject(obj[field])) {
      const problem = checkProfile(childType, obj[field], `${at}.${field}`);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * Repairs what should not cost a whole record: coordinates that cannot be on Earth (or only one of
 * the pair) are dropped with a warning, so the service is still listed, just not by distance.
 */
export function repairCoordinates(type: HsdsType, obj: Json, at: string, warnings: { at: string; warning: string }[]): void {
  if (type === 'location') {
    const lat = obj.latitude;
    const lng = obj.longitude;
    const has = (v: unknown) => v !== undefined && v !== null;
    const bad =
      has(lat) !== has(lng) ||
      (has(lat) && (typeof lat !== 'number' || Math.abs(lat) > 90)) ||
      (has(lng) && (typeof lng !== 'number' || Math.abs(lng) > 180));
    if (bad) {
      warnings.push({
        at: `${at}.latitude`,
        warning: `coordinates ${String(lat)}, ${String(lng)} are not a point on Earth: dropped (the location is listed without distance)`,
      });
      delete obj.latitude;
      delete obj.longitude;
    }
  }
  const nested: [string, HsdsType][] = [
    ['service_at_locations', 'service_at_location'],
    ['locations', 'location'],
    ['services', 'service'],
    ['contents', 'service'],
  ];
  for (const [field, childType] of nested) {
    const list = obj[field];
    if (Array.isArray(list))
      list.forEach((c, i) => isObject(c) && repairCoordinates(childType, c, `${at}.${field}[${i}]`, warnings));
  }
  for (const field of ['location', 'service'] as const) {
    if (isObject(obj[field])) repairCoordinates(field, obj[field], `${at}.${field}`, warnings);
  }
}
