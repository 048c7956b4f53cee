/// <reference lib="webworker" />
/**
 * Harbour's service worker: offline after the first visit.
 * - Pages: network first (fresh hours and data when online); the phone's copy when the network
 *   fails or the server errs, marked as saved and from when. Only the shell, guide, library,
 *   settings and service pages are kept, by path, never with a query. Others offline: the offline page.
 * - The last search (a POST) is kept as the page it returned, so the member's last area works offline;
 *   not one marked `keep=no` (the self-check's searches and those that follow from their results),
 *   whose kind of service could hint at her answers.
 * - Files under /assets: the saved copy at once, refreshed in the background.
 * - Precaching (shell, overdose guide, library) only when a page asks, after load and not on Save-Data.
 * - Reports written offline are sent by Background Sync (the page also retries on `online`).
 * It never touches other origins: quick exit's navigation goes straight to the network.
 */
import { flushOutbox, SYNC_TAG } from './outbox.ts';

declare const self: ServiceWorkerGlobalScope;

const PAGES = 'harbour-pages-v1';
const ASSETS = 'harbour-assets-v1';
const SAVED_AT = 'x-harbour-saved-at';
/** The key the last search results are kept under (a GET request, so the Cache API can hold it). */
const LAST_SEARCH = '/__harbour/last-search';
/** On a slow network, wait this long before answering a page from the saved copy. */
const NETWORK_WAIT_MS = 6000;

self.addEventListener('install', () => {
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

/** A copy of a response stamped with when it was saved. */
async function stamped(response: Response): Promise<Response> {
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, new Date().toISOString());
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

async function savePage(key: Request | string, response: Response): Promise<void> {
  const cache = await caches.open(PAGES);
  await cache.put(key, await stamped(response));
}

/** The saved copy of a page, with its saved-note shown and dated (see `savedNote` in layout.ts). */
async function fromSaved(key: Request | string): Promise<Response | undefined> {
  const cache = await caches.open(PAGES);
  const saved = await cache.match(key);
  if (!saved) return undefined;
  const at = saved.headers.get(SAVED_AT) ?? '';
  const text = await saved.text();
  const lang = /<html[^>]*\slang="([a-z-]+)"/.exec(text)?.[1] ?? 'en';
  let shown = at;
  try {
    shown = new Date(at).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    shown = new Date(at).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
  }
  const body = text
    .replace('data-saved-note hidden', `data-saved-note data-saved-at="${at}"`)
    .replace('<time data-saved-time></time>', `<time data-saved-time datetime="${at}">${shown}</time>`);
  const headers = new Headers(saved.headers);
  headers.delete('content-length');
  return new Response(body, { status: 200, headers });
}

function isHtml(response: Response): boolean {
  return response.ok && (response.headers.get('content-type') ?? '').startsWith('text/html');
}

/** Network, but give up waiting after NETWORK_WAIT_MS when a saved copy can answer instead. */
async function networkWithin(request: Request, hasFallback: boolean): Promise<Response> {
  if (!hasFallback) return fetch(request);
  return new Promise<Response>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('slow network')), NETWORK_WAIT_MS);
    fetch(request).then(
      (r) => {
        clearTimeout(timer);
        resolve(r);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

async function offlinePage(): Promise<Response> {
  return (await fromSaved('/offline')) ?? new Response('Offline', { status: 503, headers: { 'content-type': 'text/plain' } });
}

/**
 * Which pages are kept on the phone, under their path alone: the shell, guide, library and
 * settings, and service pages. Never a page with a query (her library search, `?reported=1`),
 * except a language choice, which the cookie already remembers.
 */
function savedKey(url: URL): string | null {
  const query = [...url.searchParams.keys()].filter((k) => k !== 'lang');
  if (query.length > 0) return null;
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (SAVED_PATHS.test(path)) return path;
  return null;
}
const SAVED_PATHS =
  /^\/(?:|overdose|check|check\/print\/[A-Za-z0-9-]+|learn|learn\/[a-z0-9-]+|settings|offline|services\/[0-9a-f-]{36})$/;
/** Service pages she opened that are kept (the oldest go first): enough to find her way back. */
const MAX_SERVICE_PAGES = 30;

async function trimServicePages(): Promise<void> {
  const cache = await caches.open(PAGES);
  const services = (await cache.keys()).filter((r) => new URL(r.url).pathname.startsWith('/services/'));
  for (const old of services.slice(0, Math.max(0, services.length - MAX_SERVICE_PAGES))) await cache.delete(old);
}

async function page(request: Request): Promise<Response> {
  const key = savedKey(new URL(request.url));
  if (key === null) return fetch(request).catch(() => offlinePage());
  const cache = await caches.open(PAGES);
  const hasSaved = (await cache.match(key)) !== undefined;
  try {
    const response = await networkWithin(request, hasSaved);
    if (response.status >= 500 && hasSaved) throw new Error(`server answered ${response.status}`);
    if (isHtml(response)) {
      // Delete first, so a page put again moves to the end of the keys (the trim keeps the newest).
      await cache.delete(key);
      await savePage(key, response.clone());
      if (key.startsWith('/services/')) await trimServicePages();
    }
    return response;
  } catch {
    return (await fromSaved(key)) ?? offlinePage();
  }
}

/**
 * Whether the posted search may be kept: not when its form says `keep=no`, nor when it was posted
 * from the self-check (a `/check` page sends a same-origin referrer), which also covers a self-check
 * script saved before it marked its searches; and not when the form cannot be read.
 */
async function mayKeep(request: Request): Promise<boolean> {
  try {
    const from = request.referrer ? new URL(request.referrer).pathname : '';
    if (from === '/check' || from.startsWith('/check/')) return false;
    return (await request.clone().formData()).get('keep') !== 'no';
  } catch {
    return false;
  }
}

/**
 * A search marked `keep=no` is never kept (nothing of the self-check outlives the tab unless she
 * locks it with her PIN), and offline it gets the offline page rather than another search's results.
 */
async function search(request: Request): Promise<Response> {
  const keep = await mayKeep(request);
  try {
    const response = await fetch(request);
    if (!keep) return response;
    if (response.status >= 500) throw new Error(`server answered ${response.status}`);
    if (isHtml(response)) await savePage(LAST_SEARCH, response.clone());
    return response;
  } catch {
    return (keep ? await fromSaved(LAST_SEARCH) : undefined) ?? offlinePage();
  }
}

async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(ASSETS);
  const saved = await cache.match(request);
  const refresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (saved) {
    refresh.catch(() => undefined);
    return saved;
  }
  return refresh;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && request.mode === 'navigate' && url.pathname === '/search') {
    event.respondWith(search(request));
    return;
  }
  if (request.method !== 'GET') return;
  if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request));
  else if (request.mode === 'navigate' && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/hsds'))
    event.respondWith(page(request));
});

/**
 * Saves the shell, the guide and the library, as the member's cookies choose them (language,
 * discreet titles, colours). `reset` first drops every saved page, so none keeps old choices (a
 * title naming Harbour after she chose discreet mode). Resolves true only if everything was saved.
 */
async function precache(reset: boolean): Promise<boolean> {
  if (reset) await caches.delete(PAGES);
  const list = (await (await fetch('/precache.json')).json()) as { urls: string[] };
  const assets = await caches.open(ASSETS);
  const results = await Promise.allSettled(
    list.urls.map(async (path) => {
      const response = await fetch(path, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      if (path.startsWith('/assets/')) await assets.put(path, response);
      else await savePage(path, response);
    }),
  );
  return results.every((r) => r.status === 'fulfilled');
}

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; reset?: boolean } | null;
  if (data?.type !== 'precache') return;
  const port = event.ports[0];
  event.waitUntil(
    precache(data.reset === true).then(
      (ok) => port?.postMessage({ ok }),
      () => port?.postMessage({ ok: false }),
    ),
  );
});

// A sync that rejects is retried by the browser later: reject while reports still wait.
self.addEventListener('sync', (event) => {
  const sync = event as Event & { tag: string; waitUntil(p: Promise<unknown>): void };
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil(
    flushOutbox().then((result) => {
      if (result.waiting > 0) throw new Error(`${result.waiting} reports still waiting`);
    }),
  );
});
