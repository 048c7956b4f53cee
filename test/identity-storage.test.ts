// What identity keeps and how it is guarded, through `app.inject` on a real database: hashes only,
// CSRF on writes, cookie flags, encrypted TOTP secrets, and key rotation while the app serves.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { type SessionKind } from '../src/access/sessions.ts';
import { formatInviteCode } from '../src/auth/codes.ts';
import { isArgon2id } from '../src/auth/password.ts';
import { totpCode } from '../src/auth/totp.ts';
import { buildApp } from '../src/http/app.ts';
import { KeyError } from '../src/keys/errors.ts';
import { Keyring, sealedVersion } from '../src/keys/keyring.ts';
import { masterKeyOf } from '../src/keys/open.ts';
import { rotateKeys } from '../src/keys/rotate.ts';
import { makeMember, makeOrg, makeStaff } from './helpers/auth.ts';
import {
  PASSPHRASE,
  PASSWORD,
  alive,
  assertError,
  call,
  enrol,
  harness,
  inviteCodes,
  orgWithAdmin,
  sessionOf,
  signUp,
  staffSignIn,
  staffWithPassword,
} from './helpers/identity.ts';

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
