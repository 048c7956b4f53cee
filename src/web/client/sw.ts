/// <reference lib="webworker" />
/**
 * Harbour's service worker: offline after the first visit.
 * - Pages: network first (fresh hours and data when online); the phone's copy when the network
 *   fails, marked as saved and from when. Unknown pages offline get the offline page.
 * - The last search (a POST) is kept as the page it returned, so the member's last area works offline.
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

async function page(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const key = url.pathname + url.search;
  const cache = await caches.open(PAGES);
  const hasSaved = (await cache.match(key)) !== undefined;
  try {
    const response = await networkWithin(request, hasSaved);
    if (isHtml(response)) await savePage(key, response.clone());
    return response;
  } catch {
    return (await fromSaved(key)) ?? offlinePage();
  }
}

async function search(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (isHtml(response)) await savePage(LAST_SEARCH, response.clone());
    return response;
  } catch {
    return (await fromSaved(LAST_SEARCH)) ?? offlinePage();
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

/** Saves the shell, the guide and the library, in the language the member's cookie chooses. */
async function precache(): Promise<void> {
  const list = (await (await fetch('/precache.json')).json()) as { urls: string[] };
  const assets = await caches.open(ASSETS);
  await Promise.all(
    list.urls.map(async (path) => {
      const response = await fetch(path, { credentials: 'same-origin' });
      if (!response.ok) return;
      if (path.startsWith('/assets/')) await assets.put(path, response);
      else await savePage(path, response);
    }),
  );
}

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'precache') event.waitUntil(precache());
});

self.addEventListener('sync', (event) => {
  const sync = event as Event & { tag: string; waitUntil(p: Promise<unknown>): void };
  if (sync.tag === SYNC_TAG) sync.waitUntil(flushOutbox());
});
