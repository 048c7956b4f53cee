import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { countRows, createTestDb, DIALECT, type TestDb } from '../../test/helpers/db.ts';
import { makeService, termId, weekly } from '../../test/helpers/factories.ts';
import { HSDS20_NAMESPACE, uuidv5 } from '../shared/uuid.ts';
import { exportServices } from './export.ts';
import { importSource, type ImportSummary } from './import/run-import.ts';
import type { Json } from './model.ts';

const HSDS20_FIXTURE = fileURLToPath(new URL('../../test/fixtures/hsds-2.0', import.meta.url));

let work: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'harbour-import-test-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  summary: ImportSummary;
  rejected: Json[];
  warnings: Json[];
}

async function run(db: TestDb, path: string, options: { batchSize?: number } = {}): Promise<Run> {
  const rejected: Json[] = [];
  const warnings: Json[] = [];
  const summary = await importSource(db, path, {
    ...options,
    report: (line) => ('reason' in line ? rejected : warnings).push(line),
  });
  return { summary, rejected, warnings };
}

function file(name: string, text: string): string {
  const path = join(work, `${randomUUID()}-${name}`);
  writeFileSync(path, text);
  return path;
}

const jsonFile = (value: unknown): string => file('records.json', JSON.stringify(value, null, 2));

/** Every record the database holds, as the export writes it (confidential fields included). */
async function exported(db: TestDb): Promise<Map<string, Json>> {
  const path = join(work, `${randomUUID()}-export.json`);
  const out = createWriteStream(path);
  await exportServices(db, out, { ndjson: false, includeConfidential: true, timezone: 'Africa/Johannesburg' });
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  const records = JSON.parse(readFileSync(path, 'utf8')) as Json[];
  return new Map(records.map((r) => [String(r.id), r]));
}

const TABLES = ['service', 'organization', 'location', 'service_at_location', 'service_term', 'search_item'] as const;

type Counts = Record<(typeof TABLES)[number], number>;

const counts = (db: TestDb): Promise<Counts> => countRows(db, TABLES);

async function has(db: TestDb, table: 'service' | 'organization' | 'location' | 'service_at_location', id: string) {
  return (await db.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

function salsOf(service: Json): Json[] {
  return (service.service_at_locations as Json[] | undefined) ?? [];
}

/** Two services, one with two sites, one remote, carrying terms, phones and schedules. */
function twoServices(): Json[] {
  return [
    makeService({
      name: 'Clinic with two sites',
      terms: ['hiv_testing', 'free'],
      sites: [
        { lat: -25.75, lng: 28.2, schedules: [weekly('MO,TU', '08:00', '16:00', { timezone: 2 })] },
        { lat: -25.74, lng: 28.19 },
      ],
      phone: '+27 00 000 1111',
      extra: { last_modified: '2025-06-01T09:30:00+02:00' },
    }),
    makeService({
      name: 'Night line',
      terms: ['crisis_line'],
      schedules: [weekly('FR,SA', '22:00', '04:00', { timezone: 2 })],
      service_areas: [{ id: randomUUID(), name: 'City of Tshwane' }],
    }),
  ];
}

// One database for the file (creating one costs about a second on PostgreSQL). Every test uses
// records with new random ids, so tests do not see each other's data; counts are compared as deltas.
let d: TestDb;
before(async () => {
  d = await createTestDb();
});
after(() => d.destroy());

function delta(after: Counts, before: Counts): Counts {
  return Object.fromEntries(TABLES.map((t) => [t, after[t] - before[t]])) as Counts;
}

describe('formats', () => {
  test('a JSON array of full services: every nested part is stored', async () => {
    const records = twoServices();
    const start = await counts(d);
    const { summary, rejected } = await run(d, jsonFile(records));
    assert.deepEqual(rejected, []);
    assert.equal(summary.imported, 2);
    assert.deepEqual(delta(await counts(d), start), {
      service: 2,
      organization: 2,
      location: 2,
      service_at_location: 2,
      service_term: 3,
      search_item: 3, // two sites + one remote service
    });
    const all = await exported(d);
    const clinic = all.get(String(records[0]!.id))!;
    assert.equal(clinic.name, 'Clinic with two sites');
    assert.equal((clinic.organization as Json).id, (records[0]!.organization as Json).id);
    assert.equal(salsOf(clinic).length, 2);
    const siteIds = salsOf(records[0]!).map((s) => (s.location as Json).id);
    assert.deepEqual(
      salsOf(clinic)
        .map((s) => (s.location as Json).id)
        .sort(),
      [...siteIds].sort(),
    );
    assert.equal(((clinic.phones as Json[])[0] as Json).number, '+27 00 000 1111');
    const terms = (clinic.attributes as Json[]).map((a) => (a.taxonomy_term as Json).code).sort();
    assert.deepEqual(terms, ['free', 'hiv_testing']);
  });

  test('an HSDS page object imports its contents', async () => {
    const records = twoServices();
    const page = {
      total_items: 2,
      total_pages: 1,
      page_number: 1,
      size: 2,
      first_page: true,
      last_page: true,
      empty: false,
      contents: records,
    };
    const { summary, rejected } = await run(d, jsonFile(page));
    assert.deepEqual(rejected, []);
    assert.equal(summary.imported, 2);
    for (const r of records) assert.ok(await has(d, 'service', String(r.id)));
  });

  test('a single object: a service, an organization, a location', async () => {
    const [service] = twoServices();
    assert.equal((await run(d, jsonFile(service))).summary.imported, 1);
    assert.ok(await has(d, 'service', String(service!.id)));

    const org = { id: randomUUID(), name: 'Lone organisation', description: 'Has no services yet.' };
    assert.equal((await run(d, jsonFile(org))).summary.imported, 1);
    assert.ok(await has(d, 'organization', org.id));

    const location = { id: randomUUID(), location_type: 'physical', name: 'Lone site', latitude: -25.7, longitude: 28.1 };
    assert.equal((await run(d, jsonFile(location))).summary.imported, 1);
    assert.ok(await has(d, 'location', location.id));
    assert.equal(((await exported(d)).get(location.id) as Json).latitude, -25.7);
  });

  test('NDJSON: one record per line, blank lines skipped, a broken line rejected by line number', async () => {
    const [a, b] = twoServices();
    const text = `${JSON.stringify(a)}\n\n{"id": "broken\n${JSON.stringify(b)}\n`;
    const { summary, rejected } = await run(d, file('records.ndjson', text));
    assert.equal(summary.imported, 2);
    assert.equal(summary.rejected, 1);
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0]!.path, 'line 3');
    assert.match(String(rejected[0]!.reason), /JSON/);
    assert.ok(await has(d, 'service', String(a!.id)));
    assert.ok(await has(d, 'service', String(b!.id)));
  });

  test('a tabular.json object and the same tables as a CSV datapackage give the same records', async () => {
    const ids = {
      org: randomUUID(),
      service: randomUUID(),
      location: randomUUID(),
      sal: randomUUID(),
      address: randomUUID(),
      schedule: randomUUID(),
      phone: randomUUID(),
      attribute: randomUUID(),
    };
    const tables: Record<string, Record<string, string>[]> = {
      'organizations.csv': [{ id: ids.org, name: 'Tabular Trust', description: 'Publishes CSV.' }],
      'services.csv': [
        {
          id: ids.service,
          organization_id: ids.org,
          name: 'Tabular clinic',
          description: 'From a table.',
          status: 'active',
          minimum_age: '18',
          last_modified: '2025-02-03T04:05:06Z',
        },
      ],
      'locations.csv': [
        { id: ids.location, location_type: 'physical', name: 'Tabular site', latitude: '-25.7536', longitude: '28.2057' },
      ],
      'service_at_location.csv': [{ id: ids.sal, service_id: ids.service, location_id: ids.location }],
      'addresses.csv': [
        {
          id: ids.address,
          location_id: ids.location,
          address_1: '1 Table Street',
          city: 'Pretoria',
          state_province: 'Gauteng',
          postal_code: '0132',
          country: 'ZA',
          address_type: 'physical',
        },
      ],
      // Names both the service and the location: it belongs to that service at that location.
      'schedules.csv': [
        {
          id: ids.schedule,
          service_id: ids.service,
          location_id: ids.location,
          timezone: '2',
          freq: 'WEEKLY',
          byday: 'MO,WE',
          opens_at: '08:00',
          closes_at: '16:00',
        },
      ],
      'phones.csv': [{ id: ids.phone, service_id: ids.service, number: '+27 00 000 2222' }],
      'attributes.csv': [
        { id: ids.attribute, link_id: ids.service, link_entity: 'service', taxonomy_term_id: termId('walk_in') },
      ],
    };

    const a = await run(d, jsonFile(tables));
    assert.deepEqual(a.rejected, []);
    assert.equal(a.summary.imported, 1);
    const service = (await exported(d)).get(ids.service)!;
    assert.equal(service.minimum_age, 18);
    assert.equal(service.last_modified, '2025-02-03T04:05:06Z');
    assert.equal((service.organization as Json).name, 'Tabular Trust');
    assert.equal(((service.phones as Json[])[0] as Json).number, '+27 00 000 2222');
    assert.deepEqual(
      (service.attributes as Json[]).map((x) => (x.taxonomy_term as Json).code),
      ['walk_in'],
    );
    const [sal] = salsOf(service);
    assert.equal(sal!.id, ids.sal);
    assert.equal(((sal!.schedules as Json[])[0] as Json).id, ids.schedule);
    const location = sal!.location as Json;
    assert.equal(location.latitude, -25.7536);
    assert.equal(((location.addresses as Json[])[0] as Json).postal_code, '0132');

    const dir = join(work, `${randomUUID()}-package`);
    mkdirSync(dir);
    const resourceOf: Record<string, string> = {
      'organizations.csv': 'organization',
      'services.csv': 'service',
      'locations.csv': 'location',
      'service_at_location.csv': 'service_at_location',
      'addresses.csv': 'address',
      'schedules.csv': 'schedule',
      'phones.csv': 'phone',
      'attributes.csv': 'attribute',
    };
    const resources: Json[] = [];
    for (const [name, rows] of Object.entries(tables)) {
      const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      const quote = (v: string | undefined) => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
      const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c])).join(','))];
      writeFileSync(join(dir, name), `${lines.join('\r\n')}\r\n`);
      resources.push({ name: resourceOf[name], path: name });
    }
    writeFileSync(join(dir, 'datapackage.json'), JSON.stringify({ name: 'test', resources }));

    const fromCsv = await createTestDb();
    try {
      const b = await run(fromCsv, dir);
      assert.deepEqual(b.rejected, []);
      assert.equal(b.summary.imported, 1);
      assert.deepEqual((await exported(fromCsv)).get(ids.service), service);
    } finally {
      await fromCsv.destroy();
    }
  });

  test('a CSV datapackage folder without a descriptor is read by HSDS file names', async () => {
    const dir = join(work, `${randomUUID()}-bare`);
    mkdirSync(dir);
    const org = randomUUID();
    const service = randomUUID();
    writeFileSync(join(dir, 'organizations.csv'), `id,name,description\n${org},Bare Org,"No descriptor, only CSV"\n`);
    writeFileSync(join(dir, 'services.csv'), `id,organization_id,name,status\n${service},${org},Bare service,active\n`);
    const { summary, rejected } = await run(d, dir);
    assert.deepEqual(rejected, []);
    assert.equal(summary.imported, 1);
    const s = (await exported(d)).get(service)!;
    assert.equal((s.organization as Json).description, 'No descriptor, only CSV');
  });

  test('the HSDS 2.0 fixture (every 2.0.1 table) imports, with ids mapped to UUIDv5', async () => {
    const { summary, rejected, warnings } = await run(d, HSDS20_FIXTURE);
    assert.deepEqual(rejected, []);
    assert.ok(summary.imported >= 3, `imported ${summary.imported}`);
    const id = (table: string, legacy: string) => uuidv5(`hsds-2.0:${table}:${legacy}`, HSDS20_NAMESPACE);
    const all = await exported(d);
    for (const svc of ['svc-1', 'svc-2', 'svc-3']) assert.ok(all.has(id('service', svc)), `service ${svc} missing`);
    const svc1 = all.get(id('service', 'svc-1'))!;
    assert.equal((svc1.organization as Json).id, id('organization', 'org-1'));
    assert.equal(typeof svc1.eligibility_description, 'string');
    assert.match(String(all.get(id('service', 'svc-2'))!.fees_description), /Cash/);
    // Both address tables land on the location, as two addresses of their own types.
    const loc1 = salsOf(svc1)
      .map((s) => s.location as Json)
      .find((l) => l.id === id('location', 'loc-1'))!;
    const types = (loc1.addresses as Json[]).map((a) => a.address_type).sort();
    assert.deepEqual(types, ['physical', 'postal']);
    // The deliberately bad phone row (loc-99) is reported, not imported.
    assert.ok(
      warnings.some((w) => String(w.path).startsWith('phones.csv:row 5')),
      JSON.stringify(warnings),
    );
    assert.ok(!JSON.stringify([...all.values()]).includes('+27 00 000 0199'));

    // Same ids on a second run: updates, never duplicates.
    const before = await counts(d);
    const again = await run(d, HSDS20_FIXTURE);
    assert.deepEqual(again.rejected, []);
    assert.equal(again.summary.imported, summary.imported);
    assert.deepEqual(await counts(d), before);
  });
});

describe('idempotent', () => {
  test('importing twice gives the same counts; a changed record is updated, a dropped SAL removed', async () => {
    const records = twoServices();
    const path = jsonFile(records);
    const first = await run(d, path);
    const afterFirst = await counts(d);
    const exportFirst = await exported(d);
    const second = await run(d, path);
    assert.equal(second.summary.imported, first.summary.imported);
    assert.deepEqual(await counts(d), afterFirst);
    assert.deepEqual(await exported(d), exportFirst);

    const clinic = records[0]!;
    const keptSal = salsOf(clinic)[0]!;
    const droppedSal = salsOf(clinic)[1]!;
    const changed = { ...clinic, name: 'Clinic, renamed', service_at_locations: [keptSal] };
    const third = await run(d, jsonFile([changed, records[1]]));
    assert.deepEqual(third.rejected, []);
    const change = delta(await counts(d), afterFirst);
    assert.equal(change.service, 0);
    assert.equal(change.service_at_location, -1);
    assert.equal(change.search_item, -1);
    assert.equal(change.location, 0, 'the location itself stays (it may be shared)');
    assert.ok(!(await has(d, 'service_at_location', String(droppedSal.id))));
    const stored = (await exported(d)).get(String(clinic.id))!;
    assert.equal(stored.name, 'Clinic, renamed');
    assert.deepEqual(
      salsOf(stored).map((s) => s.id),
      [keptSal.id],
    );
    // The search index follows the update.
    const items = await d.db
      .selectFrom('search_item')
      .select(['sal_id', 'name'])
      .where('service_id', '=', String(clinic.id))
      .execute();
    assert.deepEqual(
      items.map((i) => [i.sal_id, i.name]),
      [[keptSal.id, 'Clinic, renamed']],
    );
  });

  test("keeps the source's last_modified, exactly as written, through a re-import", async () => {
    const records = twoServices();
    await run(d, jsonFile(records));
    await run(d, jsonFile(records));
    const clinic = (await exported(d)).get(String(records[0]!.id))!;
    assert.equal(clinic.last_modified, '2025-06-01T09:30:00+02:00');
    const row = await d.db
      .selectFrom('service')
      .select('last_modified')
      .where('id', '=', String(records[0]!.id))
      .executeTakeFirstOrThrow();
    assert.equal(Date.parse(String(row.last_modified)), Date.parse('2025-06-01T07:30:00Z'));
    // A record without one does not get the import time invented for it.
    assert.equal((await exported(d)).get(String(records[1]!.id))!.last_modified, undefined);
  });
});

describe('rejections', () => {
  test('each rejected record is one {path, reason} line; the rest import', async () => {
    const [good1, good2] = twoServices();
    const noName = makeService();
    delete noName.name;
    const badId = makeService({ id: 'not-a-uuid' });
    const text = [
      '[',
      JSON.stringify(good1),
      `,${JSON.stringify(noName)}`,
      ',42',
      `,${JSON.stringify(badId)}`,
      ',{"what": "no idea"}',
      ',{"id": }',
      `,${JSON.stringify(good2)}`,
      ']',
    ].join('\n');
    const start = await counts(d);
    const { summary, rejected } = await run(d, file('mixed.json', text));
    assert.equal(summary.imported, 2);
    assert.equal(summary.rejected, 5);
    assert.deepEqual(
      rejected.map((r) => String(r.path).replace(/\..*$/, '')),
      ['$[1]', '$[2]', '$[3]', '$[4]', '$[5]'],
    );
    for (const r of rejected) {
      assert.deepEqual(Object.keys(r).sort(), ['path', 'reason']);
      assert.ok(String(r.reason).length > 5, JSON.stringify(r));
    }
    assert.match(String(rejected[0]!.reason), /name/);
    assert.match(String(rejected[2]!.path), /^\$\[3\]\.id$/);
    assert.ok(await has(d, 'service', String(good1!.id)));
    assert.ok(await has(d, 'service', String(good2!.id)));
    assert.ok(!(await has(d, 'service', String(noName.id))));
    assert.equal((await counts(d)).service - start.service, 2);
  });

  test('a service whose nested data fails validation leaves nothing of itself', async () => {
    const [good] = twoServices();
    const bad = makeService({
      name: 'Bad nested',
      sites: [
        { lat: -25.7, lng: 28.1 },
        { lat: -25.8, lng: 28.2 },
      ],
    });
    const badLocation = salsOf(bad)[1]!.location as Json;
    delete badLocation.location_type;
    const { summary, rejected } = await run(d, jsonFile([bad, good]));
    assert.equal(summary.imported, 1);
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0]!.path, '$[0].service_at_locations[1].location');
    assert.match(String(rejected[0]!.reason), /location_type/);
    assert.ok(!(await has(d, 'service', String(bad.id))));
    assert.ok(!(await has(d, 'organization', String((bad.organization as Json).id))));
    for (const sal of salsOf(bad)) {
      assert.ok(!(await has(d, 'service_at_location', String(sal.id))));
      assert.ok(!(await has(d, 'location', String((sal.location as Json).id))));
    }
    const items = await d.db.selectFrom('search_item').select('rid').where('service_id', '=', String(bad.id)).execute();
    assert.deepEqual(items, []);
  });

  test('a store failure is rolled back: neither the new record nor a half-updated old one remains', async () => {
    const [before1, before2, victim] = [
      ...twoServices(),
      makeService({ name: 'Victim, first version', sites: [{ lat: -25.7, lng: 28.1 }] }),
    ];
    assert.equal((await run(d, jsonFile([victim]))).summary.imported, 1);
    const stored = (await exported(d)).get(String(victim!.id))!;

    // The database refuses one SAL id, after the service, organization and location rows of
    // the same record have been written.
    const poisoned = randomUUID();
    if (DIALECT === 'postgres') {
      await sql`CREATE FUNCTION refuse_poisoned_sal() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.id = ${sql.lit(poisoned)} THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$`.execute(
        d.db,
      );
      await sql`CREATE TRIGGER refuse_poisoned_sal BEFORE INSERT OR UPDATE ON service_at_location
        FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_sal()`.execute(d.db);
    } else {
      await sql`CREATE TRIGGER refuse_poisoned_sal BEFORE INSERT ON service_at_location
        WHEN NEW.id = ${sql.lit(poisoned)} BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`.execute(d.db);
    }
    const updated = {
      ...victim,
      name: 'Victim, second version',
      organization: { ...(victim!.organization as Json), name: 'Renamed organisation' },
      service_at_locations: [
        ...salsOf(victim!),
        {
          id: poisoned,
          location: { id: randomUUID(), location_type: 'physical', name: 'New site', latitude: -25.6, longitude: 28.3 },
        },
      ],
    };
    const newLocation = String(((updated.service_at_locations[1] as Json).location as Json).id);
    const { summary, rejected } = await run(d, jsonFile([before1, updated, before2]));
    assert.equal(summary.imported, 2);
    assert.equal(summary.rejected, 1);
    assert.equal(rejected[0]!.path, '$[1]');
    assert.match(String(rejected[0]!.reason), /could not be stored/);
    assert.ok(await has(d, 'service', String(before1.id)));
    assert.ok(await has(d, 'service', String(before2!.id)));
    assert.ok(!(await has(d, 'location', newLocation)));
    assert.ok(!(await has(d, 'service_at_location', poisoned)));
    const after = (await exported(d)).get(String(victim!.id))!;
    assert.deepEqual(after, stored);
    const names = await d.db.selectFrom('search_item').select('name').where('service_id', '=', String(victim!.id)).execute();
    assert.deepEqual(
      names.map((n) => n.name),
      ['Victim, first version'],
    );
    // One record at a time (a batch of one) behaves the same.
    const single = await run(d, jsonFile([updated]), { batchSize: 1 });
    assert.equal(single.summary.rejected, 1);
    assert.deepEqual((await exported(d)).get(String(victim!.id)), stored);
  });
});

describe('warnings', () => {
  test('a schedule row with no timezone and no offsets gets a warning line; qualified rows do not', async () => {
    const naive = weekly('MO', '08:00', '16:00');
    const withZone = weekly('TU', '08:00', '16:00', { timezone: 2 });
    const withOffsets = weekly('WE', '08:00+02:00', '16:00+02:00');
    const service = makeService({ schedules: [withZone, naive, withOffsets] });
    const { summary, rejected, warnings } = await run(d, jsonFile([service]));
    assert.deepEqual(rejected, []);
    assert.equal(summary.imported, 1);
    const tz = warnings.filter((w) => /timezone/i.test(String(w.warning)));
    assert.deepEqual(
      tz.map((w) => w.path),
      ['$[0].schedules[1]'],
    );
    assert.deepEqual(Object.keys(tz[0]!).sort(), ['path', 'warning']);
    assert.ok(summary.warnings >= 1);

    // The same row nested in a location is found and named by its path too.
    const nested = makeService({ sites: [{ lat: -25.7, lng: 28.1, locationSchedules: [weekly('TH', '09:00', '10:00')] }] });
    const r2 = await run(d, jsonFile([nested]));
    assert.deepEqual(
      r2.warnings.filter((w) => /timezone/i.test(String(w.warning))).map((w) => w.path),
      ['$[0].service_at_locations[0].location.schedules[0]'],
    );
  });
});

describe('confidential locations', () => {
  test('re-importing a public export keeps the stored address and coordinates', async () => {
    const shelter = makeService({
      name: 'Safe house',
      terms: ['shelter'],
      sites: [{ lat: -25.71, lng: 28.22, confidential: true, address: { address_1: '7 Hidden Lane', postal_code: '0083' } }],
    });
    await run(d, jsonFile([shelter]));
    const locationId = String((salsOf(shelter)[0]!.location as Json).id);
    const before = await d.db.selectFrom('location').selectAll().where('id', '=', locationId).executeTakeFirstOrThrow();
    assert.equal(before.latitude, -25.71);

    const path = join(work, `${randomUUID()}-public.json`);
    const out = createWriteStream(path);
    await exportServices(d, out, { ndjson: false, includeConfidential: false, timezone: 'Africa/Johannesburg' });
    await new Promise<void>((resolve) => out.end(resolve));
    const text = readFileSync(path, 'utf8');
    assert.ok(!text.includes('Hidden Lane'), 'the public export must not carry the address');
    assert.ok(!text.includes('-25.71'), 'the public export must not carry the coordinates');

    const { rejected } = await run(d, path);
    assert.deepEqual(rejected, []);
    const afterRow = await d.db.selectFrom('location').selectAll().where('id', '=', locationId).executeTakeFirstOrThrow();
    assert.equal(afterRow.latitude, -25.71);
    assert.equal(afterRow.longitude, 28.22);
    assert.equal(afterRow.confidential, 1);
    const location = salsOf((await exported(d)).get(String(shelter.id))!)[0]!.location as Json;
    assert.equal(location.latitude, -25.71);
    assert.equal(((location.addresses as Json[])[0] as Json).address_1, '7 Hidden Lane');
    // Still searchable by distance (the index kept its point).
    const item = await d.db
      .selectFrom('search_item')
      .select(['lat', 'lng'])
      .where('location_id', '=', locationId)
      .executeTakeFirstOrThrow();
    assert.ok(item.lat !== null && item.lng !== null);
  });

  test('a re-import that does carry new coordinates for a confidential location replaces them', async () => {
    const shelter = makeService({ sites: [{ lat: -25.71, lng: 28.22, confidential: true }] });
    await run(d, jsonFile([shelter]));
    const moved = structuredClone(shelter);
    const location = salsOf(moved)[0]!.location as Json;
    location.latitude = -25.6;
    location.longitude = 28.3;
    await run(d, jsonFile([moved]));
    const row = await d.db.selectFrom('location').selectAll().where('id', '=', String(location.id)).executeTakeFirstOrThrow();
    assert.equal(row.latitude, -25.6);
  });
});
