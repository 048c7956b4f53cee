/**
 * `GET /api/v1/search` under load (autocannon, 50 connections, loopback) against a real server on
 * the 1M-SAL SQLite database, next to a bare Fastify route returning constant JSON, in the same run,
 * and next to a bare route sending exactly the bytes of a search answer (what the bytes alone cost).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { CATEGORIES } from '../src/directory/taxonomies.ts';
import { SQLITE_URL, type Manifest } from './generate.ts';
import { figure, fmt, log, stats, table, type Figure } from './lib.ts';

const SERVER = fileURLToPath(new URL('./http-server.ts', import.meta.url));
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const WARMUP_SECONDS = 3;
/** Rounds of bare route, same bytes and cached search, taken in turn. */
const ROUNDS = 5;
const ROUND_SECONDS = 3;

interface Child {
  proc: ChildProcess;
  port: number;
}

function startServer(args: string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = fork(SERVER, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    proc.once('message', (msg) => resolve({ proc, port: (msg as { port: number }).port }));
    proc.once('exit', (code) => reject(new Error(`server ${args[0]} exited with ${code}`)));
  });
}

function stopServer(child: Child): Promise<void> {
  return new Promise((resolve) => {
    child.proc.removeAllListeners('exit');
    child.proc.once('exit', () => resolve());
    child.proc.send('stop');
    setTimeout(() => child.proc.kill('SIGKILL'), 10_000).unref();
  });
}

/** "Near + open at + one category" search paths over the query points, cycled per request. */
export function searchPaths(m: Manifest): string[] {
  const ids = new Map(CATEGORIES.terms.map((t) => [t.code, t.id]));
  return m.points.map((p) => {
    const qs = new URLSearchParams({
      lat: String(p.lat),
      lng: String(p.lng),
      radius_km: '10',
      open_at: m.times[p.time]!.at,
      taxonomy_term_id: ids.get(p.category)!,
    });
    return `/api/v1/search?${qs.toString()}`;
  });
}

/**
 * The same searches, never a repeat: each pass over the points moves them by another millionth of a
 * degree (about 0.1 m; 10 000 requests move a point 1 m).
 */
function distinctPaths(paths: string[]): () => string {
  let n = 0;
  return () => {
    const path = paths[n % paths.length]!;
    const shift = Math.floor(n / paths.length) * 1e-6;
    n++;
    return path.replace(/lat=(-?[0-9.]+)/, (_, lat: string) => `lat=${(Number(lat) + shift).toFixed(7)}`);
  };
}

function cycle(paths: string[]): () => string {
  let n = 0;
  return () => paths[n++ % paths.length]!;
}

/** `seconds` of load, or exactly `amount` requests when given. */
function load(port: number, next: () => string, seconds: number, amount?: number): Promise<Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    ...(amount === undefined ? {} : { amount }),
    timeout: 10,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: next() }),
      },
    ],
  });
}

function row(label: string, r: Result): (string | number)[] {
  return [
    label,
    fmt(r.requests.average, 0),
    fmt(r.latency.p50, 0),
    fmt(r.latency.p99, 0),
    fmt(r.latency.max, 0),
    r['2xx'],
    r.non2xx,
    r.errors,
    r.timeouts,
  ];
}

/** The median of some figures. */
const p50 = (values: number[]): number => stats(values).p50;

export async function runHttp(m: Manifest): Promise<Figure[]> {
  const paths = searchPaths(m);
  const bare = await startServer(['bare']);
  const app = await startServer(['app', SQLITE_URL]);
  try {
    // One real response first: the benchmark must not be timing errors.
    const probe = await fetch(`http://127.0.0.1:${app.port}${paths[0]}`);
    const text = await probe.text();
    const body = JSON.parse(text) as { total_items?: number; contents?: unknown[] };
    log(
      `\n[http] probe: ${probe.status}, total_items ${body.total_items}, ${body.contents?.length} results, ${fmt(Buffer.byteLength(text), 0)} bytes`,
    );
    if (probe.status !== 200) throw new Error(`search answered ${probe.status}: ${text}`);
    // The control: a bare route sending the same bytes, so what the bytes cost is measured apart
    // from what the search costs.
    await new Promise<void>((resolve) => {
      bare.proc.once('message', () => resolve());
      bare.proc.send({ body: text });
    });

    log(`[http] warming up both servers (${WARMUP_SECONDS} s each) …`);
    await load(bare.port, cycle(['/bare']), WARMUP_SECONDS);
    await load(bare.port, cycle(['/same-bytes']), WARMUP_SECONDS);
    await load(app.port, cycle(paths), WARMUP_SECONDS);
    // Then one whole pass over the points: 3 s of a cold server covered only about a third of them,
    // and the cached run below spent its first seconds on the rest (BENCH_HTTP_TRACE=1 shows it).
    await load(app.port, cycle(paths), WARMUP_SECONDS, paths.length);
    // Short runs taken in turn, the ratio judged per round and the median reported: the machine's
    // speed drifts by a third over a minute, and one long run of each would measure the drift.
    log(`[http] ${CONNECTIONS} connections; ${ROUNDS} rounds of ${ROUND_SECONDS} s each: bare route, same bytes, cached search`);
    const rounds: { bare: Result; same: Result; cached: Result }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const bareResult = await load(bare.port, cycle(['/bare']), ROUND_SECONDS);
      const same = await load(bare.port, cycle(['/same-bytes']), ROUND_SECONDS);
      // The 1 000 query points cycled: after the first pass, answers come from the search cache (the
      // same search and data version; an explicit open_at does not expire with the clock). The 1 000
      // answers take about 15 MB of the cache's 32 MB.
      const cached = await load(app.port, cycle(paths), ROUND_SECONDS);
      rounds.push({ bare: bareResult, same, cached });
    }
    // Every request a search never seen before (the point moved by a different millionth of a
    // degree each time, about 0.1 m): no cache hits, every search evaluated.
    const bareBefore = await load(bare.port, cycle(['/bare']), ROUND_SECONDS);
    const distinctResult = await load(app.port, distinctPaths(paths), SECONDS);
    const bareAfter = await load(bare.port, cycle(['/bare']), ROUND_SECONDS);
    const rps = (r: Result) => r.requests.average;
    log(
      table(
        [
          'round',
          'bare req/s',
          'same bytes req/s',
          'cached search req/s',
          'search ÷ bare',
          'same bytes ÷ bare',
          'search ÷ same bytes',
        ],
        rounds.map((r, i) => [
          i + 1,
          fmt(rps(r.bare), 0),
          fmt(rps(r.same), 0),
          fmt(rps(r.cached), 0),
          `${fmt((rps(r.cached) / rps(r.bare)) * 100, 1)}%`,
          `${fmt((rps(r.same) / rps(r.bare)) * 100, 1)}%`,
          `${fmt((rps(r.cached) / rps(r.same)) * 100, 1)}%`,
        ]),
      ),
    );
    const last = rounds[rounds.length - 1]!;
    log(
      table(
        [
          'server (last round; distinct: its own run)',
          'req/s',
          'p50 ms',
          'p99 ms',
          'max ms',
          '2xx',
          'non-2xx',
          'errors',
          'timeouts',
        ],
        [
          row('bare Fastify, constant JSON', last.bare),
          row(`bare Fastify, the probe's ${fmt(Buffer.byteLength(text), 0)} bytes`, last.same),
          row(`GET /api/v1/search, 1 000 points cycled (${fmt(m.sals, 0)} SALs)`, last.cached),
          row('GET /api/v1/search, every search distinct', distinctResult),
        ],
      ),
    );
    const ratio = p50(rounds.map((r) => (rps(r.cached) / rps(r.bare)) * 100));
    const sameRatio = p50(rounds.map((r) => (rps(r.same) / rps(r.bare)) * 100));
    const ofSame = p50(rounds.map((r) => (rps(r.cached) / rps(r.same)) * 100));
    const distinctRatio = (rps(distinctResult) / ((rps(bareBefore) + rps(bareAfter)) / 2)) * 100;
    log(
      `[http] median of ${ROUNDS} rounds: the cached search reaches ${fmt(ratio, 1)}% of the bare route; a bare route ` +
        `sending the same bytes reaches ${fmt(sameRatio, 1)}%, so the search itself keeps ${fmt(ofSame, 1)}% of what ` +
        `those bytes allow. Every search new: ${fmt(distinctRatio, 1)}% of the bare route (runs either side of it).`,
    );
    const failures = (r: Result) => r.errors + r.timeouts + r.non2xx;
    return [
      figure('http', 'bare Fastify route (median of rounds)', p50(rounds.map((r) => rps(r.bare))), 'req/s'),
      figure('http', 'GET /api/v1/search, points cycled (median of rounds)', p50(rounds.map((r) => rps(r.cached))), 'req/s'),
      figure('http', 'search ÷ bare route, points cycled (cached)', ratio, '%', { op: '>=', limit: 40 }),
      figure('http', 'bare route sending the same bytes ÷ bare route', sameRatio, '%'),
      figure('http', 'cached search ÷ bare route sending the same bytes', ofSame, '%'),
      figure('http', 'GET /api/v1/search, every search distinct', rps(distinctResult), 'req/s'),
      figure('http', 'search ÷ bare route, every search distinct', distinctRatio, '%', { op: '>=', limit: 40 }),
      figure('http', 'search latency p99 under load, distinct', distinctResult.latency.p99, 'ms'),
      figure(
        'http',
        'errors + timeouts + non-2xx (search)',
        rounds.reduce((n, r) => n + failures(r.cached), 0) + failures(distinctResult),
        '',
        { op: '<=', limit: 0 },
      ),
    ];
  } finally {
    await stopServer(app);
    await stopServer(bare);
  }
}
