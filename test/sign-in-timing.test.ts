// A sign-in for an account that does not exist takes as long as one with a wrong password, so the
// time of the answer does not tell whether an email or a working name has an account.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { hashSecret } from '../src/auth/password.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { makeMember, makeOrg, makeStaff } from './helpers/auth.ts';

const ATTEMPTS = 50;
const WARM_UP = 4;
const TOLERANCE = 0.1;
const ROUNDS = 3;

type Kind = 'unknown' | 'wrong';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Times `attempt` for both kinds, interleaved (ABBA) so drift in the machine's load falls on both.
 * Throttling must not answer instead of the password check: every attempt comes from its own client
 * address, and the `throttle` table is emptied before each one (outside the timed part), because the
 * existing account's own key would otherwise start to wait after five failures. Emptying it also
 * makes both kinds write the same rows (a first failure each).
 */
async function timeBoth(
  app: TestApp,
  attempt: (kind: Kind, i: number, ip: string) => Promise<LightMyRequestResponse>,
): Promise<Record<Kind, number>> {
  const times: Record<Kind, number[]> = { unknown: [], wrong: [] };
  for (let i = 0; i < WARM_UP + ATTEMPTS; i++) {
    for (const kind of i % 2 === 0 ? (['unknown', 'wrong'] as const) : (['wrong', 'unknown'] as const)) {
      await app.db.db.deleteFrom('throttle').execute();
      const ip = `10.${kind === 'unknown' ? 1 : 2}.${i >> 8}.${i & 255}`;
      const start = process.hrtime.bigint();
      const res = await attempt(kind, i, ip);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'invalid_credentials');
      if (i >= WARM_UP) times[kind].push(ms);
    }
  }
  return { unknown: median(times.unknown), wrong: median(times.wrong) };
}

/**
 * Asserts the two medians are within TOLERANCE of each other. Other work on the machine can push
 * one round apart, so up to ROUNDS rounds are measured: a real difference in the code paths shows in
 * every round, load rarely in all of them.
 */
async function assertClose(t: TestContext, measure: () => Promise<Record<Kind, number>>): Promise<void> {
  const gaps: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const m = await measure();
    const gap = Math.abs(m.unknown - m.wrong) / Math.min(m.unknown, m.wrong);
    gaps.push(`${(gap * 100).toFixed(1)}%`);
    t.diagnostic(
      `round ${round}, median of ${ATTEMPTS}: unknown ${m.unknown.toFixed(2)} ms, wrong ${m.wrong.toFixed(2)} ms (${(gap * 100).toFixed(1)}% apart)`,
    );
    if (gap <= TOLERANCE) return;
  }
  assert.fail(`medians apart by ${gaps.join(', ')} in ${ROUNDS} rounds (at most ${TOLERANCE * 100}%)`);
}

async function appWithOrg(t: TestContext): Promise<{ app: TestApp; orgId: string }> {
  const app = await createTestApp({ gazetteer: false });
  t.after(() => app.close());
  return { app, orgId: await makeOrg(app) };
}

test('staff: an unknown email answers in the time a wrong password does', async (t) => {
  const { app, orgId } = await appWithOrg(t);
  const email = `known-${randomUUID().slice(0, 8)}@org.example`;
  await makeStaff(app, { [orgId]: 'outreach' }, { email, passwordHash: await hashSecret('the real password 12345') });
  const measure = () =>
    timeBoth(app, (kind, i, ip) =>
      app.app.inject({
        method: 'POST',
        url: '/api/v1/staff/session',
        remoteAddress: ip,
        payload: {
          email: kind === 'unknown' ? `nobody-${i}-${randomUUID().slice(0, 8)}@org.example` : email,
          password: `guess number ${i}`,
        },
      }),
    );
  await assertClose(t, measure);
});

test('members: an unknown working name answers in the time a wrong passphrase does', async (t) => {
  const { app, orgId } = await appWithOrg(t);
  const member = await makeMember(app, orgId, 'Timing Member');
  // makeMember stores a placeholder hash; give her a real one of the production cost.
  await app.db.db
    .updateTable('member')
    .set({ passphrase_hash: await hashSecret('her real passphrase') })
    .where('id', '=', member.id)
    .execute();
  const measure = () =>
    timeBoth(app, (kind, i, ip) =>
      app.app.inject({
        method: 'POST',
        url: '/api/v1/member/session',
        remoteAddress: ip,
        payload: {
          working_name: kind === 'unknown' ? `Nobody ${i} ${randomUUID().slice(0, 6)}` : 'Timing Member',
          passphrase: `guess number ${i}`,
        },
      }),
    );
  await assertClose(t, measure);
});
