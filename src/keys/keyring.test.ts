import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { openDatabase } from '../db/connection.ts';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { KeyError, type KeyErrorCode } from './errors.ts';
import type { FieldRef } from './fields.ts';
import { Keyring, REFRESH_MS } from './keyring.ts';
import { insertDataKey } from './repo.ts';
import { rotateKeys } from './rotate.ts';

const MASTER = randomBytes(32);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const FEEDBACK: FieldRef = { table: 'service_feedback', column: 'detail_sealed', id: 'row-1' };

async function freshDb(t: TestContext): Promise<TestDb> {
  const db = await createTestDb();
  t.after(() => db.destroy());
  return db;
}

/** Asserts the promise rejects with a KeyError of this code whose message holds no key material. */
async function rejectsWith(promise: Promise<unknown>, code: KeyErrorCode): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof KeyError, `expected a KeyError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.ok(!error.message.includes(MASTER.toString('base64')));
    return true;
  });
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), 'condition not met within 2 s');
}

test('a value opens in its own row and column only', async (t) => {
  const db = await freshDb(t);
  const keys = await Keyring.open(db.db, MASTER);
  const value = keys.encrypt(FEEDBACK, 'the clinic closed in March, ünïcode ✓');
  assert.match(value, /^k1\.[A-Za-z0-9_-]+$/);
  assert.notEqual(keys.encrypt(FEEDBACK, 'the clinic closed in March, ünïcode ✓'), value, 'a fresh nonce each time');
  assert.equal(await keys.decrypt(db.db, FEEDBACK, value), 'the clinic closed in March, ünïcode ✓');
  assert.equal(await keys.decrypt(db.db, FEEDBACK, keys.encrypt(FEEDBACK, '')), '');

  await rejectsWith(keys.decrypt(db.db, { ...FEEDBACK, id: 'row-2' }, value), 'cannot_open');
  await rejectsWith(keys.decrypt(db.db, { table: 'staff', column: 'totp_secret', id: 'row-1' }, value), 'cannot_open');
});

test('a changed value does not open', async (t) => {
  const db = await freshDb(t);
  const keys = await Keyring.open(db.db, MASTER);
  const value = keys.encrypt(FEEDBACK, 'a secret long enough to span blocks of the cipher');
  const body = value.slice('k1.'.length);
  // A character in the nonce, in the tag, in the ciphertext, and the last one; flipping a character's
  // top bit, since the last one's low bits may be padding.
  for (const at of [2, 20, 40, body.length - 1]) {
    const flipped = BASE64URL[BASE64URL.indexOf(body[at]!) ^ 32]!;
    await rejectsWith(keys.decrypt(db.db, FEEDBACK, `k1.${body.slice(0, at)}${flipped}${body.slice(at + 1)}`), 'cannot_open');
  }
  await rejectsWith(keys.decrypt(db.db, FEEDBACK, `k1.${body.slice(0, 30)}`), 'cannot_open');
  await rejectsWith(keys.decrypt(db.db, FEEDBACK, `k1.${body}!`), 'cannot_open');
  await rejectsWith(keys.decrypt(db.db, FEEDBACK, `k2.${body}`), 'unknown_version');
  await rejectsWith(keys.decrypt(db.db, FEEDBACK, body), 'malformed');
});

test('identifiers: one tag per purpose and value, matched across a rotation', async (t) => {
  const db = await freshDb(t);
  const keys = await Keyring.open(db.db, MASTER);
  const tag = keys.hmac('invite', 'ABCD-1234');
  assert.match(tag, /^h1\.[A-Za-z0-9_-]{43}$/);
  assert.equal(keys.hmac('invite', 'ABCD-1234'), tag);
  assert.notEqual(keys.hmac('plate', 'ABCD-1234'), tag);
  assert.notEqual(keys.hmac('invite', 'ABCD-1235'), tag);
  assert.deepEqual(keys.hmacAll('invite', 'ABCD-1234'), [tag]);
  const at = new Date().toISOString();
  await db.db
    .insertInto('invite')
    .values({ code_hash: tag, organization_id: 'org', created_by: 'staff', created_at: at, expires_at: at, used_at: null })
    .execute();

  const { version } = await rotateKeys(db.db, keys);
  assert.equal(version, 2);
  const now = keys.hmac('invite', 'ABCD-1234');
  assert.match(now, /^h2\./);
  assert.deepEqual(keys.hmacAll('invite', 'ABCD-1234'), [now, tag]);
  const found = await db.db
    .selectFrom('invite')
    .select('organization_id')
    .where('code_hash', 'in', keys.hmacAll('invite', 'ABCD-1234'))
    .execute();
  assert.deepEqual(found, [{ organization_id: 'org' }]);
});

test('processes starting together share one version 1, and open each other’s values', async (t) => {
  const db = await freshDb(t);
  const other = openDatabase(db.url, { poolSize: 2 });
  t.after(() => other.close());
  const [a, b] = await Promise.all([Keyring.open(db.db, MASTER), Keyring.open(other.db, MASTER)]);
  const rows = await db.db.selectFrom('data_key').select(['version', 'state']).execute();
  assert.deepEqual(rows, [{ version: 1, state: 'active' }]);
  assert.equal(await b.decrypt(other.db, FEEDBACK, a.encrypt(FEEDBACK, 'from a')), 'from a');
  assert.equal(await a.decrypt(db.db, FEEDBACK, b.encrypt(FEEDBACK, 'from b')), 'from b');
  assert.equal(a.hmac('phone', '+27821234567'), b.hmac('phone', '+27821234567'));

  await rejectsWith(Keyring.open(db.db, randomBytes(32)), 'unwrap_failed');
  await rejectsWith(Keyring.open(db.db, randomBytes(16)), 'master_key');
});

test('a version stored twice is refused by its primary key, told apart by the driver’s code', async (t) => {
  const db = await freshDb(t);
  const row = { version: 7, wrapped: 'w', state: 'retired' as const, created_at: new Date().toISOString() };
  assert.equal(await insertDataKey(db.db, row), true);
  assert.equal(await insertDataKey(db.db, { ...row, wrapped: 'other' }), false);
  const stored = await db.db.selectFrom('data_key').select('wrapped').execute();
  assert.deepEqual(stored, [{ wrapped: 'w' }]);
});

test('a keyring that has not seen a rotation opens new values, and moves to the new version after 30 s', async (t) => {
  const db = await freshDb(t);
  let clock = Date.now();
  const rotator = await Keyring.open(db.db, MASTER);
  const server = await Keyring.open(db.db, MASTER, { now: () => clock });
  const reader = await Keyring.open(db.db, MASTER);
  await rotateKeys(db.db, rotator);

  const fresh = rotator.encrypt(FEEDBACK, 'under version 2');
  assert.match(fresh, /^k2\./);
  assert.equal(await reader.decrypt(db.db, FEEDBACK, fresh), 'under version 2');
  assert.equal(reader.activeVersion, 2);

  assert.match(server.encrypt(FEEDBACK, 'x'), /^k1\./, 'the active version is not re-read within 30 s');
  clock += REFRESH_MS;
  assert.match(server.encrypt(FEEDBACK, 'x'), /^k1\./, 'the re-read runs in the background');
  await waitFor(() => server.activeVersion === 2);
  assert.match(server.encrypt(FEEDBACK, 'x'), /^k2\./);
  assert.equal(server.hmacAll('p', 'v').length, 2);
});

test('refresh() re-reads the active version at once', async (t) => {
  const db = await freshDb(t);
  const a = await Keyring.open(db.db, MASTER);
  const b = await Keyring.open(db.db, MASTER);
  await rotateKeys(db.db, a);
  assert.equal(b.activeVersion, 1);
  await b.refresh();
  assert.equal(b.activeVersion, 2);
});

test('secret(): 32 bytes per purpose from the master key, the same after rotation', async (t) => {
  const db = await freshDb(t);
  const keys = await Keyring.open(db.db, MASTER);
  const csrf = keys.secret('csrf');
  assert.equal(csrf.length, 32);
  assert.notDeepEqual(keys.secret('other'), csrf);
  await rotateKeys(db.db, keys);
  assert.deepEqual(keys.secret('csrf'), csrf);
  const elsewhere = await createTestDb();
  t.after(() => elsewhere.destroy());
  assert.deepEqual((await Keyring.open(elsewhere.db, MASTER)).secret('csrf'), csrf, 'depends on the master key only');
});
