import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { makeMember, makeOrg } from './helpers/auth.ts';
import { LANGUAGES } from '../src/web/i18n.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const URL = '/api/v1/member/backup';

test('a member keeps one opaque backup: put, get, replace, delete; size-limited; hers alone; gone with her account', async () => {
  const orgId = await makeOrg(t);
  const her = await makeMember(t, orgId);
  const other = await makeMember(t, orgId);
  const blob = randomBytes(3000).toString('base64url');
  const put = (who: typeof her, payload: unknown) =>
    t.app.inject({ method: 'PUT', url: URL, headers: who.json, payload: payload as object });

  assert.equal((await t.app.inject({ method: 'GET', url: URL, headers: her.json })).statusCode, 404);
  assert.equal((await put(her, { blob })).statusCode, 204);
  const got = await t.app.inject({ method: 'GET', url: URL, headers: her.json });
  assert.equal(got.statusCode, 200);
  assert.equal(got.json<{ blob: string }>().blob, blob);
  assert.equal(
    (await t.app.inject({ method: 'GET', url: URL, headers: other.json })).statusCode,
    404,
    'another member sees none of it',
  );
  const view = await t.app.inject({ method: 'GET', url: '/api/v1/member', headers: her.json });
  assert.equal(view.json<{ backup: { characters: number } }>().backup.characters, blob.length, 'what Harbour holds includes it');

  const newer = randomBytes(100).toString('base64url');
  assert.equal((await put(her, { blob: newer })).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: URL, headers: her.json })).json<{ blob: string }>().blob, newer);

  assert.equal((await put(her, { blob: 'x'.repeat(70_000) })).statusCode, 413, 'over the size limit');
  assert.equal((await put(her, { blob: 'not base64url!' })).statusCode, 400);
  assert.equal((await t.app.inject({ method: 'PUT', url: URL, payload: { blob } })).statusCode, 401, 'signed out');

  assert.equal((await t.app.inject({ method: 'DELETE', url: URL, headers: her.json })).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: URL, headers: her.json })).statusCode, 404);

  await put(her, { blob });
  await t.db.db
    .updateTable('member')
    .set({ passphrase_hash: await (await import('../src/auth/password.ts')).hashSecret('a long passphrase') })
    .where('id', '=', her.id)
    .execute();
  const gone = await t.app.inject({
    method: 'DELETE',
    url: '/api/v1/member',
    headers: her.json,
    payload: { passphrase: 'a long passphrase' },
  });
  assert.equal(gone.statusCode, 204, gone.body);
  assert.deepEqual(await t.db.db.selectFrom('member_backup').selectAll().where('member_id', '=', her.id).execute(), []);
});

test('her account page, with a backup kept, is complete in every language (nothing marked missing)', async () => {
  const her = await makeMember(t, await makeOrg(t));
  assert.equal(
    (await t.app.inject({ method: 'PUT', url: URL, headers: her.json, payload: { blob: 'A'.repeat(400) } })).statusCode,
    204,
  );
  for (const { code } of LANGUAGES) {
    const res = await t.app.inject({ url: `/account?lang=${code}`, headers: { cookie: her.cookie } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /data-backup/, 'the backup is listed');
    assert.doesNotMatch(res.body, /data-i18n-missing/, `${code}: every string is in the catalogue`);
  }
});
