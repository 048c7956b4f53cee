import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { KeyError } from './errors.ts';
import type { FieldRef } from './fields.ts';
import { Keyring, sealedVersion } from './keyring.ts';
import { rotateKeys } from './rotate.ts';

const MASTER = randomBytes(32);
const ref = (id: string): FieldRef => ({ table: 'service_feedback', column: 'detail_sealed', id });

async function freshDb(t: TestContext): Promise<TestDb> {
  const db = await createTestDb();
  t.after(() => db.destroy());
  return db;
}

/** Inserts one feedback row per text (null: no detail), encrypted by `keys`; returns id → text. */
async function insertFeedback(db: TestDb, keys: Keyring, texts: (string | null)[]): Promise<Map<string, string | null>> {
  const rows = texts.map((text) => {
    const id = randomUUID();
    const detail_sealed = text === null ? null : keys.encrypt(ref(id), text);
    return {
      id,
      service_id: 'svc',
      organization_id: null,
      kind: 'closed',
      detail_sealed,
      created_at: new Date().toISOString(),
      client_ref: null,
    };
  });
  for (let i = 0; i < rows.length; i += 100)
    await db.db
      .insertInto('service_feedback')
      .values(rows.slice(i, i + 100))
      .execute();
  return new Map(rows.map((r, i) => [r.id, texts[i]!]));
}

/** Every feedback row's id, stored value and opened text. */
async function readFeedback(db: TestDb, keys: Keyring): Promise<{ id: string; value: string | null; text: string | null }[]> {
  const rows = await db.db.selectFrom('service_feedback').select(['id', 'detail_sealed']).execute();
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      value: r.detail_sealed,
      text: r.detail_sealed === null ? null : await keys.decrypt(db.db, ref(r.id), r.detail_sealed),
    })),
  );
}

test('rotation re-encrypts every registered column in batches and keeps the old key', async (t) => {
  const db = await freshDb(t);
  const keys = await Keyring.open(db.db, MASTER);
  const texts = Array.from({ length: 450 }, (_, i) => (i % 50 === 7 ? null : `report ${i}`));
  const expected = await insertFeedback(db, keys, texts);
  const at = new Date().toISOString();
  const totp = { table: 'staff', column: 'totp_secret', id: 'staff-1' } as const;
  await db.db
    .insertInto('staff')
    .values({ id: 'staff-1', email: 'a@example.org', totp_secret: keys.encrypt(totp, 'JBSWY3DPEHPK3PXP'), created_at: at })
    .execute();

  const batches: { table: string; reencrypted: number }[] = [];
  const result = await rotateKeys(db.db, keys, { batchSize: 100, onBatch: (b) => batches.push(b) });
  assert.deepEqual(result, { version: 2, reencrypted: 442, unreadable: 0 });
  const feedbackBatches = batches.filter((b) => b.table === 'service_feedback').map((b) => b.reencrypted);
  assert.deepEqual(feedbackBatches, [100, 100, 100, 100, 41]);

  const rows = await readFeedback(db, keys);
  assert.equal(rows.length, 450);
  for (const row of rows) {
    assert.equal(row.text, expected.get(row.id));
    if (row.value !== null) assert.equal(sealedVersion(row.value), 2);
  }
  const staff = await db.db.selectFrom('staff').select('totp_secret').executeTakeFirstOrThrow();
  assert.equal(sealedVersion(staff.totp_secret!), 2);
  assert.equal(await keys.decrypt(db.db, totp, staff.totp_secret!), 'JBSWY3DPEHPK3PXP');
  const versions = await db.db.selectFrom('data_key').select(['version', 'state']).orderBy('version').execute();
  assert.deepEqual(versions, [
    { version: 1, state: 'retired' },
    { version: 2, state: 'active' },
  ]);

  const again = await rotateKeys(db.db, keys, { batchSize: 100 });
  assert.deepEqual(again, { version: 3, reencrypted: 442, unreadable: 0 });
  for (const row of await readFeedback(db, keys)) if (row.value !== null) assert.equal(sealedVersion(row.value), 3);
});

test('rotation never overwrites a concurrent writer that still uses the old version', async (t) => {
  const db = await freshDb(t);
  const rotator = await Keyring.open(db.db, MASTER);
  // Another server process: opened before the rotation, so for 30 s it keeps writing under version 1.
  const writer = await Keyring.open(db.db, MASTER);
  const expected = await insertFeedback(
    db,
    rotator,
    Array.from({ length: 300 }, (_, i) => `original ${i}`),
  );
  const ids = [...expected.keys()];
  let oldVersionWrites = 0;

  const writes = (async () => {
    for (let i = 0; i < 400; i++) {
      const text = `write ${i}`;
      if (i % 5 === 0) {
        const [id] = (await insertFeedback(db, writer, [text])).keys();
        ids.push(id!);
        expected.set(id!, text);
      } else {
        const id = ids[(i * 7919) % ids.length]!;
        const value = writer.encrypt(ref(id), text);
        if (sealedVersion(value) === 1) oldVersionWrites++;
        await db.db.updateTable('service_feedback').set({ detail_sealed: value }).where('id', '=', id).execute();
        expected.set(id, text);
      }
    }
  })();
  const result = await rotateKeys(db.db, rotator, { batchSize: 100 });
  await writes;

  assert.equal(writer.activeVersion, 1);
  assert.ok(oldVersionWrites > 250, `the writer wrote under version 1 (${oldVersionWrites} times)`);
  assert.ok(result.reencrypted >= 300, `re-encrypted ${result.reencrypted}`);
  const rows = await readFeedback(db, await Keyring.open(db.db, MASTER));
  assert.equal(rows.length, expected.size);
  for (const row of rows) assert.equal(row.text, expected.get(row.id), `row ${row.id}`);
});

test('rotations at the same moment leave unique versions and one active key', async (t) => {
  const db = await freshDb(t);
  const a = await Keyring.open(db.db, MASTER);
  const b = await Keyring.open(db.db, MASTER);
  await insertFeedback(db, a, ['one', 'two', 'three']);
  const outcomes = await Promise.allSettled([rotateKeys(db.db, a), rotateKeys(db.db, b)]);
  for (const o of outcomes) {
    if (o.status === 'rejected')
      assert.ok(o.reason instanceof KeyError && o.reason.code === 'rotation_conflict', String(o.reason));
  }
  const versions = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.version] : []));
  assert.equal(new Set(versions).size, versions.length);
  const rows = await db.db.selectFrom('data_key').select(['version', 'state']).orderBy('version').execute();
  assert.deepEqual(
    rows.filter((r) => r.state === 'active').map((r) => r.version),
    [Math.max(...versions)],
  );
  assert.deepEqual((await readFeedback(db, a)).map((r) => r.text).sort(), ['one', 'three', 'two']);
});

test('a value that does not open is counted and left as it is', async (t) => {
  const db = await freshDb(t);
  const keys = await Keyring.open(db.db, MASTER);
  const expected = await insertFeedback(db, keys, ['fine', 'moved']);
  const [fine, moved] = [...expected.keys()];
  // A value copied from another row: it must not open here, and rotation must not launder it.
  const copied = keys.encrypt(ref('elsewhere'), 'copied');
  await db.db.updateTable('service_feedback').set({ detail_sealed: copied }).where('id', '=', moved!).execute();

  const result = await rotateKeys(db.db, keys, { batchSize: 1 });
  assert.deepEqual(result, { version: 2, reencrypted: 1, unreadable: 1 });
  const rows = await db.db.selectFrom('service_feedback').select(['id', 'detail_sealed']).execute();
  const stored = new Map(rows.map((r) => [r.id, r.detail_sealed!]));
  assert.equal(stored.get(moved!), copied);
  assert.equal(sealedVersion(stored.get(fine!)!), 2);
  assert.equal(await keys.decrypt(db.db, ref(fine!), stored.get(fine!)!), 'fine');
});
