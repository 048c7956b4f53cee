// Identity and access end to end through `app.inject` on a real database: staff sign-in with
// two-factor codes, recovery codes, backoff, sessions, staff management, invites, members, CSRF,
// cookies, what the database holds, and key rotation while the app serves.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { ACCOUNT_POLICY } from '../src/access/throttle.ts';
import { sessionCookieName, type SessionKind } from '../src/access/sessions.ts';
import { formatInviteCode } from '../src/auth/codes.ts';
import { hashSecret, isArgon2id } from '../src/auth/password.ts';
import { totpCode } from '../src/auth/totp.ts';
import { buildApp, type App } from '../src/http/app.ts';
import { KeyError } from '../src/keys/errors.ts';
import { Keyring, sealedVersion } from '../src/keys/keyring.ts';
import { masterKeyOf } from '../src/keys/open.ts';
import { rotateKeys } from '../src/keys/rotate.ts';
import { createTestApp, type TestApp, type TestAppOptions } from './helpers/app.ts';
import { makeMember, makeOrg, makeStaff } from './helpers/auth.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PASSWORD = 'tugboat lantern 42 quietly';
const PASSPHRASE = 'river stones at dusk';
/** One hash for every staff member made with PASSWORD (argon2id costs ~50 ms a hash). */
const PASSWORD_HASH = hashSecret(PASSWORD);

/** A session as a client holds it: the cookie header and its CSRF token. */
interface Session {
  cookie: string;
  csrf: string;
}

interface Harness {
  t: TestApp;
  /** The app's clock, in milliseconds; `advance` moves it. */
  ms(): number;
  advance(ms: number): void;
  /** The client address requests come from, unless a call names another. */
  ip: string;
}

type ErrorBody = { error: { code: string; message: string } };

/** A fresh app on a fresh database with a clock the test moves (from a fixed Monday morning). */
async function harness(t: TestContext, options: TestAppOptions = {}): Promise<Harness> {
  let at = Date.parse('2026-03-02T06:00:00Z');
  const app = await createTestApp({ gazetteer: false, clock: () => new Date(at), ...options });
  t.after(() => app.close());
  return { t: app, ms: () => at, advance: (ms) => void (at += ms), ip: '192.0.2.10' };
}

interface Call {
  body?: unknown;
  as?: Session | null;
  ip?: string;
  headers?: Record<string, string>;
}

/** A JSON request; `as` adds the session's cookie and CSRF token. */
function call(h: Harness, method: 'GET' | 'POST' | 'DELETE', url: string, o: Call = {}): Promise<LightMyRequestResponse> {
  const headers = { ...(o.as ? { cookie: o.as.cookie, 'x-csrf-token': o.as.csrf } : {}), ...o.headers };
  return h.t.app.inject({
    method,
    url,
    headers,
    remoteAddress: o.ip ?? h.ip,
    ...(o.body !== undefined ? { payload: o.body as InjectOptions['payload'] } : {}),
  });
}

function assertError(res: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.json<ErrorBody>().error.code, code);
  assert.equal(typeof res.json<ErrorBody>().error.message, 'string');
}

/** The session a sign-in answer started: its cookie and the `csrf_token` of the body. */
function sessionOf(h: Harness, res: LightMyRequestResponse, kind: SessionKind): Session {
  assert.ok(res.statusCode < 300, res.body);
  const name = sessionCookieName(h.t.config, kind);
  const cookie = res.cookies.find((c) => c.name === name);
  assert.ok(cookie?.value, `the answer sets ${name}`);
  return { cookie: `${name}=${cookie.value}`, csrf: res.json<{ csrf_token: string }>().csrf_token };
}

function staffSignIn(h: Harness, body: Record<string, string>, o: Call = {}): Promise<LightMyRequestResponse> {
  return call(h, 'POST', '/api/v1/staff/session', { ...o, body });
}

/** Whether a session still works (200) or not (401 not_signed_in). */
async function alive(h: Harness, kind: SessionKind, session: Session): Promise<boolean> {
  const res = await call(h, 'GET', kind === 'staff' ? '/api/v1/staff/me' : '/api/v1/member', { as: session });
  if (res.statusCode === 200) return true;
  assertError(res, 401, 'not_signed_in');
  return false;
}

const email = (who: string) => `${who}-${randomUUID().slice(0, 8)}@org.example`;

/** A staff member with PASSWORD and roles, and their email (no session). */
async function staffWithPassword(h: Harness, roles: Parameters<typeof makeStaff>[1], operator = false) {
  const address = email('staff');
  const made = await makeStaff(h.t, roles, { email: address, passwordHash: await PASSWORD_HASH, operator });
  return { id: made.id, email: address };
}

/** The operator's way in: an organisation and its admin, who sets a password from the set-up link. */
async function orgWithAdmin(h: Harness): Promise<{ orgId: string; adminId: string; email: string }> {
  const operator = await makeStaff(h.t, {}, { operator: true });
  const adminEmail = email('admin');
  const res = await call(h, 'POST', '/api/v1/orgs', {
    as: operator,
    body: { name: `Org ${randomUUID()}`, admin_email: adminEmail },
  });
  assert.equal(res.statusCode, 201, res.body);
  const made = res.json<{ organization_id: string; admin_id: string; setup_path: string }>();
  await setPassword(h, made.setup_path, PASSWORD);
  return { orgId: made.organization_id, adminId: made.admin_id, email: adminEmail };
}

async function setPassword(h: Harness, setupPath: string, password: string): Promise<void> {
  assert.match(setupPath, /^\/staff\/setup\/[\w-]+$/);
  const res = await call(h, 'POST', `/api/v1/staff${setupPath.slice('/staff'.length)}`, { body: { password } });
  assert.equal(res.statusCode, 204, res.body);
}

/** Enrols two-factor sign-in on a session: the secret, the ten recovery codes and the rotated session. */
async function enrol(h: Harness, session: Session): Promise<{ secret: string; codes: string[]; session: Session }> {
  const begun = await call(h, 'POST', '/api/v1/staff/totp', { as: session });
  assert.equal(begun.statusCode, 200, begun.body);
  const { secret, otpauth_uri, qr_svg } = begun.json<{ secret: string; otpauth_uri: string; qr_svg: string }>();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.ok(otpauth_uri.startsWith('otpauth://totp/Harbour:') && otpauth_uri.includes(`secret=${secret}`));
  assert.match(qr_svg, /<svg[\s>]/);
  const res = await call(h, 'POST', '/api/v1/staff/totp/confirm', { as: session, body: { code: totpCode(secret, h.ms()) } });
  assert.equal(res.statusCode, 200, res.body);
  return { secret, codes: res.json<{ recovery_codes: string[] }>().recovery_codes, session: sessionOf(h, res, 'staff') };
}

/** Invite codes made through the API by an outreach worker of the organisation. */
async function inviteCodes(h: Harness, orgId: string, count = 1, body: Record<string, number> = {}): Promise<string[]> {
  const outreach = await makeStaff(h.t, { [orgId]: 'outreach' });
  const res = await call(h, 'POST', `/api/v1/orgs/${orgId}/invites`, { as: outreach, body: { count, ...body } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ invites: { code: string }[] }>().invites.map((i) => i.code);
}

function signUp(h: Harness, code: string, name: string, passphrase = PASSPHRASE, o: Call = {}) {
  return call(h, 'POST', '/api/v1/members', { ...o, body: { invite_code: code, working_name: name, passphrase } });
}

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

test('passwords and passphrases are stored only as argon2id hashes', async (t) => {
  const h = await harness(t);
  const admin = await orgWithAdmin(h);
  const staff = await h.t.db.db.selectFrom('staff').selectAll().where('id', '=', admin.adminId).executeTakeFirstOrThrow();
  assert.ok(staff.password_hash !== null && isArgon2id(staff.password_hash), String(staff.password_hash));
  assert.ok(!JSON.stringify(staff).includes(PASSWORD));

  const [code] = await inviteCodes(h, admin.orgId);
  const passphrase = 'marigold kettles sing 77';
  const id = (await signUp(h, code!, 'Kagiso', passphrase)).json<{ member: { id: string } }>().member.id;
  const member = await h.t.db.db.selectFrom('member').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.ok(isArgon2id(member.passphrase_hash), member.passphrase_hash);
  assert.ok(!JSON.stringify(member).includes(passphrase) && !JSON.stringify(member).includes('marigold'));
});

test('a write with a session cookie needs its CSRF token; cross-site writes are refused', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const outreach = await makeStaff(h.t, { [orgId]: 'outreach' });
  const url = `/api/v1/orgs/${orgId}/invites`;
  const cookieOnly = { headers: { cookie: outreach.cookie }, body: {} };
  assertError(await call(h, 'POST', url, cookieOnly), 403, 'csrf_failed');
  assertError(
    await call(h, 'POST', url, { ...cookieOnly, headers: { ...cookieOnly.headers, 'x-csrf-token': 'forged' } }),
    403,
    'csrf_failed',
  );
  const crossSite: Record<string, string>[] = [
    { 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site' },
    { origin: 'https://evil.example' },
    { origin: 'null' },
  ];
  for (const headers of crossSite)
    assertError(await call(h, 'POST', url, { as: outreach, body: {}, headers }), 403, 'csrf_failed');
  const sameSite: Record<string, string>[] = [
    { 'sec-fetch-site': 'same-origin' },
    { host: 'harbour.test', origin: 'http://harbour.test' },
  ];
  for (const headers of sameSite) assert.equal((await call(h, 'POST', url, { as: outreach, body: {}, headers })).statusCode, 201);
  assert.equal((await h.t.db.db.selectFrom('invite').select('code_hash').execute()).length, 2);

  // A member's account is not deleted by a request another site makes her browser send.
  const member = await makeMember(h.t, orgId);
  assertError(
    await call(h, 'DELETE', '/api/v1/member', { headers: { cookie: member.cookie }, body: { passphrase: 'x' } }),
    403,
    'csrf_failed',
  );
  // A form carries the token in its `_csrf` field.
  const form = await h.t.app.inject({
    method: 'POST',
    url: '/api/v1/member/sessions/end-others',
    headers: { cookie: member.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: member.csrf }).toString(),
  });
  assert.equal(form.statusCode, 200, form.body);
  // Signed out: 401 whatever the body.
  assertError(await call(h, 'DELETE', '/api/v1/member', { body: {} }), 401, 'not_signed_in');
});

test('session cookies are HttpOnly and SameSite=Strict; behind https they are __Host- and Secure', async (t) => {
  for (const publicUrl of [null, 'https://harbour.example.org']) {
    const h = await harness(t, publicUrl ? { env: { HARBOUR_PUBLIC_URL: publicUrl } } : {});
    const orgId = await makeOrg(h.t);
    const staff = await staffWithPassword(h, { [orgId]: 'outreach' });
    const [code] = await inviteCodes(h, orgId);
    const answers = {
      staff: await staffSignIn(h, { email: staff.email, password: PASSWORD }),
      member: await signUp(h, code!, `Lindiwe ${publicUrl ? 'S' : 'P'}`),
    };
    for (const [kind, res] of Object.entries(answers) as [SessionKind, LightMyRequestResponse][]) {
      const header = String(res.headers['set-cookie']);
      const name = publicUrl ? `__Host-hb_${kind}` : `hb_${kind}`;
      const attributes = header.split('; ').slice(1);
      assert.ok(header.startsWith(`${name}=`), header);
      assert.ok(
        attributes.includes('HttpOnly') && attributes.includes('SameSite=Strict') && attributes.includes('Path=/'),
        header,
      );
      assert.equal(attributes.includes('Secure'), publicUrl !== null, header);
      assert.ok(!attributes.some((a) => a.startsWith('Domain')), header);
      if (kind === 'member') assert.ok(attributes.includes(`Max-Age=${90 * 86_400}`), header);
      const session = sessionOf(h, res, kind);
      assert.equal(await alive(h, kind, session), true);
      // Behind https only the prefixed name counts.
      if (publicUrl) assert.equal(await alive(h, kind, { ...session, cookie: session.cookie.replace('__Host-', '') }), false);
    }
  }
});

test('TOTP secrets are encrypted and bound to their row; codes and tokens are stored only as digests', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const staff = await staffWithPassword(h, { [orgId]: 'coordinator' });
  const other = await staffWithPassword(h, { [orgId]: 'outreach' });
  const signedIn = sessionOf(h, await staffSignIn(h, { email: staff.email, password: PASSWORD }), 'staff');
  const { secret, codes, session } = await enrol(h, signedIn);

  const row = await h.t.db.db.selectFrom('staff').selectAll().where('id', '=', staff.id).executeTakeFirstOrThrow();
  const sealed = row.totp_secret!;
  assert.match(sealed, /^k\d+\./);
  assert.equal(sealedVersion(sealed), h.t.app.services.keys.activeVersion);
  assert.ok(!sealed.includes(secret) && !JSON.stringify(row).includes(secret));
  const keys = h.t.app.services.keys;
  assert.equal(await keys.decrypt(h.t.db.db, { table: 'staff', column: 'totp_secret', id: staff.id }, sealed), secret);
  // Copied onto another row, it does not open.
  await assert.rejects(
    keys.decrypt(h.t.db.db, { table: 'staff', column: 'totp_secret', id: other.id }, sealed),
    (e: unknown) => e instanceof KeyError && e.code === 'cannot_open',
  );

  const invites = await inviteCodes(h, orgId, 3);
  const stored = JSON.stringify(await h.t.db.db.selectFrom('invite').selectAll().execute());
  for (const code of invites)
    assert.ok(!stored.includes(code) && !stored.includes(formatInviteCode(code)), 'the invite table holds no code');
  const hashes = await h.t.db.db.selectFrom('invite').select('code_hash').execute();
  assert.ok(hashes.every((r) => /^h\d+\./.test(r.code_hash)));
  // An HMAC round trip: the code's tag under the active key finds its row.
  assert.ok(hashes.some((r) => r.code_hash === keys.hmac('invite', invites[0]!)));

  const recovery = JSON.stringify(await h.t.db.db.selectFrom('recovery_code').selectAll().execute());
  assert.ok(codes.every((c) => !recovery.includes(c) && !recovery.includes(c.replace('-', ''))));
  const sessions = JSON.stringify(await h.t.db.db.selectFrom('session').selectAll().execute());
  assert.ok(!sessions.includes(session.cookie.split('=')[1]!), 'the session table holds no token');
  const throttle = JSON.stringify(await h.t.db.db.selectFrom('throttle').selectAll().execute());
  assert.ok(!throttle.includes(staff.email) && !throttle.includes(h.ip));
});

/** A plugin that lets the event loop turn after every query of the Kysely instance it is added to. */
const yieldAfterEachQuery: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    await new Promise((resolve) => setImmediate(resolve));
    return args.result;
  },
};

test('keys rotate while sign-ins with TOTP and invite redemptions are served', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const people: { email: string; id: string; secret: string }[] = [];
  for (let i = 0; i < 12; i++) {
    const staff = await staffWithPassword(h, { [orgId]: 'outreach' });
    const { secret } = await enrol(h, sessionOf(h, await staffSignIn(h, { email: staff.email, password: PASSWORD }), 'staff'));
    people.push({ ...staff, secret });
  }
  // More secrets (staff who never sign in here), so each rotation has many batches to interleave with.
  const keys = h.t.app.services.keys;
  const idle = Array.from({ length: 100 }, (_, i) => {
    const id = randomUUID();
    const sealed = keys.encrypt({ table: 'staff', column: 'totp_secret', id }, 'JBSWY3DPEHPK3PXP');
    return {
      id,
      email: `idle-${i}@org.example`,
      totp_secret: sealed,
      totp_last_step: 1,
      created_at: new Date(h.ms()).toISOString(),
    };
  });
  await h.t.db.db.insertInto('staff').values(idle).execute();
  const codes = await inviteCodes(h, orgId, 12);
  h.advance(30_000);

  // `harbour keys rotate` as another process runs it: its own keyring, and queries that let the
  // app's requests run in between (better-sqlite3 is synchronous: without the yields a rotation in
  // this process would run to its end in one turn of the event loop). Again and again until every
  // request is answered, so the requests meet rotations at every stage.
  const cli = h.t.db.db.withPlugin(yieldAfterEachQuery);
  const rotator = await Keyring.open(cli, masterKeyOf(h.t.config, h.t.db.adapter.name));
  let answered = 0;
  const answeredAtBatch: number[] = [];
  const counted = (p: Promise<LightMyRequestResponse>) => p.finally(() => answered++);
  const requests = Promise.all([
    Promise.all(
      people.map((p, i) =>
        counted(
          staffSignIn(h, { email: p.email, password: PASSWORD, totp: totpCode(p.secret, h.ms()) }, { ip: `198.51.100.${i + 1}` }),
        ),
      ),
    ),
    Promise.all(codes.map((code, i) => counted(signUp(h, code, `Rotation ${i}`, PASSPHRASE, { ip: `203.0.113.${i + 1}` })))),
  ]);
  const total = people.length + codes.length;
  const rotations = [];
  do {
    rotations.push(await rotateKeys(cli, rotator, { batchSize: 2, onBatch: () => answeredAtBatch.push(answered) }));
  } while (answered < total && rotations.length < 100);
  const [signIns, joins] = await requests;
  assert.ok(
    answeredAtBatch.some((n) => n > 0 && n < total),
    `requests were answered while a rotation ran (answered at each batch: ${answeredAtBatch.join(',')})`,
  );
  assert.deepEqual(
    signIns.map((r) => r.statusCode),
    people.map(() => 200),
    signIns.map((r) => r.body).join('\n'),
  );
  assert.deepEqual(
    joins.map((r) => r.statusCode),
    codes.map(() => 201),
    joins.map((r) => r.body).join('\n'),
  );
  const last = rotations.at(-1)!;
  assert.deepEqual(
    rotations.map((r) => [r.version, r.reencrypted, r.unreadable]),
    rotations.map((_, i) => [i + 2, people.length + idle.length, 0]),
  );

  const rows = await h.t.db.db.selectFrom('staff').select(['id', 'totp_secret']).where('totp_secret', 'is not', null).execute();
  assert.equal(rows.length, people.length + idle.length);
  for (const row of rows) assert.equal(sealedVersion(row.totp_secret!), last.version);
  h.advance(30_000);
  for (const p of people) {
    const res = await staffSignIn(h, { email: p.email, password: PASSWORD, totp: totpCode(p.secret, h.ms()) });
    assert.equal(res.statusCode, 200, res.body);
  }
});

test('an invite made under a new data key works on an instance that has not re-read the keys yet', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  // A second instance on the same database, started before the rotation.
  const other = await buildApp(
    { config: h.t.config, handle: h.t.db, now: () => new Date(h.ms()) },
    { logStream: { write: () => {} } },
  );
  t.after(() => other.close());
  await other.ready();
  await rotateKeys(h.t.db.db, h.t.app.services.keys);
  const [code] = await inviteCodes(h, orgId);
  assert.equal(other.services.keys.activeVersion, 1, 'the other instance has not seen version 2');
  const res = await other.inject({
    method: 'POST',
    url: '/api/v1/members',
    payload: { invite_code: code, working_name: 'Refilwe', passphrase: PASSPHRASE },
  });
  assert.equal(res.statusCode, 201, res.body);
});

test('a block on an account outlasts a key rotation', async (t) => {
  const h = await harness(t);
  const orgId = await makeOrg(h.t);
  const staff = await staffWithPassword(h, { [orgId]: 'outreach' });
  for (let i = 0; i < 6; i++)
    assertError(await staffSignIn(h, { email: staff.email, password: 'not the password' }), 401, 'invalid_credentials');
  assertError(await staffSignIn(h, { email: staff.email, password: PASSWORD }), 429, 'too_many_attempts');
  await rotateKeys(h.t.db.db, h.t.app.services.keys);
  assertError(await staffSignIn(h, { email: staff.email, password: PASSWORD }), 429, 'too_many_attempts');
});
