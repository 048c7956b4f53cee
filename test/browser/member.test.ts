import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations, useBrowserSuite, waitForOffline, withPage } from './helpers.ts';

// Service-worker requests reach context.route only with this set (Playwright's own switch), so the
// "no other origin" check sees what the worker fetches too. Set before the browser starts.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

const NOW = new Date('2026-11-26T10:00:00+02:00');
const PHONE = { viewport: { width: 360, height: 740 } };

let serviceId = '';
const suite = useBrowserSuite(NOW, async (harbour) => {
  const row = await harbour.db.db
    .selectFrom('service')
    .select('id')
    .where('name', 'like', '%Clinic%')
    .orderBy('name')
    .limit(1)
    .executeTakeFirstOrThrow();
  serviceId = row.id;
});

const h = () => suite.harbour();
const b = () => suite.browser();

/** The member pages (the results page is reached by searching). */
function pages(): { name: string; path: string }[] {
  return [
    { name: 'home', path: '/' },
    { name: 'service', path: `/services/${serviceId}` },
    { name: 'overdose guide', path: '/overdose' },
    { name: 'self-check', path: '/check' },
    { name: 'printable PHQ-9', path: '/check/print/PHQ-9' },
    { name: 'library', path: '/learn' },
    { name: 'library page', path: '/learn/safer-injecting' },
    { name: 'settings', path: '/settings' },
    { name: 'offline', path: '/offline' },
  ];
}

async function searchSunnyside(page: Page): Promise<void> {
  await page.goto(`${h().url}/`);
  // By field, not label: the form is in the page's language.
  await page.locator('#near_text').fill('Sunnyside');
  await page.locator('input[name="open"]').check();
  await Promise.all([page.waitForURL(`${h().url}/search`), page.locator('form[data-search-form] button.primary').click()]);
}

/** How many reports wait in the phone's outbox (IndexedDB). */
function outboxCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('harbour');
        open.onsuccess = () => {
          const req = open.result.transaction('outbox').objectStore('outbox').count();
          req.onsuccess = () => resolve(req.result);
        };
      }),
  );
}

async function whatRemains(page: Page, context: BrowserContext) {
  const inPage = await page.evaluate(async () => ({
    registrations: (await navigator.serviceWorker.getRegistrations()).length,
    caches: await caches.keys(),
    databases: (await indexedDB.databases()).map((d) => d.name),
    localStorage: localStorage.length,
  }));
  return { ...inPage, cookies: (await context.cookies()).map((c) => c.name) };
}

describe('offline after the first visit', () => {
  test('shell, library, guide and the last results work offline, each saying it is saved and from when', async () => {
    await withPage(b(), { allow: [h().url], context: PHONE }, async (page, context, offsite) => {
      const workerRequests: string[] = [];
      context.on('request', (r) => {
        if (r.serviceWorker()) workerRequests.push(r.url());
      });
      await page.goto(`${h().url}/`);
      await waitForOffline(page);
      await searchSunnyside(page);
      const online = (await page.locator('#results-heading').textContent()) ?? '';
      assert.match(online, /places near Sunnyside/);

      await context.setOffline(true);
      for (const path of ['/', '/overdose', '/check', '/learn', '/learn/mixing-drugs', '/settings']) {
        await page.goto(`${h().url}${path}`);
        const note = page.locator('[data-saved-note]');
        assert.equal(await note.isVisible(), true, `${path}: the saved note shows`);
        const at = await note.getAttribute('data-saved-at');
        assert.ok(at && !Number.isNaN(Date.parse(at)), `${path}: data-saved-at="${at}"`);
        assert.ok(Date.now() - Date.parse(at) < 120_000, `${path}: saved just now`);
        assert.match((await note.textContent()) ?? '', /Saved on this phone on .+\d/);
      }
      assert.match((await page.locator('h1').textContent()) ?? '', /Settings/);

      await page.goto(`${h().url}/`);
      await page.getByLabel('Near', { exact: true }).fill('Sunnyside');
      await Promise.all([
        page.waitForURL(`${h().url}/search`),
        page.getByRole('button', { name: 'Search', exact: true }).click(),
      ]);
      assert.equal(await page.locator('#results-heading').textContent(), online, 'the last results, from the phone');
      assert.ok(await page.locator('[data-saved-note][data-saved-at]').isVisible());

      await page.goto(`${h().url}/services/00000000-0000-4000-8000-000000000000`);
      assert.match((await page.locator('h1').textContent()) ?? '', /You are offline/, 'a page never saved: the offline page');

      assert.ok(workerRequests.length > 10, `the worker's own requests were seen (${workerRequests.length})`);
      assert.deepEqual(offsite, [], 'no request from the pages or the worker left Harbour');
    });
  });

  test('Save-Data: the worker is registered but nothing is precached', async () => {
    await withPage(b(), { allow: [h().url], context: { ...PHONE, extraHTTPHeaders: { 'Save-Data': 'on' } } }, async (page) => {
      await page.goto(`${h().url}/`);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 });
      await page.waitForTimeout(2000);
      const state = await page.evaluate(async () => ({
        marker: localStorage.getItem('hb_precached'),
        saved: (await (await caches.open('harbour-pages-v1')).keys()).map((r) => new URL(r.url).pathname),
      }));
      assert.equal(state.marker, null, 'the client never asked for a precache');
      assert.ok(!state.saved.includes('/learn/safer-injecting'), `nothing precached: ${state.saved.join(', ')}`);
    });
  });

  test('choosing discreet mode after pages were saved: the saved pages get the neutral title too', async () => {
    await withPage(b(), { allow: [h().url], context: PHONE }, async (page, context) => {
      await page.goto(`${h().url}/`);
      await waitForOffline(page);
      await page.goto(`${h().url}/settings`);
      await page.locator('input[name="discreet"][value="1"]').check();
      await Promise.all([page.waitForURL(/saved=1/), page.locator('form[data-settings-form] button[type="submit"]').click()]);
      await waitForOffline(page);
      await context.setOffline(true);
      for (const path of ['/', '/overdose', '/learn/tuberculosis']) {
        await page.goto(`${h().url}${path}`);
        assert.ok(await page.locator('[data-saved-note][data-saved-at]').isVisible(), `${path} is the saved copy`);
        assert.equal(await page.title(), 'Notes', path);
        assert.equal(await page.getAttribute('link[rel="icon"]', 'href'), '/assets/icon-discreet.svg', path);
      }
    });
  });

  test('offline, the library search filters the saved list, and puts no words in the address or history', async () => {
    await withPage(b(), { allow: [h().url], context: PHONE }, async (page, context) => {
      await page.goto(`${h().url}/learn`);
      await waitForOffline(page);
      await context.setOffline(true);
      await page.goto(`${h().url}/learn`);
      assert.ok(await page.locator('[data-saved-note][data-saved-at]').isVisible(), 'the saved copy');
      await page.getByLabel('Search the library').fill('whoonga');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      assert.equal(new URL(page.url()).search, '');
      const shown = await page.locator('[data-learn-item]:visible a').allTextContents();
      assert.ok(shown.length > 0 && shown.length < 16, `${shown.length} pages shown`);
    });
  });
});

describe('without JavaScript', () => {
  test('the overdose guide, the library, its search and its pages all work', async () => {
    await withPage(b(), { allow: [h().url], context: { ...PHONE, javaScriptEnabled: false } }, async (page) => {
      await page.goto(`${h().url}/`);
      await Promise.all([page.waitForURL(`${h().url}/overdose`), page.locator('.site-nav a[href="/overdose"]').click()]);
      assert.equal(await page.locator('a[href="tel:112"]').count(), 1);
      await page.goto(`${h().url}/learn`);
      await page.getByLabel('Search the library').fill('nyaope');
      await Promise.all([page.waitForURL(/\/learn\?q=nyaope/), page.getByLabel('Search the library').press('Enter')]);
      const found = page.locator('[data-learn-results] a').first();
      await Promise.all([page.waitForURL(`${h().url}/learn/local-drugs`), found.click()]);
      assert.match((await page.locator('.prose').textContent()) ?? '', /whoonga/i);
    });
  });
});

describe('installable', () => {
  for (const discreet of [false, true]) {
    test(`Chromium finds the ${discreet ? 'discreet ' : ''}app installable: a valid manifest, icon and service worker`, async () => {
      await withPage(b(), { allow: [h().url], context: PHONE }, async (page, context) => {
        if (discreet) await context.addCookies([{ name: 'hb_discreet', value: '1', url: h().url }]);
        await page.goto(`${h().url}/`);
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 });
        const cdp = await context.newCDPSession(page);
        const manifest = await cdp.send('Page.getAppManifest');
        assert.deepEqual(manifest.errors, []);
        assert.equal((JSON.parse(manifest.data ?? '{}') as { name?: string }).name, discreet ? 'Notes' : 'Harbour');
        const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
        // Test contexts are incognito, where Chromium never installs; every other check must pass.
        assert.deepEqual(
          installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'),
          [],
        );
      });
    });
  }
});

describe('remove Harbour from this phone', () => {
  test('one button: no service worker, cache, storage or cookie remains', async () => {
    await withPage(b(), { allow: [h().url], context: PHONE }, async (page, context) => {
      await page.goto(`${h().url}/settings?lang=af`);
      await waitForOffline(page);
      await searchSunnyside(page);
      await page.evaluate(() => localStorage.setItem('probe', '1'));
      const before = await whatRemains(page, context);
      assert.ok(
        before.registrations === 1 && before.caches.length > 0 && before.cookies.includes('hb_lang'),
        JSON.stringify(before),
      );

      await page.goto(`${h().url}/settings`);
      await Promise.all([page.waitForURL(`${h().url}/settings/remove`), page.locator('[data-remove]').click()]);
      await page.locator('[data-removed]').waitFor();
      await page.waitForTimeout(500);
      const afterRemove = await whatRemains(page, context);
      assert.deepEqual(afterRemove, { registrations: 0, caches: [], databases: [], localStorage: 0, cookies: [] });

      await context.setOffline(true);
      const offline = await page.goto(`${h().url}/learn`).catch(() => null);
      assert.equal(offline, null, 'nothing is served from the phone any more');
    });
  });
});

describe('report wrong information, offline', () => {
  test('filled offline it waits on the phone and is delivered when the connection returns', async () => {
    await withPage(b(), { allow: [h().url], context: PHONE }, async (page, context) => {
      const count = async () =>
        (
          await h()
            .db.db.selectFrom('service_feedback')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('service_id', '=', serviceId)
            .executeTakeFirstOrThrow()
        ).n;
      const before = Number(await count());
      await page.goto(`${h().url}/services/${serviceId}`);
      await waitForOffline(page);
      await page.goto(`${h().url}/services/${serviceId}`);
      await context.setOffline(true);
      await page.getByLabel('The hours are wrong').check();
      await page.getByLabel(/More detail/).fill('Closed on Fridays');
      await page.getByRole('button', { name: 'Send report' }).click();
      await page.getByText('Your report is saved on this phone').waitFor();
      assert.equal(Number(await count()), before, 'nothing reached the server while offline');
      const waiting = await outboxCount(page);
      assert.equal(waiting, 1, 'kept on the phone');

      await context.setOffline(false);
      await page.getByText('Your saved report was sent').waitFor({ timeout: 15_000 });
      // The worker's Background Sync may also run: give it time, then count again.
      await page.waitForTimeout(3000);
      assert.equal(Number(await count()), before + 1, 'delivered once');
      const row = await h()
        .db.db.selectFrom('service_feedback')
        .select(['kind', 'detail_sealed'])
        .where('service_id', '=', serviceId)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(row.kind, 'wrong_hours');
      assert.match(row.detail_sealed ?? '', /^k\d+\./, 'the detail is encrypted under a data key');
    });
  });

  test('with no Harbour page open, the service worker delivers it by Background Sync', async () => {
    await withPage(b(), { allow: [h().url], context: PHONE }, async (page, context) => {
      const count = async () =>
        Number(
          (
            await h()
              .db.db.selectFrom('service_feedback')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('kind', '=', 'other')
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      await page.goto(`${h().url}/services/${serviceId}`);
      await waitForOffline(page);
      await context.setOffline(true);
      await page.getByLabel('Something else').check();
      await page.getByRole('button', { name: 'Send report' }).click();
      await page.getByText('Your report is saved on this phone').waitFor();

      // Close every Harbour page, so no page's "online" retry can send it: only the worker can.
      const blank = await context.newPage();
      await page.close();
      const cdp = await context.newCDPSession(blank);
      const registration = new Promise<string>((resolve) =>
        cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
          const found = e.registrations.find((r) => r.scopeURL.startsWith(h().url) && !r.isDeleted);
          if (found) resolve(found.registrationId);
        }),
      );
      await cdp.send('ServiceWorker.enable');
      const registrationId = await registration;
      await context.setOffline(false);
      await cdp.send('ServiceWorker.dispatchSyncEvent', {
        origin: h().url,
        registrationId,
        tag: 'harbour-outbox',
        lastChance: false,
      });
      for (let i = 0; i < 40 && (await count()) === before; i++) await blank.waitForTimeout(250);
      assert.equal(await count(), before + 1, 'delivered by the worker');
    });
  });

  test('a report the server refuses for good is not dropped silently: she is told why, then it is removed', async () => {
    await withPage(b(), { allow: [h().url], context: PHONE }, async (page) => {
      await page.goto(`${h().url}/learn`);
      // The page tries the outbox as it loads: let that pass finish first, or it would take the
      // report below before the reload this test is about.
      await page.waitForFunction(async () => {
        const locks = await navigator.locks.query();
        const names = (await indexedDB.databases()).map((d) => d.name);
        return (locks.held ?? []).length === 0 && (locks.pending ?? []).length === 0 && names.includes('harbour');
      });
      await page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const open = indexedDB.open('harbour', 1);
            open.onupgradeneeded = () => open.result.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
            open.onsuccess = () => {
              const tx = open.result.transaction('outbox', 'readwrite');
              tx.objectStore('outbox').add({
                url: '/services/00000000-0000-4000-8000-000000000000/feedback',
                fields: { kind: 'closed' },
                queuedAt: new Date().toISOString(),
              });
              tx.oncomplete = () => resolve();
            };
          }),
      );
      await page.reload();
      try {
        await page.getByText(/could not be delivered: There is no service/).waitFor({ timeout: 10_000 });
      } catch (error) {
        const state = await page.evaluate(async () => ({
          online: navigator.onLine,
          region: document.querySelector('[data-outbox-status]')?.textContent,
          controlled: navigator.serviceWorker.controller !== null,
        }));
        throw new Error(`no refusal shown: ${JSON.stringify(state)}; ${String(error)}`);
      }
      const left = await outboxCount(page);
      assert.equal(left, 0);
    });
  });

  test('without JavaScript the form posts and the page thanks her', async () => {
    await withPage(b(), { allow: [h().url], context: { ...PHONE, javaScriptEnabled: false } }, async (page) => {
      await page.goto(`${h().url}/services/${serviceId}`);
      await page.getByLabel('It has moved').check();
      await Promise.all([page.waitForURL(/reported=1/), page.getByRole('button', { name: 'Send report' }).click()]);
      assert.ok(await page.locator('[data-feedback-received]').isVisible());
    });
  });
});

describe('language and discreet mode', () => {
  test('choosing isiZulu in settings switches every page and is remembered', async () => {
    await withPage(b(), { allow: [h().url], context: PHONE }, async (page) => {
      await page.goto(`${h().url}/settings`);
      await page.locator('input[name="lang"][value="zu"]').check();
      await Promise.all([page.waitForURL(/saved=1/), page.locator('form[data-settings-form] button[type="submit"]').click()]);
      assert.equal(await page.getAttribute('html', 'lang'), 'zu');
      await page.goto(`${h().url}/overdose`);
      assert.equal(await page.getAttribute('html', 'lang'), 'zu');
      assert.equal(await page.locator('[data-i18n-missing]').count(), 0, 'the guide is complete in isiZulu');
      await page.goto(`${h().url}/services/${serviceId}`);
      assert.ok((await page.locator('[lang="en"][data-i18n-missing]').count()) > 0, 'untranslated parts are marked English');
    });
  });

  test('discreet mode: neutral titles in history, icon and manifest', async () => {
    await withPage(b(), { allow: [h().url], context: PHONE }, async (page) => {
      await page.goto(`${h().url}/settings`);
      await page.locator('input[name="discreet"][value="1"]').check();
      await Promise.all([page.waitForURL(/saved=1/), page.locator('form[data-settings-form] button[type="submit"]').click()]);
      for (const { path } of pages()) {
        await page.goto(`${h().url}${path}`);
        assert.equal(await page.title(), 'Notes', path);
      }
      const manifest = await page.evaluate(async () => {
        const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!;
        const res = await fetch(link.href, { credentials: 'include' });
        return { cross: link.crossOrigin, body: (await res.json()) as { name: string } };
      });
      assert.equal(manifest.cross, 'use-credentials');
      assert.equal(manifest.body.name, 'Notes');
    });
  });
});

describe('accessibility', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe finds no WCAG 2.2 AA violation on any member page (${colorScheme})`, async () => {
      await withPage(b(), { allow: [h().url], context: { ...PHONE, colorScheme, bypassCSP: true } }, async (page) => {
        const problems: string[] = [];
        for (const { name, path } of pages()) {
          await page.goto(`${h().url}${path}`);
          for (const v of await axeViolations(page)) problems.push(`${name}: ${v}`);
        }
        await searchSunnyside(page);
        for (const v of await axeViolations(page)) problems.push(`results: ${v}`);
        assert.deepEqual(problems, []);
      });
    });
  }

  test('nothing moves: no animation or transition on any member page (reduced motion is respected)', async () => {
    await withPage(b(), { allow: [h().url], context: { ...PHONE, reducedMotion: 'no-preference' } }, async (page) => {
      for (const { path } of pages()) {
        await page.goto(`${h().url}${path}`);
        const moving = await page.evaluate(
          () =>
            [...document.querySelectorAll('*')]
              .map((e) => getComputedStyle(e))
              .filter((c) => c.animationName !== 'none' || !c.transitionDuration.split(',').every((d) => parseFloat(d) === 0))
              .length,
        );
        assert.equal(moving, 0, path);
      }
    });
  });

  test('every control on the member pages is a large tap target (at least 44 px high)', async () => {
    await withPage(b(), { allow: [h().url], context: { viewport: { width: 320, height: 640 } } }, async (page) => {
      const small: string[] = [];
      for (const { path } of pages()) {
        await page.goto(`${h().url}${path}`);
        const found = await page.evaluate(() =>
          [
            ...document.querySelectorAll<HTMLElement>(
              '.site-nav a, .quick-exit, main button, main label.check, main .call, .learn-item > a, main input[type="search"], main select',
            ),
          ]
            .filter((e) => e.offsetParent !== null)
            .map((e) => ({
              what: `${e.tagName}.${e.className} "${(e.textContent ?? '').trim().slice(0, 30)}"`,
              h: e.getBoundingClientRect().height,
            })),
        );
        assert.ok(found.length > 3, `${path}: controls found`);
        for (const f of found) if (f.h < 44) small.push(`${path}: ${f.what} ${f.h.toFixed(0)} px`);
      }
      assert.deepEqual(small, []);
    });
  });

  test('at 320 px and 200% text nothing needs sideways scrolling; the keyboard reaches the skip link first', async () => {
    await withPage(b(), { allow: [h().url], context: { viewport: { width: 320, height: 640 } } }, async (page) => {
      for (const { path } of pages()) {
        await page.goto(`${h().url}${path}`);
        await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${path}: ${overflow}px too wide at 200% text`);
      }
      await page.goto(`${h().url}/overdose`);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal(
        await page.evaluate(() => document.activeElement?.hasAttribute('data-quick-exit')),
        true,
        'quick exit is the first control after the brand',
      );
    });
  });
});
