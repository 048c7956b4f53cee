import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestApp, importRecords, type TestApp } from './helpers/app.ts';
import { makeService, weekly } from './helpers/factories.ts';

type Inject = InjectOptions;

const SERVICE_ID = randomUUID();
const form = (fields: Record<string, string>): Inject => ({
  method: 'POST',
  url: '/search',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

/** Server-rendered pages, each with the status it answers. */
const PAGES: { name: string; status: number; inject: Inject }[] = [
  { name: 'GET /', status: 200, inject: { method: 'GET', url: '/' } },
  { name: 'POST /search', status: 200, inject: form({ near_text: 'Sunnyside', open: 'now', q: 'clinic' }) },
  { name: 'POST /search, bad input', status: 400, inject: form({ near_text: 'Nowhereville Qqqq', radius_km: '900' }) },
  { name: 'GET /services/{id}', status: 200, inject: { method: 'GET', url: `/services/${SERVICE_ID}` } },
  { name: 'GET /services/{unknown} (404 page)', status: 404, inject: { method: 'GET', url: `/services/${randomUUID()}` } },
];

/** Everything else: API answers (including errors and streams) and assets. */
const OTHERS: { name: string; status: number; inject: Inject }[] = [
  { name: 'GET /api/v1/search', status: 200, inject: { method: 'GET', url: '/api/v1/search?lat=-25.75&lng=28.2' } },
  { name: 'POST /api/v1/search', status: 200, inject: { method: 'POST', url: '/api/v1/search', payload: { q: 'clinic' } } },
  { name: 'GET /api/v1/search 400', status: 400, inject: { method: 'GET', url: '/api/v1/search?lat=900' } },
  {
    name: 'POST /api/v1/search 413',
    status: 413,
    inject: { method: 'POST', url: '/api/v1/search', payload: { q: 'x'.repeat(40_000) } },
  },
  { name: 'GET /api/v1/places', status: 200, inject: { method: 'GET', url: '/api/v1/places?q=sunnyside' } },
  { name: 'GET /hsds/', status: 200, inject: { method: 'GET', url: '/hsds/' } },
  { name: 'GET /hsds/services', status: 200, inject: { method: 'GET', url: '/hsds/services' } },
  { name: 'GET /hsds/services/{id}', status: 200, inject: { method: 'GET', url: `/hsds/services/${SERVICE_ID}` } },
  { name: 'GET /hsds/services?format=ndjson', status: 200, inject: { method: 'GET', url: '/hsds/services?format=ndjson' } },
  { name: 'GET /hsds/services/{malformed}', status: 400, inject: { method: 'GET', url: '/hsds/services/nope' } },
  { name: 'GET unknown path (JSON 404)', status: 404, inject: { method: 'GET', url: '/no/such/thing' } },
  { name: 'GET /healthz', status: 200, inject: { method: 'GET', url: '/healthz' } },
  { name: 'GET /assets/app.css', status: 200, inject: { method: 'GET', url: '/assets/app.css' } },
  { name: 'GET /assets/app.js', status: 200, inject: { method: 'GET', url: '/assets/app.js' } },
  { name: 'GET /assets/icon.svg', status: 200, inject: { method: 'GET', url: '/assets/icon.svg' } },
  { name: 'GET /assets/missing.js', status: 404, inject: { method: 'GET', url: '/assets/missing.js' } },
];

let t: TestApp;
before(async () => {
  t = await createTestApp();
  const summary = await importRecords(t.db, [
    makeService({
      id: SERVICE_ID,
      name: 'Sunnyside clinic',
      sites: [{ lat: -25.7536, lng: 28.2057 }],
      terms: ['hiv_testing', 'free'],
      schedules: [weekly('MO,TU,WE,TH,FR', '08:00', '16:00')],
      phone: '+27 12 000 0000',
    }),
  ]);
  assert.equal(summary.rejected, 0);
});
after(() => t.close());

/** A CSP header as directive → sources. */
function parseCsp(header: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

function checkHeaders(name: string, headers: Record<string, unknown>): void {
  assert.equal(headers['x-powered-by'], undefined, `${name}: X-Powered-By`);
  assert.equal(headers['x-content-type-options'], 'nosniff', `${name}: X-Content-Type-Options`);
  assert.equal(headers['referrer-policy'], 'same-origin', `${name}: Referrer-Policy`);
  const header = headers['content-security-policy'];
  assert.equal(typeof header, 'string', `${name}: no Content-Security-Policy`);
  const csp = parseCsp(header as string);
  assert.deepEqual(csp.get('default-src'), ["'self'"], `${name}: default-src`);
  assert.deepEqual(csp.get('script-src'), ["'self'"], `${name}: script-src`);
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], `${name}: frame-ancestors`);
  assert.deepEqual(csp.get('object-src'), ["'none'"], `${name}: object-src`);
  for (const [directive, sources] of csp) {
    for (const source of sources) {
      // Only this origin (or nothing); `data:` images are inline bytes, not another origin.
      const allowed = source === "'self'" || source === "'none'" || (directive === 'img-src' && source === 'data:');
      assert.ok(allowed, `${name}: ${directive} allows ${source}`);
    }
  }
}

/** Every start tag, with its attributes (names lower-cased). */
function tags(html: string): { tag: string; attrs: Map<string, string> }[] {
  const out: { tag: string; attrs: Map<string, string> }[] = [];
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
    const attrs = new Map<string, string>();
    for (const a of m[2]!.matchAll(/([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g))
      attrs.set(a[1]!.toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '');
    out.push({ tag: m[1]!.toLowerCase(), attrs });
  }
  return out;
}

const OFF_SITE = /^\s*(https?:)?\/\//i;

function checkPage(name: string, html: string): void {
  assert.match(html, /^<!doctype html>/i, `${name}: not a page`);
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    assert.equal(m[2]!.trim(), '', `${name}: inline script ${m[0].slice(0, 120)}`);
    assert.match(m[1]!, /\ssrc\s*=/, `${name}: a script without src`);
  }
  assert.doesNotMatch(html, /<style\b/i, `${name}: a <style> element`);
  const all = tags(html);
  assert.ok(
    all.some((x) => x.tag === 'script'),
    `${name}: the tag reader found no script tag`,
  );
  for (const { tag, attrs } of all) {
    const where = `${name}: <${tag} ${[...attrs].map(([k, v]) => `${k}="${v}"`).join(' ')}>`;
    assert.ok(!attrs.has('style'), `${where} has a style attribute`);
    for (const attr of attrs.keys()) assert.ok(!/^on/.test(attr), `${where} has an inline handler`);
    for (const attr of ['href', 'src', 'action', 'formaction', 'srcset', 'poster', 'data']) {
      const value = attrs.get(attr);
      if (value === undefined) continue;
      assert.ok(!/^\s*javascript:/i.test(value), `${where}: javascript: URL`);
      // Quick exit is an <a href> to a neutral site: navigation when tapped, not a load.
      if (tag === 'a') continue;
      assert.ok(!OFF_SITE.test(value), `${where} loads from another origin`);
    }
  }
}

describe('security headers', () => {
  test('every page, API answer and asset carries them', async () => {
    for (const r of [...PAGES, ...OTHERS]) {
      const res = await t.app.inject(t.asBrowser(r.inject));
      assert.equal(res.statusCode, r.status, `${r.name}: ${res.body.slice(0, 200)}`);
      checkHeaders(r.name, res.headers);
    }
  });

  test('the HSDS API is open to every origin, member pages are not', async () => {
    for (const url of ['/hsds/services', '/hsds/services?format=ndjson', `/hsds/services/${SERVICE_ID}`]) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.headers['access-control-allow-origin'], '*', url);
    }
    for (const url of ['/', '/api/v1/search?q=clinic', `/services/${SERVICE_ID}`]) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.headers['access-control-allow-origin'], undefined, url);
    }
  });
});

describe('pages', () => {
  test('have no inline script or style and load nothing from another origin', async () => {
    for (const r of PAGES) {
      const res = await t.app.inject(t.asBrowser(r.inject));
      assert.equal(res.statusCode, r.status, `${r.name}: ${res.body.slice(0, 200)}`);
      assert.match(String(res.headers['content-type']), /^text\/html/, r.name);
      checkPage(r.name, res.body);
    }
  });

  test('the page checks would catch what they look for', () => {
    const ok =
      '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><a href="https://neutral.example/">Quick exit</a></body></html>';
    assert.doesNotThrow(() => checkPage('ok', ok));
    for (const bad of [
      ok.replace('</head>', '<script>alert(1)</script></head>'),
      ok.replace('<body>', '<body><p style="color:red">x</p>'),
      ok.replace('</head>', '<style>p{}</style></head>'),
      ok.replace('<body>', '<body><img src="https://tracker.example/p.gif">'),
      ok.replace('<body>', '<body><img src="//tracker.example/p.gif">'),
      ok.replace('</head>', '<link rel="stylesheet" href="http://cdn.example/a.css"></head>'),
      ok.replace('<body>', '<body><button onclick="go()">x</button>'),
    ])
      assert.throws(() => checkPage('bad', bad), bad);
  });

  test('the page stylesheet imports nothing from another origin', async () => {
    const css = (await t.app.inject({ method: 'GET', url: '/assets/app.css' })).body;
    assert.doesNotMatch(css, /@import/i);
    for (const m of css.matchAll(/url\(\s*['"]?([^'")]*)/gi)) assert.ok(!OFF_SITE.test(m[1]!), `app.css loads ${m[1]}`);
  });
});
