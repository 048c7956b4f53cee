import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createTestDb } from '../../test/helpers/db.ts';
import { runKeysCommand } from './cli.ts';
import { Keyring, sealedVersion } from './keyring.ts';

const MASTER = randomBytes(32);

test('harbour keys status and rotate print JSON lines and no key material', async (t) => {
  const db = await createTestDb();
  t.after(() => db.destroy());
  const run = async (...args: string[]): Promise<{ code: number; lines: Record<string, unknown>[] }> => {
    const lines: string[] = [];
    const code = await runKeysCommand(args, db, MASTER, (line) => lines.push(line));
    return { code, lines: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  };
  const keys = await Keyring.open(db.db, MASTER);
  const totp = { table: 'staff', column: 'totp_secret', id: 'staff-1' } as const;
  const at = new Date().toISOString();
  await db.db
    .insertInto('staff')
    .values({ id: 'staff-1', email: 'a@example.org', totp_secret: keys.encrypt(totp, 'SECRET'), created_at: at })
    .execute();

  const rotated = await run('rotate', '--batch-size', '5');
  assert.equal(rotated.code, 0);
  assert.deepEqual(rotated.lines.at(-1), { rotated: { version: 2, reencrypted: 1, unreadable: 0 } });
  const stored = await db.db.selectFrom('staff').select('totp_secret').executeTakeFirstOrThrow();
  assert.equal(sealedVersion(stored.totp_secret!), 2);

  const status = await run('status');
  assert.equal(status.code, 0);
  assert.deepEqual(
    status.lines.map(({ version, state, opens }) => ({ version, state, opens })),
    [
      { version: 1, state: 'retired', opens: true },
      { version: 2, state: 'active', opens: true },
    ],
  );
  const wrapped = await db.db.selectFrom('data_key').select('wrapped').execute();
  const printed = JSON.stringify([rotated.lines, status.lines]);
  for (const secret of [MASTER.toString('base64'), MASTER.toString('base64url'), ...wrapped.map((w) => w.wrapped)]) {
    assert.ok(!printed.includes(secret));
  }

  const lines: string[] = [];
  await runKeysCommand(['status'], db, randomBytes(32), (line) => lines.push(line));
  assert.deepEqual(
    lines.map((l) => (JSON.parse(l) as { opens: boolean }).opens),
    [false, false],
    'a wrong master key shows in status',
  );
  await assert.rejects(run('rotate', '--batch-size', '0'), /--batch-size must be a whole number above 0/);
  await assert.rejects(run('rotate', '--batch-size'), /--batch-size/);
  await assert.rejects(run('unwrap'), /usage: harbour keys/);
});
