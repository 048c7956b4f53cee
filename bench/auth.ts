/**
 * Staff sign-in: how many a second, and what they do to the event loop. A real server
 * (`buildApp` + `listen` on loopback, in this process) on a fresh SQLite database, and `fetch`
 * clients in the same process keeping 20 sign-ins in flight; the event loop's delay is measured
 * with `monitorEventLoopDelay` while they run and, for comparison, while the server idles.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ensureHarbourTaxonomies } from '../src/directory/seed.ts';
import { buildApp } from '../src/http/app.ts';
import { hashSecret } from '../src/auth/password.ts';
import { ensureOrganization } from '../src/orgs/service.ts';
import { figure, fmt, log, nowMs, stats, table, type Figure } from './lib.ts';

const CONCURRENCY = 20;
const SECONDS = Number(process.env.BENCH_AUTH_SECONDS ?? 10);
const IDLE_SECONDS = 3;
/** The delay monitor's timer, in ms: each sample is the time between two ticks. */
const RESOLUTION_MS = 1;
const PASSWORD = 'benchmark password 2026';
/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS = 100;

interface Delay {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

/**
 * The event loop's delay while `during` runs: how late each tick of a RESOLUTION_MS timer came
 * (the histogram's samples are the time between ticks, so the resolution is taken off).
 */
async function loopDelay(during: () => Promise<void>): Promise<Delay> {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  await during();
  h.disable();
  const late = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return { p50: late(h.percentile(50)), p99: late(h.percentile(99)), max: late(h.max), samples: h.count };
}

/**
 * CPU time of this process's main thread (the event loop's), in ms, from /proc (Linux; NaN
 * elsewhere). `process.cpuUsage()` would count argon2id's threads too.
 */
function mainThreadCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** Staff sign-ins per second and the event loop's delay, on SQLite. */
export async function runAuth(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'harbour-bench-auth-'));
  const config = loadConfig(
    { DATABASE_URL: `sqlite:${join(dir, 'auth.db')}`, LOG_LEVEL: 'info', HARBOUR_MASTER_KEY: randomBytes(32).toString('base64') },
    { seed: 'none' },
  );
  const handle = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(handle.db, handle.adapter);
    await ensureHarbourTaxonomies(handle);
    // Outreach staff (no two-factor code): one argon2id verification per sign-in, one account per client.
    const orgId = (await ensureOrganization(handle.db, 'Bench organisation', new Date())).id;
    const hash = await hashSecret(PASSWORD);
    const emails = Array.from({ length: CONCURRENCY }, (_, i) => `bench-${i}@org.example`);
    for (const email of emails) {
      const id = randomUUID();
      await handle.db
        .insertInto('staff')
        .values({ id, email, password_hash: hash, is_operator: 0, created_at: new Date().toISOString() })
        .execute();
      await handle.db.insertInto('staff_role').values({ staff_id: id, organization_id: orgId, role: 'outreach' }).execute();
    }
    // Request logs are written as in production (info level), to a sink rather than this output.
    const app = await buildApp({ config, handle, now: () => new Date() }, { logStream: { write: () => {} } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1/staff/session`;
    try {
      return await measure(url, emails);
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(url: string, emails: string[]): Promise<Figure[]> {
  let errors = 0;
  const latencies: number[] = [];
  const signIn = async (email: string): Promise<void> => {
    const start = nowMs();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    await res.arrayBuffer();
    latencies.push(nowMs() - start);
    if (res.status !== 200) errors++;
  };

  await Promise.all(emails.map(signIn)); // warm-up: connections, the dummy hash, statement caches
  latencies.length = 0;
  log(`threadpool: ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'} threads; ${CONCURRENCY} clients for ${SECONDS} s`);

  const idle = await loopDelay(() => new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000)));
  let done = 0;
  let elapsed = 0;
  const cpuBefore = mainThreadCpuMs();
  const busy = await loopDelay(async () => {
    const start = nowMs();
    const until = start + SECONDS * 1000;
    await Promise.all(
      emails.map(async (email) => {
        while (nowMs() < until) {
          await signIn(email);
          done++;
        }
      }),
    );
    elapsed = (nowMs() - start) / 1000;
  });
  const cpuPerSignIn = (mainThreadCpuMs() - cpuBefore) / done;
  const rate = done / elapsed;
  const lat = stats(latencies);
  const ratio = busy.p99 / Math.max(idle.p99, 0.001);

  log(`${fmt(done, 0)} sign-ins in ${fmt(elapsed, 1)} s: ${fmt(rate, 1)}/s; ${errors} not 200`);
  log(`sign-in latency: p50 ${fmt(lat.p50, 1)} ms, p99 ${fmt(lat.p99, 1)} ms, max ${fmt(lat.max, 1)} ms`);
  log(`main thread CPU per sign-in (server and client together): ${fmt(cpuPerSignIn, 2)} ms`);
  log(
    table(
      ['event loop delay (ms)', 'p50', 'p99', 'max', 'samples'],
      [
        [`idle (${IDLE_SECONDS} s)`, fmt(idle.p50, 2), fmt(idle.p99, 2), fmt(idle.max, 2), idle.samples],
        [`${CONCURRENCY} sign-ins at once`, fmt(busy.p50, 2), fmt(busy.p99, 2), fmt(busy.max, 2), busy.samples],
      ],
    ),
  );
  log(`p99 under load < 50 ms: ${busy.p99 < 50 ? 'yes' : 'NO'}; ${fmt(ratio, 1)}× the idle p99`);
  return [
    figure('auth', `staff sign-ins/s, ${CONCURRENCY} at once (loopback HTTP, SQLite)`, rate, '/s'),
    figure('auth', 'sign-ins answered other than 200', errors, '', { op: '<=', limit: 0 }),
    figure('auth', 'sign-in latency p50', lat.p50, 'ms'),
    figure('auth', 'sign-in latency p99', lat.p99, 'ms'),
    figure('auth', 'main thread CPU per sign-in (with the client)', cpuPerSignIn, 'ms'),
    figure('auth', 'event loop delay idle p50', idle.p50, 'ms'),
    figure('auth', 'event loop delay idle p99', idle.p99, 'ms'),
    figure('auth', 'event loop delay idle max', idle.max, 'ms'),
    figure('auth', `event loop delay, ${CONCURRENCY} sign-ins, p50`, busy.p50, 'ms'),
    figure('auth', `event loop delay, ${CONCURRENCY} sign-ins, p99`, busy.p99, 'ms', { op: '<', limit: 50 }),
    figure('auth', `event loop delay, ${CONCURRENCY} sign-ins, max`, busy.max, 'ms'),
    figure('auth', 'event loop delay p99, loaded / idle', ratio, '×'),
  ];
}
