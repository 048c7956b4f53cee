/**
 * Harbour's client island: it only adds to pages that already work without JavaScript.
 * - "Use my location": the position is rounded to about 100 m before it leaves the phone.
 * - Quick exit: replaces the page (no Back entry) and works with Escape pressed twice.
 * - Offline: registers the service worker and, after load, asks it to save the shell, guide and library.
 * - Remove from this phone: unregisters the worker and deletes caches and storage before the server's
 *   Clear-Site-Data does the same (belt and braces for browsers without it).
 * - Reports written offline wait in the outbox and are sent when the connection returns.
 * - The library list filters as you type, offline too.
 */
import { flushOutbox, queueItem, SYNC_TAG, deleteOutbox } from './outbox.ts';

/** Rounds a coordinate to 3 decimals (about 111 m of latitude). */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function setupLocation(form: HTMLFormElement): void {
  const button = form.querySelector<HTMLButtonElement>('[data-use-location]');
  const lat = form.querySelector<HTMLInputElement>('[data-lat]');
  const lng = form.querySelector<HTMLInputElement>('[data-lng]');
  const near = form.querySelector<HTMLInputElement>('#near_text');
  const status = form.querySelector<HTMLElement>('[data-location-status]');
  if (!button || !lat || !lng || !('geolocation' in navigator)) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    if (status) status.textContent = 'Finding where you are…';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        lat.value = String(roundCoordinate(pos.coords.latitude));
        lng.value = String(roundCoordinate(pos.coords.longitude));
        if (near) near.value = '';
        form.submit();
      },
      () => {
        if (status) status.textContent = 'Location is not available. Type a place instead.';
      },
      { enableHighAccuracy: false, maximumAge: 300_000, timeout: 15_000 },
    );
  });
}

function setupQuickExit(): void {
  const link = document.querySelector<HTMLAnchorElement>('[data-quick-exit]');
  if (!link) return;
  const leave = (): void => window.location.replace(link.href);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    leave();
  });
  let last = 0;
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const now = Date.now();
    if (now - last < 1000) leave();
    last = now;
  });
}

/** Deletes everything Harbour keeps in this browser (the server's Clear-Site-Data covers cookies). */
async function removeEverything(): Promise<void> {
  if ('serviceWorker' in navigator) {
    const registrations = await navigator.serviceWorker.getRegistrations();
    await Promise.all(registrations.map((r) => r.unregister()));
  }
  if ('caches' in window) {
    const names = await caches.keys();
    await Promise.all(names.map((n) => caches.delete(n)));
  }
  localStorage.clear();
  sessionStorage.clear();
  await deleteOutbox();
}

function setupRemove(form: HTMLFormElement): void {
  let done = false;
  form.addEventListener('submit', (event) => {
    if (done) return;
    event.preventDefault();
    void removeEverything().finally(() => {
      done = true;
      form.submit();
    });
  });
}

const PRECACHED = 'hb_precached';

/** The page asks the worker to save the shell, guide and library once per language, after load, unless data is being saved. */
function setupOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  const lang = document.documentElement.lang;
  const saveData =
    document.documentElement.hasAttribute('data-save-data') ||
    (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData === true;
  void navigator.serviceWorker
    .register('/sw.js', { type: 'module', scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      if (saveData || localStorage.getItem(PRECACHED) === lang) return;
      registration.active?.postMessage({ type: 'precache' });
      localStorage.setItem(PRECACHED, lang);
    })
    .catch(() => undefined);
}

function say(element: HTMLElement | null, text: string | undefined): void {
  if (element && text) {
    element.textContent = text;
    element.hidden = false;
  }
}

/** The report form: sent at once when online; kept on the phone and sent later when not. */
function setupFeedback(form: HTMLFormElement): void {
  const status = form.querySelector<HTMLElement>('[data-feedback-status]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields = Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, typeof v === 'string' ? v : '']));
    const url = new URL(form.action).pathname;
    const queue = async (): Promise<void> => {
      await queueItem({ url, fields, queuedAt: new Date().toISOString() });
      const registration = await navigator.serviceWorker?.ready;
      const sync = (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })?.sync;
      await sync?.register(SYNC_TAG).catch(() => undefined);
      say(status, form.dataset.queuedText);
      form.reset();
    };
    const send = async (): Promise<void> => {
      if (!navigator.onLine) return queue();
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams(fields).toString(),
        });
      } catch {
        return queue();
      }
      if (response.status === 429 || response.status >= 500) return queue();
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      say(status, response.ok ? form.dataset.thanksText : body.error?.message);
      if (response.ok) form.reset();
    };
    void send();
  });
}

/** Sends reports kept offline; says so on the page when it did. */
function retryOutbox(): void {
  void flushOutbox()
    .then((sent) => {
      const note = document.querySelector<HTMLElement>('[data-outbox-sent]');
      if (sent > 0) say(note, note?.dataset.text);
    })
    .catch(() => undefined);
}

/** Filters the library list on the page as the member types (works offline: no request). */
function setupLibraryFilter(input: HTMLInputElement): void {
  const items = [...document.querySelectorAll<HTMLElement>('[data-learn-item]')];
  const none = document.querySelector<HTMLElement>('[data-learn-none]');
  input.addEventListener('input', () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const text = item.dataset.search ?? '';
      const match = words.every((w) => text.includes(w));
      item.hidden = !match;
      if (match) shown++;
    }
    if (none) none.hidden = shown > 0;
  });
}

const form = document.querySelector<HTMLFormElement>('[data-search-form]');
if (form) setupLocation(form);
setupQuickExit();
if (document.documentElement.hasAttribute('data-no-sw')) void removeEverything().catch(() => undefined);
else {
  if (document.readyState === 'complete') setupOffline();
  else window.addEventListener('load', setupOffline, { once: true });
  const remove = document.querySelector<HTMLFormElement>('[data-remove-form]');
  if (remove) setupRemove(remove);
  const feedback = document.querySelector<HTMLFormElement>('[data-feedback-form]');
  if (feedback) setupFeedback(feedback);
  const filter = document.querySelector<HTMLInputElement>('[data-learn-filter]');
  if (filter) setupLibraryFilter(filter);
  window.addEventListener('online', retryOutbox);
  if (navigator.onLine && 'indexedDB' in window) retryOutbox();
}
