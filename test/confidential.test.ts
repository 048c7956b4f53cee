import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SearchItem, SearchResponse } from '../src/directory/schema.ts';
import { exportServices } from '../src/hsds/export.ts';
import type { Json } from '../src/hsds/model.ts';
import { createTestApp, importRecords, type TestApp } from './helpers/app.ts';
import { makeService, weekly } from './helpers/factories.ts';

// A shelter whose whereabouts must never leave the server, and an ordinary clinic about 1.5 km away.
const SECRET = { lat: -25.74321, lng: 28.21987 };
const CLINIC = { lat: -25.7536, lng: 28.2057 };
const SUNNYSIDE = { lat: -25.753, lng: 28.206 };

/** Text that would let someone find the shelter: none of it may appear in any public output. */
const SECRETS = [
  '77 Zebrawood Lane',
  'Zebrawood',
  'Yellowhammer',
  'Secretdale',
  'Quokkabus',
  'Marmalade',
  'ERF-55501',
  '25.743',
  '28.219',
  '-25.74321',
  '28.21987',
  '25.7432',
  '28.2198',
];
/** The postal code, as a token: "10177" (the ambulance number on every results page) or a UUID containing it is not a leak. */
const SECRET_POSTCODE = /(?<![0-9a-f])0177(?![0-9a-f])/i;

const orgId = randomUUID();
const shelterId = randomUUID();
const shelterLocationId = randomUUID();
const clinicId = randomUUID();

function shelterRecord(): Json {
  const record = makeService({
    id: shelterId,
    name: 'Harbourlight night shelter',
    description: 'Beds for women at night.',
    organization: { id: orgId, name: 'Harbourlight Trust', description: 'Shelters.' },
    terms: ['shelter', 'free', 'women'],
    phone: '+27 00 000 0999',
    schedules: [weekly('MO,TU,WE,TH,FR,SA,SU', '00:00', '23:59')],
    sites: [
      {
        ...SECRET,
        locationId: shelterLocationId,
        name: 'Harbourlight safe house',
        confidential: true,
        address: { address_1: '77 Zebrawood Lane', address_2: 'Yellowhammer flats', region: 'Secretdale', postal_code: '0177' },
      },
    ],
  });
  const location = (record.service_at_locations as Json[])[0]!.location as Json;
  Object.assign(location, {
    organization_id: orgId,
    transportation: 'Take the Quokkabus from the rank to the blue gate.',
    accessibility: [{ id: randomUUID(), location_id: shelterLocationId, description: 'Ramp behind the Marmalade bakery.' }],
    external_identifier: 'ERF-55501',
    external_identifier_type: 'erf',
  });
  return record;
}

let t: TestApp;
let shelterSalId: string;
let clinicSalId: string;

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.body };
}

async function post(url: string, payload: Record<string, unknown>, form = false): Promise<{ status: number; body: string }> {
  const res = form
    ? await t.app.inject({
        method: 'POST',
        url,
        headers: t.form(),
        payload: new URLSearchParams(payload as Record<string, string>).toString(),
      })
    : await t.app.inject({ method: 'POST', url, payload });
  return { status: res.statusCode, body: res.body };
}

async function exportToString(includeConfidential: boolean, ndjson: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'harbour-export-'));
  try {
    const file = join(dir, ndjson ? 'out.ndjson' : 'out.json');
    const out = createWriteStream(file);
    await exportServices(t.db, out, { includeConfidential, timezone: t.config.timezone, ndjson });
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function leaks(body: string): string[] {
  const found = SECRETS.filter((s) => body.includes(s));
  if (SECRET_POSTCODE.test(body)) found.push('postal code 0177');
  return found;
}

before(async () => {
  t = await createTestApp();
  const summary = await importRecords(t.db, [
    shelterRecord(),
    makeService({
      id: clinicId,
      name: 'Esselen street clinic',
      organization: { id: orgId, name: 'Harbourlight Trust', description: 'Shelters.' },
      terms: ['hiv_testing'],
      sites: [{ ...CLINIC, name: 'Clinic', address: { address_1: '12 Esselen Street', postal_code: '0002' } }],
    }),
  ]);
  assert.equal(summary.rejected, 0);
  const sals = JSON.parse((await get('/hsds/service_at_locations?per_page=100')).body) as { contents: Json[] };
  const salOf = (serviceId: string) => String(sals.contents.find((s) => (s.service as Json).id === serviceId)!.id);
  shelterSalId = salOf(shelterId);
  clinicSalId = salOf(clinicId);
});
after(() => t.close());

/**
 * Every way data leaves the server. `finds`: a string the output must contain (so a path that
 * silently drops the shelter cannot pass for a private one); null: the shelter must not be found.
 * A new output path is one more line here.
 */
function outputPaths(): { name: string; read: () => Promise<{ status: number; body: string }>; finds: string | null }[] {
  const near = `lat=${SUNNYSIDE.lat}&lng=${SUNNYSIDE.lng}`;
  return [
    { name: 'GET /api/v1/search near', read: () => get(`/api/v1/search?${near}`), finds: shelterSalId },
    { name: 'POST /api/v1/search near', read: () => post('/api/v1/search', { ...SUNNYSIDE, radius_km: 5 }), finds: shelterSalId },
    {
      name: 'POST /api/v1/search near, open now',
      read: () => post('/api/v1/search', { ...SUNNYSIDE, open_at: 'now' }),
      finds: shelterSalId,
    },
    { name: 'POST /api/v1/search by name', read: () => post('/api/v1/search', { q: 'Harbourlight' }), finds: shelterSalId },
    {
      name: 'POST /api/v1/search q=Zebrawood',
      read: () => post('/api/v1/search', { q: 'Zebrawood', ...SUNNYSIDE }),
      finds: null,
    },
    { name: 'GET /api/v1/search q=Zebrawood', read: () => get('/api/v1/search?q=Zebrawood'), finds: null },
    { name: 'POST /api/v1/search q=Secretdale', read: () => post('/api/v1/search', { q: 'Secretdale' }), finds: null },
    { name: 'POST /api/v1/search q=Quokkabus', read: () => post('/api/v1/search', { q: 'Quokkabus' }), finds: null },
    { name: 'GET /hsds/services', read: () => get('/hsds/services'), finds: shelterId },
    { name: 'GET /hsds/services?full=true', read: () => get('/hsds/services?full=true'), finds: shelterLocationId },
    { name: 'POST /hsds/services full', read: () => post('/hsds/services', { full: true }), finds: shelterLocationId },
    { name: 'GET /hsds/services?format=ndjson', read: () => get('/hsds/services?format=ndjson'), finds: shelterId },
    {
      name: 'GET /hsds/services?full=true&format=ndjson',
      read: () => get('/hsds/services?full=true&format=ndjson'),
      finds: shelterLocationId,
    },
    { name: 'GET /hsds/services?search=Zebrawood', read: () => get('/hsds/services?search=Zebrawood'), finds: null },
    { name: 'GET /hsds/services/{id}', read: () => get(`/hsds/services/${shelterId}`), finds: shelterLocationId },
    { name: 'GET /hsds/service_at_locations', read: () => get('/hsds/service_at_locations'), finds: shelterSalId },
    {
      name: 'GET /hsds/service_at_locations?full=true',
      read: () => get('/hsds/service_at_locations?full=true'),
      finds: shelterLocationId,
    },
    {
      name: 'GET /hsds/service_at_locations?format=ndjson&full=true',
      read: () => get('/hsds/service_at_locations?format=ndjson&full=true'),
      finds: shelterLocationId,
    },
    {
      name: 'GET /hsds/service_at_locations/{id}',
      read: () => get(`/hsds/service_at_locations/${shelterSalId}`),
      finds: shelterLocationId,
    },
    {
      name: 'GET /hsds/service_at_locations?postcode=0177',
      read: () => get('/hsds/service_at_locations?postcode=0177'),
      finds: null,
    },
    {
      name: 'POST /hsds/service_at_locations postcode=0177',
      read: () => post('/hsds/service_at_locations', { postcode: '0177', full: true }),
      finds: null,
    },
    {
      name: 'GET /hsds/service_at_locations near postcode 0002',
      read: () => get('/hsds/service_at_locations?postcode=0002&proximity=20000&full=true'),
      finds: null,
    },
    {
      name: 'GET /hsds/service_at_locations?search=Zebrawood',
      read: () => get('/hsds/service_at_locations?search=Zebrawood'),
      finds: null,
    },
    { name: 'GET /hsds/organizations', read: () => get('/hsds/organizations'), finds: orgId },
    { name: 'GET /hsds/organizations?full=true', read: () => get('/hsds/organizations?full=true'), finds: shelterLocationId },
    {
      name: 'GET /hsds/organizations?full_service=true&format=ndjson',
      read: () => get('/hsds/organizations?full_service=true&format=ndjson'),
      finds: shelterLocationId,
    },
    { name: 'GET /hsds/organizations/{id}', read: () => get(`/hsds/organizations/${orgId}`), finds: shelterLocationId },
    {
      name: 'GET /hsds/organizations/{id}?full_service=true',
      read: () => get(`/hsds/organizations/${orgId}?full_service=true`),
      finds: shelterSalId,
    },
    {
      name: 'POST /search (web) near Sunnyside',
      read: () => post('/search', { near_text: 'Sunnyside' }, true),
      finds: shelterId,
    },
    {
      name: 'POST /search (web) near a point, open now',
      read: () => post('/search', { lat: String(SUNNYSIDE.lat), lng: String(SUNNYSIDE.lng), open: 'now' }, true),
      finds: shelterId,
    },
    {
      name: 'POST /search (web) q=Zebrawood',
      // The page echoes the person's own words back into the form: that is not a leak.
      read: async () => {
        const res = await post('/search', { q: 'Zebrawood', near_text: 'Sunnyside' }, true);
        return { ...res, body: res.body.replaceAll('value="Zebrawood"', '') };
      },
      finds: null,
    },
    { name: 'GET /services/{id} (web)', read: () => get(`/services/${shelterId}`), finds: 'address is kept private' },
    {
      name: 'export (public)',
      read: async () => ({ status: 200, body: await exportToString(false, false) }),
      finds: shelterLocationId,
    },
    {
      name: 'export (public, NDJSON)',
      read: async () => ({ status: 200, body: await exportToString(false, true) }),
      finds: shelterLocationId,
    },
  ];
}

describe('a confidential location', () => {
  test('leaks through no output path', async () => {
    // Every path is checked before failing, so one run names every leak.
    const problems: string[] = [];
    for (const path of outputPaths()) {
      const { status, body } = await path.read();
      if (status !== 200) problems.push(`${path.name}: status ${status} ${body.slice(0, 200)}`);
      const found = leaks(body);
      if (found.length > 0) problems.push(`${path.name} leaks ${found.join(', ')}`);
      if (path.finds && !body.includes(path.finds)) problems.push(`${path.name} does not show the shelter at all`);
      if (!path.finds && body.includes(shelterId)) problems.push(`${path.name} finds the shelter by its hidden fields`);
    }
    assert.deepEqual(problems, []);
  });

  test('search finds it near the point, at a distance in whole kilometres and with no coordinates', async () => {
    for (const read of [
      () => get(`/api/v1/search?lat=${SUNNYSIDE.lat}&lng=${SUNNYSIDE.lng}`),
      () => post('/api/v1/search', { ...SUNNYSIDE }),
    ]) {
      const r = JSON.parse((await read()).body) as SearchResponse;
      const shelter = r.contents.find((c) => c.service_id === shelterId) as SearchItem;
      const clinic = r.contents.find((c) => c.service_id === clinicId) as SearchItem;
      assert.ok(shelter, 'the shelter is still found near the point');
      assert.equal(shelter.confidential, true);
      assert.equal(shelter.latitude, null);
      assert.equal(shelter.longitude, null);
      assert.equal(shelter.area, null);
      assert.equal(typeof shelter.distance_m, 'number');
      assert.equal(shelter.distance_m! % 1000, 0, `distance ${shelter.distance_m} is not whole kilometres`);
      // The ordinary clinic keeps its exact point and metre distance: the rounding is specific.
      assert.equal(clinic.service_at_location_id, clinicSalId);
      assert.equal(clinic.confidential, false);
      assert.equal(clinic.latitude, CLINIC.lat);
      assert.ok(clinic.distance_m! > 0 && clinic.distance_m! < 200, `clinic distance ${clinic.distance_m}`);
    }
  });

  test("the clinic's address is public, and the postcode search works (the checks above are not vacuous)", async () => {
    assert.ok((await get(`/hsds/services/${clinicId}`)).body.includes('12 Esselen Street'));
    const byCode = JSON.parse((await get('/hsds/service_at_locations?postcode=0002')).body) as { contents: Json[] };
    assert.deepEqual(
      byCode.contents.map((c) => c.id),
      [clinicSalId],
    );
  });

  test('only the private backup export (includeConfidential) keeps the address and coordinates', async () => {
    for (const ndjson of [false, true]) {
      const backup = await exportToString(true, ndjson);
      for (const s of ['77 Zebrawood Lane', 'Secretdale', 'Quokkabus', 'Marmalade', 'ERF-55501', '-25.74321', '28.21987'])
        assert.ok(backup.includes(s), `the backup keeps ${s}`);
      assert.match(backup, SECRET_POSTCODE);
    }
  });
});
