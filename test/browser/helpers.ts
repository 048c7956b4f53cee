import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type Response,
} from 'playwright-core';
import { loadConfig, type Config } from '../../src/config.ts';
import { ensureGazetteer, seedDemo } from '../../src/directory/seed.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

/** Debian's Chromium; the browser tests never download one. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for headless Chromium that makes no network calls of its own (updates, safe browsing,
 * first-run pages). Debian's build also looks up Google account hosts by itself: the host resolver
 * resolves nothing but loopback. Shared by the browser tests, `bench:web` and the screenshots.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A Harbour server listening on a free loopback port, with its own test database. */
export interface RunningHarbour {
  /** Origin, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  config: Config;
  /** The server's database, for checking what reached it. */
  db: TestDb;
  close(): Promise<void>;
}

/**
 * Starts the real app (the same `buildApp` as production) on a fresh database seeded with the
 * gazetteer and the demo data. `now` fixes the server's clock so "open now" is deterministic.
 */
export async function startHarbour(options: { env?: Record<string, string>; now?: Date } = {}): Promise<RunningHarbour> {
  const db = await createTestDb();
  try {
    await ensureGazetteer(db);
    await seedDemo(db);
    const keyDir = mkdtempSync(join(tmpdir(), 'harbour-key-'));
    const config = loadConfig(
      { LOG_LEVEL: 'silent', HARBOUR_KEY_FILE: join(keyDir, 'harbour.key'), ...db.env, ...options.env },
      { seed: 'none' },
    );
    const fixed = options.now;
    const app = await buildApp({ config, handle: db, now: () => fixed ?? new Date() });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
    } catch (error) {
      await app.close();
      throw error;
    }
    const { port } = app.server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      config,
      db,
      close: async () => {
        try {
          await app.close();
        } finally {
          await db.destroy();
          rmSync(keyDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** One request the neutral site received. */
export interface SeenRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

/** A tiny local stand-in for the neutral site quick exit goes to, so no test needs the internet. */
export interface NeutralSite {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startNeutralSite(): Promise<NeutralSite> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>Weather</title><h1>Sunny, 24°C</h1></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** How a test's browser context is set up. */
export interface PageOptions {
  /** Origins the page may reach (Harbour, and the neutral site for quick exit); anything else is refused. */
  allow: string[];
  context?: BrowserContextOptions;
}

/**
 * A fresh browser context (own cookies, history, permissions) and page, always closed after `fn`.
 * `offsite` lists every request the page tried to make to an origin not allowed.
 */
export async function withPage<T>(
  browser: Browser,
  options: PageOptions,
  fn: (page: Page, context: BrowserContext, offsite: string[]) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext(options.context);
  try {
    const offsite = await refuseOtherOrigins(context, options.allow);
    const page = await context.newPage();
    return await fn(page, context, offsite);
  } finally {
    await context.close();
  }
}

/**
 * Pages must make no request to any other site. Requests to origins not listed are aborted and
 * recorded (the returned array), so a test can assert it stayed empty.
 */
async function refuseOtherOrigins(context: BrowserContext, allowed: string[]): Promise<string[]> {
  const offsite: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || allowed.some((origin) => url === origin || url.startsWith(`${origin}/`)))
      return route.continue();
    offsite.push(url);
    return route.abort('blockedbyclient');
  });
  return offsite;
}

/** Closes everything given, even if some closes fail; rethrows the first failure. */
export async function closeAll(...closers: (() => Promise<unknown>)[]): Promise<void> {
  const results = await Promise.allSettled(closers.map((c) => c()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Runs `action` (a click or submit) and waits for the page at `path` to load; returns the document's response. */
export async function navigateBy(page: Page, origin: string, path: string, action: () => Promise<void>): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForEvent('response', (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame()),
    page.waitForURL(`${origin}${path}`, { waitUntil: 'load' }),
    action(),
  ]);
  return response;
}

/** What a browser test file shares: Harbour, the neutral site quick exit goes to, and Chromium. */
export interface BrowserSuite {
  harbour(): RunningHarbour;
  neutral(): NeutralSite;
  browser(): Browser;
}

/**
 * Starts the neutral site, Harbour (clock fixed at `now`, quick exit to the neutral site) and
 * Chromium before the file's tests (then runs `setup`), and closes them after. Call at the top
 * level of a test file.
 */
export function useBrowserSuite(now: Date, setup?: (harbour: RunningHarbour) => Promise<void>): BrowserSuite {
  let harbour: RunningHarbour | undefined;
  let neutral: NeutralSite | undefined;
  let browser: Browser | undefined;
  before(async () => {
    neutral = await startNeutralSite();
    harbour = await startHarbour({ now, env: { HARBOUR_QUICK_EXIT_URL: `${neutral.url}/weather` } });
    browser = await launchBrowser();
    await setup?.(harbour);
  });
  after(() =>
    closeAll(
      async () => browser?.close(),
      async () => harbour?.close(),
      async () => neutral?.close(),
    ),
  );
  return { harbour: () => harbour!, neutral: () => neutral!, browser: () => browser! };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 AA violations axe finds on the page (needs a context with `bypassCSP`), one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
    };
    return w.axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** One request that passed through the recording proxy, body included. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
}

/** A proxy in front of Harbour that records every request the browser sends: pages and service worker alike. */
export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  /** Down: every connection is cut at once, for the page and its service worker alike (a real "no network"). */
  setDown(down: boolean): void;
  /** Connections cut while down. */
  refused(): number;
  close(): Promise<void>;
}

/**
 * Forwards every request to `target` and records it (method, path, body) before answering. What the
 * browser sends, from the page or its service worker, has to pass through here.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const upstream = new URL(target);
  let down = false;
  let refused = 0;
  const server = createServer((req, res) => {
    if (down) {
      refused++;
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', path: req.url ?? '', body: body.toString('utf8') });
      // The Host header stays the proxy's: Harbour compares it with the Origin of form posts.
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setDown: (value) => {
      down = value;
      // Kept-alive connections would otherwise carry on.
      if (value) server.closeAllConnections();
    },
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Waits until the service worker controls the page and says it saved the whole precache list for
 * the page's choices (the client records that only on success), then checks the caches hold it.
 */
export async function waitForOffline(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      navigator.serviceWorker.controller !== null &&
      localStorage.getItem('hb_precached') === document.documentElement.dataset.prefs,
    undefined,
    { timeout: 20_000, polling: 250 },
  );
  const missing = await page.evaluate(async () => {
    const list = (await (await fetch('/precache.json')).json()) as { urls: string[] };
    const pages = await caches.open('harbour-pages-v1');
    const assets = await caches.open('harbour-assets-v1');
    const out: string[] = [];
    for (const url of list.urls) if (!(await pages.match(url)) && !(await assets.match(url))) out.push(url);
    return out;
  });
  assert.deepEqual(missing, [], 'everything on the precache list is saved');
}
