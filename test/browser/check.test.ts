// The interactive self-check in Chromium (issue 5): the journey for each stage, the crisis path, the
// injecting path, goals, history locked with a PIN, the backup, offline use, and a recording of all
// traffic (page and service worker, through a proxy) that must show nothing sent before a tap.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createSession, sessionCookieName } from '../../src/access/sessions.ts';
import { ensureOrganization } from '../../src/orgs/service.ts';
import { CATEGORIES } from '../../src/directory/taxonomies.ts';
import { INSTRUMENT_IDS } from '../../src/instruments/index.ts';
import {
  axeViolations,
  closeAll,
  launchBrowser,
  startHarbour,
  startRecordingProxy,
  waitForOffline,
  withPage,
  type RecordingProxy,
  type RunningHarbour,
} from './helpers.ts';

process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

const NOW = new Date('2026-11-26T10:00:00+02:00');
const PHONE = { viewport: { width: 360, height: 740 } };
const NSP = CATEGORIES.terms.find((t) => t.code === 'needle_syringe_programme')!.id;

let harbour: RunningHarbour;
let proxy: RecordingProxy;
let browser: Browser;
before(async () => {
  // Every instrument on, ASSIST included, so the injecting path can be walked.
  harbour = await startHarbour({ now: NOW, env: { HARBOUR_INSTRUMENTS: INSTRUMENT_IDS.join(',') } });
  proxy = await startRecordingProxy(harbour.url);
  browser = await launchBrowser();
});
after(() =>
  closeAll(
    async () => browser?.close(),
    async () => proxy?.close(),
    async () => harbour?.close(),
  ),
);

const origin = (): string => proxy.url;
const phone = <T>(fn: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> =>
  withPage(browser, { allow: [origin()], context: PHONE }, async (page, context, offsite) => {
    const out = await fn(page, context);
    assert.deepEqual(offsite, [], 'no request to another site');
    return out;
  });

async function openCheck(page: Page): Promise<void> {
  await page.goto(`${origin()}/check`);
  await page.locator('[data-check-app] [data-change]').first().waitFor();
}

/** Picks the option at `index` of the question on screen and goes on. */
async function answer(page: Page, index: number): Promise<void> {
  await page.locator(`[data-step] [data-option="${index}"]`).check();
  await page.locator('[data-step] [data-next]').click();
}

/** What question is on screen now (its key), or null. */
async function questionKey(page: Page): Promise<string | null> {
  const fieldset = page.locator('[data-step] [data-question]');
  return (await fieldset.count()) === 0 ? null : fieldset.getAttribute('data-question');
}

/** Start → change → Stage ("changed" option, then the ruler when nothing has changed). */
async function placeStage(page: Page, change: string, changed: number, ruler?: number): Promise<void> {
  await openCheck(page);
  await placeStageHere(page, change, changed, ruler);
}

/** The same on the page already open. */
async function placeStageHere(page: Page, change: string, changed: number, ruler?: number): Promise<void> {
  await page.locator(`[data-change="${change}"]`).check();
  await page.locator('[data-step] button[type="submit"]').click();
  await answer(page, changed);
  if (ruler !== undefined) await answer(page, ruler);
  await page.locator('[data-step] [data-stage]').waitFor();
}

const stageShown = (page: Page) => page.locator('[data-step] [data-stage]').getAttribute('data-stage');

describe('the journey for each stage', () => {
  const cases = [
    { changed: 0, ruler: 2, stage: 'precontemplation' },
    { changed: 0, ruler: 5, stage: 'contemplation' },
    { changed: 0, ruler: 8, stage: 'preparation' },
    { changed: 1, stage: 'action' },
    { changed: 2, stage: 'maintenance' },
  ];
  for (const c of cases)
    test(`${c.stage}: the stage in plain words and next steps that fit it`, () =>
      phone(async (page) => {
        await placeStage(page, 'alone', c.changed, c.ruler);
        assert.equal(await stageShown(page), c.stage);
        const steps = page.locator(`[data-next-steps="${c.stage}"]`);
        assert.equal(await steps.count(), 1);
        const scratch = await steps.locator('[data-scratch] textarea').count();
        // Private boxes: no spell check (Chrome's enhanced spell check sends the text away).
        for (const box of await page.locator('[data-step] textarea, [data-step] input[type="text"], [data-goal-input]').all())
          assert.equal(await box.getAttribute('spellcheck'), 'false');
        const forms = steps.locator('form[data-check-search]');
        const search = (await forms.count()) === 1 ? await forms.getAttribute('data-check-search') : null;
        const lapse = await steps.locator('[data-lapse]').count();
        const expected = {
          precontemplation: { scratch: 0, search: null, lapse: 0 },
          contemplation: { scratch: 4, search: null, lapse: 0 },
          preparation: { scratch: 4, search: 'naloxone', lapse: 0 },
          action: { scratch: 0, search: 'support_group', lapse: 1 },
          maintenance: { scratch: 0, search: 'support_group', lapse: 1 },
        }[c.stage];
        assert.deepEqual({ scratch, search, lapse }, expected);
        assert.ok(await steps.locator('a[href="/overdose"]').count(), 'the overdose guide is offered');
        // The optional questionnaires are offered, none required.
        assert.ok((await page.locator('[data-step] [data-plan]').count()) >= 5);
        // History (in this tab) has the stage, by its plain words.
        assert.match(await page.locator('[data-history-list]').innerText(), /Where you are with this change/);
      }));
});

describe('the crisis path', () => {
  test('PHQ-9 question 9 is asked even when PHQ-2 is below the cut-off; above 0 brings up the crisis options before any score', () =>
    phone(async (page) => {
      await placeStage(page, 'substance', 0, 8);
      await page.locator('[data-plan="mood"]').click();
      await answer(page, 0);
      await answer(page, 0);
      assert.equal(await questionKey(page), '9', 'question 9 follows a negative PHQ-2');
      await answer(page, 1);
      const crisis = page.locator('[data-step] [data-crisis-step]');
      await crisis.waitFor();
      assert.equal(await page.locator('[data-result]').count(), 0, 'no score before the crisis options');
      for (const n of harbour.config.crisisNumbers) {
        const tel = `tel:${n.number.replace(/[^\d+]/g, '')}`;
        assert.ok(await page.locator(`[data-step] a[href="${tel}"]`).count(), `talk now: ${n.number}`);
      }
      assert.ok(await page.locator('[data-step] a[href="/overdose"]').count(), 'the overdose guide');
      assert.ok(await page.locator('[data-step] a[href="/"]').count(), 'services open now');
      await page.locator('[data-step] [data-continue]').click();
      await page.locator('[data-result="PHQ-2"]').waitFor();
      assert.ok(await page.locator('[data-step] a[href^="tel:"]').count(), 'the numbers stay beside the result');
    }));

  test('PHQ-2 at the cut-off goes on to the whole PHQ-9; question 9 at 0 shows no crisis step', () =>
    phone(async (page) => {
      await placeStage(page, 'substance', 0, 8);
      await page.locator('[data-plan="mood"]').click();
      const asked: (string | null)[] = [];
      const answers = [2, 1, 1, 1, 1, 1, 1, 1, 0];
      for (const a of answers) {
        asked.push(await questionKey(page));
        await answer(page, a);
      }
      assert.deepEqual(asked, ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
      await page.locator('[data-result="PHQ-9"]').waitFor();
      assert.equal(await page.locator('[data-crisis-step]').count(), 0);
      const total = answers.reduce((s, a) => s + a, 0);
      assert.match(await page.locator('[data-result]').innerText(), new RegExp(`Your total: ${total} \\(from 0 to 27\\)`));
      assert.equal(await page.locator('[data-result] [data-band]').getAttribute('data-band'), 'mild');
      assert.match(await page.locator('[data-step]').innerText(), /not a diagnosis/);
    }));
});

/** ASSIST for opioids only, with question 8 at `q8Option` (1: past 3 months, 2: not in the past 3 months). */
async function assistOpioids(page: Page, q8Option: number): Promise<void> {
  await placeStage(page, 'injecting', 1);
  await page.locator('[data-plan="ASSIST"]').click();
  await page.locator('[data-step] input[value="opioids"]').check();
  await page.locator('[data-step] [data-next]').click();
  const expectKey = async (key: string): Promise<void> => assert.equal(await questionKey(page), key);
  await expectKey('2:opioids');
  await answer(page, 3); // weekly: 4
  await expectKey('3:opioids');
  await answer(page, 2); // monthly: 4
  await answer(page, 1); // Q4 once or twice: 4
  await answer(page, 0); // Q5 never: 0
  await answer(page, 1); // Q6 yes, in the past 3 months: 6
  await expectKey('7:opioids');
  await answer(page, 0); // Q7 no: 0
  await expectKey('8');
  await answer(page, q8Option);
}

describe('the injecting path', () => {
  test('ASSIST question 8 "past 3 months": safer injecting and the nearest needle and syringe programme, looked up by POST only on a tap', () =>
    phone(async (page) => {
      await assistOpioids(page, 1);
      await answer(page, 1); // more than once a week: no
      await answer(page, 0); // 3 or more days in a row: yes
      await page.locator('[data-result="ASSIST"]').waitFor();
      assert.match(await page.locator('[data-substance="opioids"]').innerText(), /opioids: Moderate risk \(18\)/);
      const injecting = page.locator('[data-injecting="2"]');
      assert.ok(await injecting.locator('a[href="/learn/safer-injecting"]').count());
      // 3 or more days in a row: ASSIST's further assessment, in plain words.
      assert.equal(await injecting.getAttribute('data-advice'), 'further_assessment');
      assert.match(await injecting.innerText(), /abscesses/);
      assert.equal(await injecting.locator('[data-more-support]').count(), 1);
      const form = injecting.locator('form[data-check-search="needle_syringe_programme"]');
      assert.equal(await form.getAttribute('method'), 'post');
      assert.match(await injecting.innerText(), /never your answers or your results/);

      const before = proxy.requests.length;
      await searchNear(page, form, 'Sunnyside');
      const posts = proxy.requests.slice(before).filter((r) => r.method === 'POST');
      assert.equal(posts.length, 1);
      assert.equal(posts[0]!.path, '/search');
      const sent = new URLSearchParams(posts[0]!.body);
      assert.deepEqual([...sent.keys()].sort(), ['_csrf', 'keep', 'lat', 'lng', 'near_text', 'taxonomy_term_id']);
      assert.equal(sent.get('keep'), 'no', 'marked for the phone not to keep');
      assert.equal(sent.get('taxonomy_term_id'), NSP);
      assert.equal(sent.get('near_text'), 'Sunnyside');
      assert.equal(await page.locator('h1').count(), 1);
    }));

  test('injecting in the past 3 months, once a week or less and never 3 days in a row: the risks and the programme, no more', () =>
    phone(async (page) => {
      await assistOpioids(page, 1);
      await answer(page, 1); // more than once a week: no
      await answer(page, 1); // 3 or more days in a row: no
      const injecting = page.locator('[data-injecting="2"]');
      await injecting.waitFor();
      assert.equal(await injecting.getAttribute('data-advice'), 'brief_intervention');
      assert.match(await injecting.innerText(), /abscesses/);
      assert.equal(await injecting.locator('[data-more-support]').count(), 0);
      assert.equal(await injecting.locator('form[data-check-search="needle_syringe_programme"]').count(), 1);
    }));

  test('question 8 "not in the past 3 months": safer injecting, no programme search', () =>
    phone(async (page) => {
      await assistOpioids(page, 2);
      await page.locator('[data-result="ASSIST"]').waitFor();
      assert.equal(await page.locator('[data-injecting="1"]').count(), 1);
      assert.doesNotMatch(await page.locator('[data-injecting="1"]').innerText(), /abscesses/);
      assert.equal(await page.locator('form[data-check-search="needle_syringe_programme"]').count(), 0);
    }));

  test('no injecting: no safer-injecting box', () =>
    phone(async (page) => {
      await assistOpioids(page, 0);
      await page.locator('[data-result="ASSIST"]').waitFor();
      assert.equal(await page.locator('[data-injecting]').count(), 0);
    }));
});

describe('ASSIST "Other - specify"', () => {
  test('the name she writes words the questions about it, and is neither scored nor kept', () =>
    phone(async (page) => {
      await placeStage(page, 'substance', 0, 5);
      await page.locator('[data-plan="ASSIST"]').click();
      await page.locator('[data-step] input[value="other"]').check();
      await page.locator('[data-step] [data-specify]').fill('kat pills');
      assert.equal(await page.locator('[data-step] [data-specify]').getAttribute('spellcheck'), 'false', 'no spell check');
      await page.locator('[data-step] [data-next]').click();
      assert.equal(await questionKey(page), '2:other');
      assert.match(await page.locator('[data-step] legend').innerText(), /\(kat pills\)/);
      for (const a of [0, 0, 0]) await answer(page, a); // Q2 never (skips 3–5), Q6 no, Q7 no
      await answer(page, 0); // Q8 never injected
      await page.locator('[data-result="ASSIST"]').waitFor();
      assert.doesNotMatch(await page.locator('[data-check-app]').innerText(), /kat pills/);
    }));
});

describe('PC-PTSD-5', () => {
  test('a content warning first, and a skip on every screen that leaves without keeping anything', () =>
    phone(async (page) => {
      await placeStage(page, 'other', 0, 5);
      await page.locator('[data-plan="PC-PTSD-5"]').click();
      assert.match(await page.locator('[data-step] h2').innerText(), /Content warning/);
      assert.ok(await page.locator('[data-step] [data-skip]').isVisible());
      await page.locator('[data-step] [data-go-on]').click();
      assert.equal(await questionKey(page), 'exposure');
      assert.ok(await page.locator('[data-step] [data-skip]').isVisible());
      await answer(page, 0);
      assert.equal(await questionKey(page), '1');
      assert.ok(await page.locator('[data-step] [data-skip]').isVisible());
      await page.locator('[data-step] [data-skip]').click();
      assert.equal(await stageShown(page), 'contemplation');
      assert.doesNotMatch(await page.locator('[data-history-list]').innerText(), /PC-PTSD/);
    }));
});

/** Today's bar in the goals chart: how many goals were ticked. */
async function todaysBar(page: Page): Promise<string | null> {
  const day = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  return page.locator(`[data-goals] svg rect[data-day="${day}"]`).getAttribute('data-count');
}

describe('goals', () => {
  test('she sets her own goals, ticks them off, and the chart drawn on the phone follows', () =>
    phone(async (page) => {
      await openCheck(page);
      await page.locator('[data-suggested="check.app.goals.naloxone"]').click();
      await page.locator('[data-goal-input]').fill('Call my sister on Sundays');
      await page.locator('[data-goals] form button[type="submit"]').click();
      assert.equal(await page.locator('[data-goals] [data-goal]').count(), 2);
      await page.locator('[data-goal="Carry naloxone"] [data-tick]').click();
      assert.equal(await todaysBar(page), '1');
      assert.equal(
        await page.evaluate(() => document.activeElement?.closest('[data-goal]')?.getAttribute('data-goal')),
        'Carry naloxone',
        'focus stays on the button she pressed',
      );
      await page.locator('[data-goal="Call my sister on Sundays"] [data-tick]').click();
      assert.equal(await todaysBar(page), '2');
      assert.equal(
        await page.locator('[data-goal="Call my sister on Sundays"] [data-tick]').getAttribute('aria-pressed'),
        'true',
      );
      await page.locator('[data-goal="Carry naloxone"] [data-tick]').click();
      assert.equal(await todaysBar(page), '1');
      assert.match(await page.locator('[data-goal="Call my sister on Sundays"]').innerText(), /kept on 1 of the last 14 days/);
      assert.equal(await page.locator('[data-goals] svg rect').count(), 14);
    }));
});

/** The raw IndexedDB record the self-check keeps, as stored. */
function rawKept(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((resolve) => {
        const open = indexedDB.open('harbour-check');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('vault')) return resolve(null);
          const get = db.transaction('vault').objectStore('vault').get('kept');
          get.onsuccess = () => resolve(get.result === undefined ? null : JSON.stringify(get.result));
        };
      }),
  );
}

/** Decrypts the kept record in the page with the PIN, as an attacker who knows it would. */
function decryptKept(page: Page, pin: string): Promise<unknown> {
  return page.evaluate(async (secret) => {
    const record = await new Promise<{ salt: string; iv: string; data: string; iterations: number }>((resolve) => {
      const open = indexedDB.open('harbour-check');
      open.onsuccess = () => {
        const get = open.result.transaction('vault').objectStore('vault').get('kept');
        get.onsuccess = () => resolve(get.result as { salt: string; iv: string; data: string; iterations: number });
      };
    });
    // No named helper here: the test runner's transform would wrap it in a function the page lacks.
    const [salt, iv, data] = [record.salt, record.iv, record.data].map((b64) =>
      Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)),
    );
    const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, ['deriveKey']);
    const key = await crypto.subtle.deriveKey(
      { name: 'PBKDF2', hash: 'SHA-256', salt: salt!, iterations: record.iterations },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv! }, key, data!);
    return JSON.parse(new TextDecoder().decode(plain)) as unknown;
  }, pin);
}

/** Stage, then the mood questions with `answers`; returns to the list. */
async function moodCheck(page: Page, answers: number[]): Promise<void> {
  await page.locator('[data-plan="mood"]').click();
  for (const a of answers) await answer(page, a);
  await page.locator('[data-result]').waitFor();
  await page.locator('[data-step] [data-back]').click();
}

describe('history on the phone', () => {
  test('without a PIN nothing outlives the tab', () =>
    phone(async (page) => {
      await placeStage(page, 'condoms', 0, 8);
      await page.locator('[data-suggested="check.app.goals.hiv_test"]').click();
      await page.reload();
      await page.locator('[data-history]').waitFor();
      assert.match(await page.locator('[data-history]').innerText(), /No results yet/);
      assert.match(await page.locator('[data-goals]').innerText(), /No goals yet/);
      const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
      assert.ok(!names.includes('harbour-check'), 'no self-check database');
    }));

  test('kept with a PIN: locked after a reload, the raw IndexedDB holds no answers or results in clear, and only results and dates inside', () =>
    phone(async (page) => {
      await placeStage(page, 'substance', 0, 2);
      await moodCheck(page, [3, 3, 1, 1, 1, 1, 1, 1, 0]);
      await page.locator('[data-suggested="check.app.goals.less_weekdays"]').click();
      await page.locator('[data-keep] [data-secret]').fill('12345');
      await page.locator('[data-keep-form] button').click();
      assert.match(await page.locator('[data-keep-status]').innerText(), /at least 6 digits/);
      await page.locator('[data-keep] [data-secret]').fill('246810');
      await page.locator('[data-keep-form] button').click();
      await page.locator('[data-keep] [data-lock]').waitFor({ timeout: 30_000 });
      assert.match(await page.locator('[data-honest]').innerText(), /copies the phone’s storage/);

      const raw = await rawKept(page);
      assert.ok(raw, 'a record is kept');
      const record = JSON.parse(raw) as { v: number; salt: string; iterations: number; iv: string; data: string };
      assert.deepEqual(
        Object.keys(record).sort(),
        ['data', 'iterations', 'iv', 'salt', 'v'],
        'only ciphertext and its parameters',
      );
      assert.ok(record.iterations >= 600_000);
      const bytes = Buffer.from(record.data, 'base64').toString('latin1');
      for (const clear of ['PHQ', 'Stage', 'precontemplation', 'moderate', 'Use less', 'total', 'band', 'history'])
        assert.ok(!bytes.includes(clear), `"${clear}" is not in the stored bytes`);
      // Each save has its own IV: tick the goal and compare.
      await page.locator('[data-goal="Use less on weekdays"] [data-tick]').click();
      let again = record;
      for (let tries = 0; again.iv === record.iv && tries < 100; tries++) {
        await page.waitForTimeout(50);
        again = JSON.parse((await rawKept(page))!) as typeof record;
      }
      assert.notEqual(again.iv, record.iv, 'a fresh IV');
      assert.equal(again.salt, record.salt);
      assert.notEqual(again.data, record.data);

      const inside = (await decryptKept(page, '246810')) as { history: Record<string, unknown>[]; goals: { text: string }[] };
      assert.deepEqual(
        inside.history.map((h) => h.id),
        ['Stage', 'PHQ-9'],
      );
      for (const entry of inside.history)
        for (const key of Object.keys(entry))
          assert.ok(['id', 'date', 'total', 'band', 'stage', 'risks', 'scales'].includes(key), key);
      assert.deepEqual(inside.history[1], { id: 'PHQ-9', date: inside.history[1]!.date, total: 12, band: 'moderate' });
      assert.deepEqual(
        inside.goals.map((g) => g.text),
        ['Use less on weekdays'],
      );
      assert.equal((inside.goals[0] as unknown as { done: string[] }).done.length, 1, 'the tick was kept');

      await page.reload();
      await page.locator('[data-unlock]').waitFor();
      assert.equal(await page.locator('[data-history-list]').count(), 0, 'locked: no history shown');
      // A backup now would replace hers with this tab's nothing: refused until she unlocks.
      await page.locator('[data-make-key]').click();
      await page.locator('[data-backup-save]').click();
      await page.locator('[data-backup-status]', { hasText: 'Unlock' }).waitFor();
      assert.doesNotMatch(await page.locator('[data-goals]').innerText(), /Use less on weekdays/);
      await page.locator('[data-keep] [data-secret]').fill('135790');
      await page.locator('[data-unlock] button').click();
      await page.locator('[data-keep-status]', { hasText: 'does not open' }).waitFor({ timeout: 30_000 });
      await page.locator('[data-keep] [data-secret]').fill('246810');
      await page.locator('[data-unlock] button').click();
      await page.locator('[data-keep] [data-lock]').waitFor({ timeout: 30_000 });
      assert.match(await page.locator('[data-history-list]').innerText(), /Moderate \(12\)/);
      assert.match(await page.locator('[data-goals]').innerText(), /Use less on weekdays/);

      page.once('dialog', (dialog) => void dialog.accept());
      await page.locator('[data-keep] [data-forget]').click();
      await page.locator('[data-keep-status]', { hasText: 'Deleted' }).waitFor();
      assert.equal(await rawKept(page), null);
    }));
});

describe('remove Harbour from this phone', () => {
  test('deletes the kept self-check with everything else', () =>
    phone(async (page) => {
      await openCheck(page);
      await page.locator('[data-suggested="check.app.goals.naloxone"]').click();
      await page.locator('[data-keep] [data-secret]').fill('a long passphrase');
      await page.locator('[data-keep-form] button').click();
      await page.locator('[data-keep] [data-lock]').waitFor({ timeout: 30_000 });
      const names = async (): Promise<(string | undefined)[]> =>
        page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
      assert.ok((await names()).includes('harbour-check'));
      await page.goto(`${origin()}/settings`);
      await Promise.all([page.waitForURL(`${origin()}/settings/remove`), page.locator('[data-remove]').click()]);
      await page.locator('[data-removed]').waitFor();
      assert.ok(!(await names()).includes('harbour-check'), 'the self-check database is gone');
    }));
});

describe('backup', () => {
  test('encrypted on the phone with a recovery key; the server holds only ciphertext; another phone restores it', async () => {
    const { id, token } = await member();
    const signIn = async (context: BrowserContext): Promise<void> =>
      context.addCookies([{ name: sessionCookieName(harbour.config, 'member'), value: token, url: origin() }]);
    let recoveryKey = '';
    await phone(async (page, context) => {
      await signIn(context);
      await placeStage(page, 'alone', 1);
      await page.locator('[data-suggested="check.app.goals.naloxone"]').click();
      await page.locator('[data-make-key]').click();
      recoveryKey = await page.locator('[data-recovery-key]').innerText();
      assert.match(recoveryKey, /^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
      await page.locator('[data-backup-save]').click();
      await page.locator('[data-backup-status]', { hasText: 'Backed up' }).waitFor();
    });
    const row = await harbour.db.db
      .selectFrom('member_backup')
      .select('blob')
      .where('member_id', '=', id)
      .executeTakeFirstOrThrow();
    const stored = Buffer.from(row.blob, 'base64url').toString('latin1');
    for (const clear of ['Carry naloxone', 'Stage', 'action', 'history'])
      assert.ok(!stored.includes(clear), `"${clear}" not in clear`);
    const proxied = proxy.requests.filter((r) => r.method === 'PUT' && r.path === '/api/v1/member/backup').at(-1);
    assert.ok(proxied && !proxied.body.includes('naloxone'), 'the request carried ciphertext only');

    await phone(async (page, context) => {
      await signIn(context);
      await openCheck(page);
      await page.locator('[data-backup-secret]').fill('0000-0000-0000-0000-0000-0000-0000-0000');
      await page.locator('[data-backup-restore]').click();
      await page.locator('[data-backup-status]', { hasText: 'does not open' }).waitFor();
      await page.locator('[data-backup-secret]').fill(recoveryKey.toLowerCase());
      await page.locator('[data-backup-restore]').click();
      await page.locator('[data-backup-status]', { hasText: 'Restored' }).waitFor();
      assert.match(await page.locator('[data-goals]').innerText(), /Carry naloxone/);
      assert.match(await page.locator('[data-history-list]').innerText(), /You are making the change/);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.locator('[data-backup-delete]').click();
      await page.locator('[data-backup-status]', { hasText: 'deleted' }).waitFor();
    });
    assert.equal(
      await harbour.db.db.selectFrom('member_backup').select('blob').where('member_id', '=', id).executeTakeFirst(),
      undefined,
    );

    await phone(async (page) => {
      await openCheck(page);
      await page.locator('[data-backup-secret]').fill('one two three four');
      await page.locator('[data-backup-save]').click();
      await page.locator('[data-backup-status]', { hasText: 'recovery key, or a passphrase' }).waitFor();
      await page.locator('[data-backup-secret]').fill('harbour river stones dusk');
      await page.locator('[data-backup-save]').click();
      await page.locator('[data-backup-status]', { hasText: 'Sign in' }).waitFor();
    });
  });
});

/** A member account with a live session (the sign-in pages have their own tests). */
async function member(): Promise<{ id: string; token: string }> {
  const db = harbour.db.db;
  const org = await ensureOrganization(db, `Backup org ${randomUUID().slice(0, 6)}`, NOW);
  const id = randomUUID();
  await db
    .insertInto('member')
    .values({
      id,
      working_name: `Backup ${id.slice(0, 8)}`,
      name_key: `backup ${id}`,
      passphrase_hash: '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$not-a-real-hash',
      issuing_org_id: org.id,
      created_at: NOW.toISOString(),
      last_active_at: NOW.toISOString(),
    })
    .execute();
  return { id, token: await createSession(db, harbour.config, 'member', id, NOW) };
}

describe('nothing is sent', () => {
  test('all traffic through a whole self-check: nothing before a tap, and the tapped search carries no answer or score', () =>
    phone(async (page) => {
      await page.goto(`${origin()}/check`);
      await waitForOffline(page);
      await page.locator('[data-check-app] [data-change]').first().waitFor();
      const start = proxy.requests.length;
      await placeStageHere(page, 'injecting', 0, 8);
      await page.locator('[data-plan="mood"]').click();
      for (const a of [0, 0, 2]) await answer(page, a);
      await page.locator('[data-step] [data-continue]').click();
      await page.locator('[data-result="PHQ-2"]').waitFor();
      await page.locator('[data-step] [data-back]').click();
      await page.locator('[data-plan="worry"]').click();
      for (const a of [2, 2, 1, 1, 1, 1, 1]) await answer(page, a);
      await page.locator('[data-result="GAD-7"]').waitFor();
      await page.locator('[data-step] [data-back]').click();
      await page.locator('[data-plan="AUDIT-C"]').click();
      for (const a of [2, 1, 1]) await answer(page, a);
      await page.locator('[data-result="AUDIT-C"]').waitFor();
      await page.locator('[data-step] [data-back]').click();
      await page.locator('[data-plan="PC-PTSD-5"]').click();
      await page.locator('[data-go-on]').click();
      for (const a of [0, 0, 1, 0, 0, 1]) await answer(page, a);
      await page.locator('[data-result="PC-PTSD-5"]').waitFor();
      await page.locator('[data-step] [data-back]').click();
      await page.locator('[data-suggested="check.app.goals.new_needle"]').click();
      await page.locator('[data-goal="New needle every time"] [data-tick]').click();
      await assistOpioidsHere(page);
      assert.deepEqual(
        proxy.requests.slice(start).map((r) => `${r.method} ${r.path}`),
        [],
        'no request at all during the self-check',
      );

      const beforeTap = proxy.requests.length;
      const form = page.locator('form[data-check-search="needle_syringe_programme"]');
      await searchNear(page, form, 'Hatfield');
      await page.waitForLoadState('networkidle');
      const after = proxy.requests.slice(beforeTap);
      assert.ok(after.length >= 1);
      for (const r of after) {
        if (r.method === 'POST') {
          assert.equal(r.path, '/search');
          assert.deepEqual([...new URLSearchParams(r.body).keys()].sort(), [
            '_csrf',
            'keep',
            'lat',
            'lng',
            'near_text',
            'taxonomy_term_id',
          ]);
        } else {
          assert.equal(r.method, 'GET');
          assert.equal(r.body, '');
          assert.ok(!r.path.includes('?'), `no query string: ${r.path}`);
        }
        for (const word of ['PHQ', 'GAD', 'AUDIT', 'ASSIST', 'PTSD', 'score', 'moderate', 'opioid', 'injecting', 'stage'])
          assert.ok(!`${r.path} ${r.body}`.toLowerCase().includes(word.toLowerCase()), `"${word}" in ${r.method} ${r.path}`);
      }
      // Nor does the phone keep it: the service worker saves other searches for offline use, not this one.
      assert.equal(await lastSearchKept(page), false, 'the search tapped in the self-check is not saved on the phone');
      await page.goto(`${origin()}/`);
      await searchNear(page, page.locator('form[data-search-form]'), 'Hatfield');
      assert.equal(await lastSearchKept(page), true, 'a search from the home page is saved, as before');
    }));
});

describe('searches from the self-check are not kept on the phone', () => {
  test('even one posted from /check without the keep=no mark (a script saved before the mark existed)', () =>
    phone(async (page) => {
      await page.goto(`${origin()}/check`);
      await waitForOffline(page);
      await placeStageHere(page, 'alone', 0, 8);
      const form = page.locator('form[data-check-search="naloxone"]');
      await form.evaluate((f) => f.querySelector('input[name="keep"]')?.remove());
      const before = proxy.requests.length;
      await searchNear(page, form, 'Sunnyside');
      const post = proxy.requests.slice(before).find((r) => r.method === 'POST');
      assert.ok(post && !new URLSearchParams(post.body).has('keep'), 'sent without the mark');
      assert.equal(await lastSearchKept(page), false);
    }));
});

/** Types a place into a search form and submits it: the results page (or what answers for it) opens. */
async function searchNear(page: Page, form: Locator, place: string): Promise<void> {
  await form.locator('input[name="near_text"]').fill(place);
  await Promise.all([page.waitForURL(`${origin()}/search`), form.locator('button[type="submit"]').click()]);
}

/** Whether the service worker holds a saved last search (sw.ts keeps it under this key). */
function lastSearchKept(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    for (const name of await caches.keys()) if (await (await caches.open(name)).match('/__harbour/last-search')) return true;
    return false;
  });
}

/** ASSIST for opioids with injecting in the past 3 months, from the list (the stage is already placed). */
async function assistOpioidsHere(page: Page): Promise<void> {
  await page.locator('[data-plan="ASSIST"]').click();
  await page.locator('[data-step] input[value="opioids"]').check();
  await page.locator('[data-step] [data-next]').click();
  for (const a of [3, 2, 1, 0, 1, 0, 1, 0, 0]) await answer(page, a);
  await page.locator('[data-injecting="2"]').waitFor();
}

describe('offline and accessibility', () => {
  test('after the first visit the self-check works with no connection', () =>
    phone(async (page, context) => {
      await page.goto(`${origin()}/check`);
      await waitForOffline(page);
      // No network for the page or its worker: the proxy cuts every connection (setOffline alone
      // does not reach the worker's fetches).
      await context.setOffline(true);
      proxy.setDown(true);
      const seen = proxy.requests.length;
      try {
        await placeStage(page, 'alone', 0, 5);
        assert.equal(await stageShown(page), 'contemplation');
        await page.locator('[data-plan="AUDIT-C"]').click();
        for (const a of [1, 0, 0]) await answer(page, a);
        assert.equal(await page.locator('[data-result="AUDIT-C"] [data-band]').getAttribute('data-band'), 'negative');
        assert.equal(proxy.requests.length, seen, 'nothing reached the server');
        assert.match(await page.locator('[data-saved-note], .banner-saved').first().innerText(), /Saved on this phone/);
      } finally {
        proxy.setDown(false);
        await context.setOffline(false);
      }
    }));

  test('offline, a search tapped in the self-check gets the offline page, never the last search kept from elsewhere', () =>
    phone(async (page, context) => {
      await page.goto(`${origin()}/`);
      await waitForOffline(page);
      await searchNear(page, page.locator('form[data-search-form]'), 'Hatfield');
      assert.equal(await lastSearchKept(page), true, 'a search from the home page is kept');
      await placeStage(page, 'alone', 0, 8);
      await context.setOffline(true);
      proxy.setDown(true);
      try {
        const form = page.locator('form[data-check-search="naloxone"]');
        await searchNear(page, form, 'Sunnyside');
        assert.match(await page.locator('h1').innerText(), /You are offline/);
        assert.equal(await page.locator('section.results').count(), 0, 'not the Hatfield results kept earlier');
      } finally {
        proxy.setDown(false);
        await context.setOffline(false);
      }
    }));

  test('axe finds no WCAG 2.2 AA violation on the start, a question, the list, the crisis step, and the panels kept and locked', () =>
    withPage(browser, { allow: [origin()], context: { ...PHONE, bypassCSP: true } }, async (page) => {
      await openCheck(page);
      assert.equal(await page.locator('[data-no-script]').isVisible(), false, 'the no-JavaScript notice is hidden');
      assert.equal(
        await page.evaluate(() => document.activeElement === document.body),
        true,
        'no focus jump past the crisis box',
      );
      assert.ok((await page.locator('[data-crisis-box]').boundingBox())!.y < 740, 'the crisis box is on the first screen');
      assert.deepEqual(await axeViolations(page), [], 'start');
      await page.locator('[data-change="alone"]').check();
      await page.locator('[data-step] button[type="submit"]').click();
      assert.deepEqual(await axeViolations(page), [], 'question');
      await answer(page, 0);
      await answer(page, 5);
      assert.deepEqual(await axeViolations(page), [], 'list');
      await page.locator('[data-plan="mood"]').click();
      for (const a of [0, 0, 3]) await answer(page, a);
      await page.locator('[data-crisis-step]').waitFor();
      assert.deepEqual(await axeViolations(page), [], 'crisis step');
      // The panels in their other states: goals with a chart, kept and locked, a recovery key shown.
      await page.locator('[data-suggested="check.app.goals.naloxone"]').click();
      await page.locator('[data-goal="Carry naloxone"] [data-tick]').click();
      await page.locator('[data-make-key]').click();
      await page.locator('[data-keep] [data-secret]').fill('135791');
      await page.locator('[data-keep-form] button').click();
      await page.locator('[data-keep] [data-lock]').waitFor({ timeout: 30_000 });
      assert.deepEqual(await axeViolations(page), [], 'kept, with goals and a recovery key');
      await page.locator('[data-keep] [data-lock]').click();
      await page.locator('[data-unlock]').waitFor();
      assert.deepEqual(await axeViolations(page), [], 'locked');
    }));
});
