// Members end to end through `app.inject` on a real database: invite codes, sign-up with a unique
// working name, what a member sees and ends, and revocation by the inviting organisation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatInviteCode } from '../src/auth/codes.ts';
import { makeOrg, makeStaff } from './helpers/auth.ts';
import { DAY, HOUR, PASSPHRASE, alive, assertError, call, harness, inviteCodes, sessionOf, signUp } from './helpers/identity.ts';

test('invites: count and default expiry, single use, expiry; outreach and coordinators make them, others may not', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const otherOrg = await makeOrg(h.t);
  const outreach = await makeStaff(h.t, { [orgId]: 'outreach' });
  const url = `/api/v1/orgs/${orgId}/invites`;

  const three = await call(h, 'POST', url, { as: outreach, body: { count: 3 } });
  assert.equal(three.statusCode, 201, three.body);
  const invites = three.json<{ invites: { code: string; expires_at: string }[] }>().invites;
  assert.equal(invites.length, 3);
  assert.equal(new Set(invites.map((i) => i.code)).size, 3);
  for (const invite of invites) {
    assert.match(invite.code, /^[0-9A-HJKMNP-TV-Z]{10}$/);
    assert.equal(Date.parse(invite.expires_at), h.ms() + 30 * DAY);
  }
  const one = await call(h, 'POST', url, { as: outreach, body: {} });
  assert.equal(one.json<{ invites: unknown[] }>().invites.length, 1);
  const coordinator = await makeStaff(h.t, { [orgId]: 'coordinator' });
  assert.equal((await call(h, 'POST', url, { as: coordinator, body: {} })).statusCode, 201);
  for (const role of ['peer_navigator', 'admin', 'moderator'] as const)
    assertError(await call(h, 'POST', url, { as: await makeStaff(h.t, { [orgId]: role }), body: {} }), 403, 'forbidden');
  assertError(await call(h, 'POST', url, { as: await makeStaff(h.t, { [otherOrg]: 'outreach' }), body: {} }), 403, 'forbidden');
  assertError(await call(h, 'POST', url, { body: {} }), 401, 'not_signed_in');
  assertError(await call(h, 'POST', url, { as: outreach, body: { count: 51 } }), 400, 'invalid_request');

  // Single use; typed with its dash and in lower case.
  const code = invites[0]!.code;
  assert.equal((await signUp(h, formatInviteCode(code).toLowerCase(), 'Ayanda')).statusCode, 201);
  assertError(await signUp(h, code, 'Busi'), 400, 'invalid_invite');

  const short = await call(h, 'POST', url, { as: outreach, body: { expires_in_hours: 1 } });
  const soon = short.json<{ invites: { code: string; expires_at: string }[] }>().invites[0]!;
  assert.equal(Date.parse(soon.expires_at), h.ms() + HOUR);
  h.advance(HOUR);
  assertError(await signUp(h, soon.code, 'Busi'), 400, 'invalid_invite');
  assert.equal((await signUp(h, invites[1]!.code, 'Busi')).statusCode, 201, 'a 30-day invite still works an hour later');
  h.advance(30 * DAY);
  assertError(await signUp(h, invites[2]!.code, 'Cebo'), 400, 'invalid_invite');
});

test('an invite request without a body makes one invite', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const res = await call(h, 'POST', `/api/v1/orgs/${orgId}/invites`, { as: await makeStaff(h.t, { [orgId]: 'outreach' }) });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json<{ invites: unknown[] }>().invites.length, 1);
});

test('sign-up: the working name is unique after NFKC and case folding, and checked only after a valid code', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const codes = await inviteCodes(h, orgId, 4);
  const res = await signUp(h, codes[0]!, 'Lerato');
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json<{ member: { id: string; working_name: string; created_at: string }; csrf_token: string }>();
  assert.equal(body.member.working_name, 'Lerato');
  assert.deepEqual(Object.keys(body.member).sort(), ['created_at', 'id', 'working_name']);
  assert.equal(await alive(h, 'member', sessionOf(h, res, 'member')), true, 'signed in at once');

  for (const name of ['LERATO', 'lerato ', 'Ｌｅｒａｔｏ'])
    assertError(await signUp(h, codes[1]!, name), 409, 'working_name_taken');
  // A taken name with a bad or used code says only that the code is bad: names cannot be probed.
  assertError(await signUp(h, 'AAAAA-AAAAA', 'LERATO'), 400, 'invalid_invite');
  assertError(await signUp(h, codes[0]!, 'LERATO'), 400, 'invalid_invite');
  // The refused name left the code unused.
  assert.equal((await signUp(h, codes[1]!, 'Thandi')).statusCode, 201);

  assertError(await signUp(h, codes[2]!, 'Zodwa', 'password'), 400, 'weak_password');
  assertError(await signUp(h, codes[2]!, 'Zodwa', 'short'), 400, 'weak_password');
  assertError(await signUp(h, codes[2]!, '<b>Zodwa</b>'), 400, 'invalid_request');
  assert.equal((await signUp(h, codes[2]!, 'Zodwa')).statusCode, 201);
});

test('a member signs in, sees what Harbour holds and her sessions, ends her other sessions', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const [code] = await inviteCodes(h, orgId);
  const first = sessionOf(h, await signUp(h, code!, 'Naledi'), 'member');

  const wrong = await call(h, 'POST', '/api/v1/member/session', {
    body: { working_name: 'Naledi', passphrase: 'not it at all' },
  });
  const unknown = await call(h, 'POST', '/api/v1/member/session', {
    body: { working_name: 'Nobody Here', passphrase: PASSPHRASE },
  });
  assertError(wrong, 401, 'invalid_credentials');
  assert.deepEqual(wrong.json(), unknown.json(), 'an unknown name answers like a wrong passphrase');

  const res = await call(h, 'POST', '/api/v1/member/session', { body: { working_name: 'NALEDI', passphrase: PASSPHRASE } });
  const second = sessionOf(h, res, 'member');
  const view = await call(h, 'GET', '/api/v1/member', { as: second });
  assert.equal(view.statusCode, 200, view.body);
  const me = view.json<{
    working_name: string;
    issuing_organization: { id: string };
    sessions: { this_device: boolean }[];
  }>();
  assert.equal(me.working_name, 'Naledi');
  assert.equal(me.issuing_organization.id, orgId);
  assert.deepEqual(me.sessions.map((s) => s.this_device).sort(), [false, true]);

  const ended = await call(h, 'POST', '/api/v1/member/sessions/end-others', { as: second });
  assert.deepEqual(ended.json(), { ended: 1 });
  assert.equal(await alive(h, 'member', first), false);
  const after = await call(h, 'GET', '/api/v1/member', { as: second });
  assert.equal(after.json<{ sessions: unknown[] }>().sessions.length, 1);

  // The same backoff as staff, per working name: six failures, then a wait.
  for (let i = 0; i < 6; i++)
    assertError(
      await call(h, 'POST', '/api/v1/member/session', { body: { working_name: 'naledi', passphrase: `guess ${i} wrong` } }),
      401,
      'invalid_credentials',
    );
  const blocked = await call(h, 'POST', '/api/v1/member/session', { body: { working_name: 'Naledi', passphrase: PASSPHRASE } });
  assertError(blocked, 429, 'too_many_attempts');
  assert.equal(blocked.headers['retry-after'], '2');
});

test('the organisation that invited a member can revoke her; no other organisation can', async (t) => {
  const h = await harness(t);
  const orgA = await makeOrg(h.t);
  const orgB = await makeOrg(h.t);
  const [code] = await inviteCodes(h, orgA);
  const joined = await signUp(h, code!, 'Mpho');
  const member = sessionOf(h, joined, 'member');
  const memberId = joined.json<{ member: { id: string } }>().member.id;

  const adminB = await makeStaff(h.t, { [orgB]: 'admin' });
  assertError(await call(h, 'DELETE', `/api/v1/orgs/${orgB}/members/${memberId}`, { as: adminB }), 404, 'not_found');
  assertError(await call(h, 'DELETE', `/api/v1/orgs/${orgA}/members/${memberId}`, { as: adminB }), 403, 'forbidden');
  const outreachA = await makeStaff(h.t, { [orgA]: 'outreach' });
  assertError(await call(h, 'DELETE', `/api/v1/orgs/${orgA}/members/${memberId}`, { as: outreachA }), 403, 'forbidden');
  assert.equal(await alive(h, 'member', member), true);

  const coordinatorA = await makeStaff(h.t, { [orgA]: 'coordinator' });
  const list = await call(h, 'GET', `/api/v1/orgs/${orgA}/members`, { as: coordinatorA });
  assert.deepEqual(
    list.json<{ members: { id: string; working_name: string }[] }>().members.map((m) => [m.id, m.working_name]),
    [[memberId, 'Mpho']],
  );
  const res = await call(h, 'DELETE', `/api/v1/orgs/${orgA}/members/${memberId}`, { as: coordinatorA });
  assert.equal(res.statusCode, 204, res.body);
  assert.equal(await alive(h, 'member', member), false);
  assert.equal(await h.t.db.db.selectFrom('member').select('id').where('id', '=', memberId).executeTakeFirst(), undefined);
  assertError(await call(h, 'DELETE', `/api/v1/orgs/${orgA}/members/${memberId}`, { as: coordinatorA }), 404, 'not_found');
  const audit = await call(h, 'GET', `/api/v1/orgs/${orgA}/audit`, { as: await makeStaff(h.t, { [orgA]: 'admin' }) });
  const revoked = audit
    .json<{ entries: { action: string; object_id: string | null }[] }>()
    .entries.filter((e) => e.action === 'member.revoked');
  assert.equal(revoked.length, 1);
  assert.equal(revoked[0]!.object_id, null, 'the log does not keep her id');
  assert.ok(!audit.body.includes(memberId) && !audit.body.includes('Mpho'));
});
