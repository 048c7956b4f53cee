import type { Db } from '../db/connection.ts';
import { unwrapDataKey } from './cipher.ts';
import { KeyError } from './errors.ts';
import { Keyring } from './keyring.ts';
import { listDataKeys } from './repo.ts';
import { rotateKeys } from './rotate.ts';

const USAGE = `usage: harbour keys status | harbour keys rotate [--batch-size <n>]`;

/**
 * `harbour keys …`: `status` prints each data key version and its state; `rotate` adds a version and
 * re-encrypts every encrypted column under it. Output is JSON lines, never key material. Resolves
 * to the exit code; throws on wrong usage.
 */
export async function runKeysCommand(args: string[], handle: Db, master: Buffer, out: (line: string) => void): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'status' && rest.length === 0) {
    for (const row of await listDataKeys(handle.db)) {
      out(JSON.stringify({ version: row.version, state: row.state, created_at: row.created_at, opens: opens(master, row) }));
    }
    return 0;
  }
  if (command === 'rotate') {
    const batchSize = parseBatchSize(rest);
    const keyring = await Keyring.open(handle.db, master);
    const result = await rotateKeys(handle.db, keyring, { batchSize, onBatch: (batch) => out(JSON.stringify({ batch })) });
    out(JSON.stringify({ rotated: result }));
    return result.unreadable > 0 ? 1 : 0;
  }
  throw new Error(USAGE);
}

function parseBatchSize(args: string[]): number {
  if (args.length === 0) return 200;
  const size = Number(args[1]);
  if (args.length !== 2 || args[0] !== '--batch-size' || !Number.isInteger(size) || size < 1) {
    throw new Error(`--batch-size must be a whole number above 0. ${USAGE}`);
  }
  return size;
}

/** Whether this master key unwraps the row (a wrong HARBOUR_MASTER_KEY shows here first). */
function opens(master: Buffer, row: { version: number; wrapped: string }): boolean {
  try {
    unwrapDataKey(master, row.version, row.wrapped);
    return true;
  } catch (error) {
    if (error instanceof KeyError) return false;
    throw error;
  }
}
