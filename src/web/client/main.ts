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
import { roundCoordinate } from '../../shared/geo.ts';
import { deleteOutbox, flushOutbox, listItems, queueItem, removeItem, SYNC_TAG } from './outbox.ts';

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
  // The self-check's locked goals and results (src/check/client/vault.ts).
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase('harbour-check');
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
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

/** Asks the active worker to save the precache list; resolves with whether all of it was saved. */
function askToPrecache(worker: ServiceWorker, reset: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<{ ok?: boolean }>) => resolve(event.data.ok === true);
    worker.postMessage({ type: 'precache', reset }, [channel.port2]);
  });
}

/**
 * The page asks the worker to save the shell, guide and library after load, once per set of
 * choices (language, discreet mode, colours: `data-prefs`), unless data is being saved. When the
 * choices change, pages saved with the old ones are dropped first. Only a complete save counts.
 */
function setupOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  const prefs = document.documentElement.dataset.prefs ?? '';
  const saveData =
    document.documentElement.hasAttribute('data-save-data') ||
    (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData === true;
  void navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .then(async (registration) => {
      const saved = localStorage.getItem(PRECACHED);
      if (saved === prefs || !registration.active) return;
      if (saveData) {
        // Pages saved with other choices must not stay, even when nothing new is saved.
        if (saved !== null) await caches.delete('harbour-pages-v1');
        localStorage.removeItem(PRECACHED);
        return;
      }
      if (await askToPrecache(registration.active, saved !== null)) localStorage.setItem(PRECACHED, prefs);
    })
    .catch(() => undefined);
}

/** Fills a live region that is always on the page (screen readers announce changes to it). */
function say(element: HTMLElement | null, text: string | undefined): void {
  if (!element || !text) return;
  element.textContent = text;
}

/** Background Sync is not in every browser (nor in TypeScript's DOM types). */
type SyncRegistration = { sync?: { register(tag: string): Promise<void> } };

function randomRef(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The report form: sent at once when online; kept on the phone and sent later when not. */
function setupFeedback(form: HTMLFormElement): void {
  const status = form.querySelector<HTMLElement>('[data-feedback-status]');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button?.disabled) return;
    const fields: Record<string, string> = { client_ref: randomRef() };
    for (const [k, v] of new FormData(form).entries()) if (typeof v === 'string') fields[k] = v;
    const url = new URL(form.action).pathname;
    const queue = async (): Promise<void> => {
      await queueItem({ url, fields, queuedAt: new Date().toISOString() });
      // getRegistration, not ready: ready never settles when registering failed.
      const registration = await navigator.serviceWorker?.getRegistration();
      await (registration as unknown as SyncRegistration | undefined)?.sync?.register(SYNC_TAG).catch(() => undefined);
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
      if (response.status === 408 || response.status === 429 || response.status >= 500) return queue();
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      say(status, response.ok ? form.dataset.thanksText : body.error?.message);
      if (response.ok) form.reset();
    };
    if (button) button.disabled = true;
    say(status, form.dataset.sendingText);
    void send()
      .catch(() => say(status, form.dataset.queuedText))
      .finally(() => {
        if (button) button.disabled = false;
      });
  });
}

/** Sends reports kept offline; says so on the page, and tells her about any the server refused. */
function retryOutbox(): void {
  const region = document.querySelector<HTMLElement>('[data-outbox-status]');
  void flushOutbox()
    .then(async ({ sent }) => {
      const messages: string[] = [];
      if (sent > 0 && region?.dataset.sentText) messages.push(region.dataset.sentText);
      for (const item of await listItems()) {
        if (item.refused === undefined || item.id === undefined) continue;
        messages.push((region?.dataset.refusedText ?? '{reason}').replace('{reason}', item.refused));
        await removeItem(item.id);
      }
      if (messages.length > 0) say(region, messages.join(' '));
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
  // The list is already filtered: a search sent to the server would put her words in the history.
  input.form?.addEventListener('submit', (event) => event.preventDefault());
}

/**
 * An invite card's QR code opens /join#CODE: the code rides in the fragment, which the browser
 * never sends. Put it in the form, then drop it from the address bar and the history.
 */
function fillInviteCode(input: HTMLInputElement): void {
  const code = decodeURIComponent(location.hash.slice(1)).trim();
  if (!/^[0-9A-Za-z-]{10,11}$/.test(code)) return;
  if (!input.value) input.value = code;
  history.replaceState(null, '', location.pathname);
}

const form = document.querySelector<HTMLFormElement>('[data-search-form]');
if (form) setupLocation(form);
const inviteCode = document.querySelector<HTMLInputElement>('[data-join-form] input[name="invite_code"]');
if (inviteCode) fillInviteCode(inviteCode);
setupQuickExit();
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
