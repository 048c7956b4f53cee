/**
 * `npm run bench:web`: the member web app's weight and Lighthouse figures, next to their budgets.
 *
 * Starts the real app (`startHarbour`: a fresh SQLite test database with the gazetteer and the demo
 * data) on a loopback port with the clock fixed, then:
 * 1. Weight, with playwright-core and Chromium (phone viewport 360×740, fresh context): bytes
 *    transferred up to `load` on the home page, request by request; what the page fetches in the
 *    seconds after `load` (a service worker's precache); the gzip size of the JavaScript each page
 *    loads.
 * 2. Lighthouse 12 (mobile: its default form factor and simulated throttling), three runs a page, the
 *    median score per category, and the audits that did not pass.
 *
 * Every request any browser makes is checked: none may leave loopback. A benchmark, not a test:
 * it exits 0 when a budget is missed, non-zero only when it could not run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import lighthouse, { startFlow, type Artifacts, type Flags, type Result, type RunnerResult } from 'lighthouse';
import type { Request } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type Page as PuppeteerPage } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchBrowser, navigateBy, startHarbour, withPage } from '../test/browser/helpers.ts';
import { fmt, load1, log, machine, nowMs, ROOT, table } from './lib.ts';

/** Thursday 10:00 SAST on the server, so "open now" always has the same answer. */
const NOW = new Date('2026-11-26T10:00:00+02:00');
const VIEWPORT = { width: 360, height: 740 };
/** Budgets in KB (1 KB = 1000 bytes). */
const BUDGET_HOME_LOAD_KB = 100;
const BUDGET_JS_GZIP_KB = 50;
const BUDGET_PRECACHE_KB = 250;
/** How long to watch for requests after `load` (a service worker installing and precaching). */
const AFTER_LOAD_MS = 3_000;
/** Then, if a service worker registered, how long to wait at most for it to finish installing. */
const SW_READY_MS = 10_000;
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_WEB_RUNS ?? 3);
const CATEGORIES = [
  { id: 'performance', label: 'performance', op: '>=', target: 95 },
  { id: 'accessibility', label: 'accessibility', op: '=', target: 100 },
  { id: 'best-practices', label: 'best practices', op: '>=', target: 95 },
] as const;

const kb = (bytes: number) => `${fmt(bytes / 1000, 1)} KB`;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');

/** A page the benchmark measures. `how` says how the browser gets there. */
interface Target {
  key: string;
  label: string;
  how: { kind: 'url'; url: string } | { kind: 'search' };
}

/** One line of the summary. */
interface Line {
  figure: string;
  value: string;
  target: string;
  result: string;
}

// ---------------------------------------------------------------------------------------------
// Weight (playwright-core)

interface Seen {
  request: Request;
  /** Which page (or "after load") the browser was on when the request started. */
  phase: string;
  /** Filled in before the browser leaves the page (a body cannot be read after that). */
  sized?: Sized;
  /** Why it has no size: it failed, or never finished. */
  failure?: string;
}

interface Sized {
  method: string;
  path: string;
  type: string;
  status: number;
  /** Answered by the page's service worker. */
  fromWorker: boolean;
  headers: number;
  body: number;
  /** For scripts: the body's length and its gzip size. */
  js: { bytes: number; gzip: number } | null;
}

/**
 * Sizes of a finished request: what crossed the wire (headers and encoded body). A response the
 * page's service worker answered crossed no wire: 0 (the worker's own fetch, if any, is listed
 * separately). Scripts (not other fetches of JavaScript) also get their gzip size.
 */
async function sizeOf(s: Seen, origin: string): Promise<Sized> {
  const r = s.request;
  const url = r.url();
  const path = url.startsWith(origin) ? url.slice(origin.length) : url;
  const response = await r.response();
  const sizes = await r.sizes();
  const ok = response !== null && response.status() === 200;
  const body = ok && (r.resourceType() === 'script' || sizes.responseBodySize === 0) ? await response.body() : null;
  const fromWorker = response?.fromServiceWorker() ?? false;
  return {
    method: r.method(),
    path,
    type: r.resourceType(),
    status: response?.status() ?? 0,
    fromWorker,
    headers: fromWorker ? 0 : sizes.responseHeadersSize,
    // Chromium reports 0 for a service worker's own script: the body it received is the size then.
    body: fromWorker ? 0 : sizes.responseBodySize || (body?.length ?? 0),
    js: r.resourceType() === 'script' && body ? { bytes: body.length, gzip: gzipSync(body).length } : null,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`unfinished after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface WeightResult {
  lines: Line[];
  /** The first result's page, for Lighthouse; null when the search found nothing. */
  serviceUrl: string | null;
  /** HTTP status of each page's document, by key. */
  status: Map<string, number>;
  offsite: string[];
}

async function measureWeight(origin: string): Promise<WeightResult> {
  const browser = await launchBrowser();
  try {
    return await withPage(
      browser,
      { allow: [origin], context: { viewport: VIEWPORT, deviceScaleFactor: 1, isMobile: true, hasTouch: true } },
      async (page, context, offsite) => {
        const seen: Seen[] = [];
        let phase = 'home';
        context.on('request', (request) => seen.push({ request, phase }));
        /** Sizes every request of the pages seen so far; called before each navigation away. */
        const settle = async () => {
          for (const s of seen) {
            if (s.sized || s.failure) continue;
            try {
              s.sized = await withTimeout(sizeOf(s, origin), 5_000);
            } catch (error) {
              s.failure = s.request.failure()?.errorText ?? (error instanceof Error ? error.message : String(error));
            }
          }
        };
        const status = new Map<string, number>();

        // Home: everything up to `load`, then whatever follows in the next seconds.
        const home = await page.goto(`${origin}/`, { waitUntil: 'load' });
        status.set('home', home?.status() ?? 0);
        phase = 'after load';
        await page.waitForTimeout(AFTER_LOAD_MS);
        // A worker that registered has installed (precached) once `ready` resolves.
        const serviceWorker = await page.evaluate(`(async () => {
          const r = navigator.serviceWorker ? await navigator.serviceWorker.getRegistration() : undefined;
          if (!r) return null;
          const ready = await Promise.race([
            navigator.serviceWorker.ready.then(() => true),
            new Promise((resolve) => setTimeout(() => resolve(false), ${SW_READY_MS})),
          ]);
          return { scope: r.scope, ready };
        })()`);
        if (serviceWorker) await page.waitForTimeout(500);

        // Results: the form, as a person fills it; a POST, as the product sends it.
        await settle();
        phase = 'results';
        await page.getByLabel('Near', { exact: true }).fill('Sunnyside');
        await page.getByLabel('Open now').check();
        const results = await navigateBy(page, origin, '/search', () =>
          page.getByRole('button', { name: 'Search', exact: true }).click(),
        );
        status.set('results', results.status());

        // The first result's page.
        let serviceUrl: string | null = null;
        const first = page.locator('section.results li.result h3 a').first();
        if ((await first.count()) > 0) {
          await settle();
          phase = 'service';
          const service = await navigateBy(page, origin, '/services/**', () => first.click());
          status.set('service', service.status());
          serviceUrl = page.url();
        }

        await settle();
        phase = 'overdose';
        const overdose = await page.goto(`${origin}/overdose`, { waitUntil: 'load' });
        status.set('overdose', overdose?.status() ?? 0);
        await settle();
        phase = 'done';

        const failed = seen.filter((s) => s.failure).map((s) => `${s.phase}: ${s.request.url()} (${s.failure})`);
        const lines: Line[] = [];
        const inPhase = (p: string) => seen.filter((s) => s.phase === p && s.sized).map((s) => s.sized!);
        const requestTable = (rows: Sized[]) =>
          table(
            ['request', 'type', 'status', 'headers', 'body', 'transferred', 'gzip (JS)'],
            rows.map((z) => [
              `${z.method} ${z.path}`,
              z.type,
              z.fromWorker ? `${z.status} (SW)` : z.status,
              `${fmt(z.headers, 0)} B`,
              `${fmt(z.body, 0)} B`,
              `${fmt(z.headers + z.body, 0)} B`,
              z.js ? `${fmt(z.js.gzip, 0)} B` : '',
            ]),
          );

        log('\n== Weight (playwright-core, Chromium, 360×740, fresh context, cache empty)');
        log('Transferred = response headers + body as sent (encoded, as Chromium counts it). 1 KB = 1000 bytes.');
        const homeRows = inPhase('home');
        const homeBytes = homeRows.reduce((a, z) => a + z.headers + z.body, 0);
        log(`\nHome page (/), requests up to the load event (HTTP ${status.get('home')}):`);
        log(requestTable(homeRows));
        log(`total: ${fmt(homeBytes, 0)} B in ${homeRows.length} requests`);
        lines.push({
          figure: 'home: transferred up to load',
          value: kb(homeBytes),
          target: `≤ ${BUDGET_HOME_LOAD_KB} KB`,
          result: verdict(homeBytes <= BUDGET_HOME_LOAD_KB * 1000),
        });

        const sw = serviceWorker as { scope: string; ready: boolean } | null;
        const afterRows = inPhase('after load');
        const afterBytes = afterRows.reduce((a, z) => a + z.headers + z.body, 0);
        log(`\nHome page, requests after load (${AFTER_LOAD_MS / 1000} s, then until a service worker is active):`);
        if (afterRows.length > 0) log(requestTable(afterRows));
        else log('(none)');
        log(
          `service worker: ${sw ? `registered, scope ${sw.scope}, ${sw.ready ? 'active' : `not active after ${SW_READY_MS / 1000} s more`}` : 'none registered'}`,
        );
        lines.push({
          figure: 'home: precache after load',
          value: kb(afterBytes),
          target: `≤ ${BUDGET_PRECACHE_KB} KB`,
          result: sw ? verdict(afterBytes <= BUDGET_PRECACHE_KB * 1000) : 'no service worker',
        });

        log('\nEach page (home with the seconds after load). No HTTP cache (Playwright routes requests); "(SW)"');
        log('rows were answered by the service worker and cost no transfer. JavaScript: every script the page');
        log('runs, wherever it came from, gzip at the default level:');
        const jsRows: (string | number)[][] = [];
        let largest = { key: 'none', bytes: 0 };
        for (const key of ['home', 'results', 'service', 'overdose']) {
          const code = status.get(key);
          if (code === undefined) {
            jsRows.push([key, '', '', 'not reached']);
            continue;
          }
          const rows = key === 'home' ? [...inPhase('home'), ...inPhase('after load')] : inPhase(key);
          const js = rows.flatMap((z) => (z.js ? [z.js] : []));
          const gz = js.reduce((a, z) => a + z.gzip, 0);
          const raw = js.reduce((a, z) => a + z.bytes, 0);
          const all = rows.reduce((a, z) => a + z.headers + z.body, 0);
          jsRows.push([key, code, `${fmt(all, 0)} B`, `${js.length} scripts, ${fmt(raw, 0)} B → ${fmt(gz, 0)} B gzip`]);
          if (code === 200 && gz > largest.bytes) largest = { key, bytes: gz };
        }
        log(table(['page', 'HTTP', 'transferred', 'JavaScript'], jsRows));
        lines.push({
          figure: `largest JS per page, gzip (${largest.key})`,
          value: kb(largest.bytes),
          target: `≤ ${BUDGET_JS_GZIP_KB} KB`,
          result: verdict(largest.bytes <= BUDGET_JS_GZIP_KB * 1000),
        });

        if (failed.length > 0) log(`\nrequests that did not finish:\n  ${failed.join('\n  ')}`);
        return { lines, serviceUrl, status, offsite: [...offsite] };
      },
    );
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Lighthouse

function lighthouseVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/lighthouse/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

const LH_FLAGS: Flags = {
  logLevel: 'error',
  onlyCategories: CATEGORIES.map((c) => c.id),
};

interface Run {
  lhr: Result;
  /** Every URL the page requested, from Lighthouse's own DevTools log. */
  urls: string[];
}

function requestedUrls(artifacts: Artifacts | undefined): string[] {
  const events = artifacts?.DevtoolsLog ?? artifacts?.DevtoolsLogError ?? [];
  const urls: string[] = [];
  for (const e of events) {
    if (e.method === 'Network.requestWillBeSent') urls.push(e.params.request.url);
  }
  return urls;
}

/** One Lighthouse run in a fresh browser context (its own cache and storage). */
async function lighthouseRun(browser: PuppeteerBrowser, origin: string, target: Target): Promise<Run> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    if (target.how.kind === 'url') {
      const result: RunnerResult | undefined = await lighthouse(target.how.url, LH_FLAGS, undefined, page);
      if (!result) throw new Error('Lighthouse returned no result');
      return { lhr: result.lhr, urls: requestedUrls(result.artifacts) };
    }
    // Results exist only as the answer to a POST: a user flow fills the form on the home page
    // and Lighthouse measures the navigation the click starts (the home page's CSS and script
    // are in the cache by then, as they are for a person).
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    const flow = await startFlow(page, { flags: LH_FLAGS });
    await flow.navigate(() => submitSearch(page), { name: 'Search results' });
    const flowResult = await flow.createFlowResult();
    const step = flowResult.steps[0];
    if (!step) throw new Error('the user flow recorded no step');
    return { lhr: step.lhr, urls: requestedUrls(flow.createArtifactsJson().gatherSteps[0]?.artifacts) };
  } finally {
    await context.close();
  }
}

/** Near = Sunnyside, Open now ticked, Search: found by their accessible names, as a person finds them. */
async function submitSearch(page: PuppeteerPage): Promise<void> {
  await page.locator('::-p-aria([name="Near"][role="textbox"])').fill('Sunnyside');
  const open = await page.waitForSelector('::-p-aria([name="Open now"][role="checkbox"])');
  if (!open) throw new Error('no "Open now" checkbox');
  if (!(await open.evaluate((el) => (el as HTMLInputElement).checked))) await open.click();
  await page.locator('::-p-aria([name="Search"][role="button"])').click();
}

interface FailedAudit {
  id: string;
  title: string;
  runs: number;
  worst: number;
  display: string;
}

/** Audits in the measured categories that did not pass: binary audits under 1, scored ones under 0.9. */
function failedAudits(lhr: Result): { id: string; title: string; score: number; display: string }[] {
  const ids = new Set<string>();
  for (const c of CATEGORIES) for (const ref of lhr.categories[c.id]?.auditRefs ?? []) ids.add(ref.id);
  const failed = [];
  for (const id of ids) {
    const a = lhr.audits[id];
    if (!a || a.score === null) continue;
    const mode = a.scoreDisplayMode;
    const fails = mode === 'binary' ? a.score < 1 : mode === 'numeric' || mode === 'metricSavings' ? a.score < 0.9 : false;
    if (fails) failed.push({ id, title: a.title, score: a.score, display: a.displayValue ?? '' });
  }
  return failed;
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

interface LighthouseResult {
  lines: Line[];
  offsite: string[];
  runs: number;
}

async function runLighthouse(origin: string, targets: Target[], status: Map<string, number>): Promise<LighthouseResult> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    defaultViewport: null,
    args: CHROMIUM_ARGS,
  });
  const lines: Line[] = [];
  const offsite: string[] = [];
  let succeeded = 0;
  try {
    log(`\n== Lighthouse ${lighthouseVersion()}`);
    log(`mobile form factor, simulated throttling (Lighthouse's defaults); ${LIGHTHOUSE_RUNS} runs a page, median score ×100`);
    for (const target of targets) {
      const code = status.get(target.key);
      if (code !== 200) {
        const why = code === undefined ? 'not reached' : `HTTP ${code}`;
        log(`\n${target.label}: ${why}, not measured`);
        for (const c of CATEGORIES)
          lines.push({
            figure: `${target.key}: ${c.label}`,
            value: why,
            target: `${c.op === '=' ? '=' : '≥'} ${c.target}`,
            result: 'MISS',
          });
        continue;
      }
      const started = nowMs();
      const measured = new Set<string>();
      const scores = new Map<string, number[]>(CATEGORIES.map((c) => [c.id, []]));
      const failures = new Map<string, FailedAudit>();
      const problems: string[] = [];
      for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
        let run: Run;
        try {
          run = await lighthouseRun(browser, origin, target);
        } catch (error) {
          problems.push(`run ${i + 1} failed: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        const { lhr } = run;
        measured.add(`${lhr.finalDisplayedUrl.replace(origin, '')}`);
        offsite.push(...run.urls.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:')));
        if (lhr.runtimeError) problems.push(`run ${i + 1}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
        else succeeded++;
        for (const w of lhr.runWarnings) problems.push(`run ${i + 1} warning: ${w}`);
        for (const c of CATEGORIES) {
          const score = lhr.categories[c.id]?.score;
          if (typeof score === 'number') scores.get(c.id)!.push(Math.round(score * 100));
        }
        for (const f of failedAudits(lhr)) {
          const prev = failures.get(f.id);
          if (prev) {
            prev.runs++;
            prev.worst = Math.min(prev.worst, f.score);
          } else failures.set(f.id, { id: f.id, title: f.title, runs: 1, worst: f.score, display: f.display });
        }
      }
      const seconds = (nowMs() - started) / 1000;
      log(`\n${target.label} (${fmt(seconds, 0)} s; page measured: ${[...measured].join(', ') || 'none'})`);
      for (const p of [...new Set(problems)]) log(`  ${p}`);
      for (const c of CATEGORIES) {
        const all = scores.get(c.id)!;
        const m = median(all);
        const pass = Number.isFinite(m) && (c.op === '=' ? m === c.target : m >= c.target);
        log(
          `  ${c.label.padEnd(15)} ${Number.isFinite(m) ? String(m).padStart(3) : 'n/a'}   (runs: ${all.join(', ') || 'none'})`,
        );
        lines.push({
          figure: `${target.key}: ${c.label}`,
          value: Number.isFinite(m) ? String(m) : 'n/a',
          target: `${c.op === '=' ? '=' : '≥'} ${c.target}`,
          result: verdict(pass),
        });
      }
      if (failures.size === 0) log('  failing audits: none');
      else {
        log('  failing audits (id: worst score, in how many runs; title; value):');
        for (const f of failures.values())
          log(`    ${f.id}: ${fmt(f.worst, 2)}, ${f.runs}/${LIGHTHOUSE_RUNS}; ${f.title}${f.display ? `; ${f.display}` : ''}`);
      }
    }
  } finally {
    await browser.close();
  }
  return { lines, offsite, runs: succeeded };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = nowMs();
  const m = machine();
  log(`Harbour web benchmark (${new Date().toISOString()})`);
  log(`machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}; load average ${fmt(load1(), 1)}`);
  const harbour = await startHarbour({ now: NOW });
  const origin = harbour.url;
  log(`Harbour at ${origin}, clock fixed at ${NOW.toISOString()}, demo data`);
  let failed = false;
  try {
    const weight = await measureWeight(origin);
    const service = weight.serviceUrl?.slice(origin.length) ?? '(no result)';
    const targets: Target[] = [
      { key: 'home', label: 'Home (/)', how: { kind: 'url', url: `${origin}/` } },
      { key: 'results', label: 'Search results (Near = Sunnyside, Open now; POST /search, user flow)', how: { kind: 'search' } },
      // Not reached (no status) when the search found nothing: reported, not measured.
      {
        key: 'service',
        label: `Service page (${service}, the first result)`,
        how: { kind: 'url', url: weight.serviceUrl ?? '' },
      },
      { key: 'overdose', label: 'Overdose guide (/overdose)', how: { kind: 'url', url: `${origin}/overdose` } },
    ];
    log(`\nload average before Lighthouse: ${fmt(load1(), 1)}`);
    const lh = await runLighthouse(origin, targets, weight.status);
    if (lh.runs === 0) failed = true;

    const offsite = [...new Set([...weight.offsite, ...lh.offsite])];
    log('\n== Summary');
    log(
      table(
        ['figure', 'value', 'target', 'result'],
        [...weight.lines, ...lh.lines].map((l) => [l.figure, l.value, l.target, l.result]),
      ),
    );
    log(
      offsite.length === 0
        ? `requests outside ${origin}: none (Playwright context and every Lighthouse run's DevTools log checked)`
        : `requests outside ${origin} (refused by the browsers): ${offsite.join(', ')}`,
    );
    log(`run time: ${fmt((nowMs() - started) / 1000, 0)} s; load average at the end ${fmt(load1(), 1)}`);
  } catch (error) {
    failed = true;
    process.stderr.write(`bench:web could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  } finally {
    await harbour.close();
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
