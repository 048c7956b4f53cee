/**
 * Reports written offline wait here (IndexedDB, shared by the page and the service worker) until
 * they can be sent. An item leaves the outbox only when the server has answered for it.
 */

export interface OutboxItem {
  id?: number;
  /** Same-origin path the form posts to. */
  url: string;
  /** The form fields, as the browser would post them. */
  fields: Record<string, string>;
  queuedAt: string;
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

function removeItem(id: number): Promise<undefined> {
  return run('readwrite', (store) => store.delete(id));
}

/**
 * Sends every waiting item. A network failure or a 429/5xx keeps the item for the next try; any
 * other answer (accepted, or refused for good as invalid) removes it. Returns how many were sent.
 * The page and the service worker may both try at once (the `online` event and Background Sync):
 * a Web Lock lets only one send, so no report goes twice.
 */
export function flushOutbox(): Promise<number> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  // The lock's promise settles with the callback's result (typed as the promise itself).
  return locks ? (locks.request('harbour-outbox', sendAll) as unknown as Promise<number>) : sendAll();
}

async function sendAll(): Promise<number> {
  let sent = 0;
  for (const item of await listItems()) {
    let status: number;
    try {
      const response = await fetch(item.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(item.fields).toString(),
        credentials: 'same-origin',
      });
      status = response.status;
    } catch {
      break;
    }
    if (status === 429 || status >= 500) break;
    if (item.id !== undefined) await removeItem(item.id);
    if (status < 300) sent++;
  }
  return sent;
}

/** Deletes the outbox database (removing Harbour from the phone). */
export function deleteOutbox(): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
