import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { readFeedback } from '../feedback/service.ts';
import { loadLibrary } from '../learn/content.ts';
import { LANGUAGES } from './i18n.ts';
import { precacheUrls } from './pwa.ts';

const NOW = new Date('2026-11-26T10:00:00+02:00');
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

let t: TestApp;
let serviceId: string;
let otherServiceId: string;

before(async () => {
  t = await createTestApp({ demo: true, now: NOW, env: { LOG_LEVEL: 'silent' } });
  const row = await t.db.db.selectFrom('service').select('id').orderBy('name').limit(1).executeTakeFirstOrThrow();
  serviceId = row.id;
  const other = await t.db.db.selectFrom('service').select('id').orderBy('name', 'desc').limit(1).executeTakeFirstOrThrow();
  otherServiceId = other.id;
});
after(() => t.close());

async function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}

/** Every member page, as a request (the search is a POST). */
function memberPages(): { name: string; url: string; method?: 'POST'; payload?: string }[] {
  return [
    { name: 'home', url: '/' },
    { name: 'results', url: '/search', method: 'POST', payload: 'near_text=Sunnyside&open=on' },
    { name: 'service', url: `/services/${serviceId}` },
    { name: 'overdose', url: '/overdose' },
    { name: 'self-check', url: '/check' },
    { name: 'library', url: '/learn' },
    { name: 'library page', url: '/learn/safer-injecting' },
    { name: 'library search', url: '/learn?q=naloxone' },
    { name: 'settings', url: '/settings' },
    { name: 'offline', url: '/offline' },
  ];
}

async function fetchPage(page: ReturnType<typeof memberPages>[number], cookie = '') {
  return t.app.inject({
    method: page.method ?? 'GET',
    url: page.url,
    headers: page.method ? t.form(cookie || undefined) : cookie ? { cookie } : {},
    ...(page.payload ? { payload: page.payload } : {}),
  });
}

const titleOf = (body: string) => /<title>([^<]*)<\/title>/.exec(body)?.[1];

describe('the shell on every member page', () => {
  test('quick exit (a link, data-quick-exit), the overdose guide one tap away, <html lang>, the manifest', async () => {
    for (const page of memberPages()) {
      const res = await fetchPage(page);
      assert.equal(res.statusCode, 200, `${page.name}: ${res.statusCode}`);
      assert.match(res.body, /<a class="quick-exit" href="[^"]+" data-quick-exit/, page.name);
      assert.match(res.body, /<a href="\/overdose"/, page.name);
      assert.match(res.body, /<html lang="en"/, page.name);
      assert.match(res.body, /<link rel="manifest" href="\/manifest.webmanifest"/, page.name);
      assert.doesNotMatch(titleOf(res.body) ?? '', /methadone|needle|inject|sex|drug/i, `${page.name}: title`);
    }
  });
});

describe('languages', () => {
  test('?lang= shows the language, says so in <html lang>, and is remembered in hb_lang', async () => {
    const res = await get('/overdose?lang=zu');
    assert.match(res.body, /<html lang="zu"/);
    const langCookies = (r: typeof res) => [r.headers['set-cookie'] ?? []].flat().filter((c) => c.startsWith('hb_lang='));
    assert.match(String(langCookies(res)), /^hb_lang=zu; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly/);
    const again = await get('/settings', { cookie: 'hb_lang=zu' });
    assert.match(again.body, /<html lang="zu"/);
    assert.deepEqual(langCookies(again), [], 'nothing new to remember');
  });

  test('Accept-Language chooses when nothing else does', async () => {
    assert.match((await get('/', { 'accept-language': 'af-ZA,af;q=0.9,en;q=0.5' })).body, /<html lang="af"/);
    assert.match((await get('/', { 'accept-language': 'fr' })).body, /<html lang="en"/);
  });

  test('the overdose guide, settings and the shell are complete in every language (nothing marked missing)', async () => {
    for (const { code } of LANGUAGES) {
      for (const url of ['/overdose', '/settings', '/offline']) {
        const res = await get(`${url}?lang=${code}`);
        assert.match(res.body, new RegExp(`<html lang="${code}"`));
        assert.doesNotMatch(res.body, /data-i18n-missing/, `${code} ${url}`);
      }
    }
  });

  test('machine-drafted translations say so on the page; English does not', async () => {
    assert.match((await get('/overdose?lang=tn')).body, /data-machine-translation/);
    assert.doesNotMatch((await get('/overdose?lang=en')).body, /data-machine-translation/);
  });

  test('the search form is translated; the names of kinds of help stay English, marked so', async () => {
    const body = (await get('/?lang=af')).body;
    assert.match(body, /<label for="q">[^<]+<\/label>/);
    assert.doesNotMatch(body, /<label for="q">What do you need\?<\/label>/);
    assert.doesNotMatch(body, /<main[^>]*lang="en"/);
    assert.match(body, /<option value="[0-9a-f-]{36}" lang="en"\s*>Needle and syringe programme<\/option>/);
    assert.match((await get('/')).body, /<label for="q">What do you need\?<\/label>/);
  });

  test('pages not yet translated are marked as English for screen readers', async () => {
    const service = await get(`/services/${serviceId}?lang=nso`);
    assert.match(service.body, /<div lang="en" data-i18n-missing>/);
    const library = await get('/learn/tuberculosis?lang=zu');
    assert.match(library.body, /class="prose" lang="en" data-i18n-missing/);
    assert.match((await get('/learn/tuberculosis')).body, /class="prose" >/, 'not in English');
  });
});

describe('discreet mode', () => {
  test('every title, the icon and the manifest are neutral; the manifest has its own URL fetched with credentials', async () => {
    for (const page of memberPages()) {
      const res = await fetchPage(page, 'hb_discreet=1');
      assert.equal(titleOf(res.body), 'Notes', page.name);
      assert.match(res.body, /<link rel="icon" href="\/assets\/icon-discreet.svg"/, page.name);
      assert.match(
        res.body,
        /<link rel="manifest" href="\/manifest-discreet.webmanifest" crossorigin="use-credentials"/,
        page.name,
      );
      assert.doesNotMatch(res.body, /<a class="brand" href="\/">Harbour/, page.name);
      assert.doesNotMatch(res.body, /Harbour keeps no record/, `${page.name}: footer`);
      assert.match(res.body, /<meta name="theme-color" content="#5f6368"/, page.name);
    }
    const manifest = (await get('/manifest-discreet.webmanifest')).json<{ name: string; icons: { src: string }[] }>();
    assert.equal(manifest.name, 'Notes');
    assert.equal(manifest.icons[0]?.src, '/assets/icon-discreet.svg');
    const normal = await get('/manifest.webmanifest');
    assert.match(String(normal.headers['content-type']), /^application\/manifest\+json/);
    assert.equal(normal.json<{ name: string }>().name, 'Harbour');
  });

  test('HARBOUR_DISCREET_NAME names it', async () => {
    const other = await createTestApp({ env: { LOG_LEVEL: 'silent', HARBOUR_DISCREET_NAME: 'Recipes' } });
    try {
      const res = await other.app.inject({ url: '/learn', headers: { cookie: 'hb_discreet=1' } });
      assert.equal(titleOf(res.body), 'Recipes');
      const manifest = await other.app.inject({ url: '/manifest-discreet.webmanifest' });
      assert.equal(manifest.json<{ name: string }>().name, 'Recipes');
    } finally {
      await other.close();
    }
  });
});

describe('settings', () => {
  test('a form post saves language, colours and discreet mode in cookies and comes back to the page', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/settings',
      headers: { ...t.form(), ...SAME_ORIGIN },
      payload: 'lang=tn&theme=dark&discreet=1',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/settings?saved=1');
    const cookies = [res.headers['set-cookie']].flat().map(String);
    assert.deepEqual(
      cookies.map((c) => c.split(';')[0]),
      ['hb_lang=tn', 'hb_theme=dark', 'hb_discreet=1'],
    );
    const page = await get('/settings?saved=1', { cookie: cookies.map((c) => c.split(';')[0]).join('; ') });
    assert.match(page.body, /<html lang="tn" data-prefs="tn.d.dark" data-theme="dark"/);
    assert.match(page.body, /data-settings-saved/);
    assert.match(page.body, /<input type="radio" name="discreet" value="1" checked/);
  });

  test('a post from another site is refused (403 csrf_failed); an unknown value is a 400', async () => {
    const cross = await t.app.inject({
      method: 'POST',
      url: '/settings',
      headers: { ...t.form(), 'sec-fetch-site': 'cross-site' },
      payload: 'theme=dark',
    });
    assert.equal(cross.statusCode, 403);
    assert.match(cross.body, /another website/);
    const origin = await t.app.inject({
      method: 'POST',
      url: '/settings/remove',
      headers: { ...t.form(), origin: 'https://evil.example' },
    });
    assert.equal(origin.statusCode, 403);
    const bad = await t.app.inject({ method: 'POST', url: '/settings', headers: t.form(), payload: 'lang=xx' });
    assert.equal(bad.statusCode, 400);
  });

  test('remove from this phone: Clear-Site-Data, every cookie expired, and a bare page that loads nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/settings/remove?lang=zu',
      headers: { ...t.form('hb_lang=zu; hb_discreet=1'), ...SAME_ORIGIN },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['clear-site-data'], '"cache", "cookies", "storage"');
    assert.equal(res.headers['cache-control'], 'no-store');
    const cookies = [res.headers['set-cookie']].flat().map(String);
    assert.deepEqual(
      cookies.map((c) => c.split(';').slice(0, 3).join(';')),
      ['hb_lang=; Path=/; Max-Age=0', 'hb_theme=; Path=/; Max-Age=0', 'hb_discreet=; Path=/; Max-Age=0'],
    );
    assert.match(res.body, /<html lang="zu">/);
    assert.match(res.body, /data-removed/);
    assert.equal(titleOf(res.body), 'Notes');
    assert.doesNotMatch(res.body, /<script|stylesheet|rel="manifest"|\/assets\//, 'nothing to fetch (and cache) again');
  });

  test('the quick-exit help says what it does not do and how to browse privately', async () => {
    const body = (await get('/settings')).body;
    assert.match(body, /stay in the browser history, and it is not private browsing/);
    assert.match(body, /Incognito/);
    assert.match(body, /before you add Harbour to your home screen/);
  });
});

describe('the overdose guide', () => {
  test('call buttons for 112 and 10177 by default, and for the numbers an operator configures', async () => {
    const body = (await get('/overdose')).body;
    assert.match(body, /href="tel:112"/);
    assert.match(body, /href="tel:10177"/);
    assert.ok(body.indexOf('tel:112') < body.indexOf('tel:10177'), '112 first');
    for (const part of ['naloxone', 'Rescue breathing', 'recovery position', 'Stay with them', 'Will the police come?'])
      assert.ok(body.toLowerCase().includes(part.toLowerCase()), part);
    const other = await createTestApp({
      env: { LOG_LEVEL: 'silent', HARBOUR_EMERGENCY_NUMBERS: '999=Ambulance (county),112' },
    });
    try {
      const custom = (await other.app.inject({ url: '/overdose' })).body;
      assert.match(
        custom,
        /href="tel:999"[^>]*><span class="call-number">999<\/span> <span class="call-label">Ambulance \(county\)/,
      );
      assert.doesNotMatch(custom, /tel:10177/);
    } finally {
      await other.close();
    }
  });
});

describe('the library', () => {
  test('/learn lists every page; /learn?q= searches without JavaScript; a page shows its sources and review state', async () => {
    const library = loadLibrary();
    const index = (await get('/learn')).body;
    for (const slug of library.slugs()) assert.match(index, new RegExp(`href="/learn/${slug}"`));
    const found = (await get('/learn?q=nyaope')).body;
    assert.match(found, /data-learn-results[\s\S]*href="\/learn\/local-drugs"/);
    const none = (await get('/learn?q=zzzqqq')).body;
    assert.match(none, /data-learn-empty/);
    const page = (await get('/learn/prep-pep')).body;
    assert.match(page, /Not yet checked by a health worker/);
    assert.match(page, /needs review by the community/);
    assert.match(page, /<h2 id="sources">Sources<\/h2>/);
    const missing = await get('/learn/no-such-page');
    assert.equal(missing.statusCode, 404);
    assert.match(String(missing.headers['content-type']), /text\/html/);
  });
});

describe('offline support', () => {
  test('the service worker is served from the root; the precache list covers the shell, guide and whole library', async () => {
    const sw = await get('/sw.js');
    assert.equal(sw.statusCode, 200);
    assert.match(String(sw.headers['content-type']), /text\/javascript/);
    const list = (await get('/precache.json')).json<{ urls: string[] }>().urls;
    for (const url of ['/', '/overdose', '/learn', '/settings', '/offline', '/assets/app.js', '/assets/app.css'])
      assert.ok(list.includes(url), url);
    for (const slug of loadLibrary().slugs()) assert.ok(list.includes(`/learn/${slug}`), slug);
  });

  test('a page knows when the browser asks to save data (Save-Data), so the client skips precaching', async () => {
    assert.match((await get('/', { 'save-data': 'on' })).body, /<html lang="en" data-prefs="en.n.system" data-save-data>/);
    assert.doesNotMatch((await get('/')).body, /data-save-data/);
  });
});

describe('weight budgets (deterministic: bytes as served)', () => {
  /** The files a page loads before `load`: its stylesheet, script, icon (and manifest). */
  function subresources(body: string): string[] {
    return [...body.matchAll(/<(?:link|script)[^>]+(?:href|src)="(\/[^"]+)"/g)].map((m) => m[1]!);
  }

  test('home, first visit: at most 100 KB up to load; precache after load at most 250 KB; JS at most 50 KB compressed', async (tc) => {
    const home = await get('/');
    let firstVisit = Buffer.byteLength(home.body);
    const loaded = new Set(['/']);
    for (const url of subresources(home.body)) {
      firstVisit += (await get(url)).rawPayload.length;
      loaded.add(url);
    }
    tc.diagnostic(`home up to load: ${firstVisit} bytes`);
    assert.ok(firstVisit <= 100 * 1024, `home first visit ${firstVisit} bytes`);

    // The budget is what is transferred: the worker fetches with the browser's Accept-Encoding.
    const gzip = { 'accept-encoding': 'gzip' };
    let precache = 0;
    let uncompressed = 0;
    for (const url of ['/sw.js', '/precache.json', ...precacheUrls(loadLibrary().slugs()).filter((u) => !loaded.has(u))]) {
      precache += (await get(url, gzip)).rawPayload.length;
      uncompressed += (await get(url)).rawPayload.length;
    }
    tc.diagnostic(`precache after load: ${precache} bytes transferred (${uncompressed} bytes uncompressed)`);
    assert.ok(precache <= 250 * 1024, `precache ${precache} bytes`);

    for (const script of ['/assets/app.js', '/sw.js']) {
      const gz = gzipSync((await get(script)).rawPayload).length;
      tc.diagnostic(`${script}: ${gz} bytes gzip`);
      assert.ok(gz <= 50 * 1024, `${script} ${gz} bytes gzip`);
    }
    // /check loads the shell's script and the self-check island.
    const check =
      gzipSync((await get('/assets/app.js')).rawPayload).length + gzipSync((await get('/assets/check.js')).rawPayload).length;
    tc.diagnostic(`/check's JavaScript: ${check} bytes gzip`);
    assert.ok(check <= 50 * 1024, `/check JavaScript ${check} bytes gzip`);
  });
});

describe('report wrong information', () => {
  test('every service page has the form; a form post is stored with its detail sealed and thanks her', async () => {
    const page = (await get(`/services/${serviceId}`)).body;
    assert.match(page, new RegExp(`<form\\s+method="post"\\s+action="/services/${serviceId}/feedback"`));
    const res = await t.app.inject({
      method: 'POST',
      url: `/services/${serviceId}/feedback`,
      headers: { ...t.form(), ...SAME_ORIGIN, 'x-forwarded-for': '1' },
      payload: 'kind=wrong_hours&detail=Closed+on+Fridays+now',
      remoteAddress: '10.0.0.1',
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `/services/${serviceId}?reported=1#feedback`);
    assert.match((await get(`/services/${serviceId}?reported=1`)).body, /data-feedback-received/);
    const row = await t.db.db
      .selectFrom('service_feedback')
      .selectAll()
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(row.kind, 'wrong_hours');
    assert.ok(row.detail_sealed && !row.detail_sealed.includes('Fridays'), 'the detail is sealed at rest');
    const keys = t.app.services.keys;
    assert.equal(
      await keys.decrypt(t.db.db, { table: 'service_feedback', column: 'detail_sealed', id: row.id }, row.detail_sealed),
      'Closed on Fridays now',
    );
    const reports = await readFeedback(t.db.db, keys, { limit: 10 });
    assert.equal(reports[0]?.detail, 'Closed on Fridays now');
  });

  test('the offline outbox gets JSON: 201 when stored, a 400 with a plain message for a bad kind, 404 for no service', async () => {
    const json = () => ({ ...t.form(), accept: 'application/json' });
    const ok = await t.app.inject({
      method: 'POST',
      url: `/services/${serviceId}/feedback`,
      headers: json(),
      payload: 'kind=closed',
      remoteAddress: '10.0.0.2',
    });
    assert.equal(ok.statusCode, 201);
    assert.deepEqual(ok.json(), { status: 'received' });
    const bad = await t.app.inject({
      method: 'POST',
      url: `/services/${serviceId}/feedback`,
      headers: json(),
      payload: 'kind=stolen',
      remoteAddress: '10.0.0.2',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<{ error: { code: string } }>().error.code, 'invalid_request');
    const gone = await t.app.inject({
      method: 'POST',
      url: '/services/00000000-0000-4000-8000-000000000000/feedback',
      headers: json(),
      payload: 'kind=closed',
      remoteAddress: '10.0.0.3',
    });
    assert.equal(gone.statusCode, 404);
  });

  test('rate-limited: the fourth report about one service in an hour is a 429 with Retry-After', async () => {
    const send = (client: string, service = serviceId) =>
      t.app.inject({
        method: 'POST',
        url: `/services/${service}/feedback`,
        headers: { ...t.form(), accept: 'application/json' },
        payload: 'kind=moved',
        remoteAddress: client,
      });
    for (let i = 0; i < 3; i++) assert.equal((await send('10.9.9.9')).statusCode, 201, `report ${i + 1}`);
    const limited = await send('10.9.9.9');
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json<{ error: { code: string } }>().error.code, 'too_many_attempts');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await send('10.9.9.10')).statusCode, 201, 'another client is not limited');
    assert.equal((await send('10.9.9.9', otherServiceId)).statusCode, 201, 'nor the same client about another service');
  });

  test('behind the proxy, an X-Forwarded-For the client wrote does not escape the limit', async () => {
    const proxied = await createTestApp({
      demo: true,
      env: { LOG_LEVEL: 'silent', HARBOUR_PUBLIC_URL: 'https://harbour.example.org' },
    });
    try {
      const send = (forged: string) =>
        proxied.app.inject({
          method: 'POST',
          url: `/services/${serviceId}/feedback`,
          // The client wrote the first entry; the proxy (the socket peer) appended the real address.
          headers: { ...proxied.form(), accept: 'application/json', 'x-forwarded-for': `${forged}, 198.51.100.7` },
          payload: 'kind=closed',
          remoteAddress: '127.0.0.1',
        });
      for (let i = 0; i < 3; i++) assert.equal((await send(`203.0.113.${i}`)).statusCode, 201);
      assert.equal((await send('203.0.113.99')).statusCode, 429);
    } finally {
      await proxied.close();
    }
  });

  test('a report the phone sends twice (same client_ref) is stored once', async () => {
    const ref = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: `/services/${otherServiceId}/feedback`,
        headers: { ...t.form(), accept: 'application/json' },
        payload: `kind=wrong_phone&client_ref=${ref}`,
        remoteAddress: '10.7.7.7',
      });
    assert.equal((await send()).statusCode, 201);
    assert.equal((await send()).statusCode, 201, 'the repeat is answered as received');
    const rows = await t.db.db.selectFrom('service_feedback').select('id').where('client_ref', '=', ref).execute();
    assert.equal(rows.length, 1);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/services/${otherServiceId}/feedback`,
      headers: { ...t.form(), accept: 'application/json' },
      payload: 'kind=closed&client_ref=not-hex',
      remoteAddress: '10.7.7.8',
    });
    assert.equal(bad.statusCode, 400);
  });
});
