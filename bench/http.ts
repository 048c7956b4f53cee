/**
 * `GET /api/v1/search` under load (autocannon, 50 connections, loopback) against a real server on
 * the 1M-SAL SQLite database, next to a bare Fastify route returning constant JSON, in the same run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { CATEGORIES } from '../src/directory/taxonomies.ts';
import { SQLITE_URL, type Manifest } from './generate.ts';
import { figure, fmt, log, table, type Figure } from './lib.ts';

const SERVER = fileURLToPath(new URL('./http-server.ts', import.meta.url));
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const WARMUP_SECONDS = 3;

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

export async function runHttp(m: Manifest): Promise<Figure[]> {
  const paths = searchPaths(m);
  const bare = await startServer(['bare']);
  const app = await startServer(['app', SQLITE_URL]);
  try {
    // One real response first: the benchmark must not be timing errors.
    const probe = await fetch(`http://127.0.0.1:${app.port}${paths[0]}`);
    const body = (await probe.json()) as { total_items?: number; contents?: unknown[] };
    log(`\n[http] probe: ${probe.status}, total_items ${body.total_items}, ${body.contents?.length} results`);
    if (probe.status !== 200) throw new Error(`search answered ${probe.status}: ${JSON.stringify(body)}`);

    log(`[http] warming up both servers (${WARMUP_SECONDS} s each) …`);
    await load(bare.port, cycle(['/bare']), WARMUP_SECONDS);
    await load(app.port, cycle(paths), WARMUP_SECONDS);
    // Then one whole pass over the points: 3 s of a cold server covered only about a third of them,
    // and the cached run below spent its first seconds on the rest (BENCH_HTTP_TRACE=1 shows it).
    await load(app.port, cycle(paths), WARMUP_SECONDS, paths.length);
    log(`[http] ${CONNECTIONS} connections, ${SECONDS} s each: bare route, search over the query points, distinct searches`);
    const bareResult = await load(bare.port, cycle(['/bare']), SECONDS);
    // The 1 000 query points cycled: after the first pass, answers come from the search cache (the
    // same search and data version; an explicit open_at does not expire with the clock). The 1 000
    // answers take about 25 MB of the cache's 32 MB.
    const appResult = await load(app.port, cycle(paths), SECONDS);
    // Every request a search never seen before (the point moved by a different millionth of a
    // degree each time, about 0.1 m): no cache hits, every search evaluated.
    const distinctResult = await load(app.port, distinctPaths(paths), SECONDS);
    log(
      table(
        ['server', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'non-2xx', 'errors', 'timeouts'],
        [
          row('bare Fastify, constant JSON', bareResult),
          row(`GET /api/v1/search, 1 000 points cycled (${fmt(m.sals, 0)} SALs)`, appResult),
          row('GET /api/v1/search, every search distinct', distinctResult),
        ],
      ),
    );
    const ratio = (appResult.requests.average / bareResult.requests.average) * 100;
    const distinctRatio = (distinctResult.requests.average / bareResult.requests.average) * 100;
    log(
      `[http] search reaches ${fmt(ratio, 1)}% of the bare route's requests per second over the cycled points ` +
        `(cache), ${fmt(distinctRatio, 1)}% when every search is new`,
    );
    const failures = (r: Result) => r.errors + r.timeouts + r.non2xx;
    return [
      figure('http', 'bare Fastify route', bareResult.requests.average, 'req/s'),
      figure('http', 'GET /api/v1/search, points cycled', appResult.requests.average, 'req/s'),
      figure('http', 'search ÷ bare route, points cycled (cached)', ratio, '%', { op: '>=', limit: 40 }),
      figure('http', 'GET /api/v1/search, every search distinct', distinctResult.requests.average, 'req/s'),
      figure('http', 'search ÷ bare route, every search distinct', distinctRatio, '%', { op: '>=', limit: 40 }),
      figure('http', 'search latency p99 under load, distinct', distinctResult.latency.p99, 'ms'),
      figure('http', 'errors + timeouts + non-2xx (search)', failures(appResult) + failures(distinctResult), '', {
        op: '<=',
        limit: 0,
      }),
    ];
  } finally {
    await stopServer(app);
    await stopServer(bare);
  }
}
