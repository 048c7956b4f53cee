import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestApp, importRecords, type TestApp } from '../../test/helpers/app.ts';
import { makeStaff, type SignedIn } from '../../test/helpers/auth.ts';
import { makeService } from '../../test/helpers/factories.ts';
import { demoService, entriesFor, postForm, publicRecord } from '../../test/helpers/listings.ts';

const NOW = new Date('2027-03-01T08:00:00Z');

let t: TestApp;
let jacaranda: { orgId: string; serviceId: string };
let arcadiaId: string;
let unownedId: string;
let coordinator: SignedIn;
let otherCoordinator: SignedIn;
let outreach: SignedIn;
let operator: SignedIn;

/** Every form post of a listing, with fields that would be accepted. */
function posts(serviceId: string, locationId: string): [string, Record<string, string>][] {
  return [
    [`/staff/listings/${serviceId}`, { name: 'Taken over' }],
    [`/staff/listings/${serviceId}/hours`, { mo_opens: '09:00', mo_closes: '10:00' }],
    [`/staff/listings/${serviceId}/locations/${locationId}`, { name: 'Taken over' }],
    [`/staff/listings/${serviceId}/close`, { until: '2027-03-02' }],
    [`/staff/listings/${serviceId}/reopen`, {}],
    [`/staff/listings/${serviceId}/verify`, {}],
  ];
}

before(async () => {
  t = await createTestApp({ demo: true, now: NOW });
  jacaranda = await demoService(t, 'Jacaranda Harm Reduction Collective', 'Arcadia drop-in');
  arcadiaId = (
    await t.db.db
      .selectFrom('service_at_location')
      .select('location_id')
      .where('service_id', '=', jacaranda.serviceId)
      .executeTakeFirstOrThrow()
  ).location_id!;
  const apies = await demoService(t, 'Apies River Outreach Trust', "Women's peer circle");
  unownedId = randomUUID();
  const summary = await importRecords(t.db, [
    {
      ...makeService({ id: unownedId, name: 'Community noticeboard helpline', phone: '+27 00 000 0123' }),
      organization: undefined,
    },
  ]);
  assert.equal(summary.imported, 1);
  coordinator = await makeStaff(t, { [jacaranda.orgId]: 'coordinator' });
  otherCoordinator = await makeStaff(t, { [apies.orgId]: 'coordinator' });
  outreach = await makeStaff(t, { [jacaranda.orgId]: 'outreach' });
  operator = await makeStaff(t, {}, { operator: true });
});
after(async () => t.close());

describe('who may change which listing', () => {
  test('a coordinator of another organisation gets 403 on every post, and nothing changes', async () => {
    const before = (await publicRecord(t, jacaranda.serviceId)).body;
    for (const [url, fields] of posts(jacaranda.serviceId, arcadiaId)) {
      const res = await postForm(t, otherCoordinator, url, fields);
      assert.equal(res.statusCode, 403, url);
      assert.match(res.body, /Your role in this organisation does not allow this\./);
    }
    const page = await t.app.inject({
      url: `/staff/listings/${jacaranda.serviceId}`,
      headers: { cookie: otherCoordinator.cookie },
    });
    assert.equal(page.statusCode, 403);
    assert.equal((await publicRecord(t, jacaranda.serviceId)).body, before);
  });

  test('outreach staff see their listings but may change none', async () => {
    const list = await t.app.inject({ url: `/staff/orgs/${jacaranda.orgId}/listings`, headers: { cookie: outreach.cookie } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Arcadia drop-in/);
    assert.ok(!list.body.includes(`href="/staff/listings/`), 'no edit links');
    for (const [url, fields] of posts(jacaranda.serviceId, arcadiaId))
      assert.equal((await postForm(t, outreach, url, fields)).statusCode, 403, url);
  });

  test('an operator alone edits a listing no organisation owns', async () => {
    const list = await t.app.inject({ url: '/staff/listings/unowned', headers: { cookie: operator.cookie } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`href="/staff/listings/${unownedId}">Community noticeboard helpline</a>`));
    const res = await postForm(t, operator, `/staff/listings/${unownedId}`, { alert: 'Lines are busy on Mondays.' });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal((await postForm(t, operator, `/staff/listings/${unownedId}/verify`)).statusCode, 303);
    const { json } = await publicRecord(t, unownedId);
    assert.equal(json.alert, 'Lines are busy on Mondays.');
    assert.equal(json.assured_date, '2027-03-01');
    assert.deepEqual(
      [...entriesFor(json, 'alert'), ...entriesFor(json, 'assured_date')].map((m) => m.updated_by),
      ['Harbour operator', 'Harbour operator'],
    );

    assert.equal(
      (await t.app.inject({ url: '/staff/listings/unowned', headers: { cookie: coordinator.cookie } })).statusCode,
      403,
    );
    assert.equal((await postForm(t, coordinator, `/staff/listings/${unownedId}`, { name: 'Mine now' })).statusCode, 403);
    // An operator holds no role in Jacaranda: its listings are its own staff's to change.
    assert.equal(
      (await postForm(t, operator, `/staff/listings/${jacaranda.serviceId}`, { name: 'Operator was here' })).statusCode,
      403,
    );
  });

  test('not signed in: 401; an unknown listing: 404', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/staff/listings/${jacaranda.serviceId}/verify`,
      ...t.asBrowser({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' }),
    });
    assert.equal(res.statusCode, 401);
    const unknown = randomUUID();
    assert.equal(
      (await t.app.inject({ url: `/staff/listings/${unknown}`, headers: { cookie: operator.cookie } })).statusCode,
      404,
    );
    assert.equal((await postForm(t, operator, `/staff/listings/${unknown}/verify`)).statusCode, 404);
  });
});

describe('refused input: the form again, 400, in plain words', () => {
  const cases: [string, string, Record<string, string>, RegExp][] = [
    ['an empty name', '', { name: '  ' }, /The service needs a name\./],
    ['a bad email', '', { email: 'nobody at example' }, /is not an email address/],
    ['a website without https://', '', { url: 'jacaranda.example' }, /must be a full address starting with https:\/\//],
    ['letters in a phone number', '', { phone: 'call us' }, /is not a phone number/],
    [
      'a time that is not one',
      '/hours',
      { mo_opens: '25:00', mo_closes: '26:00' },
      /Monday: the opening time &quot;25:00&quot; is not a time/,
    ],
    ['half a day', '/hours', { tu_opens: '09:00' }, /Tuesday: give both the opening and the closing time/],
    ['a date that is not one', '/close', { until: '31-12-2027' }, /&quot;31-12-2027&quot; is not a date/],
    [
      'half an address',
      '/locations/LOC',
      { name: 'Arcadia', address_1: '1 Main Road' },
      /Give the street address, the town or city and the postal code/,
    ],
    [
      'a latitude out of range',
      '/locations/LOC',
      { name: 'Arcadia', latitude: '-125.5', longitude: '28.1' },
      /The latitude &quot;-125.5&quot; is not valid/,
    ],
  ];
  for (const [name, path, fields, message] of cases) {
    test(name, async () => {
      const before = (await publicRecord(t, jacaranda.serviceId)).body;
      const url = `/staff/listings/${jacaranda.serviceId}${path.replace('LOC', arcadiaId)}`;
      const res = await postForm(t, coordinator, url, fields);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(res.body, /data-error/);
      assert.match(res.body, message);
      for (const value of Object.values(fields).filter((v) => v.trim() !== ''))
        assert.ok(res.body.includes(`value="${value}"`) || res.body.includes(`>${value}<`), `the form keeps "${value}"`);
      assert.equal((await publicRecord(t, jacaranda.serviceId)).body, before, 'nothing saved');
    });
  }

  test('an unknown field is refused by the schema, not ignored (still a 400)', async () => {
    const res = await postForm(t, coordinator, `/staff/listings/${jacaranda.serviceId}`, { status: 'defunct' });
    assert.equal(res.statusCode, 400);
  });
});
