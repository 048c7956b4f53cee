// Erasing a member (she deletes her account, or the organisation that invited her revokes it)
// leaves nothing of her: no row of any table holds her id or her working name, and on SQLite the
// database file itself holds no trace of the name.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { sessionCookieName } from '../src/access/sessions.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { makeOrg, makeStaff, type SignedIn } from './helpers/auth.ts';
import { DIALECT } from './helpers/db.ts';

const NAME = 'Zanele-Erasure-Probe';
const PASSPHRASE = 'seven quiet herons';
const SQLITE_ONLY =
  'the database file is SQLite’s: PostgreSQL keeps dead tuples until VACUUM and its files are not ours to read; the table scan covers it';

interface Member {
  id: string;
  session: { cookie: string; csrf: string };
}

async function appWithOrg(t: TestContext): Promise<{ app: TestApp; orgId: string; outreach: SignedIn }> {
  const app = await createTestApp({ gazetteer: false });
  t.after(() => app.close());
  const orgId = await makeOrg(app);
  return { app, orgId, outreach: await makeStaff(app, { [orgId]: 'outreach' }) };
}

function send(app: TestApp, method: 'GET' | 'POST' | 'DELETE', url: string, as: Member['session'] | null, body?: object) {
  return app.app.inject({
    method,
    url,
    headers: as ? { cookie: as.cookie, 'x-csrf-token': as.csrf } : {},
    ...(body ? { payload: body } : {}),
  });
}

function sessionOf(app: TestApp, res: LightMyRequestResponse): Member['session'] {
  const name = sessionCookieName(app.config, 'member');
  const value = res.cookies.find((c) => c.name === name)?.value;
  assert.ok(value, res.body);
  return { cookie: `${name}=${value}`, csrf: res.json<{ csrf_token: string }>().csrf_token };
}

/** A member who joined with an invite, signed in on a second phone, failed a sign-in and looked at her data. */
async function activeMember(app: TestApp, orgId: string, outreach: SignedIn, name: string): Promise<Member> {
  const made = await send(app, 'POST', `/api/v1/orgs/${orgId}/invites`, outreach, {});
  const code = made.json<{ invites: { code: string }[] }>().invites[0]!.code;
  const joined = await send(app, 'POST', '/api/v1/members', null, {
    invite_code: code,
    working_name: name,
    passphrase: PASSPHRASE,
  });
  assert.equal(joined.statusCode, 201, joined.body);
  const id = joined.json<{ member: { id: string } }>().member.id;
  const wrong = await send(app, 'POST', '/api/v1/member/session', null, { working_name: name, passphrase: 'not her passphrase' });
  assert.equal(wrong.statusCode, 401);
  const second = await send(app, 'POST', '/api/v1/member/session', null, { working_name: name, passphrase: PASSPHRASE });
  const session = sessionOf(app, second);
  assert.equal((await send(app, 'GET', '/api/v1/member', session)).statusCode, 200);
  return { id, session };
}

/** Every table of the database (SQLite: sqlite_master; PostgreSQL: this test's schema). */
async function tableNames(app: TestApp): Promise<string[]> {
  const query =
    DIALECT === 'sqlite'
      ? sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
      : sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`;
  return (await query.execute(app.db.db)).rows.map((r) => r.name);
}

/** `table: value` for every value of every row that contains one of the needles (case-insensitive). */
async function valuesContaining(app: TestApp, needles: string[]): Promise<string[]> {
  const lower = needles.map((n) => n.toLowerCase());
  const hits: string[] = [];
  for (const table of await tableNames(app)) {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(app.db.db);
    for (const row of rows)
      for (const [column, value] of Object.entries(row)) {
        const text = Buffer.isBuffer(value)
          ? value.toString('latin1')
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value);
        if (lower.some((n) => text.toLowerCase().includes(n))) hits.push(`${table}.${column}: ${text.slice(0, 120)}`);
      }
  }
  return hits;
}

async function assertGone(app: TestApp, member: Member): Promise<void> {
  assert.deepEqual(await valuesContaining(app, [member.id, NAME]), []);
  const res = await send(app, 'GET', '/api/v1/member', member.session);
  assert.equal(res.statusCode, 401);
  const again = await send(app, 'POST', '/api/v1/member/session', null, { working_name: NAME, passphrase: PASSPHRASE });
  assert.equal(again.json<{ error: { code: string } }>().error.code, 'invalid_credentials');
}

test('after she deletes her account, no table holds her id or her working name', async (t) => {
  const { app, orgId, outreach } = await appWithOrg(t);
  const other = await activeMember(app, orgId, outreach, 'Control Member');
  const member = await activeMember(app, orgId, outreach, NAME);
  // The scan finds what is there (her name, her id in her sessions and account).
  const before = await valuesContaining(app, [member.id, NAME]);
  assert.ok(
    before.some((h) => h.startsWith('member.working_name')) && before.some((h) => h.startsWith('session.subject_id')),
    before.join('\n'),
  );

  const wrong = await send(app, 'DELETE', '/api/v1/member', member.session, { passphrase: 'not her passphrase' });
  assert.equal(wrong.statusCode, 401);
  assert.ok((await valuesContaining(app, [member.id])).length > 0, 'a wrong passphrase deletes nothing');

  const res = await send(app, 'DELETE', '/api/v1/member', member.session, { passphrase: PASSPHRASE });
  assert.equal(res.statusCode, 204, res.body);
  assert.match(String(res.headers['set-cookie']), /Max-Age=0/);
  await assertGone(app, member);
  assert.ok((await valuesContaining(app, [other.id, 'Control Member'])).length > 0, 'only her data went');
});

test('after the organisation that invited her revokes her, no table holds her id or her working name', async (t) => {
  const { app, orgId, outreach } = await appWithOrg(t);
  const member = await activeMember(app, orgId, outreach, NAME);
  const coordinator = await makeStaff(app, { [orgId]: 'coordinator' });
  const res = await send(app, 'DELETE', `/api/v1/orgs/${orgId}/members/${member.id}`, coordinator);
  assert.equal(res.statusCode, 204, res.body);
  await assertGone(app, member);
});

test(
  'SQLite: the connection overwrites deleted content (secure_delete)',
  { skip: DIALECT !== 'sqlite' && SQLITE_ONLY },
  async (t) => {
    const { app } = await appWithOrg(t);
    const { rows } = await sql<{ secure_delete: number }>`PRAGMA secure_delete`.execute(app.db.db);
    assert.equal(rows[0]?.secure_delete, 1);
  },
);

/** The bytes of the SQLite database file and, when there is one, its write-ahead log. */
function fileBytes(app: TestApp): { db: Buffer; wal: Buffer } {
  const path = app.db.url.slice('sqlite:'.length);
  return { db: readFileSync(path), wal: existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0) };
}

/** Where a name (as typed, or as its lower-case uniqueness key) still lies in the bytes. */
function traces(bytes: Buffer, name: string): number {
  return [name, name.toLowerCase()].filter((n) => bytes.includes(Buffer.from(n, 'utf8'))).length;
}

test(
  'SQLite: after erasure and a checkpoint, the database file and its WAL hold no trace of her name',
  { skip: DIALECT !== 'sqlite' && SQLITE_ONLY },
  async (t) => {
    const { app, orgId, outreach } = await appWithOrg(t);
    const member = await activeMember(app, orgId, outreach, NAME);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(app.db.db);
    assert.ok(traces(fileBytes(app).db, NAME) > 0, 'the name is in the file while she has an account');

    const res = await send(app, 'DELETE', '/api/v1/member', member.session, { passphrase: PASSPHRASE });
    assert.equal(res.statusCode, 204, res.body);
    const { rows } = await sql<{ busy: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(app.db.db);
    assert.equal(rows[0]?.busy, 0, 'the checkpoint completed');
    const { db, wal } = fileBytes(app);
    assert.equal(traces(db, NAME), 0, 'the database file');
    assert.ok(!db.includes(Buffer.from(member.id)), 'her id is gone from the database file');
    assert.equal(traces(wal, NAME), 0, 'the write-ahead log');
  },
);

test(
  'SQLite: right after erasure, before any checkpoint, the WAL holds no trace of her name',
  {
    skip: DIALECT !== 'sqlite' && SQLITE_ONLY,
  },
  async (t) => {
    const { app, orgId, outreach } = await appWithOrg(t);
    const member = await activeMember(app, orgId, outreach, NAME);
    const res = await send(app, 'DELETE', '/api/v1/member', member.session, { passphrase: PASSPHRASE });
    assert.equal(res.statusCode, 204, res.body);
    // What SQLite's automatic checkpoint does: pages copied back, log kept for reuse.
    await sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(app.db.db);
    const { db, wal } = fileBytes(app);
    assert.equal(traces(db, NAME), 0, 'the database file');
    assert.equal(traces(wal, NAME), 0, 'the write-ahead log');
  },
);
