import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { useBrowserSuite, withPage } from './helpers.ts';

// Thursday 2026-11-26 10:00 SAST on the server, so "open now" has a known answer.
const NOW = new Date('2026-11-26T10:00:00+02:00');
// A phone in Sunnyside, to the metre; only the rounded value may leave it.
const PHONE_POSITION = { latitude: -25.753612, longitude: 28.205744 };

const suite = useBrowserSuite(NOW);

const h = () => suite.harbour();
const b = () => suite.browser();

/** Runs `click` (which submits a form or follows a link) and waits for the page at `path` to load. */
async function submitAndWait(page: Page, click: () => Promise<void>, path: string): Promise<void> {
  await Promise.all([page.waitForURL(`${h().url}${path}`, { waitUntil: 'load' }), click()]);
}

describe('search without JavaScript', () => {
  test('"Open now near Sunnyside": type the place, tick Open now, submit, see open places, open one', async () => {
    await withPage(b(), { allow: [h().url], context: { javaScriptEnabled: false } }, async (page, _context, offsite) => {
      const requests: Request[] = [];
      page.on('request', (r) => requests.push(r));
      await page.goto(`${h().url}/`);
      assert.equal(await page.locator('[data-use-location]').isVisible(), false, 'no location button without JavaScript');

      await page.getByLabel('Near', { exact: true }).fill('Sunnyside');
      await page.getByLabel('Open now').check();
      await submitAndWait(page, () => page.getByRole('button', { name: 'Search', exact: true }).click(), '/search');

      assert.equal(new URL(page.url()).search, '', 'no query string after searching');
      const sent = requests.find((r) => r.url().startsWith(`${h().url}/search`));
      assert.equal(sent?.method(), 'POST');
      const body = new URLSearchParams(sent.postData() ?? '');
      assert.equal(body.get('near_text'), 'Sunnyside');
      assert.equal(body.get('open'), 'on');

      assert.match((await page.locator('#results-heading').textContent()) ?? '', /^\d+ places near Sunnyside, open now$/);
      const states = await page.locator('section.results li.result .status').allTextContents();
      assert.ok(states.length >= 5, `${states.length} results`);
      for (const s of states) assert.match(s.trim(), /^Open (until \d\d:\d\d|24 hours)$/);
      assert.equal(await page.locator('section.remote h2').textContent(), 'Phone and online help');
      assert.ok((await page.locator('section.remote li.result').count()) > 0);

      const first = page.locator('section.results li.result h3 a').first();
      const name = ((await first.textContent()) ?? '').trim();
      await submitAndWait(page, () => first.click(), '/services/**');
      assert.match(new URL(page.url()).pathname, /^\/services\/[0-9a-f-]{36}$/);
      assert.equal(new URL(page.url()).search, '');
      assert.equal((await page.locator('h1').textContent())?.trim(), name);
      assert.match((await page.locator('[data-open-text]').first().textContent()) ?? '', /^Open /);
      assert.ok(await page.locator('ul.hours li').count(), "the week's hours");
      assert.deepEqual(offsite, [], 'no request left Harbour');
    });
  });

  test('quick exit still works as a plain link', async () => {
    await withPage(b(), { allow: [h().url, suite.neutral().url], context: { javaScriptEnabled: false } }, async (page) => {
      await page.goto(`${h().url}/`);
      await Promise.all([page.waitForURL(`${suite.neutral().url}/weather`), page.locator('[data-quick-exit]').click()]);
      assert.equal(await page.title(), 'Weather');
    });
  });
});

describe('search with JavaScript', () => {
  test('"Use my location" posts the position rounded to 3 decimals, and results appear', async () => {
    await withPage(b(), { allow: [h().url] }, async (page, context, offsite) => {
      await context.grantPermissions(['geolocation'], { origin: h().url });
      await context.setGeolocation(PHONE_POSITION);
      const requests: Request[] = [];
      page.on('request', (r) => requests.push(r));
      await page.goto(`${h().url}/`);

      const button = page.getByRole('button', { name: 'Use my location' });
      await button.waitFor({ state: 'visible' });
      await submitAndWait(page, () => button.click(), '/search');

      const sent = requests.filter((r) => r.url().startsWith(`${h().url}/search`));
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.method(), 'POST');
      const raw = sent[0]!.postData() ?? '';
      const body = new URLSearchParams(raw);
      assert.equal(body.get('lat'), '-25.754');
      assert.equal(body.get('lng'), '28.206');
      for (const r of requests) {
        const seen = `${r.url()} ${r.postData() ?? ''}`;
        assert.ok(!seen.includes('25.7536') && !seen.includes('28.2057'), `the exact position left the phone: ${seen}`);
      }
      assert.equal(new URL(page.url()).search, '');

      assert.match((await page.locator('#results-heading').textContent()) ?? '', /places near your location/);
      const distances = await page.locator('section.results li.result .distance').allTextContents();
      assert.ok(distances.length > 0, 'results near the position');
      assert.match(distances[0]!, /^\d+ m$/, 'the nearest is within walking distance of Sunnyside');
      assert.deepEqual(offsite, []);
    });
  });
});

describe('quick exit', () => {
  /** Opens the neutral site, then Harbour, so history has somewhere to go back to. */
  async function openHarbourAfterNeutral(page: Page): Promise<void> {
    await page.goto(`${suite.neutral().url}/before`);
    await page.goto(`${h().url}/`);
    await page.locator('[data-quick-exit]').waitFor();
  }

  /** After leaving: the neutral page is showing, and Back does not return to Harbour. */
  async function assertLeftWithoutTrace(page: Page): Promise<void> {
    assert.equal(page.url(), `${suite.neutral().url}/weather`);
    assert.equal(await page.title(), 'Weather');
    const exitRequest = suite.neutral().requests.at(-1)!;
    assert.equal(exitRequest.path, '/weather');
    assert.equal(exitRequest.headers.referer, undefined, 'the neutral site is not told where the person came from');
    await page.goBack({ waitUntil: 'load' });
    assert.ok(!page.url().startsWith(h().url), `Back returned to Harbour: ${page.url()}`);
    assert.equal(page.url(), `${suite.neutral().url}/before`);
  }

  test('the control replaces the page: Back does not return to Harbour', async () => {
    await withPage(b(), { allow: [h().url, suite.neutral().url] }, async (page, _context, offsite) => {
      await openHarbourAfterNeutral(page);
      await Promise.all([page.waitForURL(`${suite.neutral().url}/weather`), page.locator('[data-quick-exit]').click()]);
      await assertLeftWithoutTrace(page);
      assert.deepEqual(offsite, []);
    });
  });

  test('Escape twice within a second does the same; presses further apart do not', async () => {
    await withPage(b(), { allow: [h().url, suite.neutral().url] }, async (page) => {
      await openHarbourAfterNeutral(page);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_100);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
      assert.ok(page.url().startsWith(h().url), 'two presses over a second apart must not leave');

      await Promise.all([
        page.waitForURL(`${suite.neutral().url}/weather`),
        (async () => {
          await page.keyboard.press('Escape');
          await page.keyboard.press('Escape');
        })(),
      ]);
      await assertLeftWithoutTrace(page);
    });
  });
});

interface A11yReport {
  horizontalScroll: number;
  unlabelled: string[];
  unnamed: string[];
  images: string[];
}

// Runs in the page. A string, not a function: tsx would wrap a function's inner helpers in `__name`,
// which does not exist in the page.
const AUDIT_SCRIPT = `(() => {
  const describe = (el) => el.outerHTML.slice(0, 120);
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const controls = Array.from(document.querySelectorAll('input, select, textarea')).filter((el) => el.type !== 'hidden');
  const unlabelled = controls
    .filter((el) => {
      const labels = Array.from(el.labels || []).filter((l) => (l.textContent || '').trim() !== '');
      return labels.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby');
    })
    .map(describe);
  const unnamed = Array.from(document.querySelectorAll('a[href], button, summary'))
    .filter(visible)
    .filter((el) => (el.textContent || '').trim() === '' && !el.getAttribute('aria-label'))
    .map(describe);
  const images = Array.from(document.querySelectorAll('img, svg, [role="img"]'))
    .filter((el) => {
      if (el.getAttribute('aria-hidden') === 'true') return false;
      if (el.tagName === 'IMG') return el.getAttribute('alt') === null;
      return !el.getAttribute('aria-label') && !el.querySelector('title');
    })
    .map(describe);
  const root = document.documentElement;
  return { horizontalScroll: root.scrollWidth - root.clientWidth, unlabelled, unnamed, images };
})()`;

interface A11yReport {
  horizontalScroll: number;
  unlabelled: string[];
  unnamed: string[];
  images: string[];
}

/** Labels, names and overflow, read from the rendered page. */
function auditPage(page: Page): Promise<A11yReport> {
  return page.evaluate<A11yReport>(AUDIT_SCRIPT);
}

/** For `selector`: how many shown elements are under 44 CSS px high (measured with boundingBox), as one line. */
async function shortTargets(page: Page, selector: string): Promise<string[]> {
  const all = page.locator(selector);
  const n = await all.count();
  assert.ok(n > 0, `nothing matches ${selector}`);
  const heights: number[] = [];
  for (let i = 0; i < n; i++) {
    const box = await all.nth(i).boundingBox();
    if (box && box.height < 44) heights.push(Math.round(box.height));
  }
  return heights.length === 0
    ? []
    : [`${selector}: ${heights.length} of ${n} under 44 px (${[...new Set(heights)].join(', ')} px)`];
}

describe('accessibility basics at 320 px', () => {
  const phone = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true };

  /** Visits the search page, the results for Sunnyside and the first result; calls `check` on each. */
  async function visitEach(page: Page, check: (where: string) => Promise<void>): Promise<void> {
    await page.goto(`${h().url}/`);
    await page.getByRole('button', { name: 'Use my location' }).waitFor({ state: 'visible' });
    await check('search page');
    await page.getByLabel('Near', { exact: true }).fill('Sunnyside');
    await submitAndWait(page, () => page.getByRole('button', { name: 'Search', exact: true }).click(), '/search');
    await check('results');
    await submitAndWait(page, () => page.locator('section.results li.result h3 a').first().click(), '/services/**');
    await check('service page');
  }

  test('every control labelled, every link and button named, images described, no sideways scrolling', async () => {
    await withPage(b(), { allow: [h().url], context: phone }, async (page) => {
      await visitEach(page, async (where) => {
        const report = await auditPage(page);
        assert.equal(report.horizontalScroll, 0, `${where} scrolls sideways at 320 px`);
        assert.deepEqual(report.unlabelled, [], `${where}: controls without a label`);
        assert.deepEqual(report.unnamed, [], `${where}: links or buttons without text`);
        assert.deepEqual(report.images, [], `${where}: images without text`);
      });
    });
  });

  test('the main controls are at least 44 px high', async () => {
    await withPage(b(), { allow: [h().url], context: phone }, async (page) => {
      const short: string[] = [];
      const form = [
        '#q',
        '#near_text',
        '#radius_km',
        '#category',
        '#open_at_local',
        '#language',
        '#gender',
        'label.check',
        'button[type="submit"].primary',
        '[data-use-location]',
        '[data-quick-exit]',
      ];
      await visitEach(page, async (where) => {
        if (where === 'search page') for (const s of form) short.push(...(await shortTargets(page, s)));
        if (where === 'results') {
          short.push(...(await shortTargets(page, 'section.results li.result a.action')));
          short.push(...(await shortTargets(page, 'section.remote li.result a.action')));
          short.push(...(await shortTargets(page, 'section.results form button')));
          short.push(...(await shortTargets(page, '[data-quick-exit]')));
        }
        if (where === 'service page') short.push(...(await shortTargets(page, 'a.action')));
      });
      assert.deepEqual(short, []);
    });
  });

  test('the links that open a result, and the emergency numbers, are at least 44 px high too', async () => {
    await withPage(b(), { allow: [h().url], context: phone }, async (page) => {
      await page.goto(`${h().url}/`);
      await page.getByLabel('Near', { exact: true }).fill('Sunnyside');
      await submitAndWait(page, () => page.getByRole('button', { name: 'Search', exact: true }).click(), '/search');
      const short = [
        ...(await shortTargets(page, 'li.result h3 a')),
        ...(await shortTargets(page, '.emergency a')),
        ...(await shortTargets(page, 'details.refine > summary')),
      ];
      assert.deepEqual(short, []);
    });
  });
});
