/**
 * Checks the demonstration dataset: every service against the HSDS 3.0 JSON schemas (Ajv 2020),
 * then Harbour's own rules for demo data (marking, invented phone numbers, coverage of every
 * category, ids, coordinates, confidential shelters, rehab registration).
 *
 * Run from the repository root: `node --import tsx scripts/check-demo-data.ts [file]`
 * (default seed/demo/tshwane-demo.json). Exits non-zero on any problem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { haversineM } from '../src/shared/geo.ts';

type Json = Record<string, unknown>;

const ROOT = new URL('../', import.meta.url);
const SCHEMA_DIR = '/work/shared/standards/hsds/3.0/schema/';
const DEMO_SENTENCE = 'Demonstration listing: invented for testing Harbour, not a real service.';
const FAKE_PHONE = /^\+27 00 000 0\d{3}$/;
const EMERGENCY_NUMBERS = new Set(['10111', '10177', '112']);
const FRONT_GATE = 'Front gate: call first, staff will meet you';
const SUNNYSIDE = { lat: -25.753, lng: 28.205 };
const BOUNDS = { minLat: -26.1, maxLat: -25.1, minLng: 27.85, maxLng: 29.1 };

/** Words Harbour never uses about people, and names of real organisations the demo must not borrow. */
const FORBIDDEN: RegExp[] = [
  /\baddicts?\b/i,
  /\babusers?\b/i,
  /\bjunkies?\b/i,
  /\bclean\b/i,
  /TB ?HIV ?Care/i,
  /\bSWEAT\b/,
  /Sisonke/i,
  /COSUP/i,
  /SADAG/i,
  /Life ?line/i,
  /SANCA/i,
  /Sediba/i,
  /Hope ?line/i,
  /Ke Moja/i,
  /Anova/i,
  /OUT LGBT/i,
  /Narcotics Anonymous/i,
  /\bHARMless\b/,
  /Professional Development/i,
  /Tshwane Leadership/i,
  /Magaliesburg Health/i,
];
const FORBIDDEN_KEYS = new Set(['url', 'email', 'website', 'uri', 'logo', 'schedule_link', 'assurer_email']);

/** Which nested fields hold which kind of object (kinds as in the demo ids). */
const CHILDREN: Record<string, Record<string, string>> = {
  service: {
    phones: 'phone',
    schedules: 'schedule',
    service_areas: 'service_area',
    service_at_locations: 'sal',
    languages: 'language',
    organization: 'organization',
    cost_options: 'cost_option',
    required_documents: 'required_document',
    contacts: 'contact',
    attributes: 'attribute',
  },
  organization: { attributes: 'attribute', phones: 'phone', contacts: 'contact' },
  sal: { phones: 'phone', schedules: 'schedule', location: 'location', contacts: 'contact' },
  location: {
    languages: 'language',
    addresses: 'address',
    phones: 'phone',
    schedules: 'schedule',
    contacts: 'contact',
  },
  phone: { languages: 'language' },
  contact: { phones: 'phone' },
};

interface Taxonomy {
  code: string;
  terms: { id: string; code: string }[];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** Calls `visit` for the object and every nested object, with its kind. */
function walk(kind: string, obj: Json, visit: (kind: string, obj: Json) => void): void {
  visit(kind, obj);
  for (const [field, childKind] of Object.entries(CHILDREN[kind] ?? {})) {
    const value = obj[field];
    for (const child of isObject(value) ? [value] : list(value)) walk(childKind, child, visit);
  }
}

function makeValidator(): (service: unknown) => string[] {
  // ajv and ajv-formats are CommonJS; under NodeNext their default export is the module object.
  const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module.default }).default ?? Ajv2020Module;
  const addFormats = addFormatsModule.default ?? addFormatsModule;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const file of readdirSync(SCHEMA_DIR).sort()) {
    if (!file.endsWith('.json') || file === 'openapi.json') continue;
    ajv.addSchema(JSON.parse(readFileSync(SCHEMA_DIR + file, 'utf8')) as object, file);
  }
  const validate = ajv.getSchema('service.json');
  if (!validate) throw new Error('service.json schema not found');
  return (service) =>
    validate(service) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

function termsOf(taxonomies: Taxonomy[], code: string): Map<string, string> {
  const taxonomy = taxonomies.find((t) => t.code === code);
  if (!taxonomy) throw new Error(`taxonomy ${code} missing`);
  return new Map(taxonomy.terms.map((t) => [t.id, t.code]));
}

/** All problems found in `data` (an array of HSDS services); empty when everything holds. */
export function checkDemoData(data: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(data)) return ['the dataset is not a JSON array'];
  const services = data.filter(isObject);
  if (services.length !== data.length) problems.push('some entries are not objects');
  const taxonomies = JSON.parse(readFileSync(new URL('seed/taxonomies.json', ROOT), 'utf8')) as Taxonomy[];
  const categories = termsOf(taxonomies, 'harbour-categories');
  const demoTerm = [...termsOf(taxonomies, 'harbour-record')].find(([, code]) => code === 'demonstration')?.[0];

  const validate = makeValidator();
  const seen = new Map<string, { kind: string; json: string }>();
  const categoryUse = new Map<string, number>([...categories.values()].map((c) => [c, 0]));
  const confidential = new Set<string>();
  let nearSunnyside = 0;
  let remoteCrisis = 0;

  for (const service of services) {
    const name = String(service.name);
    const at = (msg: string): void => void problems.push(`${name}: ${msg}`);
    for (const e of validate(service)) at(`schema ${e}`);

    walk('service', service, (kind, obj) => {
      checkIdentity(kind, obj, seen, at);
      for (const key of Object.keys(obj)) if (FORBIDDEN_KEYS.has(key)) at(`${kind} has a "${key}" field`);
      if (kind === 'phone') checkPhone(obj, name, at);
      if (kind === 'schedule') checkSchedule(obj, at);
      if (kind === 'location') checkLocation(obj, confidential, at);
      if ((kind === 'service' || kind === 'organization') && !isDemoMarked(obj, kind, demoTerm)) {
        at(`${kind} lacks the demonstration attribute`);
      }
    });

    const text = JSON.stringify(service);
    for (const re of FORBIDDEN) if (re.test(text)) at(`uses forbidden wording ${re}`);
    if (!String(service.description ?? '').endsWith(DEMO_SENTENCE)) at('description lacks the demonstration sentence');

    const codes = list(service.attributes).flatMap((a) => categories.get(String(a.taxonomy_term_id)) ?? []);
    if (codes.length === 0) at('has no category');
    for (const c of codes) categoryUse.set(c, (categoryUse.get(c) ?? 0) + 1);
    checkRehab(service, codes, at);

    const sals = list(service.service_at_locations);
    if (sals.length === 0) {
      if (list(service.service_areas).length === 0) at('remote service without service_areas');
      if (list(service.phones).length === 0) at('remote service without phones');
      if (codes.includes('crisis_line')) remoteCrisis++;
    }
    const near = sals.some((sal) => {
      const loc = isObject(sal.location) ? sal.location : {};
      if (loc.confidential === true || typeof loc.latitude !== 'number' || typeof loc.longitude !== 'number') return false;
      return haversineM(SUNNYSIDE.lat, SUNNYSIDE.lng, loc.latitude, loc.longitude) <= 3000;
    });
    if (near && service.status === 'active') nearSunnyside++;
  }

  if (services.length < 64) problems.push(`only ${services.length} services (need at least 64)`);
  for (const [code, n] of categoryUse) if (n < 2) problems.push(`category ${code} used by ${n} services (need 2)`);
  if (nearSunnyside < 8) problems.push(`only ${nearSunnyside} active services within 3 km of Sunnyside (need 8)`);
  if (remoteCrisis < 6) problems.push(`only ${remoteCrisis} remote crisis lines (need 6)`);
  if (confidential.size < 3) problems.push(`only ${confidential.size} confidential locations (need 3)`);
  return problems;
}

/** One id, one object: the same id may recur only for the very same (shared) object. */
function checkIdentity(
  kind: string,
  obj: Json,
  seen: Map<string, { kind: string; json: string }>,
  at: (m: string) => void,
): void {
  const id = String(obj.id);
  const json = JSON.stringify(obj);
  const before = seen.get(id);
  if (!before) seen.set(id, { kind, json });
  else if (before.kind !== kind) at(`id ${id} used for a ${before.kind} and a ${kind}`);
  else if (before.json !== json) at(`${kind} id ${id} used for two different objects`);
}

function checkPhone(phone: Json, serviceName: string, at: (m: string) => void): void {
  const number = String(phone.number);
  if (FAKE_PHONE.test(number)) return;
  if (EMERGENCY_NUMBERS.has(number) && serviceName === 'Emergency services') return;
  at(`phone number "${number}" is not of the invented form +27 00 000 0NNN`);
}

function checkSchedule(s: Json, at: (m: string) => void): void {
  if (s.timezone !== 2) at(`schedule ${String(s.id)} timezone is not 2`);
  for (const t of [s.opens_at, s.closes_at]) if (!/^\d\d:\d\d$/.test(String(t))) at(`schedule time "${String(t)}" is not HH:MM`);
  if (typeof s.interval === 'number' && s.interval > 1 && !s.dtstart)
    at(`schedule ${String(s.id)} has an interval but no dtstart`);
}

function checkLocation(loc: Json, confidential: Set<string>, at: (m: string) => void): void {
  const { latitude: lat, longitude: lng } = loc;
  if (typeof lat !== 'number' || typeof lng !== 'number') return void at(`location ${String(loc.name)} has no coordinates`);
  if (lat < BOUNDS.minLat || lat > BOUNDS.maxLat || lng < BOUNDS.minLng || lng > BOUNDS.maxLng) {
    at(`location ${String(loc.name)} (${lat}, ${lng}) is outside Tshwane`);
  }
  if (loc.confidential !== true) return;
  confidential.add(String(loc.id));
  const address = list(loc.addresses)[0];
  if (!address) return void at(`confidential location ${String(loc.name)} has no address`);
  const description = String(loc.description ?? '').toLowerCase();
  for (const part of [address.address_1, address.region, address.city]) {
    if (description.includes(String(part).toLowerCase())) at(`confidential location description reveals "${String(part)}"`);
  }
  if (!list(loc.phones).some((p) => p.description === FRONT_GATE)) at('confidential location lacks the front-gate phone');
}

function checkRehab(service: Json, codes: string[], at: (m: string) => void): void {
  if (!codes.includes('rehab')) return;
  const reg = service.rehab_registration;
  if (!isObject(reg)) return void at('rehab service without rehab_registration');
  if (!['registered', 'pending', 'not_registered'].includes(String(reg.status))) at(`rehab status "${String(reg.status)}"`);
  if (reg.status === 'not_registered' && reg.number !== null) at('not_registered rehab with a number');
  if (reg.status === 'registered' && !/^\d{4}-\d\d-\d\d$/.test(String(reg.expiry))) at('registered rehab without expiry');
}

function isDemoMarked(obj: Json, entity: string, demoTerm: string | undefined): boolean {
  return list(obj.attributes).some((a) => a.taxonomy_term_id === demoTerm && a.link_entity === entity);
}

function main(): void {
  const file = process.argv[2] ?? fileURLToPath(new URL('seed/demo/tshwane-demo.json', ROOT));
  const problems = checkDemoData(JSON.parse(readFileSync(file, 'utf8')));
  for (const p of problems) console.error(`problem: ${p}`);
  if (problems.length > 0) process.exit(1);
  console.log(`${file}: all checks passed`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
