import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import type { SearchItem, SearchResponse } from '../directory/schema.ts';
import { FLAG_CODES } from '../directory/taxonomies.ts';
import type { Json } from '../hsds/model.ts';
import { escapeHtml } from './html.ts';

// Thursday 2026-11-26 10:00 SAST: weekday clinics are open, night outreach is not.
const NOW = new Date('2026-11-26T10:00:00+02:00');
const ZONE = 'Africa/Johannesburg';
const SIX_MONTHS_MS = 183 * 86_400_000;

/** The demo data as shipped: tests pick their examples from it by what they are, not by hard-coded id. */
const DEMO = JSON.parse(readFileSync(new URL('../../seed/demo/tshwane-demo.json', import.meta.url), 'utf8')) as Json[];

let t: TestApp;
let sunnysideId: string;

async function postSearch(fields: Record<string, string>) {
  return t.app.inject({ method: 'POST', url: '/search', headers: t.form(), payload: new URLSearchParams(fields).toString() });
}

async function apiSearch(body: Record<string, unknown>): Promise<SearchResponse> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/search', payload: body });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<SearchResponse>();
}

/** Visible text of an HTML fragment: tags dropped, the escapes `html` writes undone, spaces collapsed. */
function textOf(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The HTML of the first element that opens with `open` (a regex source) up to its closing `</tag>`. */
function element(page: string, tag: string, open: RegExp): string {
  const start = page.search(open);
  assert.ok(start >= 0, `no ${open} in page`);
  const end = page.indexOf(`</${tag}>`, start);
  assert.ok(end > start, `${open} is not closed`);
  return page.slice(start, end + tag.length + 3);
}

interface Listed {
  serviceId: string;
  name: string;
  distanceM: number | null;
  distanceText: string | null;
  open: string;
  status: string;
  tel: string | null;
  geo: string | null;
  html: string;
}

/** The results listed in one section of the results page, in page order. */
function listed(section: string): Listed[] {
  return section
    .split('<li class="result"')
    .slice(1)
    .map((chunk) => {
      const li = chunk.slice(0, chunk.indexOf('</li>'));
      const distance = /<span class="distance" data-distance-m="(\d+)">([^<]*)<\/span>/.exec(li);
      const status = /<span class="status [^"]*" data-open="([^"]*)">([^<]*)<\/span>/.exec(li);
      assert.ok(status, `a result without an open state: ${li}`);
      return {
        serviceId: /data-service-id="([^"]+)"/.exec(li)![1]!,
        name: textOf(/<h3>([\s\S]*?)<\/h3>/.exec(li)![1]!),
        distanceM: distance ? Number(distance[1]) : null,
        distanceText: distance ? distance[2]! : null,
        open: status[1]!,
        status: textOf(status[2]!),
        tel: /href="(tel:[^"]*)"/.exec(li)?.[1] ?? null,
        geo: /href="(geo:[^"]*)"/.exec(li)?.[1] ?? null,
        html: li,
      };
    });
}

function sections(page: string): { results: string; remote: string } {
  return {
    results: element(page, 'section', /<section class="results"/),
    remote: element(page, 'section', /<section class="remote"/),
  };
}

/** "17:00" for an RFC 3339 instant, read in the site's zone. */
function localClock(instant: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(instant),
  );
}

/** A Json field as text (ids, names, dates and numbers in the demo data). */
const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const sals = (s: Json) => list(s.service_at_locations);
const locationOf = (sal: Json) => (sal.location ?? {}) as Json;
const isConfidential = (s: Json) => sals(s).some((sal) => locationOf(sal).confidential === true);
const physical = (s: Json) => sals(s).length > 0;

function demo(what: string, pred: (s: Json) => boolean): Json {
  const found = DEMO.find(pred);
  assert.ok(found, `the demo data has no ${what}`);
  return found;
}

const DRUG_WORDS =
  /drug|needle|syringe|methadone|opioid|heroin|nyaope|naloxone|overdose|rehab|detox|inject|hiv|prep\b|pep\b|sti\b|shelter|refuge/i;

function assertNeutralTitle(title: string): void {
  assert.doesNotMatch(title, DRUG_WORDS, `title "${title}" names a need`);
  for (const s of DEMO) assert.ok(!title.includes(str(s.name)), `title "${title}" names a service`);
}

function servicePage(id: string) {
  return t.app.inject({ method: 'GET', url: `/services/${id}` });
}

before(async () => {
  t = await createTestApp({ demo: true, now: NOW });
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/places?q=Sunnyside' });
  assert.equal(res.statusCode, 200, res.body);
  const best = res.json<{ contents: { id: string; name: string }[] }>().contents[0];
  assert.equal(best?.name, 'Sunnyside');
  sunnysideId = best.id;
});
after(() => t.close());

describe('GET / (the search page)', () => {
  test('a form that posts, with every filter, labelled, in a page that says nothing about what is searched', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const page = res.body;
    assert.match(page, /<html lang="en"/);

    const form = element(page, 'form', /<form[^>]*data-search-form/);
    assert.match(form, /^<form[^>]*\bmethod="post"/);
    assert.match(form, /^<form[^>]*\baction="\/search"/);
    assert.doesNotMatch(page, /method="get"/i, 'no form on the page may put search terms in a URL');

    // place, category, open now, flags, language, gender, free text
    assert.match(form, /<input[^>]*name="near_text"/);
    assert.match(form, /<select[^>]*name="taxonomy_term_id"/);
    assert.match(form, /<input type="checkbox" name="open" checked/);
    for (const flag of FLAG_CODES) assert.match(form, new RegExp(`<input type="checkbox" name="${flag}"`), flag);
    assert.match(form, /<select[^>]*name="language"[\s\S]*<option value="zu"/);
    assert.match(form, /<select[^>]*name="gender"[\s\S]*<option value="trans_and_gender_diverse"/);
    assert.match(form, /<input[^>]*name="q"/);
    // Category options are the Harbour taxonomy's term ids (the form posts ids, not words).
    const categoryIds = [...element(form, 'select', /<select id="category"/).matchAll(/<option value="([^"]+)"/g)].map(
      (m) => m[1],
    );
    assert.equal(categoryIds.length, 20);
    assert.ok(categoryIds.every((id) => /^[0-9a-f-]{36}$/.test(id!)));

    // Every visible control has a label: by `for`, or by being inside one.
    for (const m of form.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
      const attrs = m[2]!;
      if (/type="hidden"/.test(attrs)) continue;
      const id = /\bid="([^"]+)"/.exec(attrs)?.[1];
      const preceding = form.slice(0, m.index);
      const wrapped = preceding.lastIndexOf('<label') > preceding.lastIndexOf('</label>');
      assert.ok(wrapped || (id && form.includes(`<label for="${id}"`)), `no label for ${m[0]}`);
    }

    const exit = /<a [^>]*data-quick-exit[^>]*>/.exec(page)?.[0];
    assert.ok(exit, 'a quick-exit link');
    assert.ok(exit.includes(`href="${escapeHtml(t.config.quickExitUrl)}"`), exit);

    const title = /<title>([^<]*)<\/title>/.exec(page)![1]!;
    assertNeutralTitle(title);
  });

  test('the demo banner appears only when the database holds demo data', async () => {
    const withDemo = await t.app.inject({ method: 'GET', url: '/' });
    assert.match(withDemo.body, /data-demo-banner/);
    const empty = await createTestApp({ gazetteer: false, now: NOW });
    try {
      const res = await empty.app.inject({ method: 'GET', url: '/' });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /data-demo-banner/);
    } finally {
      await empty.close();
    }
  });
});

describe('POST /search (no JavaScript)', () => {
  test('open now near Sunnyside: nearest first, each with distance, open state, call and directions; phone help apart', async () => {
    const res = await postSearch({ near_text: 'Sunnyside', open: 'now' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const page = res.body;
    assert.match(page, /data-demo-banner/, 'the demo banner');
    assertNeutralTitle(/<title>([^<]*)<\/title>/.exec(page)![1]!);

    const { results, remote } = sections(page);
    const items = listed(results);
    assert.ok(items.length >= 5, `only ${items.length} results`);
    const confidentialIds = new Set(DEMO.filter(isConfidential).map((s) => str(s.id)));
    for (const item of items) {
      assert.ok(item.name.length > 0);
      assert.notEqual(item.distanceM, null, `${item.name} has no distance`);
      assert.match(item.distanceText!, /^(\d+ m|\d+\.\d km|about \d+ km)$/);
      assert.equal(item.open, 'true', `${item.name} is listed under open now`);
      assert.match(item.status, /^Open (until \d\d:\d\d|24 hours)$/);
      assert.match(item.tel ?? '', /^tel:\+?\d+$/, `${item.name} has a tel: link`);
      if (confidentialIds.has(item.serviceId)) {
        assert.equal(item.geo, null, `${item.name} is confidential: no directions`);
        assert.match(item.distanceText!, /^about \d+ km$/);
        assert.equal(item.distanceM! % 1000, 0);
      } else {
        assert.match(item.geo ?? '', /^geo:-?\d+(\.\d+)?,-?\d+(\.\d+)?(\?q=.*)?$/, `${item.name} has a geo: link`);
      }
    }
    // Nearest first (confidential distances are rounded to the kilometre, so they are left out of the order check).
    const exact = items.filter((i) => !confidentialIds.has(i.serviceId)).map((i) => i.distanceM!);
    assert.ok(
      exact.every((d, i) => i === 0 || d >= exact[i - 1]!),
      `not nearest first: ${exact.join(', ')}`,
    );
    assert.ok(exact[0]! < 1000, 'the demo has a service within 1 km of Sunnyside');
    assert.ok(
      items.some((i) => confidentialIds.has(i.serviceId)),
      'a confidential shelter near Sunnyside is open now',
    );

    // Phone and online help: its own section, no distance, no directions, still callable.
    assert.match(remote, /<h2 id="remote-heading">Phone and online help<\/h2>/);
    const phone = listed(remote);
    assert.ok(phone.length >= 1);
    const remoteIds = new Set(DEMO.filter((s) => !physical(s)).map((s) => str(s.id)));
    for (const item of phone) {
      assert.ok(remoteIds.has(item.serviceId), `${item.name} has a location but is listed as phone help`);
      assert.equal(item.distanceM, null);
      assert.equal(item.geo, null);
      assert.match(item.tel ?? '', /^tel:/);
    }
    assert.ok(!items.some((i) => remoteIds.has(i.serviceId)), 'phone help is not mixed into the places');
  });

  test('what it lists as open is what the API says is open at that instant, in the same order, with the same closing time', async () => {
    const page = (await postSearch({ near_text: 'Sunnyside', open: 'now' })).body;
    const items = listed(sections(page).results);
    const api = await apiSearch({ near: sunnysideId, open_at: NOW.toISOString(), per_page: 100 });
    assert.ok(api.contents.length > 0);
    assert.deepEqual(
      items.map((i) => i.serviceId),
      api.contents.slice(0, items.length).map((c) => c.service_id),
    );
    assert.match(page, new RegExp(`<h2 id="results-heading">${api.total_items} places near Sunnyside, open now</h2>`));

    // Independently of the filter: evaluated at the same instant with no open filter, each listed item is open.
    const all = await apiSearch({ near: sunnysideId, per_page: 100 });
    const first = items[0]!;
    const same = (c: SearchItem) =>
      c.service_id === first.serviceId && c.distance_m !== null && Math.abs(c.distance_m - first.distanceM!) < 1;
    const unfiltered = all.contents.find(same);
    assert.ok(unfiltered, 'the first result is found without the open filter too');
    assert.equal(unfiltered.open, true);
    assert.ok(unfiltered.open_until, 'an open weekday clinic closes later today');
    assert.equal(first.status, `Open until ${localClock(unfiltered.open_until)}`);
    assert.ok(Date.parse(unfiltered.open_until) > NOW.getTime());
    // The filter really filters: some places near Sunnyside are closed at this time.
    assert.ok(all.contents.some((c) => c.open !== true));
    for (const c of all.contents.filter((c) => c.open !== true))
      assert.ok(!api.contents.some((o) => o.service_at_location_id === c.service_at_location_id), `${c.name} is not open`);
  });

  test('a misspelt place still finds Sunnyside', async () => {
    const right = listed(sections((await postSearch({ near_text: 'Sunnyside', open: 'now' })).body).results);
    const res = await postSearch({ near_text: 'Sunysid', open: 'now' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /places near Sunnyside, open now<\/h2>/);
    assert.deepEqual(
      listed(sections(res.body).results).map((i) => [i.serviceId, i.distanceM]),
      right.map((i) => [i.serviceId, i.distanceM]),
    );
  });

  test('an unknown place: 400, a plain message, and the form again with what was typed', async () => {
    const res = await postSearch({ near_text: 'Qwxzvbnm Heights', open: 'now' });
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(
      res.body,
      /<div class="banner banner-warning" role="alert"><p>We do not know a place called &quot;Qwxzvbnm Heights&quot;/,
    );
    const form = element(res.body, 'form', /<form[^>]*data-search-form/);
    assert.match(form, /method="post"/);
    assert.match(form, /name="near_text"[^>]*value="Qwxzvbnm Heights"/);
    assert.doesNotMatch(res.body, /<section class="results"/);
    assert.doesNotMatch(res.body, /internal_error|stack|Error:/);
  });

  test('"More results" keeps the search in hidden POST fields, and the next page continues the list', async () => {
    const page1 = (await postSearch({ near_text: 'Sunnyside', open: 'now' })).body;
    const { results } = sections(page1);
    const more = /<form method="post" action="\/search">([\s\S]*?)<\/form>/.exec(results);
    assert.ok(more, 'a More results form that posts to /search with no query string');
    assert.match(more[1]!, /More results/);
    const fields = Object.fromEntries(
      [...more[1]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)" \/>/g)].map((m) => [m[1]!, m[2]!]),
    );
    assert.deepEqual(fields, { near_text: 'Sunnyside', open: 'now', page: '2', _csrf: fields._csrf });
    assert.ok(fields._csrf, 'the form carries its CSRF token');
    assert.ok(!/href="[^"]*(Sunnyside|near_text)/i.test(page1), 'no link carries the search');

    const first = listed(results);
    const res2 = await postSearch(fields);
    assert.equal(res2.statusCode, 200);
    const second = listed(sections(res2.body).results);
    assert.ok(second.length > 0);
    const key = (i: Listed) => `${i.serviceId}@${i.geo ?? i.distanceM}`;
    const seen = new Set(first.map(key));
    assert.ok(
      second.every((i) => !seen.has(key(i))),
      'page 2 repeats page 1',
    );
    const api = await apiSearch({ near: sunnysideId, open_at: NOW.toISOString(), per_page: 100 });
    assert.equal(first.length + second.length, Math.min(api.total_items, 40));
    assert.deepEqual(
      second.map((i) => i.serviceId),
      api.contents.slice(first.length, first.length + second.length).map((c) => c.service_id),
    );
    assert.ok(
      second.every((i) => i.open === 'true'),
      'page 2 is still open now',
    );
  });

  test('a search marked keep=no (the self-check’s) stays marked in every form its results page posts', async () => {
    const page1 = (await postSearch({ near_text: 'Sunnyside', open: 'now', keep: 'no' })).body;
    const forms = [...page1.matchAll(/<form[^>]*action="\/search"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!);
    assert.ok(forms.length >= 2, 'the search form and More results');
    for (const form of forms) assert.match(form, /<input type="hidden" name="keep" value="no" \/>/);
    const plain = (await postSearch({ near_text: 'Sunnyside', open: 'now' })).body;
    assert.doesNotMatch(plain, /name="keep"/);
  });
});

describe('GET /services/{id}', () => {
  test('a registered rehab centre: hours, holiday hours, what to bring, cost, languages, eligibility, registration', async () => {
    const s = demo(
      'registered rehab centre with a number',
      (x) =>
        (x.rehab_registration as Json | undefined)?.status === 'registered' &&
        typeof (x.rehab_registration as Json).number === 'string' &&
        Date.parse(str((x.rehab_registration as Json).expiry)) > NOW.getTime() &&
        list(x.required_documents).length > 0,
    );
    const res = await servicePage(str(s.id));
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const page = res.body;
    const text = textOf(page);
    assert.match(page, /data-demo-banner/);
    assertNeutralTitle(/<title>([^<]*)<\/title>/.exec(page)![1]!);
    assert.ok(text.includes(str(s.name)));

    const reg = s.rehab_registration as Json;
    const rehab = element(page, 'section', /<section class="rehab"/);
    assert.match(rehab, /data-rehab-status="registered"/);
    assert.match(textOf(rehab), /\bRegistered with the Department of Social Development/);
    assert.ok(textOf(rehab).includes(str(reg.number)), 'the registration number');
    assert.ok(textOf(rehab).includes(str(reg.expiry)), 'valid until');

    // The week's hours: every row of the service's schedule, with its days and times.
    const hours = element(page, 'ul', /<ul class="hours">/);
    const rows = list(s.schedules).length > 0 ? list(s.schedules) : sals(s).flatMap((sal) => list(sal.schedules));
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.ok(hours.includes(str(row.opens_at)) && hours.includes(str(row.closes_at)), `hours ${str(row.opens_at)}`);
    }
    assert.match(textOf(hours), /Mon–Fri/);
    assert.match(text, /Public holiday hours unknown: call first\.|Closed on public holidays\.|Open on public holidays/);

    for (const doc of list(s.required_documents)) assert.ok(text.includes(str(doc.document)), `bring ${str(doc.document)}`);
    assert.match(page, /<dt>What to bring<\/dt>/);
    assert.match(page, /<dt>Cost<\/dt>/);
    assert.ok(text.includes(str(s.fees_description)), 'cost');
    assert.match(page, /<dt>Languages<\/dt>/);
    for (const l of list(s.languages)) assert.ok(text.includes(str(l.name)), `language ${str(l.name)}`);
    assert.match(page, /<dt>Who can use it<\/dt>/);
    assert.ok(text.includes(str(s.eligibility_description)), 'eligibility');
    assert.match(page, /data-open-text>Open until 16:00</, 'a weekday 08:00–16:00 centre is open at 10:00 on a Thursday');
  });

  test("the hours read as local times, without repeating the site's own UTC offset on every time", async () => {
    const s = demo('service with Mon–Fri hours in the site zone', (x) =>
      list(x.schedules).some((r) => r.byday === 'MO,TU,WE,TH,FR' && r.timezone === 2 && r.opens_at === '08:00'),
    );
    const row = list(s.schedules).find((r) => r.byday === 'MO,TU,WE,TH,FR')!;
    const hours = textOf(element((await servicePage(str(s.id))).body, 'ul', /<ul class="hours">/));
    assert.ok(hours.includes(`Mon–Fri ${str(row.opens_at)}–${str(row.closes_at)}`), `hours read "${hours}"`);
    assert.doesNotMatch(hours, /UTC\+02:00/);
  });

  test('rehab registration that has expired, or is pending, says so', async () => {
    const expired = demo(
      'rehab centre with an expired registration',
      (x) =>
        (x.rehab_registration as Json | undefined)?.status === 'registered' &&
        Date.parse(str((x.rehab_registration as Json).expiry)) < NOW.getTime(),
    );
    const e = element((await servicePage(str(expired.id))).body, 'section', /<section class="rehab"/);
    assert.match(e, /data-rehab-status="registered-expired"/);
    assert.match(textOf(e), /Registration expired/);
    const pending = demo('pending rehab registration', (x) => (x.rehab_registration as Json | undefined)?.status === 'pending');
    const p = element((await servicePage(str(pending.id))).body, 'section', /<section class="rehab"/);
    assert.match(textOf(p), /Registration pending/);
    const notRegistered = demo(
      'unregistered rehab',
      (x) => (x.rehab_registration as Json | undefined)?.status === 'not_registered',
    );
    assert.match(
      textOf(element((await servicePage(str(notRegistered.id))).body, 'section', /<section class="rehab"/)),
      /Not registered/,
    );
    // A service that is not a rehab centre has no registration section.
    const other = demo('service without registration', (x) => !x.rehab_registration && physical(x));
    assert.doesNotMatch((await servicePage(str(other.id))).body, /<section class="rehab"/);
  });

  test('"Last verified": shown, and flagged when older than 6 months', async () => {
    const age = (s: Json) => NOW.getTime() - Date.parse(str(s.assured_date));
    const old = demo(
      'service verified over 7 months ago',
      (x) => typeof x.assured_date === 'string' && age(x) > 214 * 86_400_000,
    );
    const recent = demo(
      'service verified within 5 months',
      (x) => typeof x.assured_date === 'string' && age(x) < 150 * 86_400_000,
    );
    assert.ok(age(old) > SIX_MONTHS_MS && age(recent) < SIX_MONTHS_MS);

    const o = (await servicePage(str(old.id))).body;
    assert.match(o, /data-verified="stale"/);
    assert.match(textOf(o), new RegExp(`Last verified ${str(old.assured_date)} \\(over 6 months ago`));
    const r = (await servicePage(str(recent.id))).body;
    assert.match(r, /data-verified="recent"/);
    assert.ok(textOf(r).includes(`Last verified ${str(recent.assured_date)}.`));
    assert.doesNotMatch(r, /over 6 months/);
  });

  test('alert text and public-holiday hours', async () => {
    const alerted = demo('service with an alert', (x) => typeof x.alert === 'string' && physical(x));
    const a = (await servicePage(str(alerted.id))).body;
    assert.ok(a.includes(`role="alert">${escapeHtml(str(alerted.alert))}</p>`), 'alert shown as an alert');

    const closed = demo(
      'service closed on public holidays',
      (x) =>
        x.holiday_hours === 'closed' &&
        sals(x).length === 1 &&
        !sals(x)[0]!.holiday_hours &&
        !locationOf(sals(x)[0]!).holiday_hours,
    );
    assert.match((await servicePage(str(closed.id))).body, /<p class="holiday">Closed on public holidays\.<\/p>/);
    const open = demo('service open on public holidays', (x) => sals(x).some((sal) => sal.holiday_hours === 'open'));
    assert.match((await servicePage(str(open.id))).body, /<p class="holiday">Open on public holidays, usual hours\.<\/p>/);
  });

  test('a confidential location: no address, no coordinates, no directions; the front-gate contact instead', async () => {
    for (const s of DEMO.filter(isConfidential)) {
      const res = await servicePage(str(s.id));
      assert.equal(res.statusCode, 200);
      const page = res.body;
      for (const sal of sals(s).filter((x) => locationOf(x).confidential === true)) {
        const loc = locationOf(sal);
        for (const addr of list(loc.addresses)) {
          assert.ok(!page.includes(escapeHtml(str(addr.address_1))), `${str(s.name)}: address shown`);
          if (addr.postal_code) assert.ok(!page.includes(str(addr.postal_code)), `${str(s.name)}: postal code shown`);
        }
        assert.ok(!page.includes(str(loc.latitude)) && !page.includes(str(loc.longitude)), `${str(s.name)}: coordinates`);
      }
      assert.doesNotMatch(page, /geo:/, `${str(s.name)}: directions`);
      assert.match(page, /<p class="confidential">/);
      assert.match(page, /href="tel:/);
    }
  });

  test('an unknown or malformed id is a 404 page, not JSON', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await servicePage(id);
      assert.equal(res.statusCode, 404, id);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /<h1>Not found<\/h1>/);
      assert.match(res.body, /<a href="\/">Back to search<\/a>/);
      assert.match(res.body, /data-quick-exit/);
    }
  });
});
