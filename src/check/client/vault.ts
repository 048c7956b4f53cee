/**
 * What the self-check keeps on the phone, locked with her PIN or passphrase: one IndexedDB record
 * holding AES-256-GCM ciphertext under a key derived with PBKDF2-SHA-256 (600 000 iterations, a
 * random salt). Without a PIN nothing is written: results and goals live only as long as the tab.
 */

/** Bytes WebCrypto accepts (not a view of a SharedArrayBuffer). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** What new records are sealed with. */
export const PBKDF2_ITERATIONS = 600_000;
/** The fewest a record may ask for (issue 5's floor): kept apart, so raising the first leaves old records readable. */
export const MIN_ITERATIONS = 600_000;
const DB_NAME = 'harbour-check';
const STORE = 'vault';
const RECORD = 'kept';

/** What IndexedDB holds: nothing readable without the PIN. */
export interface SealedRecord {
  v: 1;
  salt: string;
  iterations: number;
  iv: string;
  data: string;
}

/** A PIN of at least 6 digits, or a passphrase of at least 8 characters that is not only digits. */
export function secretProblem(secret: string): 'short_pin' | 'short_passphrase' | null {
  if (/^\d*$/.test(secret)) return secret.length >= 6 ? null : 'short_pin';
  return secret.length >= 8 ? null : 'short_passphrase';
}

export function toBase64(bytes: Bytes): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

export function fromBase64(text: string): Bytes {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** PBKDF2-SHA-256 over the secret's UTF-8 bytes, to an AES-256-GCM key that cannot be exported. */
export async function passwordKey(secret: string, salt: Bytes, iterations = PBKDF2_ITERATIONS): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** AES-GCM with a fresh 96-bit IV; returns [iv, ciphertext]. */
export async function encryptJson(key: CryptoKey, value: unknown): Promise<[Bytes, Bytes]> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(value)));
  return [iv, new Uint8Array(data)];
}

/** Throws when the key is wrong or the data was changed (GCM's tag does not match). */
export async function decryptJson(key: CryptoKey, iv: Bytes, data: Bytes): Promise<unknown> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, data);
  return JSON.parse(new TextDecoder().decode(plain)) as unknown;
}

/**
 * Opens the database, creating it only for writing: reading never leaves one behind (an aborted
 * first upgrade deletes the new database), so a phone where she kept nothing shows no trace of it.
 */
function openDb(create: boolean): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      if (create) request.result.createObjectStore(STORE);
      else request.transaction?.abort();
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => (create ? reject(request.error ?? new Error('IndexedDB is not available')) : resolve(null));
  });
}

async function withStore<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest): Promise<T | undefined> {
  const db = await openDb(mode === 'readwrite');
  if (!db) return undefined;
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = use(tx.objectStore(STORE));
      // Resolve once the transaction is committed, so a save has reached the disk before we say so.
      tx.oncomplete = () => resolve(request.result as T);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export async function readSealed(): Promise<SealedRecord | null> {
  if (!('indexedDB' in window)) return null;
  const record = await withStore<SealedRecord>('readonly', (s) => s.get(RECORD));
  return record ?? null;
}

/**
 * Deletes everything kept: the database itself, so not even the salt stays. `blocked`: another tab
 * holds it open; the browser finishes the deletion when that tab closes.
 */
export function deleteKept(): Promise<'deleted' | 'blocked' | 'failed'> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve('deleted');
    request.onerror = () => resolve('failed');
    request.onblocked = () => resolve('blocked');
  });
}

/** An unlocked store: the key lives in this tab's memory until she locks it or closes the tab. */
export class Vault {
  private constructor(
    private readonly key: CryptoKey,
    private readonly salt: Bytes,
    private readonly iterations: number,
  ) {}

  /** A new vault with a fresh salt; `value` is written at once. */
  static async create(secret: string, value: unknown): Promise<Vault> {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const vault = new Vault(await passwordKey(secret, salt), salt, PBKDF2_ITERATIONS);
    await vault.save(value);
    return vault;
  }

  /**
   * Opens the kept record; resolves null when the PIN does not open it, or when the record asks for
   * fewer iterations than {@link MIN_ITERATIONS} (or absurdly many): a record changed to be cheaper to guess,
   * or to hang the tab, is not opened.
   */
  static async unlock(secret: string, record: SealedRecord): Promise<{ vault: Vault; value: unknown } | null> {
    const n = record.iterations;
    if (!Number.isSafeInteger(n) || n < MIN_ITERATIONS || n > 10 * PBKDF2_ITERATIONS) return null;
    const salt = fromBase64(record.salt);
    const key = await passwordKey(secret, salt, n);
    try {
      const value = await decryptJson(key, fromBase64(record.iv), fromBase64(record.data));
      return { vault: new Vault(key, salt, n), value };
    } catch {
      return null;
    }
  }

  async save(value: unknown): Promise<void> {
    const [iv, data] = await encryptJson(this.key, value);
    const record: SealedRecord = {
      v: 1,
      salt: toBase64(this.salt),
      iterations: this.iterations,
      iv: toBase64(iv),
      data: toBase64(data),
    };
    await withStore('readwrite', (s) => s.put(record, RECORD));
  }
}
