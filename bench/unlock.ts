/**
 * The self-check's PIN unlock in Chromium: PBKDF2-SHA-256 at 600 000 iterations (src/check/client/vault.ts),
 * measured in alternation on one page so the machine's noise falls on every condition:
 * - no throttling;
 * - DevTools' 4× CPU throttling (`Emulation.setCPUThrottlingRate`), which slows the page's main
 *   thread only: Chromium runs WebCrypto on another thread, so the derive barely moves under it;
 * - a CPU about 4× slower: Chromium's processes in a cgroup whose CFS quota allows a quarter of one
 *   core (bench/cpu-quota.ts), which slows every thread. Needs root and cgroup v1; when missing, the
 *   bench says so and measures the other two. Chromium stays in that group (uncapped) for the other
 *   conditions too, so every round runs the same way.
 * Each condition is timed two ways:
 * - "derive": WebCrypto's deriveKey alone, timed in the page.
 * - "unlock": the real path: type the PIN, tap Unlock, until the page shows the history (timed
 *   from Node, so it includes Playwright's round trips, a few ms).
 */
import { launchBrowser, startHarbour, withPage } from '../test/browser/helpers.ts';
import type { Browser } from 'playwright-core';
import { openCpuQuota, type CpuQuota } from './cpu-quota.ts';
import { figure, fmt, log, nowMs, stats, table, type Figure } from './lib.ts';

const ROUNDS = Number(process.env.BENCH_UNLOCK_ROUNDS ?? 5);
const PIN = '246810';

interface Condition {
  name: string;
  /** DevTools' CPU throttling rate (1: none). */
  rate: number;
  /** The cgroup's share of one core, or null for no cap. */
  share: number | null;
}

export async function runUnlock(): Promise<Figure[]> {
  const harbour = await startHarbour();
  try {
    const browser = await launchBrowser();
    let quota: CpuQuota | string | null = null;
    try {
      quota = openCpuQuota(`harbour-bench-${process.pid}`);
      return await measure(harbour.url, browser, quota);
    } finally {
      // Chromium first, so no process of it is left in the group when the group is removed.
      try {
        await browser.close();
      } finally {
        if (quota !== null && typeof quota !== 'string') quota.close();
      }
    }
  } finally {
    await harbour.close();
  }
}

/** `found`: the group to cap Chromium with, or why there is none (then only the first two conditions). */
async function measure(url: string, browser: Browser, found: CpuQuota | string): Promise<Figure[]> {
  const quota = typeof found === 'string' ? null : found;
  const conditions: Condition[] = [
    { name: 'none', rate: 1, share: null },
    { name: 'DevTools 4x', rate: 4, share: null },
    ...(quota ? [{ name: 'CPU quota 1/4 core', rate: 1, share: 0.25 }] : []),
  ];
  if (typeof found === 'string') log(`unlock: the CPU quota (about 4× slower) is not measured: ${found}`);
  return withPage(browser, { allow: [url], context: { viewport: { width: 360, height: 740 } } }, async (page, context) => {
    await page.goto(`${url}/check`);
    await page.locator('[data-keep-form]').waitFor();
    await page.locator('[data-keep] [data-secret]').fill(PIN);
    await page.locator('[data-keep-form] button').click();
    await page.locator('[data-keep] [data-lock]').waitFor({ timeout: 60_000 });
    // Every Chromium process into the group now (uncapped), so each condition runs the same way.
    if (quota && quota.confine('chromium') === 0) throw new Error('no Chromium process found to confine');
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
      await page.locator('[data-keep] [data-lock]').waitFor({ timeout: 120_000 });
      return nowMs() - started;
    };
    const times = new Map<string, number[]>();
    const record = (name: string, ms: number): void => void times.set(name, [...(times.get(name) ?? []), ms]);
    try {
      for (let round = 0; round < ROUNDS; round++)
        for (const c of conditions) {
          await cdp.send('Emulation.setCPUThrottlingRate', { rate: c.rate });
          if (quota) {
            quota.confine('chromium'); // a process Chromium started since
            quota.limit(c.share);
          }
          record(`derive, ${c.name}`, await derive());
          record(`unlock, ${c.name}`, await unlock());
        }
    } finally {
      quota?.limit(null);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    }
    const median = (name: string): number => stats(times.get(name)!).p50;
    const rows = [...times].map(([name, values]) => {
      const s = stats(values);
      return [
        name,
        fmt(s.p50, 0),
        fmt(Math.min(...values), 0),
        fmt(s.max, 0),
        fmt(s.p50 / median(name.replace(/, .*/, ', none'))),
      ];
    });
    log(table(['what, throttling', 'median ms', 'min', 'max', '÷ none'], rows));
    log(`${ROUNDS} rounds, the conditions alternating within each round`);
    return conditions.flatMap((c) => [
      figure('unlock', `PBKDF2 derive, throttling: ${c.name} (median)`, median(`derive, ${c.name}`), 'ms'),
      figure('unlock', `PIN unlock on the page, throttling: ${c.name} (median)`, median(`unlock, ${c.name}`), 'ms'),
    ]);
  });
}
