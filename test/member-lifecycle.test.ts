import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { housekeepingJobs } from '../src/jobs/housekeeping.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { makeMember, makeOrg } from './helpers/auth.ts';
import { DIALECT } from './helpers/db.ts';
import { runHarbour } from './fixtures/cli/processes.ts';

let t: TestApp;
let clock = new Date('2026-11-27T08:00:00Z');
before(async () => {
  t = await createTestApp({ clock: () => clock });
});
after(() => t.close());

const DAY = 86_400_000;

test('an account unused for HARBOUR_MEMBER_INACTIVE_DAYS is deleted by the job; one used since is kept', async () => {
  const orgId = await makeOrg(t);
  const idle = await makeMember(t, orgId, 'Idle Probe');
  clock = new Date(clock.getTime() + 200 * DAY);
  const active = await makeMember(t, orgId, 'Active Probe');
  // Her visit marks the account used (at most once a day).
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/member', headers: active.json })).statusCode, 200);
  clock = new Date(clock.getTime() + 200 * DAY);

  const job = housekeepingJobs(t.db, t.config).find((j) => j.name === 'idle-members')!;
  assert.equal(t.config.memberInactiveDays, 365);
  assert.equal(await job.run(clock), 1);
  const left = await t.db.db.selectFrom('member').select('id').execute();
  assert.deepEqual(
    left.map((m) => m.id),
    [active.id],
  );
  const sessions = await t.db.db.selectFrom('session').select('subject_id').where('subject_id', '=', idle.id).execute();
  assert.deepEqual(sessions, [], 'her sessions went with her');
});

test(
  'on PostgreSQL the server refuses to start without HARBOUR_MASTER_KEY, naming it',
  { skip: DIALECT !== 'postgres' && 'PostgreSQL only: on SQLite a key file is made instead' },
  async () => {
    const env = { ...t.db.env, DATABASE_URL: t.db.url, HARBOUR_MASTER_KEY: '', PORT: '0' };
    const run = await runHarbour(['serve'], env);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /HARBOUR_MASTER_KEY is not set/);
  },
);
