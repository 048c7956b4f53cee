import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { createTestApp, importRecords, type TestApp } from '../../test/helpers/app.ts';
import { makeService, termId } from '../../test/helpers/factories.ts';
import { CATEGORIES, FLAGS } from '../directory/taxonomies.ts';
import { haversineM } from '../shared/geo.ts';
import { importSource } from './import/run-import.ts';
import type { Json } from './model.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;

const SCHEMA_DIR = fileURLToPath(new URL('./schema-3.0/', import.meta.url));
const SERVICE_FULL_EXAMPLE = fileURLToPath(new URL('../../test/fixtures/hsds-3.0-examples/service_full.json', import.meta.url));

/** The HSDS 3.0 object schemas, each under its file name so their relative `$ref`s resolve. */
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
for (const f of readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(`${SCHEMA_DIR}${f}`, 'utf8')) as object, f);
}

function validates(schema: string, value: unknown, where: string): void {
  const validate = ajv.getSchema(schema);
  assert.ok(validate, `no schema ${schema}`);
  assert.ok(validate(value), `${where} does not validate against ${schema}: ${ajv.errorsText(validate.errors)}`);
}

/** `components.schemas.Page` of the HSDS 3.0 openapi.json: every field and its JSON type. */
const PAGE_FIELDS: Record<string, 'integer' | 'boolean'> = {
  total_items: 'integer',
  total_pages: 'integer',
  page_number: 'integer',
  size: 'integer',
  first_page: 'boolean',
  last_page: 'boolean',
  empty: 'boolean',
};

interface Page {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Json[];
}

/** A full SAL view: its own schema, and the service it carries against the service schema. */
function validateSal(sal: Json, where: string): void {
  validates('service_at_location.json', sal, where);
  assert.ok(sal.service && typeof sal.service === 'object', `${where} carries no service`);
  validates('service.json', sal.service, `${where}.service`);
}

function validateOrganization(org: Json, where: string): void {
  validates('organization.json', org, where);
  for (const [i, s] of ((org.services as Json[] | undefined) ?? []).entries())
    validates('service.json', s, `${where}.services[${i}]`);
}

type Kind = 'services' | 'service_at_locations' | 'organizations' | 'taxonomies' | 'taxonomy_terms';

const ITEM_CHECK: Record<Kind, (item: Json, where: string) => void> = {
  services: (item, where) => validates('service.json', item, where),
  service_at_locations: validateSal,
  organizations: validateOrganization,
  taxonomies: (item, where) => validates('taxonomy.json', item, where),
  taxonomy_terms: (item, where) => validates('taxonomy_term.json', item, where),
};

/** A page object: exactly the Page fields (typed as openapi.json says) and `contents`, consistent. */
function checkPage(body: unknown, kind: Kind | null, where: string): Page {
  assert.ok(body && typeof body === 'object' && !Array.isArray(body), `${where}: not an object`);
  const page = body as Page;
  assert.deepEqual(Object.keys(page).sort(), [...Object.keys(PAGE_FIELDS), 'contents'].sort(), where);
  for (const [field, type] of Object.entries(PAGE_FIELDS)) {
    const value = (page as unknown as Json)[field];
    if (type === 'integer') assert.ok(Number.isInteger(value), `${where}: ${field} is not an integer`);
    else assert.equal(typeof value, 'boolean', `${where}: ${field} is not a boolean`);
  }
  assert.ok(Array.isArray(page.contents), `${where}: contents is not an array`);
  assert.equal(page.size, page.contents.length, `${where}: size is the number of items on this page`);
  assert.equal(page.empty, page.contents.length === 0, `${where}: empty`);
  assert.equal(page.first_page, page.page_number === 1, `${where}: first_page`);
  if (kind) for (const [i, item] of page.contents.entries()) ITEM_CHECK[kind](item, `${where} contents[${i}]`);
  return page;
}

let t: TestApp;

async function call(method: 'GET' | 'POST', url: string, payload?: Json | string, type?: string) {
  return t.app.inject(
    t.asBrowser({
      method,
      url,
      ...(payload !== undefined ? { payload } : {}),
      ...(type ? { headers: { 'content-type': type } } : {}),
    }),
  );
}

async function getJson<T = Json>(url: string): Promise<T> {
  const res = await call('GET', url);
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/json/, url);
  return res.json<T>();
}

async function getPage(url: string, kind: Kind | null): Promise<Page> {
  return checkPage(await getJson(url), kind, url);
}

/** Every item of a list (NDJSON, so no paging). */
async function ndjson(url: string): Promise<Json[]> {
  const res = await call('GET', url);
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/x-ndjson/, url);
  assert.ok(res.body === '' || res.body.endsWith('\n'), `${url}: every line ends with a newline`);
  return res.body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Json);
}

/** Ids of every item a filter gives, walking the pages (GET, 100 per page). */
async function idsOf(path: string, query: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const qs = new URLSearchParams({ ...query, per_page: '100', page: String(page) });
    const body = await getPage(`${path}?${qs}`, null);
    out.push(...body.contents.map((c) => String(c.id)));
    if (body.last_page) return out;
  }
}

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

/** Terms a full service carries, on itself or on its service_at_locations (what the filters use). */
function termsOf(service: Json): Json[] {
  const attrs = [
    ...((service.attributes as Json[] | undefined) ?? []),
    ...((service.service_at_locations as Json[] | undefined) ?? []).flatMap((s) => (s.attributes as Json[] | undefined) ?? []),
  ];
  return attrs.map((a) => a.taxonomy_term as Json | undefined).filter((x): x is Json => x !== undefined);
}

const salIdsOf = (services: Json[]): string[] =>
  services.flatMap((s) => ((s.service_at_locations as Json[] | undefined) ?? []).map((x) => String(x.id)));

const SECRET_EMAIL = 'assurer.private.person@harbour-test.example';

// A postcode of our own: one public location with three services, another with one, 2 km apart
// east-west, and a confidential one with the same postcode between them.
const POSTCODE = '9909';
const WEST = { lat: -26.5, lng: 27.5 };
const EAST = { lat: -26.5, lng: 27.5 + 2 / (111.19508 * Math.cos((26.5 * Math.PI) / 180)) };
const MIDDLE = { lat: -26.5, lng: (WEST.lng + EAST.lng) / 2 };
const westLocation = randomUUID();
const eastLocation = randomUUID();
const hiddenLocation = randomUUID();

// A small hierarchical taxonomy: one top term with two children.
const TAXONOMY = { id: randomUUID(), name: 'Test hierarchy', description: 'Terms with parents.', version: '1' };
const TOP = { id: randomUUID(), name: 'Top term', description: 'Has children.', code: 'top', taxonomy_id: TAXONOMY.id };
const CHILD_A = {
  id: randomUUID(),
  name: 'Child A',
  description: 'A child.',
  code: 'a',
  parent_id: TOP.id,
  taxonomy_id: TAXONOMY.id,
};
const CHILD_B = {
  id: randomUUID(),
  name: 'Child B',
  description: 'A child.',
  code: 'b',
  parent_id: TOP.id,
  taxonomy_id: TAXONOMY.id,
};

/** Everything the API holds, fully nested, read once (NDJSON: no paging). */
let allServices: Json[];
let allSals: Json[];

before(async () => {
  t = await createTestApp({ demo: true });
  const site = (locationId: string, at: { lat: number; lng: number }, extra: Json = {}) => ({
    ...at,
    locationId,
    address: { postal_code: POSTCODE },
    ...extra,
  });
  const records = [
    makeService({
      name: 'Assured clinic',
      terms: ['hiv_testing', 'free'],
      sites: [site(westLocation, WEST)],
      extra: { assurer_email: SECRET_EMAIL, assured_date: '2026-01-05', last_modified: '2026-01-05T08:00:00+02:00' },
    }),
    makeService({ name: 'West clinic two', terms: ['sti_care'], sites: [site(westLocation, WEST)] }),
    makeService({ name: 'West clinic three', terms: ['contraception'], sites: [site(westLocation, WEST)] }),
    makeService({ name: 'East clinic', terms: ['hiv_testing'], sites: [site(eastLocation, EAST)] }),
    makeService({ name: 'Hidden shelter', terms: ['shelter'], sites: [site(hiddenLocation, MIDDLE, { confidential: true })] }),
    TAXONOMY,
    TOP,
    CHILD_A,
    CHILD_B,
  ];
  const rejected: Json[] = [];
  const summary = await importRecords(t.db, records, (line) => 'reason' in line && rejected.push(line));
  assert.deepEqual(rejected, []);
  assert.equal(summary.imported, records.length);
  // The HSDS example service: every field HSDS has, and an assurer_email of its own.
  const example = await importSource(t.db, SERVICE_FULL_EXAMPLE, { report: () => {} });
  assert.equal(example.imported, 1);

  allServices = await ndjson('/hsds/services?format=ndjson&full=true');
  allSals = await ndjson('/hsds/service_at_locations?format=ndjson&full=true');
  assert.ok(allServices.length >= 70, `${allServices.length} services`);
});
after(() => t.close());

describe('root, profile and OpenAPI', () => {
  test('/hsds and /hsds/ both give {version, profile, openapi_url}, and both links answer', async () => {
    const a = await getJson('/hsds');
    const b = await getJson('/hsds/');
    assert.deepEqual(a, b);
    assert.deepEqual(Object.keys(a).sort(), ['openapi_url', 'profile', 'version']);
    assert.equal(a.version, '3.0');
    for (const link of [a.profile, a.openapi_url]) {
      const url = new URL(String(link));
      const body = await getJson(url.pathname);
      assert.ok(Object.keys(body).length > 0, `${url.pathname} is empty`);
    }
    assert.equal(new URL(String(a.profile)).pathname, '/hsds/profile');
    assert.equal(new URL(String(a.openapi_url)).pathname, '/hsds/openapi.json');
  });

  test('the profile names its fields, and the OpenAPI document describes the HSDS routes', async () => {
    const profile = await getJson('/hsds/profile');
    const fields = (profile.fields as Json[]).map((f) => f.name).sort();
    assert.deepEqual(fields, ['confidential', 'holiday_hours', 'rehab_registration']);
    const openapi = await getJson<{ openapi: string; paths: Record<string, unknown> }>('/hsds/openapi.json');
    assert.match(openapi.openapi, /^3\./);
    for (const path of ['/hsds/services', '/hsds/organizations', '/hsds/service_at_locations', '/hsds/taxonomy_terms']) {
      assert.ok(path in openapi.paths, `${path} is not in the OpenAPI document`);
    }
  });
});

describe('Access-Control-Allow-Origin', () => {
  test('is * on every /hsds response: pages, items, NDJSON, POST, errors', async () => {
    const some = allServices[0]!;
    const requests: [string, string, (Json | string)?, string?][] = [
      ['GET', '/hsds'],
      ['GET', '/hsds/'],
      ['GET', '/hsds/profile'],
      ['GET', '/hsds/openapi.json'],
      ['GET', '/hsds/services'],
      ['GET', `/hsds/services/${String(some.id)}`],
      ['GET', '/hsds/services?format=ndjson'],
      ['GET', '/hsds/service_at_locations?format=ndjson'],
      ['GET', '/hsds/organizations?format=ndjson'],
      ['GET', '/hsds/taxonomies?format=ndjson'],
      ['GET', '/hsds/taxonomy_terms?format=ndjson'],
      ['GET', '/hsds/service_at_locations'],
      ['GET', '/hsds/organizations'],
      ['GET', '/hsds/taxonomies'],
      ['GET', '/hsds/taxonomy_terms'],
      ['POST', '/hsds/services', { per_page: 2 }],
      ['POST', '/hsds/services', 'per_page=2', 'application/x-www-form-urlencoded'],
      ['GET', '/hsds/services/not-a-uuid'],
      ['GET', `/hsds/services/${randomUUID()}`],
      ['GET', '/hsds/services?per_page=101'],
      ['GET', '/hsds/no-such-thing'],
    ];
    for (const [method, url, payload, type] of requests) {
      const res = await call(method as 'GET' | 'POST', url, payload, type);
      assert.equal(res.headers['access-control-allow-origin'], '*', `${method} ${url} (${res.statusCode})`);
    }
  });
});

describe('pages', () => {
  const walks: [Kind, number][] = [
    ['services', 7],
    ['service_at_locations', 9],
    ['organizations', 5],
    ['taxonomies', 2],
    ['taxonomy_terms', 8],
  ];
  for (const [kind, perPage] of walks) {
    test(`/hsds/${kind}: 1-based pages of per_page items, sorted by id, every item once, then empty`, async () => {
      const all = (await ndjson(`/hsds/${kind}?format=ndjson`)).map((x) => String(x.id));
      assert.ok(all.length > perPage, `${kind}: too few items (${all.length}) to page`);
      const pages = Math.ceil(all.length / perPage);
      const seen: string[] = [];
      for (let n = 1; n <= pages; n++) {
        const page = await getPage(`/hsds/${kind}?per_page=${perPage}&page=${n}`, kind);
        assert.equal(page.total_items, all.length);
        assert.equal(page.total_pages, pages);
        assert.equal(page.page_number, n);
        assert.equal(page.size, n < pages ? perPage : all.length - perPage * (pages - 1));
        assert.equal(page.first_page, n === 1);
        assert.equal(page.last_page, n === pages);
        seen.push(...page.contents.map((c) => String(c.id)));
      }
      assert.deepEqual(seen, all);
      assert.deepEqual(seen, sorted(seen), 'without search, lists are in id order');
      const past = await getPage(`/hsds/${kind}?per_page=${perPage}&page=${pages + 1}`, kind);
      assert.deepEqual(past.contents, []);
      assert.equal(past.size, 0);
      assert.equal(past.empty, true);
      assert.equal(past.total_items, all.length);
      assert.equal(past.page_number, pages + 1);
      assert.equal(past.first_page, false);
    });
  }

  test('the first page is page 1 by default; per_page up to 100; 101, 0 and page 0 are refused', async () => {
    const first = await getPage('/hsds/services', 'services');
    assert.equal(first.page_number, 1);
    assert.equal(first.first_page, true);
    const hundred = await getPage('/hsds/services?per_page=100', 'services');
    assert.equal(hundred.size, Math.min(100, allServices.length));
    for (const url of [
      '/hsds/services?per_page=101',
      '/hsds/service_at_locations?per_page=101',
      '/hsds/organizations?per_page=101',
      '/hsds/taxonomies?per_page=101',
      '/hsds/taxonomy_terms?per_page=101',
      '/hsds/services?per_page=0',
      '/hsds/services?page=0',
      '/hsds/services?page=abc',
    ]) {
      const res = await call('GET', url);
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'invalid_request', url);
    }
  });

  test('an empty result is a page too', async () => {
    const page = await getPage(`/hsds/services?organization_id=${randomUUID()}`, 'services');
    assert.equal(page.total_items, 0);
    assert.equal(page.total_pages, 0);
    assert.equal(page.empty, true);
    assert.equal(page.last_page, true);
  });
});

describe('service filters (GET)', () => {
  const hiv = termId('hiv_testing');

  test('taxonomy_term_id: the services carrying that term', async () => {
    const expected = allServices.filter((s) => termsOf(s).some((x) => x.id === hiv)).map((s) => String(s.id));
    assert.ok(expected.length >= 3);
    assert.deepEqual(await idsOf('/hsds/services', { taxonomy_term_id: hiv }), sorted(expected));
  });

  test('taxonomy_id: the services carrying any term of that taxonomy', async () => {
    const expected = allServices.filter((s) => termsOf(s).some((x) => x.taxonomy_id === FLAGS.id)).map((s) => String(s.id));
    assert.ok(expected.length > 0 && expected.length < allServices.length);
    assert.deepEqual(await idsOf('/hsds/services', { taxonomy_id: FLAGS.id }), sorted(expected));
  });

  test('organization_id: that organization’s services', async () => {
    const byOrg = new Map<string, string[]>();
    for (const s of allServices) {
      const org = String((s.organization as Json | undefined)?.id);
      byOrg.set(org, [...(byOrg.get(org) ?? []), String(s.id)]);
    }
    const [org, ids] = [...byOrg.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    assert.ok(ids.length >= 2);
    assert.deepEqual(await idsOf('/hsds/services', { organization_id: org }), sorted(ids));
  });

  test('modified_after: on or after that instant, offsets honoured', async () => {
    const stamps = allServices.map((s) => Date.parse(String(s.last_modified))).filter(Number.isFinite);
    stamps.sort((a, b) => a - b);
    const median = stamps[Math.floor(stamps.length / 2)]!;
    const expected = allServices.filter((s) => Date.parse(String(s.last_modified)) >= median).map((s) => String(s.id));
    assert.ok(expected.length > 0 && expected.length < allServices.length);
    // The same instant written in SAST.
    const sast = new Date(median + 2 * 3_600_000).toISOString().replace('Z', '+02:00').replace('.000', '');
    assert.deepEqual(await idsOf('/hsds/services', { modified_after: sast }), sorted(expected));
    const later = allServices.filter((s) => Date.parse(String(s.last_modified)) > median).map((s) => String(s.id));
    const oneMsLater = new Date(median + 1).toISOString();
    assert.deepEqual(await idsOf('/hsds/services', { modified_after: oneMsLater }), sorted(later));
    // A date alone means its midnight UTC.
    const day = new Date(median).toISOString().slice(0, 10);
    const fromDay = allServices.filter((s) => Date.parse(String(s.last_modified)) >= Date.parse(`${day}T00:00:00Z`));
    assert.deepEqual(await idsOf('/hsds/services', { modified_after: day }), sorted(fromDay.map((s) => String(s.id))));
    const res = await call('GET', '/hsds/services?modified_after=yesterday');
    assert.equal(res.statusCode, 400);
  });

  test('search finds by meaning (methadone → opioid substitution) and combines with the other filters', async () => {
    const ost = termId('opioid_substitution');
    const active = (s: Json) => s.status === 'active';
    const substitution = allServices.filter((s) => active(s) && termsOf(s).some((x) => x.id === ost)).map((s) => String(s.id));
    assert.ok(substitution.length > 0);
    const found = await idsOf('/hsds/services', { search: 'methadone' });
    for (const id of substitution) assert.ok(found.includes(id), `search "methadone" misses ${id}`);
    const free = termId('free');
    const both = await idsOf('/hsds/services', { search: 'methadone', taxonomy_term_id: free });
    const freeIds = new Set(allServices.filter((s) => termsOf(s).some((x) => x.id === free)).map((s) => String(s.id)));
    assert.deepEqual(sorted(both), sorted(found.filter((id) => freeIds.has(id))));
    assert.ok(both.length < found.length || found.every((id) => freeIds.has(id)));
  });

  test('filters combine with AND', async () => {
    const free = termId('free');
    const orgOf = (s: Json) => String((s.organization as Json | undefined)?.id);
    const withBoth = allServices.find((s) => termsOf(s).some((x) => x.id === hiv) && termsOf(s).some((x) => x.id === free))!;
    const org = orgOf(withBoth);
    const expected = allServices
      .filter(
        (s) => orgOf(s) === org && termsOf(s).some((x) => x.id === hiv) && termsOf(s).some((x) => x.taxonomy_id === FLAGS.id),
      )
      .map((s) => String(s.id));
    const got = await idsOf('/hsds/services', { organization_id: org, taxonomy_term_id: hiv, taxonomy_id: FLAGS.id });
    assert.deepEqual(got, sorted(expected));
    assert.ok(got.includes(String(withBoth.id)));
    // hiv_testing is a category: with the categories taxonomy it selects the same services; with a
    // taxonomy no service uses, nothing.
    const hivIds = await idsOf('/hsds/services', { taxonomy_term_id: hiv });
    assert.deepEqual(await idsOf('/hsds/services', { taxonomy_term_id: hiv, taxonomy_id: CATEGORIES.id }), hivIds);
    assert.deepEqual(await idsOf('/hsds/services', { taxonomy_term_id: hiv, taxonomy_id: TAXONOMY.id }), []);
  });

  test('minimal gives ids and last_modified only; full gives what /services/{id} gives', async () => {
    const minimal = await getPage('/hsds/services?minimal=true&per_page=100', null);
    assert.equal(minimal.total_items, allServices.length);
    for (const item of minimal.contents) {
      const source = allServices.find((s) => s.id === item.id)!;
      assert.deepEqual(item, { id: source.id, ...(source.last_modified ? { last_modified: source.last_modified } : {}) });
    }
    const full = await getPage('/hsds/services?full=true&per_page=5&page=2', 'services');
    for (const item of full.contents) {
      assert.deepEqual(item, await getJson(`/hsds/services/${String(item.id)}`));
      assert.ok(Array.isArray(item.service_at_locations));
    }
    // The list shape has no nested lists.
    const list = await getPage('/hsds/services?per_page=100', 'services');
    for (const item of list.contents) {
      for (const [key, value] of Object.entries(item)) assert.ok(!Array.isArray(value), `list item has ${key}`);
    }
  });
});

describe('service_at_location filters', () => {
  const salsOfServices = (pred: (s: Json) => boolean) => sorted(salIdsOf(allServices.filter(pred)));

  test('the service filters apply to each SAL’s service', async () => {
    const hiv = termId('hiv_testing');
    assert.deepEqual(
      await idsOf('/hsds/service_at_locations', { taxonomy_term_id: hiv }),
      salsOfServices((s) => termsOf(s).some((x) => x.id === hiv)),
    );
    assert.deepEqual(
      await idsOf('/hsds/service_at_locations', { taxonomy_id: FLAGS.id }),
      salsOfServices((s) => termsOf(s).some((x) => x.taxonomy_id === FLAGS.id)),
    );
    const org = String((allServices.find((s) => salIdsOf([s]).length > 1)!.organization as Json).id);
    assert.deepEqual(
      await idsOf('/hsds/service_at_locations', { organization_id: org }),
      salsOfServices((s) => (s.organization as Json | undefined)?.id === org),
    );
  });

  test('postcode matches address.postal_code of public locations only', async () => {
    const expected = allSals
      .filter((sal) => {
        const loc = sal.location as Json | undefined;
        return (
          loc &&
          loc.confidential !== true &&
          ((loc.addresses as Json[] | undefined) ?? []).some((a) => a.postal_code === POSTCODE)
        );
      })
      .map((sal) => String(sal.id));
    assert.equal(expected.length, 4, 'three services west, one east');
    assert.deepEqual(await idsOf('/hsds/service_at_locations', { postcode: POSTCODE }), sorted(expected));
    // Demo postcodes too.
    const sunnyside = allSals.filter((sal) =>
      ((sal.location as Json | undefined)?.addresses as Json[] | undefined)?.some((a) => a.postal_code === '0132'),
    );
    assert.ok(sunnyside.length > 1);
    assert.deepEqual(await idsOf('/hsds/service_at_locations', { postcode: '0132' }), sorted(sunnyside.map((s) => String(s.id))));
  });

  test('proximity: metres from the centroid of the postcode’s addresses (each address once)', async () => {
    // The centroid of the two addresses is MIDDLE, 1 km from each; three SALs at WEST do not
    // pull it west. Only public locations count and are listed.
    const within = async (m: number) => idsOf('/hsds/service_at_locations', { postcode: POSTCODE, proximity: String(m) });
    const west = sorted(allSals.filter((s) => (s.location as Json | undefined)?.id === westLocation).map((s) => String(s.id)));
    const east = sorted(allSals.filter((s) => (s.location as Json | undefined)?.id === eastLocation).map((s) => String(s.id)));
    assert.equal(west.length, 3);
    assert.equal(Math.round(haversineM(MIDDLE.lat, MIDDLE.lng, EAST.lat, EAST.lng)), 1000);
    assert.deepEqual(await within(900), []);
    assert.deepEqual(await within(1100), sorted([...west, ...east]));
    // The centre belongs to the postcode, not to the other filters: with only the east clinic's
    // organization selected, the centre is still MIDDLE, so 900 m reaches nothing (AND, not "near
    // whatever else matched").
    const eastOrg = String((allServices.find((s) => s.name === 'East clinic')!.organization as Json).id);
    const eastOnly = async (m: number) =>
      idsOf('/hsds/service_at_locations', { postcode: POSTCODE, proximity: String(m), organization_id: eastOrg });
    assert.deepEqual(await eastOnly(900), []);
    assert.deepEqual(await eastOnly(1100), east);
  });

  test('proximity reaches SALs of other postcodes within the distance, never a confidential one', async () => {
    const sunnyside = allSals.filter((sal) =>
      ((sal.location as Json | undefined)?.addresses as Json[] | undefined)?.some((a) => a.postal_code === '0132'),
    );
    const located = new Map<string, Json>();
    for (const sal of sunnyside) located.set(String((sal.location as Json).id), sal.location as Json);
    const points = [...located.values()].filter((l) => typeof l.latitude === 'number');
    const lat = points.reduce((s, l) => s + Number(l.latitude), 0) / points.length;
    const lng = points.reduce((s, l) => s + Number(l.longitude), 0) / points.length;
    const distance = (sal: Json) => {
      const l = sal.location as Json | undefined;
      return l && typeof l.latitude === 'number' ? haversineM(lat, lng, l.latitude, Number(l.longitude)) : Infinity;
    };
    // A radius with no location within 50 m of its edge, so rounding cannot decide the answer.
    const radius = [1000, 1500, 2000, 2500, 3000, 4000].find((r) => allSals.every((s) => Math.abs(distance(s) - r) > 50))!;
    const expected = allSals.filter((s) => distance(s) <= radius).map((s) => String(s.id));
    assert.ok(
      expected.some((id) => !sunnyside.some((s) => s.id === id)),
      'the radius reaches past the postcode',
    );
    assert.deepEqual(
      await idsOf('/hsds/service_at_locations', { postcode: '0132', proximity: String(radius) }),
      sorted(expected),
    );
    const hidden = allSals.filter((s) => (s.location as Json | undefined)?.id === hiddenLocation).map((s) => String(s.id));
    assert.equal(hidden.length, 1);
    assert.ok(!(await idsOf('/hsds/service_at_locations', { postcode: POSTCODE, proximity: '100000' })).includes(hidden[0]!));
  });

  test('proximity without a postcode is refused', async () => {
    const res = await call('GET', '/hsds/service_at_locations?proximity=1000');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'invalid_request');
  });

  test('postcode combines with a service filter (AND)', async () => {
    const hiv = termId('hiv_testing');
    const got = await idsOf('/hsds/service_at_locations', { postcode: POSTCODE, taxonomy_term_id: hiv });
    const withHiv = new Set(salIdsOf(allServices.filter((s) => termsOf(s).some((x) => x.id === hiv))));
    const expected = allSals
      .filter((sal) =>
        ((sal.location as Json | undefined)?.addresses as Json[] | undefined)?.some((a) => a.postal_code === POSTCODE),
      )
      .filter((sal) => withHiv.has(String(sal.id)))
      .map((sal) => String(sal.id));
    assert.equal(got.length, 2, 'Assured clinic (west) and East clinic');
    assert.deepEqual(got, sorted(expected));
  });

  test('full gives what /service_at_locations/{id} gives', async () => {
    const page = await getPage('/hsds/service_at_locations?full=true&per_page=6&page=3', 'service_at_locations');
    for (const item of page.contents) assert.deepEqual(item, await getJson(`/hsds/service_at_locations/${String(item.id)}`));
  });
});

describe('organizations, taxonomies and terms', () => {
  test('organizations: search by name words; full has locations and services; full_service nests full services', async () => {
    const all = await ndjson('/hsds/organizations?format=ndjson');
    const word = String(all.find((o) => String(o.name).includes(' '))!.name).split(' ')[0]!;
    const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u);
    const expected = all.filter((o) => words(String(o.name)).some((w) => w.startsWith(word.toLowerCase())));
    assert.ok(expected.length < all.length);
    assert.deepEqual(
      await idsOf('/hsds/organizations', { search: word.toUpperCase() }),
      sorted(expected.map((o) => String(o.id))),
    );

    const org = String((allServices.find((s) => s.name === 'Assured clinic')!.organization as Json).id);
    const full = await getJson(`/hsds/organizations/${org}`);
    validateOrganization(full, 'organization full');
    assert.deepEqual(
      (full.services as Json[]).map((s) => s.name),
      ['Assured clinic'],
    );
    const withServices = await getJson(`/hsds/organizations/${org}?full_service=true`);
    validateOrganization(withServices, 'organization full_service');
    const nested = (withServices.services as Json[])[0]!;
    assert.deepEqual(nested, await getJson(`/hsds/services/${String(nested.id)}`));
    const page = await getPage('/hsds/organizations?full=true&per_page=4', 'organizations');
    for (const item of page.contents) assert.ok(Array.isArray(item.services));
  });

  test('taxonomy terms: taxonomy_id, parent_id, top_only', async () => {
    assert.deepEqual(await idsOf('/hsds/taxonomy_terms', { taxonomy_id: TAXONOMY.id }), sorted([TOP.id, CHILD_A.id, CHILD_B.id]));
    assert.deepEqual(await idsOf('/hsds/taxonomy_terms', { parent_id: TOP.id }), sorted([CHILD_A.id, CHILD_B.id]));
    assert.deepEqual(await idsOf('/hsds/taxonomy_terms', { taxonomy_id: TAXONOMY.id, top_only: 'true' }), [TOP.id]);
    const all = await ndjson('/hsds/taxonomy_terms?format=ndjson');
    const top = all.filter((x) => x.parent_id === undefined).map((x) => String(x.id));
    assert.ok(top.length < all.length);
    assert.deepEqual(await idsOf('/hsds/taxonomy_terms', { top_only: 'true' }), sorted(top));
    const categories = await idsOf('/hsds/taxonomy_terms', { taxonomy_id: CATEGORIES.id });
    assert.deepEqual(categories, sorted(CATEGORIES.terms.map((x) => x.id)));
    const term = await getJson(`/hsds/taxonomy_terms/${CHILD_A.id}`);
    validates('taxonomy_term.json', term, 'term');
    assert.equal((term.taxonomy_detail as Json).id, TAXONOMY.id);
  });

  test('taxonomies: every one, by id, with search', async () => {
    const all = await idsOf('/hsds/taxonomies', {});
    assert.ok(all.includes(TAXONOMY.id) && all.includes(CATEGORIES.id) && all.includes(FLAGS.id));
    assert.deepEqual(await idsOf('/hsds/taxonomies', { search: 'hierarchy' }), [TAXONOMY.id]);
    const one = await getJson(`/hsds/taxonomies/${TAXONOMY.id}`);
    validates('taxonomy.json', one, 'taxonomy');
    assert.equal(one.name, TAXONOMY.name);
  });
});

describe('NDJSON', () => {
  test('every item, one JSON object per line, no paging, filters applied', async () => {
    const hiv = termId('hiv_testing');
    const lines = await ndjson(`/hsds/services?format=ndjson&per_page=1&page=2&taxonomy_term_id=${hiv}`);
    assert.deepEqual(
      lines.map((l) => String(l.id)),
      await idsOf('/hsds/services', { taxonomy_term_id: hiv }),
    );
    for (const [i, line] of lines.entries()) validates('service.json', line, `ndjson line ${i + 1}`);
    for (const kind of ['service_at_locations', 'organizations', 'taxonomies', 'taxonomy_terms'] as const) {
      const items = await ndjson(`/hsds/${kind}?format=ndjson`);
      const page = await getPage(`/hsds/${kind}?per_page=1`, null);
      assert.equal(items.length, page.total_items, kind);
    }
    assert.equal(allSals.length, (await getPage('/hsds/service_at_locations?per_page=1', null)).total_items);
  });
});

describe('POST forms of the list searches', () => {
  const cases: [Kind, Record<string, string>][] = [
    ['services', { taxonomy_id: FLAGS.id, per_page: '4', page: '2' }],
    ['services', { search: 'needle exchange', per_page: '3' }],
    ['services', { minimal: 'true', per_page: '5' }],
    ['services', { full: 'true', per_page: '2' }],
    ['service_at_locations', { postcode: POSTCODE, proximity: '1100' }],
    ['service_at_locations', { taxonomy_term_id: termId('hiv_testing'), full: 'true', per_page: '3' }],
    ['organizations', { per_page: '3', page: '2', full: 'true' }],
    ['taxonomies', { search: 'harbour' }],
    ['taxonomy_terms', { parent_id: TOP.id }],
    ['taxonomy_terms', { top_only: 'true', per_page: '10', page: '2' }],
  ];
  for (const [kind, fields] of cases) {
    test(`${kind} ${JSON.stringify(fields)}: JSON body and form fields give what GET gives`, async () => {
      const viaGet = await getJson(`/hsds/${kind}?${new URLSearchParams(fields)}`);
      assert.ok((viaGet.contents as Json[]).length > 0, 'the case must select something');
      const typed: Json = Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [k, /^\d+$/.test(v) && k !== 'postcode' ? Number(v) : v === 'true' ? true : v]),
      );
      const json = await call('POST', `/hsds/${kind}`, typed);
      assert.equal(json.statusCode, 200, json.body);
      assert.deepEqual(json.json(), viaGet);
      const form = await call(
        'POST',
        `/hsds/${kind}`,
        new URLSearchParams(fields).toString(),
        'application/x-www-form-urlencoded',
      );
      assert.equal(form.statusCode, 200, form.body);
      assert.deepEqual(form.json(), viaGet);
    });
  }

  test('POST refuses unknown fields and per_page over 100, like GET', async () => {
    for (const payload of [{ per_page: 101 }, { colour: 'blue' }]) {
      const res = await call('POST', '/hsds/services', payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'invalid_request');
    }
    const form = await call('POST', '/hsds/services', 'colour=blue', 'application/x-www-form-urlencoded');
    assert.equal(form.statusCode, 400);
  });

  test('POST with format=ndjson streams like GET', async () => {
    const res = await call('POST', '/hsds/taxonomy_terms', { format: 'ndjson', taxonomy_id: TAXONOMY.id });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/x-ndjson/);
    assert.equal(res.body.trim().split('\n').length, 3);
  });
});

describe('/{id}', () => {
  const kinds: Kind[] = ['services', 'service_at_locations', 'organizations', 'taxonomies', 'taxonomy_terms'];
  for (const kind of kinds) {
    test(`/hsds/${kind}/{id}: malformed → 400 invalid_id, unknown → 404 not_found`, async () => {
      for (const bad of ['not-a-uuid', '12345', `${randomUUID()}x`, "1' OR '1'='1"]) {
        const res = await call('GET', `/hsds/${kind}/${encodeURIComponent(bad)}`);
        assert.equal(res.statusCode, 400, `${kind}/${bad}`);
        assert.equal(res.json<{ error: { code: string } }>().error.code, 'invalid_id');
      }
      const res = await call('GET', `/hsds/${kind}/${randomUUID()}`);
      assert.equal(res.statusCode, 404);
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'not_found');
    });
  }
});

describe('responses validate against the HSDS 3.0 schemas (demo data)', () => {
  // Every item through NDJSON (one request each), and every fifth through /{id} as well: the same
  // presenters serve both, and the /{id} answers must be identical to the streamed ones.
  const everyFifth = <T>(items: T[]): T[] => items.filter((_, i) => i % 5 === 0);

  test('every full service and every service_at_location view', async () => {
    for (const s of allServices) validates('service.json', s, `service ${String(s.id)}`);
    for (const sal of allSals) validateSal(sal, `sal ${String(sal.id)}`);
    for (const s of everyFifth(allServices)) assert.deepEqual(await getJson(`/hsds/services/${String(s.id)}`), s);
    for (const sal of everyFifth(allSals)) assert.deepEqual(await getJson(`/hsds/service_at_locations/${String(sal.id)}`), sal);
  });

  test('every organization (full, with full services), taxonomy and term', async () => {
    const orgs = await ndjson('/hsds/organizations?format=ndjson&full_service=true');
    assert.ok(orgs.length > 20);
    for (const org of orgs) validateOrganization(org, `organization ${String(org.id)}`);
    for (const org of everyFifth(orgs)) {
      assert.deepEqual(await getJson(`/hsds/organizations/${String(org.id)}?full_service=true`), org);
    }
    for (const tx of await ndjson('/hsds/taxonomies?format=ndjson')) {
      validates('taxonomy.json', await getJson(`/hsds/taxonomies/${String(tx.id)}`), 'taxonomy');
    }
    for (const term of await ndjson('/hsds/taxonomy_terms?format=ndjson')) {
      validates('taxonomy_term.json', await getJson(`/hsds/taxonomy_terms/${String(term.id)}`), `term ${String(term.id)}`);
    }
  });

  test('list pages in every shape', async () => {
    await getPage('/hsds/services?per_page=100', 'services');
    await getPage('/hsds/services?per_page=100&full=true', 'services');
    await getPage('/hsds/service_at_locations?per_page=100', 'service_at_locations');
    await getPage('/hsds/service_at_locations?per_page=100&full=true', 'service_at_locations');
    await getPage('/hsds/organizations?per_page=100', 'organizations');
    await getPage('/hsds/organizations?per_page=100&full=true', 'organizations');
    await getPage('/hsds/organizations?per_page=100&full_service=true', 'organizations');
    await getPage('/hsds/taxonomies?per_page=100', 'taxonomies');
    await getPage('/hsds/taxonomy_terms?per_page=100', 'taxonomy_terms');
  });

  test('a confidential location shows neither address nor coordinates', async () => {
    const hidden = allSals.find((s) => (s.location as Json | undefined)?.id === hiddenLocation)!;
    const location = hidden.location as Json;
    assert.equal(location.confidential, true);
    for (const field of ['addresses', 'latitude', 'longitude']) assert.equal(location[field], undefined, field);
  });
});

describe('staff emails', () => {
  test('assurer_email never appears in any /hsds output, though imported records had one', async () => {
    const assured = allServices.find((s) => s.name === 'Assured clinic')!;
    const org = String((assured.organization as Json).id);
    const sal = salIdsOf([assured])[0]!;
    const example = 'ac148810-d857-441c-9679-408f346de14b';
    const urls = [
      '/hsds/services?per_page=100',
      '/hsds/services?per_page=100&full=true',
      '/hsds/services?per_page=100&minimal=true',
      '/hsds/services?format=ndjson',
      `/hsds/services/${String(assured.id)}`,
      `/hsds/services/${example}`,
      '/hsds/service_at_locations?per_page=100',
      '/hsds/service_at_locations?per_page=100&full=true',
      `/hsds/service_at_locations/${sal}`,
      `/hsds/organizations/${org}`,
      `/hsds/organizations/${org}?full_service=true`,
      '/hsds/organizations?per_page=100&full_service=true',
      `/hsds/services?search=${encodeURIComponent('Assured clinic')}&full=true`,
    ];
    for (const url of urls) {
      const res = await call('GET', url);
      assert.equal(res.statusCode, 200, url);
      assert.ok(!res.body.includes(SECRET_EMAIL), `${url} shows the assurer's email`);
      assert.ok(!res.body.includes('assurer_email'), `${url} has an assurer_email field`);
    }
    const streamed = JSON.stringify([...allServices, ...allSals]);
    assert.ok(streamed.includes(String(assured.id)) && !streamed.includes('assurer_email'));
    const posted = await call('POST', '/hsds/services', { full: true, per_page: 100 });
    assert.ok(!posted.body.includes('assurer_email'));
    // The record did carry one: the absence above is the API's doing.
    const stored = await t.db.db
      .selectFrom('service')
      .select('doc')
      .where('id', '=', String(assured.id))
      .executeTakeFirstOrThrow();
    assert.ok(stored.doc.includes(SECRET_EMAIL));
  });
});
