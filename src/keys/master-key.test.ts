import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { KeyError } from './errors.ts';
import { loadMasterKey } from './master-key.ts';

const work = mkdtempSync(join(tmpdir(), 'harbour-master-key-'));
after(() => rmSync(work, { recursive: true, force: true }));
const unused = join(work, 'never-created', 'master.key');

test('HARBOUR_MASTER_KEY: base64 or base64url of exactly 32 bytes', () => {
  const key = randomBytes(32);
  for (const envValue of [key.toString('base64'), key.toString('base64url'), ` ${key.toString('base64')}\n`]) {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      assert.deepEqual(loadMasterKey({ envValue, keyFile: unused, dialect }), key);
    }
  }
  const short = randomBytes(16).toString('base64');
  for (const envValue of [short, randomBytes(33).toString('base64'), 'not a key at all, but long enough to be 32 bytes?!']) {
    assert.throws(
      () => loadMasterKey({ envValue, keyFile: unused, dialect: 'sqlite' }),
      (e: unknown) =>
        e instanceof KeyError &&
        /HARBOUR_MASTER_KEY must be base64 of exactly 32 bytes/.test(e.message) &&
        !e.message.includes(envValue),
    );
  }
  assert.throws(() => statSync(unused), /ENOENT/, 'no key file is made when the environment gives the key');
});

test('SQLite without HARBOUR_MASTER_KEY: the key file is created (0600) once, then reused', () => {
  const keyFile = join(work, 'data', 'nested', 'harbour-master.key');
  const first = loadMasterKey({ envValue: undefined, keyFile, dialect: 'sqlite' });
  assert.equal(first.length, 32);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  assert.equal(readFileSync(keyFile, 'utf8'), `${first.toString('base64')}\n`);
  assert.deepEqual(loadMasterKey({ envValue: '', keyFile, dialect: 'sqlite' }), first);
  assert.deepEqual(loadMasterKey({ envValue: undefined, keyFile, dialect: 'sqlite' }), first);

  const broken = join(work, 'broken.key');
  writeFileSync(broken, 'c2hvcnQ=\n');
  assert.throws(
    () => loadMasterKey({ envValue: undefined, keyFile: broken, dialect: 'sqlite' }),
    /broken\.key must be base64 of exactly 32 bytes/,
  );
});

test('PostgreSQL without HARBOUR_MASTER_KEY refuses to start', () => {
  assert.throws(
    () => loadMasterKey({ envValue: undefined, keyFile: unused, dialect: 'postgres' }),
    /HARBOUR_MASTER_KEY is not set: on PostgreSQL the server refuses to start without it/,
  );
  assert.throws(() => statSync(unused), /ENOENT/);
});
