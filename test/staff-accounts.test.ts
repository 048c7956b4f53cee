import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { makeOrg, makeStaff } from './helpers/auth.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test("an admin resets only accounts that work for her organisation alone: another organisation's admin is out of reach", async () => {
  const [a, b] = [await makeOrg(t), await makeOrg(t)];
  const adminA = await makeStaff(t, { [a]: 'admin' });
  const both = await makeStaff(t, { [a]: 'outreach', [b]: 'admin' });
  const onlyA = await makeStaff(t, { [a]: 'outreach' });
  const reset = (id: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/orgs/${a}/staff/${id}/reset`, headers: adminA.json });

  const refused = await reset(both.id);
  assert.equal(refused.statusCode, 403, refused.body);
  assert.match(refused.json<{ error: { message: string } }>().error.message, /another organisation/);
  const alive = await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: both.json });
  assert.equal(alive.statusCode, 200, 'the refused reset ended none of their sessions');

  const done = await reset(onlyA.id);
  assert.equal(done.statusCode, 200, done.body);
  assert.match(done.json<{ setup_path: string }>().setup_path, /^\/staff\/setup\/[\w-]{40,}$/);
  const ended = await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: onlyA.json });
  assert.equal(ended.statusCode, 401, 'a reset ends every session at once');
});

test('the audit log is append-only in the database itself: an UPDATE or DELETE is refused', async () => {
  const orgId = await makeOrg(t);
  const admin = await makeStaff(t, { [orgId]: 'admin' });
  const added = await t.app.inject({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/staff`,
    headers: admin.json,
    payload: { email: 'new.person@staff.example', role: 'outreach' },
  });
  assert.equal(added.statusCode, 201, added.body);
  const entries = await t.db.db.selectFrom('audit_log').select(['id', 'action']).where('organization_id', '=', orgId).execute();
  assert.deepEqual(
    entries.map((e) => e.action),
    ['staff.role_granted'],
  );
  await assert.rejects(
    t.db.db.updateTable('audit_log').set({ action: 'nothing' }).where('id', '=', entries[0]!.id).execute(),
    /append-only/,
  );
  await assert.rejects(t.db.db.deleteFrom('audit_log').where('id', '=', entries[0]!.id).execute(), /append-only/);
  assert.equal(
    (await t.db.db.selectFrom('audit_log').select('action').where('id', '=', entries[0]!.id).executeTakeFirstOrThrow()).action,
    'staff.role_granted',
  );
});
