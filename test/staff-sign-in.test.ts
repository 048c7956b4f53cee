// Staff sign-in end to end through `app.inject` on a real database: two-factor codes, recovery
// codes, backoff, sessions (staff and member), offboarding and admin resets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNT_POLICY } from '../src/access/throttle.ts';
import { totpCode } from '../src/auth/totp.ts';
import { buildApp, type App } from '../src/http/app.ts';
import { makeMember, makeOrg, makeStaff } from './helpers/auth.ts';
import {
  DAY,
  HOUR,
  MINUTE,
  PASSPHRASE,
  PASSWORD,
  alive,
  assertError,
  call,
  email,
  enrol,
  harness,
  inviteCodes,
  orgWithAdmin,
  sessionOf,
  setPassword,
  signUp,
  staffSignIn,
  staffWithPassword,
} from './helpers/identity.ts';

test('an admin must enrol two-factor sign-in; enrolment rotates the session; a code works once', async (t) => {
  const h = await harness(t);
  const admin = await orgWithAdmin(h);
  assertError(await staffSignIn(h, { email: admin.email, password: 'not the password' }), 401, 'invalid_credentials');

  const first = await staffSignIn(h, { email: admin.email.toUpperCase(), password: PASSWORD });
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.json<{ enrol_only: boolean }>().enrol_only, true);
  const enrolOnly = sessionOf(h, first, 'staff');
  assertError(await call(h, 'GET', `/api/v1/orgs/${admin.orgId}/staff`, { as: enrolOnly }), 403, 'two_factor_required');
  assertError(await call(h, 'GET', `/api/v1/orgs/${admin.orgId}/audit`, { as: enrolOnly }), 403, 'two_factor_required');

  const { secret, codes, session } = await enrol(h, enrolOnly);
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  assert.notEqual(session.cookie, enrolOnly.cookie);
  assert.equal(await alive(h, 'staff', enrolOnly), false, 'the enrol-only cookie stops working');
  assert.equal((await call(h, 'GET', `/api/v1/orgs/${admin.orgId}/staff`, { as: session })).statusCode, 200);

  h.advance(30_000);
  assertError(await staffSignIn(h, { email: admin.email, password: PASSWORD }), 401, 'totp_required');
  assertError(await staffSignIn(h, { email: admin.email, password: PASSWORD, totp: '000000' }), 401, 'invalid_credentials');
  const code = totpCode(secret, h.ms());
  const signedIn = await staffSignIn(h, { email: admin.email, password: PASSWORD, totp: code });
  assert.equal(signedIn.statusCode, 200, signedIn.body);
  assert.equal(signedIn.json<{ enrol_only: boolean }>().enrol_only, false);
  assert.equal(
    (await call(h, 'GET', `/api/v1/orgs/${admin.orgId}/staff`, { as: sessionOf(h, signedIn, 'staff') })).statusCode,
    200,
  );
  assertError(await staffSignIn(h, { email: admin.email, password: PASSWORD, totp: code }), 401, 'invalid_credentials');
  // A right code with a wrong password is still a wrong password.
  h.advance(30_000);
  assertError(
    await staffSignIn(h, { email: admin.email, password: 'x', totp: totpCode(secret, h.ms()) }),
    401,
    'invalid_credentials',
  );
});

test('two-factor sign-in is optional for outreach staff', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const outreach = await staffWithPassword(h, { [orgId]: 'outreach' });
  const res = await staffSignIn(h, { email: outreach.email, password: PASSWORD });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json<{ enrol_only: boolean }>().enrol_only, false);
  const invites = await call(h, 'POST', `/api/v1/orgs/${orgId}/invites`, { as: sessionOf(h, res, 'staff'), body: {} });
  assert.equal(invites.statusCode, 201, invites.body);
  // Operators need it whatever their roles.
  const operator = await staffWithPassword(h, {}, true);
  const op = await staffSignIn(h, { email: operator.email, password: PASSWORD });
  assert.equal(op.json<{ enrol_only: boolean }>().enrol_only, true);
});

test('ten recovery codes each sign in once; a used one is refused', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const coordinator = await staffWithPassword(h, { [orgId]: 'coordinator' });
  const { codes } = await enrol(h, sessionOf(h, await staffSignIn(h, { email: coordinator.email, password: PASSWORD }), 'staff'));
  assert.equal(codes.length, 10);
  for (const [i, code] of codes.entries()) {
    // Typed as people type them: the first without its dash, in lower case.
    const typed = i === 0 ? code.replace('-', '').toLowerCase() : code;
    const res = await staffSignIn(h, { email: coordinator.email, password: PASSWORD, recovery_code: typed });
    assert.equal(res.statusCode, 200, `code ${i}: ${res.body}`);
    assert.equal(res.json<{ enrol_only: boolean }>().enrol_only, false);
  }
  for (const code of [codes[0]!, codes[9]!])
    assertError(
      await staffSignIn(h, { email: coordinator.email, password: PASSWORD, recovery_code: code }),
      401,
      'invalid_credentials',
    );
  const rows = await h.t.db.db.selectFrom('recovery_code').selectAll().where('staff_id', '=', coordinator.id).execute();
  assert.equal(rows.length, 10);
  assert.ok(rows.every((r) => r.used_at !== null));
  assert.ok(rows.every((r) => !codes.some((c) => r.code_hash.includes(c) || r.code_hash.includes(c.replace('-', '')))));
});

test('wrong passwords back off exponentially up to the cap, never lock out, and the block is shared through the database', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const staff = await staffWithPassword(h, { [orgId]: 'outreach' });
  const unknown = email('nobody');
  // No enumeration: an unknown email answers exactly like a wrong password.
  const a = await staffSignIn(h, { email: unknown, password: PASSWORD });
  const b = await staffSignIn(h, { email: staff.email, password: 'not the password' });
  assertError(a, 401, 'invalid_credentials');
  assert.deepEqual(a.json(), b.json());

  const waits: number[] = [];
  // `b` was the first failure; go on to fourteen, waiting out each block as it comes.
  for (let failures = 1; failures < 14;) {
    const res = await staffSignIn(h, { email: staff.email, password: 'not the password' });
    if (res.statusCode === 429) {
      assertError(res, 429, 'too_many_attempts');
      const wait = Number(res.headers['retry-after']);
      waits.push(wait);
      h.advance(wait * 1000);
      continue;
    }
    assertError(res, 401, 'invalid_credentials');
    failures++;
  }
  // Five free failures, then 2 s doubling, capped.
  assert.deepEqual(waits, [2, 4, 8, 16, 32, 64, 120, 120]);
  assert.equal(ACCOUNT_POLICY.capSeconds, 120);
  assert.ok(waits.every((w) => w <= ACCOUNT_POLICY.capSeconds));

  // Blocked now: even the right password waits, and from another client address too.
  const blocked = await staffSignIn(h, { email: staff.email, password: PASSWORD }, { ip: '192.0.2.77' });
  assertError(blocked, 429, 'too_many_attempts');
  assert.equal(blocked.headers['retry-after'], '120');

  // A second instance of the app on the same database sees the same block.
  const other: App = await buildApp(
    { config: h.t.config, handle: h.t.db, now: () => new Date(h.ms()) },
    { logStream: { write: () => {} } },
  );
  t.after(() => other.close());
  const there = await other.inject({
    method: 'POST',
    url: '/api/v1/staff/session',
    payload: { email: staff.email, password: PASSWORD },
    remoteAddress: '192.0.2.78',
  });
  assertError(there, 429, 'too_many_attempts');
  assert.ok(Number(there.headers['retry-after']) <= ACCOUNT_POLICY.capSeconds);

  h.advance(ACCOUNT_POLICY.capSeconds * 1000);
  const after = await staffSignIn(h, { email: staff.email, password: PASSWORD });
  assert.equal(after.statusCode, 200, after.body);
  // Success cleared the account's failures: a slip now costs no wait.
  assertError(await staffSignIn(h, { email: staff.email, password: 'typo' }), 401, 'invalid_credentials');
  assert.equal((await staffSignIn(h, { email: staff.email, password: PASSWORD })).statusCode, 200);
});

test('signing in on top of a session replaces it (staff and member)', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const staff = await staffWithPassword(h, { [orgId]: 'outreach' });
  const before = sessionOf(h, await staffSignIn(h, { email: staff.email, password: PASSWORD }), 'staff');
  // A request carrying a live session needs its token, sign-in included.
  assertError(
    await staffSignIn(h, { email: staff.email, password: PASSWORD }, { headers: { cookie: before.cookie } }),
    403,
    'csrf_failed',
  );
  const again = await staffSignIn(h, { email: staff.email, password: PASSWORD }, { as: before });
  const now = sessionOf(h, again, 'staff');
  assert.notEqual(now.cookie, before.cookie);
  assert.equal(await alive(h, 'staff', before), false);
  assert.equal(await alive(h, 'staff', now), true);

  const [code] = await inviteCodes(h, orgId);
  const joined = sessionOf(h, await signUp(h, code!, 'Palesa'), 'member');
  const res = await call(h, 'POST', '/api/v1/member/session', {
    as: joined,
    body: { working_name: 'palesa', passphrase: PASSPHRASE },
  });
  const member = sessionOf(h, res, 'member');
  assert.notEqual(member.cookie, joined.cookie);
  assert.equal(await alive(h, 'member', joined), false);
  assert.equal(await alive(h, 'member', member), true);

  const out = await call(h, 'DELETE', '/api/v1/staff/session', { as: now });
  assert.equal(out.statusCode, 204);
  assert.match(String(out.headers['set-cookie']), /^hb_staff=; .*Max-Age=0/);
  assert.equal(await alive(h, 'staff', now), false);
});

test('staff sessions end after 30 idle minutes or 12 hours; member sessions after 14 idle days or 90 days', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const limits = [
    { kind: 'staff', idle: 30 * MINUTE, max: 12 * HOUR, step: 25 * MINUTE },
    { kind: 'member', idle: 14 * DAY, max: 90 * DAY, step: 13 * DAY },
  ] as const;
  for (const { kind, idle, max, step } of limits) {
    const make = () => (kind === 'staff' ? makeStaff(h.t, { [orgId]: 'outreach' }) : makeMember(h.t, orgId));
    const idler = await make();
    h.advance(idle - MINUTE);
    assert.equal(await alive(h, kind, idler), true, `${kind}: used just inside the idle limit`);
    h.advance(idle - MINUTE);
    assert.equal(await alive(h, kind, idler), true, `${kind}: use restarts the idle time`);
    h.advance(idle);
    assert.equal(await alive(h, kind, idler), false, `${kind}: idle too long`);

    const busy = await make();
    const start = h.ms();
    while (h.ms() + step < start + max) {
      h.advance(step);
      assert.equal(await alive(h, kind, busy), true, `${kind}: in use at +${(h.ms() - start) / HOUR} h`);
    }
    h.advance(start + max - h.ms());
    assert.equal(await alive(h, kind, busy), false, `${kind}: past the absolute end although in use`);
  }
});

test('offboarding ends every session of the person at once and disables the account', async (t) => {
  const h = await harness(t);
  const admin = await orgWithAdmin(h);
  const adminSession = await makeStaff(h.t, { [admin.orgId]: 'admin' });
  const worker = await staffWithPassword(h, { [admin.orgId]: 'outreach' });
  const phone = sessionOf(h, await staffSignIn(h, { email: worker.email, password: PASSWORD }, { ip: '192.0.2.1' }), 'staff');
  const laptop = sessionOf(h, await staffSignIn(h, { email: worker.email, password: PASSWORD }, { ip: '192.0.2.2' }), 'staff');
  assert.equal(await alive(h, 'staff', phone), true);

  const peer = await makeStaff(h.t, { [admin.orgId]: 'coordinator' });
  assertError(await call(h, 'DELETE', `/api/v1/orgs/${admin.orgId}/staff/${worker.id}`, { as: peer }), 403, 'forbidden');
  const res = await call(h, 'DELETE', `/api/v1/orgs/${admin.orgId}/staff/${worker.id}`, { as: adminSession });
  assert.equal(res.statusCode, 204, res.body);
  assert.equal(await alive(h, 'staff', phone), false);
  assert.equal(await alive(h, 'staff', laptop), false);
  assertError(await staffSignIn(h, { email: worker.email, password: PASSWORD }), 401, 'invalid_credentials');

  const audit = await call(h, 'GET', `/api/v1/orgs/${admin.orgId}/audit`, { as: adminSession });
  const entries = audit.json<{ entries: { action: string; object_id: string | null }[] }>().entries;
  assert.ok(entries.some((e) => e.action === 'staff.removed' && e.object_id === worker.id));
  assertError(await call(h, 'GET', `/api/v1/orgs/${admin.orgId}/audit`, { as: peer }), 403, 'forbidden');
});

test('an admin reset clears the password, two-factor sign-in and recovery codes', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const admin = await makeStaff(h.t, { [orgId]: 'admin' });
  const coordinator = await staffWithPassword(h, { [orgId]: 'coordinator' });
  const { secret, codes, session } = await enrol(
    h,
    sessionOf(h, await staffSignIn(h, { email: coordinator.email, password: PASSWORD }), 'staff'),
  );

  const res = await call(h, 'POST', `/api/v1/orgs/${orgId}/staff/${coordinator.id}/reset`, { as: admin });
  assert.equal(res.statusCode, 200, res.body);
  const { setup_path } = res.json<{ setup_path: string }>();
  assert.equal(await alive(h, 'staff', session), false);
  h.advance(30_000);
  assertError(
    await staffSignIn(h, { email: coordinator.email, password: PASSWORD, totp: totpCode(secret, h.ms()) }),
    401,
    'invalid_credentials',
  );
  assertError(
    await staffSignIn(h, { email: coordinator.email, password: PASSWORD, recovery_code: codes[0]! }),
    401,
    'invalid_credentials',
  );
  const row = await h.t.db.db.selectFrom('staff').selectAll().where('id', '=', coordinator.id).executeTakeFirstOrThrow();
  assert.deepEqual([row.password_hash, row.totp_secret, row.totp_last_step], [null, null, null]);
  const left = await h.t.db.db.selectFrom('recovery_code').select('code_hash').where('staff_id', '=', coordinator.id).execute();
  assert.equal(left.length, 0);

  const newPassword = 'a brand new password 9';
  await setPassword(h, setup_path, newPassword);
  const reuse = await call(h, 'POST', `/api/v1/staff${setup_path.slice('/staff'.length)}`, { body: { password: newPassword } });
  assertError(reuse, 400, 'invalid_request');
  const back = await staffSignIn(h, { email: coordinator.email, password: newPassword });
  assert.equal(back.statusCode, 200, back.body);
  assert.equal(back.json<{ enrol_only: boolean }>().enrol_only, true);
});

test('an admin of one organisation cannot reset, and so take over, an account that holds more elsewhere', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const otherOrg = await makeOrg(h.t);
  const admin = await makeStaff(h.t, { [orgId]: 'admin' });
  const operator = await staffWithPassword(h, {}, true);
  const elsewhere = await staffWithPassword(h, { [otherOrg]: 'admin' });
  for (const target of [operator, elsewhere]) {
    // Any admin may add an existing account to their organisation (it keeps its password)…
    const added = await call(h, 'POST', `/api/v1/orgs/${orgId}/staff`, {
      as: admin,
      body: { email: target.email, role: 'outreach' },
    });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json<{ setup_path: string | null }>().setup_path, null);
    // …but a reset would hand the admin a set-up link for the whole account.
    const res = await call(h, 'POST', `/api/v1/orgs/${orgId}/staff/${target.id}/reset`, { as: admin });
    assertError(res, 403, 'forbidden');
    assert.equal((await staffSignIn(h, { email: target.email, password: PASSWORD })).statusCode, 200, 'the password still works');
  }
});
