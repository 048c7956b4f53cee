/**
 * The self-check's PIN unlock in Chromium: PBKDF2-SHA-256 at 600 000 iterations (src/check/client/vault.ts),
 * with no CPU throttling and with DevTools' 4× throttling (`Emulation.setCPUThrottlingRate`), the
 * two measured in alternation on one page so the machine's noise falls on both.
 * - "derive": WebCrypto's deriveKey alone, timed in the page.
 * - "unlock": the real path: type the PIN, tap Unlock, until the page shows the history (timed
 *   from Node, so it includes Playwright's round trips, a few ms).
 */
import { launchBrowser, startHarbour, withPage } from '../test/browser/helpers.ts';
import { figure, fmt, log, nowMs, stats, table, type Figure } from './lib.ts';

const ROUNDS = Number(process.env.BENCH_UNLOCK_ROUNDS ?? 5);
const PIN = '246810';

export async function runUnlock(): Promise<Figure[]> {
  const harbour = await startHarbour();
  const browser = await launchBrowser();
  try {
    return await withPage(
      browser,
      { allow: [harbour.url], context: { viewport: { width: 360, height: 740 } } },
      async (page, context) => {
        await page.goto(`${harbour.url}/check`);
        await page.locator('[data-keep-form]').waitFor();
        await page.locator('[data-keep] [data-secret]').fill(PIN);
        await page.locator('[data-keep-form] button').click();
        await page.locator('[data-keep] [data-lock]').waitFor({ timeout: 60_000 });
        const cdp = await context.newCDPSession(page);
        const derive = (): Promise<number> =>
          page.evaluate(async (pin) => {
            const started = performance.now();
            const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
            await crypto.subtle.deriveKey(
              { name: 'PBKDF2', hash: 'SHA-256', salt: crypto.getRandomValues(new Uint8Array(16)), iterations: 600_000 },
              base,
              { name: 'AES-GCM', length: 256 },
              false,
              ['decrypt'],
            );
            return performance.now() - started;
          }, PIN);
        const unlock = async (): Promise<number> => {
          await page.locator('[data-keep] [data-lock]').click();
          await page.locator('[data-unlock] [data-secret]').fill(PIN);
          const started = nowMs();
          await page.locator('[data-unlock] button').click();
          await page.locator('[data-keep] [data-lock]').waitFor({ timeout: 60_000 });
          return nowMs() - started;
        };
        const times: Record<string, number[]> = { 'derive 1×': [], 'derive 4×': [], 'unlock 1×': [], 'unlock 4×': [] };
        for (let round = 0; round < ROUNDS; round++)
          for (const rate of [1, 4]) {
            await cdp.send('Emulation.setCPUThrottlingRate', { rate });
            times[`derive ${rate}×`]!.push(await derive());
            times[`unlock ${rate}×`]!.push(await unlock());
          }
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
        const rows = Object.entries(times).map(([name, values]) => {
          const s = stats(values);
          return [name, fmt(s.p50, 0), fmt(Math.min(...values), 0), fmt(s.max, 0)];
        });
        log(table(['what', 'median ms', 'min', 'max'], rows));
        const median = (name: string): number => stats(times[name]!).p50;
        log(
          `4× / 1× ratio: derive ${fmt(median('derive 4×') / median('derive 1×'))}, unlock ${fmt(median('unlock 4×') / median('unlock 1×'))} (${ROUNDS} rounds each, alternating)`,
        );
        return [
          figure('unlock', 'PBKDF2 derive, no throttling (median)', median('derive 1×'), 'ms'),
          figure('unlock', 'PBKDF2 derive, 4× CPU throttling (median)', median('derive 4×'), 'ms'),
          figure('unlock', 'PIN unlock on the page, no throttling (median)', median('unlock 1×'), 'ms'),
          figure('unlock', 'PIN unlock on the page, 4× CPU throttling (median)', median('unlock 4×'), 'ms'),
        ];
      },
    );
  } finally {
    await browser.close();
    await harbour.close();
  }
}
