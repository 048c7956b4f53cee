import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { SearchResponse } from '../directory/schema.ts';
import type { Json } from '../hsds/model.ts';
import { createTestApp, importRecords, type TestApp } from '../../test/helpers/app.ts';
import { makeStaff, type SignedIn } from '../../test/helpers/auth.ts';
import { makeService, weekly } from '../../test/helpers/factories.ts';
import { demoService, entriesFor, postForm, publicRecord } from '../../test/helpers/listings.ts';

const JACARANDA = 'Jacaranda Harm Reduction Collective';
const EMAIL = 'thandi.listings-coordinator@staff.example';
// Monday 1 March 2027, 10:00 in Johannesburg.
const NOW = new Date('2027-03-01T08:00:00Z');

let t: TestApp;
let staff: SignedIn;
let orgId: string;
let serviceId: string;

async function publicPage(id: string): Promise<string> {
  const res = await t.app.inject({ url: `/services/${id}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.body;
}

async function search(q: string): Promise<SearchResponse> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/search', payload: { q } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<SearchResponse>();
}

function assertNoStaffTrace(body: string): void {
  assert.ok(!body.includes(EMAIL), 'the staff email is not in public output');
  assert.ok(!body.includes(staff.id), 'the staff id is not in public output');
}

before(async () => {
  t = await createTestApp({ demo: true, now: NOW });
  ({ orgId, serviceId } = await demoService(t, JACARANDA, 'Needle and syringe service'));
  staff = await makeStaff(t, { [orgId]: 'coordinator' }, { email: EMAIL });
});
after(async () => t.close());

describe('staff edit their listings; the public sees the change, named after the organisation', () => {
  test('the organisation page lists its services with status and last check', async () => {
    const res = await t.app.inject({ url: `/staff/orgs/${orgId}/listings`, headers: { cookie: staff.cookie } });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, new RegExp(`href="/staff/listings/${serviceId}">Needle and syringe service</a>`));
    assert.match(res.body, /Temporarily closed, no reopening date/, 'the demo has one closed service');
    assert.match(res.body, /<td data-verified>2026-10-02<\/td>/);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  test('the edit page works without script: plain forms carrying the token', async () => {
    const res = await t.app.inject({ url: `/staff/listings/${serviceId}`, headers: { cookie: staff.cookie } });
    assert.equal(res.statusCode, 200, res.body);
    for (const action of ['', '/hours', '/close', '/verify'])
      assert.ok(res.body.includes(`action="/staff/listings/${serviceId}${action}"`));
    assert.ok(res.body.includes('name="_csrf"'));
    assert.ok(!res.body.includes('<script'), 'no script needed');
    assert.match(res.body, /name="mo_opens" value=""/, 'its hours are its locations’: the week starts empty');
  });

  test('name and alert: 303 back with a confirmation; public page, HSDS record and search follow', async () => {
    const res = await postForm(t, staff, `/staff/listings/${serviceId}`, {
      name: 'Needle and syringe exchange',
      alert: 'Bring used needles in a hard container this week.',
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `/staff/listings/${serviceId}?done=details`);
    const back = await t.app.inject({ url: String(res.headers.location), headers: { cookie: staff.cookie } });
    assert.match(back.body, /data-ok>Saved\./);

    const page = await publicPage(serviceId);
    assert.match(page, /<h1>Needle and syringe exchange<\/h1>/);
    assert.match(page, /role="alert">Bring used needles in a hard container this week\.</);
    assertNoStaffTrace(page);

    const { body, json } = await publicRecord(t, serviceId);
    assertNoStaffTrace(body);
    assert.equal(json.name, 'Needle and syringe exchange');
    assert.equal(json.alert, 'Bring used needles in a hard container this week.');
    assert.equal(json.last_modified, NOW.toISOString());
    const [name] = entriesFor(json, 'name');
    assert.deepEqual(
      { ...name, id: undefined },
      {
        id: undefined,
        resource_type: 'service',
        last_action_date: '2027-03-01',
        last_action_type: 'update',
        field_name: 'name',
        previous_value: 'Needle and syringe service',
        replacement_value: 'Needle and syringe exchange',
        updated_by: JACARANDA,
      },
    );
    assert.equal(entriesFor(json, 'alert')[0]!.previous_value, '');

    const found = await search('syringe exchange');
    assert.ok(found.contents.some((i) => i.service_id === serviceId && i.name === 'Needle and syringe exchange'));

    const audit = await t.db.db.selectFrom('audit_log').selectAll().where('object_id', '=', serviceId).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.staff_id, staff.id);
    assert.equal(audit[0]!.action, 'listing.details_changed');
  });

  test('an empty alert clears it; the same values again change nothing', async () => {
    assert.equal((await postForm(t, staff, `/staff/listings/${serviceId}`, { alert: '' })).statusCode, 303);
    const { json } = await publicRecord(t, serviceId);
    assert.equal(json.alert, undefined);
    assert.deepEqual(
      entriesFor(json, 'alert').map((m) => m.replacement_value),
      ['Bring used needles in a hard container this week.', ''],
    );
    assert.equal(
      (await postForm(t, staff, `/staff/listings/${serviceId}`, { name: 'Needle and syringe exchange' })).statusCode,
      303,
    );
    assert.equal(entriesFor((await publicRecord(t, serviceId)).json, 'name').length, 1);
  });

  test("two edits at once both land (each works from the other one's result)", async () => {
    const { serviceId: id } = await demoService(t, JACARANDA, 'Community methadone programme');
    const [a, b] = await Promise.all([
      postForm(t, staff, `/staff/listings/${id}`, { alert: 'New dosing hours from Monday.' }),
      postForm(t, staff, `/staff/listings/${id}`, { email: 'ost@jacaranda.example' }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode], [303, 303]);
    const { json } = await publicRecord(t, id);
    assert.equal(json.alert, 'New dosing hours from Monday.');
    assert.equal(json.email, 'ost@jacaranda.example');
    assert.equal(entriesFor(json, 'alert').length + entriesFor(json, 'email').length, 2);
  });

  test('contacts: email, website and the main phone', async () => {
    const res = await postForm(t, staff, `/staff/listings/${serviceId}`, {
      email: 'nsp@jacaranda.example',
      url: 'https://jacaranda.example/nsp',
      phone: '+27 12 555 0101',
    });
    assert.equal(res.statusCode, 303, res.body);
    const { json } = await publicRecord(t, serviceId);
    assert.equal(json.email, 'nsp@jacaranda.example');
    assert.equal(json.url, 'https://jacaranda.example/nsp');
    assert.deepEqual(
      (json.phones as Json[]).map((p) => p.number),
      ['+27 12 555 0101'],
    );
    assert.match(await publicPage(serviceId), /Call \+27 12 555 0101/);
  });

  test('weekly hours replace the regular week and show on the public page', async () => {
    const res = await postForm(t, staff, `/staff/listings/${serviceId}/hours`, {
      ...Object.fromEntries(
        ['mo', 'tu', 'we', 'th', 'fr'].flatMap((d) => [
          [`${d}_opens`, '08:00'],
          [`${d}_closes`, '16:00'],
        ]),
      ),
      su_opens: '10:00',
      su_closes: '12:00',
    });
    assert.equal(res.statusCode, 303, res.body);
    const page = await publicPage(serviceId);
    assert.match(page, /<li>Mon–Fri 08:00–16:00<\/li>/);
    assert.match(page, /<li>Sun 10:00–12:00<\/li>/);
    assert.ok(!page.includes('Mon–Fri 09:00–17:00'), "the location's old hours no longer show at that site");
    const { json } = await publicRecord(t, serviceId);
    const rows = json.schedules as Json[];
    assert.deepEqual(rows.map((r) => [r.freq, r.byday, r.opens_at, r.closes_at, r.timezone]).sort(), [
      ['WEEKLY', 'MO,TU,WE,TH,FR', '08:00+02:00', '16:00+02:00', 2],
      ['WEEKLY', 'SU', '10:00+02:00', '12:00+02:00', 2],
    ]);
    const [change] = entriesFor(json, 'schedules');
    assert.equal(change!.previous_value, '');
    assert.equal(change!.replacement_value, 'Mon–Fri 08:00–16:00; Sun 10:00–12:00');
    const edit = await t.app.inject({ url: `/staff/listings/${serviceId}`, headers: { cookie: staff.cookie } });
    assert.match(edit.body, /name="mo_opens" value="08:00"/);
    assert.match(edit.body, /name="sa_opens" value=""/);
  });

  test('other schedule rows (a monthly one) are kept when the week is replaced', async () => {
    const id = randomUUID();
    const monthly = { id: randomUUID(), freq: 'MONTHLY', byday: '1SA', opens_at: '09:00', closes_at: '12:00' };
    const summary = await importRecords(t.db, [
      {
        ...makeService({ id, name: 'Monthly clinic', schedules: [weekly('MO', '09:00', '11:00'), monthly] }),
        organization: undefined,
        organization_id: orgId,
      },
    ]);
    assert.equal(summary.imported, 1);
    const edit = await t.app.inject({ url: `/staff/listings/${id}`, headers: { cookie: staff.cookie } });
    assert.match(edit.body, /These other hours stay as they are/);
    assert.equal(
      (await postForm(t, staff, `/staff/listings/${id}/hours`, { tu_opens: '13:00', tu_closes: '15:00' })).statusCode,
      303,
    );
    const rows = (await publicRecord(t, id)).json.schedules as Json[];
    assert.deepEqual(rows.map((r) => `${String(r.freq)} ${String(r.byday)}`).sort(), ['MONTHLY 1SA', 'WEEKLY TU']);
    assert.ok(
      rows.some((r) => r.id === monthly.id),
      'the monthly row keeps its id',
    );
  });

  test('verify sets assured_date to today; the organisation is the assurer, never an email', async () => {
    const res = await postForm(t, staff, `/staff/listings/${serviceId}/verify`);
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `/staff/listings/${serviceId}?done=verified`);
    const { body, json } = await publicRecord(t, serviceId);
    assert.equal(json.assured_date, '2027-03-01');
    assert.equal(json.assurer_email, undefined);
    const [entry] = entriesFor(json, 'assured_date');
    assert.equal(entry!.previous_value, '2026-10-02');
    assert.equal(entry!.updated_by, JACARANDA);
    assertNoStaffTrace(body);
    assert.match(await publicPage(serviceId), /Last verified 2027-03-01/);
    const stored = await t.db.db.selectFrom('service').select('doc').where('id', '=', serviceId).executeTakeFirstOrThrow();
    assert.ok(!stored.doc.includes(EMAIL), 'not even the stored record holds the email');
  });

  test("a location's name and address change for every service there", async () => {
    const record = (await publicRecord(t, serviceId)).json;
    const sites = (record.service_at_locations as Json[]).map((s) => s.location as Json);
    const arcadia = sites.find((l) => l.name === 'Jacaranda Arcadia site')!;
    const res = await postForm(t, staff, `/staff/listings/${serviceId}/locations/${String(arcadia.id)}`, {
      name: 'Jacaranda Arcadia site',
      address_1: '12 Hamilton Street',
      city: 'Pretoria',
      postal_code: '0083',
      latitude: '-25.7456',
      longitude: '28.2121',
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.match(await publicPage(serviceId), /12 Hamilton Street, Arcadia, Pretoria, 0083/);
    const after = (await publicRecord(t, serviceId)).json;
    const loc = (after.service_at_locations as Json[]).map((s) => s.location as Json).find((l) => l.id === arcadia.id)!;
    assert.equal(loc.latitude, -25.7456);
    assert.deepEqual(
      entriesFor(loc, 'address_1').map((m) => [m.previous_value, m.replacement_value, m.updated_by, m.resource_type]),
      [['Corner of Hamilton and Pretorius streets', '12 Hamilton Street', JACARANDA, 'location']],
    );
    // The other Jacaranda service there shows the new address too, and says it changed.
    const { serviceId: other } = await demoService(t, JACARANDA, 'Arcadia drop-in');
    assert.match(await publicPage(other), /12 Hamilton Street/);
    assert.equal((await publicRecord(t, other)).json.last_modified, NOW.toISOString());
  });

  test("a location other organisations' services also use is not this one's to change", async () => {
    const sunnyside = ((await publicRecord(t, serviceId)).json.service_at_locations as Json[])
      .map((s) => s.location as Json)
      .find((l) => l.name === 'Jacaranda Sunnyside drop-in')!;
    const edit = await t.app.inject({ url: `/staff/listings/${serviceId}`, headers: { cookie: staff.cookie } });
    assert.match(edit.body, /Another organisation's services use this location too/);
    const res = await postForm(t, staff, `/staff/listings/${serviceId}/locations/${String(sunnyside.id)}`, {
      name: 'Renamed by one of four organisations',
    });
    assert.equal(res.statusCode, 403);
    assert.equal((await publicRecord(t, serviceId)).body.includes('Renamed by'), false);
  });
});

describe('a confidential location stays confidential', () => {
  const SECRET_STREET = '31 Kiaat Avenue';
  let aloe: { orgId: string; serviceId: string };
  let aloeStaff: SignedIn;
  let locationId: string;

  before(async () => {
    aloe = await demoService(t, 'Aloe Trans Peer Network', 'Aloe House trans shelter');
    aloeStaff = await makeStaff(t, { [aloe.orgId]: 'admin' });
    const sal = await t.db.db
      .selectFrom('service_at_location')
      .select('location_id')
      .where('service_id', '=', aloe.serviceId)
      .executeTakeFirstOrThrow();
    locationId = sal.location_id!;
  });

  test('its new address is saved, but no public output shows it or its change history', async () => {
    const edit = await t.app.inject({ url: `/staff/listings/${aloe.serviceId}`, headers: { cookie: aloeStaff.cookie } });
    assert.match(edit.body, /data-confidential/);
    const res = await postForm(t, aloeStaff, `/staff/listings/${aloe.serviceId}/locations/${locationId}`, {
      name: 'Aloe House',
      address_1: SECRET_STREET,
      city: 'Pretoria',
      postal_code: '0084',
      latitude: '-25.7311',
      longitude: '28.2172',
    });
    assert.equal(res.statusCode, 303, res.body);
    const row = await t.db.db.selectFrom('location').selectAll().where('id', '=', locationId).executeTakeFirstOrThrow();
    assert.equal(row.confidential, 1);
    assert.ok(row.doc.includes(SECRET_STREET), 'stored');
    const { body, json } = await publicRecord(t, aloe.serviceId);
    const location = (json.service_at_locations as Json[])[0]!.location as Json;
    assert.equal(location.name, 'Aloe House');
    assert.equal(location.confidential, true);
    for (const hidden of ['addresses', 'latitude', 'longitude', 'metadata']) assert.equal(location[hidden], undefined, hidden);
    for (const leak of [SECRET_STREET, 'Kiaat', '-25.7311', '28.2172']) {
      assert.ok(!body.includes(leak), `HSDS output holds ${leak}`);
      assert.ok(!(await publicPage(aloe.serviceId)).includes(leak), `the page holds ${leak}`);
    }
  });

  test('its address cannot be removed (that would not hide it: it would be kept anyway)', async () => {
    const res = await postForm(t, aloeStaff, `/staff/listings/${aloe.serviceId}/locations/${locationId}`, { name: 'Aloe House' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /A confidential location keeps its address and map point/);
  });
});
