import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { KeyError } from './errors.ts';
import { ENCRYPTED_FIELDS, refOf, type RegisteredField } from './fields.ts';
import { sealedVersion, type Keyring } from './keyring.ts';
import { findValuesWithout, replaceValue } from './repo.ts';

export interface RotateOptions {
  /** Rows read and rewritten per transaction (default 200). */
  batchSize?: number;
  /** The columns to re-encrypt (default: every registered one). */
  fields?: readonly RegisteredField[];
  /** Told after each batch. */
  onBatch?: (batch: { table: string; column: string; reencrypted: number }) => void;
}

export interface RotateResult {
  /** The new active version. */
  version: number;
  /** Values rewritten under it. */
  reencrypted: number;
  /** Values that did not open (changed or misplaced), left as they were. */
  unreadable: number;
}

/**
 * Adds a data key version and re-encrypts every registered column under it in bounded batches,
 * pass after pass until one changes nothing (a process that has not yet seen the new version may
 * still write under the old one). Old versions stay: old HMACs and stragglers still need them.
 */
export async function rotateKeys(db: Kysely<Database>, keyring: Keyring, options: RotateOptions = {}): Promise<RotateResult> {
  const { batchSize = 200, fields = ENCRYPTED_FIELDS, onBatch } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a whole number above 0');
  const version = await keyring.addVersion(db);
  const unreadable = new Set<string>();
  let reencrypted = 0;
  let changed: number;
  do {
    changed = 0;
    for (const field of fields) {
      let after: string | null = null;
      for (;;) {
        const batch = await reencryptBatch(db, keyring, field, after, batchSize, unreadable);
        if (batch === null) break;
        after = batch.last;
        changed += batch.reencrypted;
        onBatch?.({ table: field.table, column: field.column, reencrypted: batch.reencrypted });
      }
    }
    reencrypted += changed;
  } while (changed > 0);
  return { version, reencrypted, unreadable: unreadable.size };
}

/** One batch of the field after the id `after`; null when none is left. */
async function reencryptBatch(
  db: Kysely<Database>,
  keyring: Keyring,
  field: RegisteredField,
  after: string | null,
  limit: number,
  unreadable: Set<string>,
): Promise<{ last: string; reencrypted: number } | null> {
  // Read each time: a background refresh may have seen an even newer rotation.
  const target = keyring.activeVersion;
  const rows = await findValuesWithout(db, field, `k${target}.`, after, limit);
  if (rows.length === 0) return null;
  const updates: { id: string; from: string; to: string }[] = [];
  for (const row of rows) {
    if ((sealedVersion(row.value) ?? 0) >= target) continue;
    const ref = refOf(field, row.id);
    try {
      updates.push({ id: row.id, from: row.value, to: keyring.encrypt(ref, await keyring.decrypt(db, ref, row.value)) });
    } catch (error) {
      if (!(error instanceof KeyError)) throw error;
      unreadable.add(`${field.table}.${field.column}:${row.id}`);
    }
  }
  const reencrypted = await db.transaction().execute(async (trx) => {
    let n = 0;
    for (const u of updates) if (await replaceValue(trx, field, u.id, u.from, u.to)) n++;
    return n;
  });
  return { last: rows.at(-1)!.id, reencrypted };
}
