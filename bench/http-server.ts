/**
 * A server for the HTTP benchmark, run as a child process (so autocannon and the server do not
 * share an event loop): `bare` (Fastify routes returning constant JSON: `/bare`, a tiny object, and
 * `/same-bytes`, whatever bytes the parent sends over IPC as `{body}`, so a search answer's size can be
 * served without any search) or `app` (Harbour's `buildApp` on the 1M-SAL SQLite database). Sends
 * `{port}` to the parent over IPC once listening.
 */
import Fastify from 'fastify';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { buildApp } from '../src/http/app.ts';

const mode = process.argv[2];
const url = process.argv[3];

async function start(): Promise<{ port: number; close: () => Promise<void> }> {
  if (mode === 'bare') {
    const app = Fastify({ logger: false });
    let body = Buffer.from('{}');
    process.on('message', (msg) => {
      if (typeof msg === 'object' && msg !== null && 'body' in msg) {
        body = Buffer.from(String(msg.body));
        process.send?.({ bodyBytes: body.length });
      }
    });
    app.get('/bare', async () => ({ hello: 'world' }));
    app.get('/same-bytes', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as { port: number }).port, close: () => app.close() };
  }
  if (mode === 'app' && url) {
    // As production runs it: info-level request logs, written to stdout (the parent discards them).
    // Benchmark databases only: a fixed master key, so a kept PostgreSQL bench database opens on every run.
    const masterKey = url.startsWith('postgres') ? { HARBOUR_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') } : {};
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'info', ...masterKey }, { seed: 'none' });
    const handle = openDatabase(config.databaseUrl);
    const app = await buildApp({ config, handle, now: () => new Date() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    // Measured as a server runs once started: with its near index built (it starts on listen).
    for (;;) {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      if ((ready.json<{ near_index: string }>().near_index ?? '') !== 'building') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // BENCH_HTTP_TRACE=1: the search cache's hits, misses and size each second, on stderr.
    if (process.env.BENCH_HTTP_TRACE === '1') {
      const cache = app.services.searchCache;
      let last = { hits: cache.hits, misses: cache.misses };
      setInterval(() => {
        process.stderr.write(
          `[cache] +${cache.hits - last.hits} hits, +${cache.misses - last.misses} misses, ${cache.size} kept\n`,
        );
        last = { hits: cache.hits, misses: cache.misses };
      }, 1000).unref();
    }
    return {
      port: (app.server.address() as { port: number }).port,
      close: async () => {
        await app.close();
        await handle.close();
      },
    };
  }
  throw new Error('usage: http-server.ts bare | app <database url>');
}

const server = await start();
process.send?.({ port: server.port });
process.on('message', (msg) => {
  if (msg === 'stop') void server.close().then(() => process.exit(0));
});
