/**
 * Reports written offline wait here (IndexedDB, shared by the page and the service worker) until
 * they can be sent. An item leaves the outbox only when the server has taken it, or when the
 * server refused it for good and the member has been told why (never silently).
 */

export interface OutboxItem {
  id?: number;
  /** Same-origin path the form posts to. */
  url: string;
  /** The form fields, as the browser would post them (with `client_ref`, so a repeat is stored once). */
  fields: Record<string, string>;
  queuedAt: string;
  /** The server's reason when it refused the report for good (shown to her, then removed). */
  refused?: string;
}

/** What one pass over the outbox did. */
export interface FlushResult {
  sent: number;
  /** Items still waiting (network down, or the server asked to wait). */
  waiting: number;
}

const DB_NAME = 'harbour';
const STORE = 'outbox';
export const SYNC_TAG = 'harbour-outbox';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'));
  });
}

function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = fn(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(request.result);
        };
        tx.onerror = () => {
          db.close();
          reject(tx.error ?? new Error('IndexedDB transaction failed'));
        };
      }),
  );
}

export function queueItem(item: OutboxItem): Promise<IDBValidKey> {
  return run('readwrite', (store) => store.add(item));
}

export function listItems(): Promise<OutboxItem[]> {
  return run('readonly', (store) => store.getAll() as IDBRequest<OutboxItem[]>);
}

export function removeItem(id: number): Promise<undefined> {
  return run('readwrite', (store) => store.delete(id));
}

function putItem(item: OutboxItem): Promise<IDBValidKey> {
  return run('readwrite', (store) => store.put(item));
}

/**
 * Sends every waiting item. A network failure, 408, 429 or 5xx keeps it for the next try; a
 * success removes it; any other answer marks it refused with the server's reason.
 * The page and the service worker may both try at once (the `online` event and Background Sync):
 * a Web Lock lets only one send at a time, and `client_ref` makes a repeat harmless anyway.
 */
export function flushOutbox(): Promise<FlushResult> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  // The lock's promise settles with the callback's result (typed as the promise itself).
  return locks ? (locks.request('harbour-outbox', sendAll) as unknown as Promise<FlushResult>) : sendAll();
}

/**
 * The browser's current form token. A token saved with the report may be stale (cookies cleared, or
 * queued before an update), so each pass asks the server; another site cannot read the answer.
 */
async function currentToken(): Promise<string> {
  const response = await fetch('/api/v1/csrf', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`no token (${response.status})`);
  return ((await response.json()) as { csrf_token: string }).csrf_token;
}

async function sendAll(): Promise<FlushResult> {
  const items = (await listItems()).filter((i) => i.refused === undefined);
  let sent = 0;
  let token: string;
  try {
    token = items.length > 0 ? await currentToken() : '';
  } catch {
    return { sent, waiting: items.length };
  }
  for (const [index, item] of items.entries()) {
    let response: Response;
    const fields = Object.fromEntries(Object.entries(item.fields).filter(([name]) => name !== '_csrf'));
    try {
      response = await fetch(item.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-csrf-token': token },
        body: new URLSearchParams(fields).toString(),
        credentials: 'same-origin',
      });
    } catch {
      return { sent, waiting: items.length - index };
    }
    const status = response.status;
    if (status === 408 || status === 429 || status >= 500) return { sent, waiting: items.length - index };
    if (status < 300) {
      if (item.id !== undefined) await removeItem(item.id);
      sent++;
    } else {
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      await putItem({ ...item, refused: body.error?.message ?? `The server refused it (${status}).` });
    }
  }
  return { sent, waiting: 0 };
}

/** Deletes the outbox database (removing Harbour from the phone). */
export function deleteOutbox(): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
