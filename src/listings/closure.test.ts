import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SearchResponse } from '../directory/schema.ts';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeStaff } from '../../test/helpers/auth.ts';
import { reopenExpiredClosures } from './closure.ts';
import { demoService, entriesFor, postForm, publicRecord } from '../../test/helpers/listings.ts';

const JACARANDA = 'Jacaranda Harm Reduction Collective';

// The test moves this clock. Monday 1 March 2027, 10:00 in Johannesburg (UTC+2).
let now = new Date('2027-03-01T08:00:00Z');
let t: TestApp;
let orgId: string;

async function coordinator() {
  return makeStaff(t, { [orgId]: 'coordinator' });
}

async function status(serviceId: string): Promise<unknown> {
  return (await publicRecord(t, serviceId)).json.status;
}

async function inSearch(serviceId: string, q: string): Promise<boolean> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/search', payload: { q } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<SearchResponse>().contents.some((i) => i.service_id === serviceId);
}

async function storedStatus(serviceId: string): Promise<string> {
  return (await t.db.db.selectFrom('service').select('status').where('id', '=', serviceId).executeTakeFirstOrThrow()).status;
}

before(async () => {
  t = await createTestApp({ demo: true, clock: () => now });
  ({ orgId } = await demoService(t, JACARANDA, 'Needle and syringe service'));
});
after(async () => t.close());

describe('temporarily closed until a date, then open again by itself', () => {
  test('closed up to and including a day: out of search, said on the listing, reopened after it with no job', async () => {
    const { serviceId } = await demoService(t, JACARANDA, 'Overdose-watch room');
    const staff = await coordinator();
    assert.equal(await inSearch(serviceId, 'overdose watch room'), true);

    const res = await postForm(t, staff, `/staff/listings/${serviceId}/close`, { until: '2027-03-03' });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `/staff/listings/${serviceId}?done=closed`);
    const { json } = await publicRecord(t, serviceId);
    assert.equal(json.status, 'temporarily closed');
    assert.equal(json.alert, 'Temporarily closed up to and including Wednesday, 3 March 2027.');
    assert.deepEqual(
      entriesFor(json, 'closed_until').map((m) => [m.previous_value, m.replacement_value, m.updated_by]),
      [['', '2027-03-03', JACARANDA]],
    );
    assert.equal(await inSearch(serviceId, 'overdose watch room'), false);
    const page = await t.app.inject({ url: `/services/${serviceId}` });
    assert.match(page.body, /This service is temporarily closed\./);
    const list = await t.app.inject({ url: `/staff/orgs/${orgId}/listings`, headers: { cookie: staff.cookie } });
    assert.match(list.body, /Temporarily closed up to and including Wednesday, 3 March 2027/);

    now = new Date('2027-03-03T21:59:00Z'); // 23:59 on the last closed day
    assert.equal(await status(serviceId), 'temporarily closed');

    now = new Date('2027-03-03T22:00:01Z'); // just after midnight
    const reopened = await publicRecord(t, serviceId);
    assert.equal(reopened.json.status, 'active');
    assert.equal(reopened.json.alert, undefined, 'the closure alert goes with the closure');
    assert.deepEqual(
      entriesFor(reopened.json, 'closed_until').map((m) => m.replacement_value),
      ['2027-03-03', ''],
    );
    assert.equal(entriesFor(reopened.json, 'status').at(-1)!.updated_by, JACARANDA);
    assert.equal(await inSearch(serviceId, 'overdose watch room'), true);
    assert.doesNotMatch((await t.app.inject({ url: `/services/${serviceId}` })).body, /temporarily closed/);
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select(['staff_id', 'action', 'detail'])
      .where('object_id', '=', serviceId)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.action, a.staff_id === null]),
      [
        ['listing.closed', false],
        ['listing.reopened', true],
      ],
    );
    assert.equal(await reopenExpiredClosures(t.db, now), 0, 'nothing left for the job');
  });

  test('reopenExpiredClosures writes the end of a closure (for the periodic job)', async () => {
    now = new Date('2027-03-04T08:00:00Z');
    const { serviceId } = await demoService(t, JACARANDA, 'Arcadia drop-in');
    const res = await postForm(t, await coordinator(), `/staff/listings/${serviceId}/close`, { until: '2027-03-04' });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(await reopenExpiredClosures(t.db, now), 0, 'not yet');
    assert.equal(await storedStatus(serviceId), 'temporarily closed');

    // No request in between: the job alone writes it.
    now = new Date('2027-03-05T06:00:00Z');
    assert.equal(await reopenExpiredClosures(t.db, now), 1);
    assert.equal(await storedStatus(serviceId), 'active');
    assert.equal(await reopenExpiredClosures(t.db, now), 0, 'idempotent');
    const pending = await t.db.db.selectFrom('meta').select('key').where('key', 'like', 'closure:%').execute();
    assert.deepEqual(pending, []);
  });

  test('reopen now; a moved date moves the reopening; a closure set since is not undone', async () => {
    now = new Date('2027-03-08T08:00:00Z');
    const staff = await coordinator();
    const { serviceId } = await demoService(t, JACARANDA, 'Peer group for people who use drugs');
    assert.equal((await postForm(t, staff, `/staff/listings/${serviceId}/close`, { until: '2027-03-09' })).statusCode, 303);
    assert.equal((await postForm(t, staff, `/staff/listings/${serviceId}/close`, { until: '2027-03-12' })).statusCode, 303);
    assert.equal((await publicRecord(t, serviceId)).json.alert, 'Temporarily closed up to and including Friday, 12 March 2027.');
    assert.equal(await reopenExpiredClosures(t.db, new Date('2027-03-10T08:00:00Z')), 0, 'the old date no longer counts');
    assert.equal(await storedStatus(serviceId), 'temporarily closed');

    const res = await postForm(t, staff, `/staff/listings/${serviceId}/reopen`);
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `/staff/listings/${serviceId}?done=reopened`);
    assert.equal(await status(serviceId), 'active');
    assert.equal(await reopenExpiredClosures(t.db, new Date('2027-04-01T00:00:00Z')), 0);

    const again = await postForm(t, staff, `/staff/listings/${serviceId}/reopen`);
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /This service is not closed\./);
  });

  test('an alert staff wrote themselves is kept through the closure', async () => {
    now = new Date('2027-03-15T08:00:00Z');
    const staff = await coordinator();
    const { serviceId } = await demoService(t, JACARANDA, 'Jacaranda night van');
    await postForm(t, staff, `/staff/listings/${serviceId}`, { alert: 'The van parks at the Arcadia site this month.' });
    await postForm(t, staff, `/staff/listings/${serviceId}/close`, { until: '2027-03-15' });
    now = new Date('2027-03-16T08:00:00Z');
    const { json } = await publicRecord(t, serviceId);
    assert.equal(json.status, 'active');
    assert.equal(json.alert, 'The van parks at the Arcadia site this month.');
  });

  test('refusals: a bad, past or far date, and a service that is not active', async () => {
    now = new Date('2027-03-20T08:00:00Z');
    const staff = await coordinator();
    const { serviceId } = await demoService(t, JACARANDA, 'HIV and hepatitis C testing');
    const cases: [string, RegExp][] = [
      ['2027-03-19', /2027-03-19 has already passed\. Choose today or a later day\./],
      ['2028-03-21', /A temporary closure can last at most a year: choose a day up to 2028-03-19/],
      ['20/03/2027', /is not a date\. Choose a day, written as YYYY-MM-DD/],
      ['', /is not a date/],
    ];
    for (const [until, message] of cases) {
      const res = await postForm(t, staff, `/staff/listings/${serviceId}/close`, { until });
      assert.equal(res.statusCode, 400, until);
      assert.match(res.body, /data-error/);
      assert.match(res.body, message);
    }
    assert.equal(await storedStatus(serviceId), 'active');
    const apies = await demoService(t, 'Apies River Outreach Trust', 'Marabastad morning tea stop');
    const apiesStaff = await makeStaff(t, { [apies.orgId]: 'admin' });
    const res = await postForm(t, apiesStaff, `/staff/listings/${apies.serviceId}/close`, { until: '2027-03-21' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /This service is inactive: only an active service can be closed for a while\./);
  });
});
