import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { makeOrg, makeStaff } from './helpers/auth.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe('organisation settings', () => {
  test('an admin sets areas served, on-call responders and retention; bad values are 400s; other roles 403', async () => {
    const orgId = await makeOrg(t);
    const admin = await makeStaff(t, { [orgId]: 'admin' });
    const outreach = await makeStaff(t, { [orgId]: 'outreach' });
    const sunnyside = await t.db.db.selectFrom('place').select('id').where('name', '=', 'Sunnyside').executeTakeFirstOrThrow();
    const url = `/api/v1/orgs/${orgId}/settings`;
    const put = (who: typeof admin, payload: object) => t.app.inject({ method: 'PUT', url, headers: who.json, payload });

    const defaults = await t.app.inject({ method: 'GET', url, headers: admin.json });
    assert.deepEqual(defaults.json(), { areas: [], on_call: [], retention_days: { reports: 365 } });
    const saved = await put(admin, { areas: [sunnyside.id], on_call: [outreach.id], retention_days: { reports: 90 } });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual((await t.app.inject({ method: 'GET', url, headers: admin.json })).json(), {
      areas: [sunnyside.id],
      on_call: [outreach.id],
      retention_days: { reports: 90 },
    });

    const otherOrg = await makeOrg(t);
    const stranger = await makeStaff(t, { [otherOrg]: 'admin' });
    for (const [payload, pattern] of [
      [{ areas: ['no-such-place'] }, /Not a place/],
      [{ on_call: [stranger.id] }, /staff of this organisation/],
      [{ retention_days: { reports: 5 } }, /between 30 and 3650/],
    ] as const) {
      const res = await put(admin, payload);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json<{ error: { message: string } }>().error.message, pattern);
    }
    assert.equal((await put(outreach, { areas: [] })).statusCode, 403);
    assert.equal((await put(stranger, { areas: [] })).statusCode, 403);

    // The same through the page form, by area name.
    const form = await t.app.inject({
      method: 'POST',
      url: `/staff/orgs/${orgId}/settings`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie },
      payload: `_csrf=${admin.csrf}&areas=sunnyside&retention_reports=120`,
    });
    assert.equal(form.statusCode, 303, form.body);
    const page = await t.app.inject({ method: 'GET', url: `/staff/orgs/${orgId}?done=saved`, headers: { cookie: admin.cookie } });
    assert.match(page.body, /name="areas" value="Sunnyside"/);
    const log = await t.db.db.selectFrom('audit_log').select('action').where('organization_id', '=', orgId).execute();
    assert.equal(log.filter((l) => l.action === 'organization.settings_changed').length, 2);
  });
});
