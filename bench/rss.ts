/**
 * Server memory while serving the 1M-SAL database: `node bin/harbour.mjs serve` as a child, a few
 * hundred searches against it, then VmRSS and VmHWM from /proc/<pid>/status.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CATEGORIES } from '../src/directory/taxonomies.ts';
import { SQLITE_URL, type Manifest } from './generate.ts';
import { figure, fmt, log, procMemory, ROOT, type Figure } from './lib.ts';

const BIN = fileURLToPath(new URL('../bin/harbour.mjs', import.meta.url));
const SEARCHES = 400;
const CONCURRENCY = 4;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error('server did not answer /healthz');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until /readyz says the near index is ready (what a steady server serves from). */
async function waitForNearIndex(base: string, timeoutMs: number): Promise<{ status: string; seconds: number }> {
  const start = Date.now();
  for (;;) {
    const body = (await (await fetch(`${base}/readyz`)).json()) as { near_index?: string };
    const status = body.near_index ?? 'unknown';
    if (status !== 'building' || Date.now() - start > timeoutMs) return { status, seconds: (Date.now() - start) / 1000 };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A mix of what the directory serves: near + open + category, near + text, text only, POST. */
function requests(m: Manifest): { method: 'GET' | 'POST'; path: string; body?: string }[] {
  const ids = new Map(CATEGORIES.terms.map((t) => [t.code, t.id]));
  const out: { method: 'GET' | 'POST'; path: string; body?: string }[] = [];
  for (let i = 0; i < SEARCHES; i++) {
    const p = m.points[(i * 7) % m.points.length]!;
    const kind = i % 8;
    if (kind < 4) {
      const qs = new URLSearchParams({
        lat: String(p.lat),
        lng: String(p.lng),
        open_at: m.times[p.time]!.at,
        taxonomy_term_id: ids.get(p.category)!,
      });
      out.push({ method: 'GET', path: `/api/v1/search?${qs.toString()}` });
    } else if (kind < 6) {
      out.push({
        method: 'POST',
        path: '/api/v1/search',
        body: JSON.stringify({ lat: p.lat, lng: p.lng, q: kind === 4 ? m.rareWords[i % m.rareWords.length] : 'methadone' }),
      });
    } else if (kind === 6) {
      out.push({ method: 'POST', path: '/api/v1/search', body: JSON.stringify({ q: m.rareWords[i % m.rareWords.length] }) });
    } else {
      out.push({ method: 'GET', path: `/api/v1/search?lat=${p.lat}&lng=${p.lng}&open_at=now` });
    }
  }
  return out;
}

export async function runRss(m: Manifest): Promise<Figure[]> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: SQLITE_URL, PORT: String(port), HOST: '127.0.0.1', HARBOUR_SEED: 'none' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForHealth(base, 60_000);
    const pid = child.pid!;
    const built = await waitForNearIndex(base, 120_000);
    log(`\n[rss] near index ${built.status} ${fmt(built.seconds, 1)} s after /healthz first answered`);
    const idle = procMemory(pid);
    log(`\n[rss] harbour serve (pid ${pid}) on the ${fmt(m.sals, 0)}-SAL database: idle VmRSS ${fmt(idle.rssMb, 0)} MB`);
    const list = requests(m);
    let failures = 0;
    let next = 0;
    let peakSeen = 0;
    const worker = async () => {
      while (next < list.length) {
        const r = list[next++]!;
        const res = await fetch(`${base}${r.path}`, {
          method: r.method,
          ...(r.body ? { body: r.body, headers: { 'content-type': 'application/json' } } : {}),
        });
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
        peakSeen = Math.max(peakSeen, procMemory(pid).rssMb);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const after = procMemory(pid);
    log(
      `[rss] after ${list.length} searches (${CONCURRENCY} at a time, ${failures} not 200): VmRSS ${fmt(after.rssMb, 0)} MB, ` +
        `highest sampled ${fmt(peakSeen, 0)} MB, VmHWM (peak) ${fmt(after.hwmMb, 0)} MB`,
    );
    return [
      figure('rss', 'server VmRSS after searches', after.rssMb, 'MB', { op: '<', limit: 250 }),
      figure('rss', 'server VmHWM (peak)', after.hwmMb, 'MB', { op: '<', limit: 250 }),
      figure('rss', 'searches not answered 200', failures, '', { op: '<=', limit: 0 }),
    ];
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
