/**
 * `npm run screenshots`: PNGs of the member web app on a phone, 360 px wide (viewport 360×740,
 * device scale 1, the full page), in docs/screenshots/.
 *
 * Starts the real app (`startHarbour`: a fresh test database with the gazetteer and the demo data)
 * with the clock fixed on the server and in the browser, so the same code gives the same pictures.
 * Each picture is taken in a fresh browser context; only Harbour's own origin may be reached.
 * A page that does not answer 200 is reported and skipped, the others are still written, and the
 * script then exits non-zero.
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Response } from 'playwright-core';
import { launchBrowser, navigateBy, startHarbour, withPage } from '../test/browser/helpers.ts';

/** Thursday 10:00 SAST: "open now" and every date on the pages always read the same. */
const NOW = new Date('2026-11-26T10:00:00+02:00');
const OUT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const CONTEXT = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
  colorScheme: 'light',
  reducedMotion: 'reduce',
  timezoneId: 'Africa/Johannesburg',
} as const;

/** One picture: how to reach the page (returns the document's response), and where it goes. */
interface Shot {
  file: string;
  what: string;
  open: (page: Page, origin: string) => Promise<Response | null>;
}

/** The search a person makes: Near = Sunnyside, Open now, Search (a POST: results have no URL). */
async function searchSunnyside(page: Page, origin: string): Promise<Response> {
  const home = await page.goto(`${origin}/`, { waitUntil: 'load' });
  if (home?.status() !== 200) throw new Error(`the home page answered HTTP ${home?.status()}`);
  await page.getByLabel('Near', { exact: true }).fill('Sunnyside');
  await page.getByLabel('Open now').check();
  return navigateBy(page, origin, '/search', () => page.getByRole('button', { name: 'Search', exact: true }).click());
}

const go = (path: string) => (page: Page, origin: string) => page.goto(`${origin}${path}`, { waitUntil: 'load' });

/** The self-check to where she stands with using less of a substance (no change yet, ruler 5). */
async function checkStage(page: Page, origin: string): Promise<Response | null> {
  const response = await page.goto(`${origin}/check`, { waitUntil: 'load' });
  const pick = async (selector: string): Promise<void> => {
    await page.locator(selector).check();
    await page.locator('[data-step] button[type="submit"]').click();
  };
  await pick('[data-change="substance"]');
  await pick('[data-step] [data-option="0"]');
  await pick('[data-step] [data-option="5"]');
  await page.locator('[data-step] [data-stage]').waitFor();
  return response;
}

/** Then the mood questions, "several days" at question 9: the crisis step. */
async function checkCrisis(page: Page, origin: string): Promise<Response | null> {
  const response = await checkStage(page, origin);
  await page.locator('[data-plan="mood"]').click();
  for (const option of [0, 0, 1]) {
    await page.locator(`[data-step] [data-option="${option}"]`).check();
    await page.locator('[data-step] [data-next]').click();
  }
  await page.locator('[data-crisis-step]').waitFor();
  return response;
}

const SHOTS: Shot[] = [
  { file: 'home.png', what: 'home (/)', open: go('/') },
  { file: 'results.png', what: 'search results for "Sunnyside, open now"', open: searchSunnyside },
  {
    file: 'service.png',
    what: "the first result's service page",
    open: async (page, origin) => {
      const results = await searchSunnyside(page, origin);
      if (results.status() !== 200) return results;
      const first = page.locator('section.results li.result h3 a').first();
      if ((await first.count()) === 0) throw new Error('the search found no place');
      return navigateBy(page, origin, '/services/**', () => first.click());
    },
  },
  { file: 'overdose.png', what: 'the overdose guide (/overdose)', open: go('/overdose') },
  { file: 'learn.png', what: 'a library page (/learn/safer-injecting)', open: go('/learn/safer-injecting') },
  { file: 'settings.png', what: 'settings (/settings)', open: go('/settings') },
  { file: 'check.png', what: 'the self-check (/check)', open: go('/check') },
  { file: 'check-stage.png', what: 'the self-check: where she stands, and next steps', open: checkStage },
  { file: 'check-crisis.png', what: 'the self-check: the crisis step after question 9', open: checkCrisis },
];

/** Opens the page and, when it answers 200, writes its picture; returns a problem, or null. */
async function take(browser: Browser, origin: string, shot: Shot): Promise<string | null> {
  return withPage(browser, { allow: [origin], context: CONTEXT }, async (page, _context, offsite) => {
    await page.clock.setFixedTime(NOW);
    const response = await shot.open(page, origin);
    const path = page.url().startsWith(origin) ? page.url().slice(origin.length) : page.url();
    if (!response) return `${shot.what}: no response`;
    if (response.status() !== 200) return `${shot.what}: ${path} answered HTTP ${response.status()}, not written`;
    // Whatever the page still fetches (a service worker precaching, the icon) settles first.
    await page.waitForLoadState('networkidle');
    await page.evaluate('document.fonts.ready');
    const file = join(OUT_DIR, shot.file);
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
    const size = page.viewportSize();
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    console.log(`wrote ${relative(ROOT, file)}: ${shot.what}, ${path}, ${size?.width}×${height} px`);
    if (offsite.length > 0) return `${shot.what}: requests to other sites were blocked: ${offsite.join(', ')}`;
    return null;
  });
}

async function main(): Promise<number> {
  mkdirSync(OUT_DIR, { recursive: true });
  const harbour = await startHarbour({ now: NOW });
  const problems: string[] = [];
  try {
    const browser = await launchBrowser();
    try {
      for (const shot of SHOTS) {
        let problem: string | null;
        try {
          problem = await take(browser, harbour.url, shot);
        } catch (error) {
          problem = `${shot.what}: ${error instanceof Error ? error.message : String(error)}`;
        }
        if (problem) {
          problems.push(`${shot.file}: ${problem}`);
          console.warn(`WARNING ${shot.file}: ${problem}`);
        }
      }
    } finally {
      await browser.close();
    }
  } finally {
    await harbour.close();
  }
  if (problems.length > 0) {
    console.warn(`\n${problems.length} of ${SHOTS.length} screenshots not written or not clean:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log(`\nall ${SHOTS.length} screenshots written to ${relative(ROOT, OUT_DIR)}/`);
  return 0;
}

process.exitCode = await main();
