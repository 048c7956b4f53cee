/**
 * Shared by the identity and access tests (staff sign-in, members and invites, what is stored):
 * an app on a fresh database with a clock the test moves, JSON calls with a session, and the
 * usual ways in (an organisation with its admin, enrolled two-factor, invite codes, sign-up).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sessionCookieName, type SessionKind } from '../../src/access/sessions.ts';
import { hashSecret } from '../../src/auth/password.ts';
import { totpCode } from '../../src/auth/totp.ts';
import { createTestApp, type TestApp, type TestAppOptions } from './app.ts';
import { makeStaff } from './auth.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const PASSWORD = 'tugboat lantern 42 quietly';
export const PASSPHRASE = 'river stones at dusk';
/** One hash for every staff member made with PASSWORD (argon2id costs ~50 ms a hash). */
export const PASSWORD_HASH = hashSecret(PASSWORD);

/** A session as a client holds it: the cookie header and its CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
}

export interface Harness {
  t: TestApp;
  /** The app's clock, in milliseconds; `advance` moves it. */
  ms(): number;
  advance(ms: number): void;
  /** The client address requests come from, unless a call names another. */
  ip: string;
}

export type ErrorBody = { error: { code: string; message: string } };

/** A fresh app on a fresh database with a clock the test moves (from a fixed Monday morning). */
export async function harness(t: TestContext, options: TestAppOptions = {}): Promise<Harness> {
  let at = Date.parse('2026-03-02T06:00:00Z');
  const app = await createTestApp({ gazetteer: false, clock: () => new Date(at), ...options });
  t.after(() => app.close());
  return { t: app, ms: () => at, advance: (ms) => void (at += ms), ip: '192.0.2.10' };
}

export interface Call {
  body?: unknown;
  as?: Session | null;
  ip?: string;
  headers?: Record<string, string>;
}

/** A JSON request; `as` adds the session's cookie and CSRF token. */
export function call(h: Harness, method: 'GET' | 'POST' | 'DELETE', url: string, o: Call = {}): Promise<LightMyRequestResponse> {
  const headers = { ...(o.as ? { cookie: o.as.cookie, 'x-csrf-token': o.as.csrf } : {}), ...o.headers };
  return h.t.app.inject({
    method,
    url,
    headers,
    remoteAddress: o.ip ?? h.ip,
    ...(o.body !== undefined ? { payload: o.body as InjectOptions['payload'] } : {}),
  });
}

export function assertError(res: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.json<ErrorBody>().error.code, code);
  assert.equal(typeof res.json<ErrorBody>().error.message, 'string');
}

/** The session a sign-in answer started: its cookie and the `csrf_token` of the body. */
export function sessionOf(h: Harness, res: LightMyRequestResponse, kind: SessionKind): Session {
  assert.ok(res.statusCode < 300, res.body);
  const name = sessionCookieName(h.t.config, kind);
  const cookie = res.cookies.find((c) => c.name === name);
  assert.ok(cookie?.value, `the answer sets ${name}`);
  return { cookie: `${name}=${cookie.value}`, csrf: res.json<{ csrf_token: string }>().csrf_token };
}

export function staffSignIn(h: Harness, body: Record<string, string>, o: Call = {}): Promise<LightMyRequestResponse> {
  return call(h, 'POST', '/api/v1/staff/session', { ...o, body });
}

/** Whether a session still works (200) or not (401 not_signed_in). */
export async function alive(h: Harness, kind: SessionKind, session: Session): Promise<boolean> {
  const res = await call(h, 'GET', kind === 'staff' ? '/api/v1/staff/me' : '/api/v1/member', { as: session });
  if (res.statusCode === 200) return true;
  assertError(res, 401, 'not_signed_in');
  return false;
}

export const email = (who: string) => `${who}-${randomUUID().slice(0, 8)}@org.example`;

/** A staff member with PASSWORD and roles, and their email (no session). */
export async function staffWithPassword(h: Harness, roles: Parameters<typeof makeStaff>[1], operator = false) {
  const address = email('staff');
  const made = await makeStaff(h.t, roles, { email: address, passwordHash: await PASSWORD_HASH, operator });
  return { id: made.id, email: address };
}

/** The operator's way in: an organisation and its admin, who sets a password from the set-up link. */
export async function orgWithAdmin(h: Harness): Promise<{ orgId: string; adminId: string; email: string }> {
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

export async function setPassword(h: Harness, setupPath: string, password: string): Promise<void> {
  assert.match(setupPath, /^\/staff\/setup\/[\w-]+$/);
  const res = await call(h, 'POST', `/api/v1/staff${setupPath.slice('/staff'.length)}`, { body: { password } });
  assert.equal(res.statusCode, 204, res.body);
}

/** Enrols two-factor sign-in on a session: the secret, the ten recovery codes and the rotated session. */
export async function enrol(h: Harness, session: Session): Promise<{ secret: string; codes: string[]; session: Session }> {
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
export async function inviteCodes(h: Harness, orgId: string, count = 1, body: Record<string, number> = {}): Promise<string[]> {
  const outreach = await makeStaff(h.t, { [orgId]: 'outreach' });
  const res = await call(h, 'POST', `/api/v1/orgs/${orgId}/invites`, { as: outreach, body: { count, ...body } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ invites: { code: string }[] }>().invites.map((i) => i.code);
}

export function signUp(h: Harness, code: string, name: string, passphrase = PASSPHRASE, o: Call = {}) {
  return call(h, 'POST', '/api/v1/members', { ...o, body: { invite_code: code, working_name: name, passphrase } });
}
