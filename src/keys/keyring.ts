import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { deriveKey, KEY_BYTES, macOf, openBytes, sealBytes, unwrapDataKey, wrapDataKey } from './cipher.ts';
import { KeyError } from './errors.ts';
import type { FieldRef } from './fields.ts';
import { insertDataKey, listDataKeys, newestVersion, retireOthers } from './repo.ts';

/** How long, at most, a keyring keeps encrypting under an active version before re-reading it. */
export const REFRESH_MS = 30_000;

const SEALED = /^k([1-9][0-9]{0,8})\.(.+)$/;

/** The data-key version of an encrypted value (`k<version>.…`); null when it is not one. */
export function sealedVersion(value: string): number | null {
  const match = SEALED.exec(value);
  return match ? Number(match[1]) : null;
}

export interface KeyringOptions {
  /** The clock, in milliseconds (tests move it). */
  now?: () => number;
  /** Told when a background re-read of the keys fails; the next use after REFRESH_MS tries again. */
  onRefreshError?: (error: unknown) => void;
}

interface DataKeys {
  encrypt: Buffer;
  mac: Buffer;
}

const aadOf = (ref: FieldRef): Buffer => Buffer.from(JSON.stringify([ref.table, ref.column, ref.id]));

/**
 * The data keys of one database, unwrapped under the master key: encrypts fields and keys
 * identifiers. Encrypting and hashing never wait for the database: a use more than REFRESH_MS after
 * the last read re-reads the keys in the background (another process may have rotated them).
 */
export class Keyring {
  private readonly keys = new Map<number, DataKeys>();
  private active = 0;
  private readAt = Number.NEGATIVE_INFINITY;
  private background: Promise<void> | null = null;
  private readonly now: () => number;

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly master: Buffer,
    private readonly options: KeyringOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Reads the data keys, creating version 1 when there is none; fails when the master key is wrong. */
  static async open(db: Kysely<Database>, master: Buffer, options: KeyringOptions = {}): Promise<Keyring> {
    if (master.length !== KEY_BYTES) throw new KeyError('master_key', `the master key must be ${KEY_BYTES} bytes`);
    const keyring = new Keyring(db, master, options);
    // Two processes may start at once: the version's primary key lets only one insert win.
    if ((await newestVersion(db)) === 0) await insertDataKey(db, keyring.newDataKey(1));
    await keyring.load(db);
    return keyring;
  }

  /** The version new values are encrypted and identifiers keyed under. */
  get activeVersion(): number {
    return this.active;
  }

  /** Re-reads the data keys now. */
  async refresh(): Promise<void> {
    await this.load(this.db);
  }

  /**
   * Makes version n+1 the active data key and retires the previous one, in one transaction; returns
   * the new version. Throws `rotation_conflict` when another process made the same version first.
   */
  async addVersion(db: Kysely<Database>): Promise<number> {
    const version = (await newestVersion(db)) + 1;
    // The insert comes first, so on SQLite the transaction starts by writing and never holds a stale snapshot.
    await db.transaction().execute(async (trx) => {
      if (!(await insertDataKey(trx, this.newDataKey(version)))) {
        throw new KeyError('rotation_conflict', `another process created data key version ${version} at the same time`);
      }
      await retireOthers(trx, version);
    });
    await this.load(db);
    return version;
  }

  /** `k<version>.` + base64url(nonce ‖ tag ‖ ciphertext), bound to the table, column and row. */
  encrypt(ref: FieldRef, plaintext: string): string {
    this.refreshIfStale();
    const sealed = sealBytes(this.keysOf(this.active).encrypt, Buffer.from(plaintext, 'utf8'), aadOf(ref));
    return `k${this.active}.${sealed}`;
  }

  /**
   * Opens a value of this row. A version this process has not seen (another process rotated) makes
   * it re-read the keys once through `db`: pass the caller's transaction when inside one.
   */
  async decrypt(db: Kysely<Database>, ref: FieldRef, value: string): Promise<string> {
    const match = SEALED.exec(value);
    if (!match) throw new KeyError('malformed', `a ${ref.table}.${ref.column} value is not an encrypted value`);
    const version = Number(match[1]);
    // Versions only grow and every one is loaded, so only a newer one is worth a read.
    if (!this.keys.has(version) && version > Math.max(0, ...this.keys.keys())) await this.load(db);
    const keys = this.keys.get(version);
    if (!keys) {
      throw new KeyError(
        'unknown_version',
        `a ${ref.table}.${ref.column} value names data key version ${version}, which does not exist`,
      );
    }
    const plaintext = openBytes(keys.encrypt, match[2]!, aadOf(ref));
    if (!plaintext) {
      throw new KeyError(
        'cannot_open',
        `a ${ref.table}.${ref.column} value does not open: it was changed, or belongs to another row or column`,
      );
    }
    return plaintext.toString('utf8');
  }

  /** `h<version>.` + base64url(HMAC-SHA-256) of an identifier for `purpose`, under the active version. */
  hmac(purpose: string, value: string): string {
    this.refreshIfStale();
    return this.tag(this.active, purpose, value);
  }

  /** The identifier's tag under every live version, active first: look up with `in (…)`. */
  hmacAll(purpose: string, value: string): string[] {
    this.refreshIfStale();
    const versions = [...this.keys.keys()].filter((v) => v !== this.active).sort((a, b) => b - a);
    return [this.active, ...versions].map((v) => this.tag(v, purpose, value));
  }

  /** A 32-byte key for `purpose` derived from the master key: the same across rotations and processes. */
  secret(purpose: string): Buffer {
    return deriveKey(this.master, `harbour/secret/${purpose}`);
  }

  private tag(version: number, purpose: string, value: string): string {
    // JSON keeps purpose and value apart whatever characters they hold.
    return `h${version}.${macOf(this.keysOf(version).mac, JSON.stringify([purpose, value]))}`;
  }

  private keysOf(version: number): DataKeys {
    const keys = this.keys.get(version);
    if (!keys) throw new KeyError('unknown_version', `data key version ${version} is not loaded`);
    return keys;
  }

  private newDataKey(version: number): { version: number; wrapped: string; state: 'active'; created_at: string } {
    const wrapped = wrapDataKey(this.master, version, randomBytes(KEY_BYTES));
    return { version, wrapped, state: 'active', created_at: new Date(this.now()).toISOString() };
  }

  private refreshIfStale(): void {
    if (this.background || this.now() - this.readAt < REFRESH_MS) return;
    this.readAt = this.now();
    this.background = this.load(this.db)
      .catch((error: unknown) => this.options.onRefreshError?.(error))
      .finally(() => {
        this.background = null;
      });
  }

  private async load(db: Kysely<Database>): Promise<void> {
    const startedAt = this.now();
    const rows = await listDataKeys(db);
    for (const row of rows) {
      if (this.keys.has(row.version)) continue;
      const dataKey = unwrapDataKey(this.master, row.version, row.wrapped);
      this.keys.set(row.version, {
        encrypt: deriveKey(dataKey, 'harbour/field-encryption'),
        mac: deriveKey(dataKey, 'harbour/identifier-mac'),
      });
    }
    const active = Math.max(0, ...rows.filter((r) => r.state === 'active').map((r) => r.version));
    if (active === 0) throw new KeyError('no_active_key', 'no data key is active: the data_key table has none marked active');
    // Reads may finish out of order; the active version only ever grows, so keep the highest seen.
    this.active = Math.max(this.active, active);
    this.readAt = Math.max(this.readAt, startedAt);
  }
}
