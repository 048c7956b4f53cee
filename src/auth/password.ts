import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';

import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * Secret hashing for passwords: argon2id with m = 19 456 KiB, t = 2, p = 1 (OWASP's first listed
 * configuration). `hash` and `verify` from @node-rs/argon2 return napi-rs `AsyncTask`s, whose
 * `compute` runs on libuv's thread pool, so a hash never blocks the event loop (the `*Sync`
 * variants would, and are not used). Concurrent hashes share that pool (UV_THREADPOOL_SIZE, 4).
 */

// `Algorithm` is an ambient const enum: with verbatimModuleSyntax TypeScript refuses
// `Algorithm.Argon2id` (TS2748) and the runtime object is empty, so the value is spelled out here,
// still checked against the enum member's type.
const ARGON2ID: Algorithm.Argon2id = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** PHC prefix of every hash made by `hashSecret`; anything else wants a rehash at next sign-in. */
export const ARGON2ID_PREFIX = '$argon2id$v=19$m=19456,t=2,p=1$';

/**
 * At most one hash per core but one runs at once: each takes a core for ~50 ms, and with every core
 * hashing the event loop waits for CPU (20 sign-ins at once on 2 cores: p99 delay 64 ms, against
 * 15 ms with one slot). Sign-ins queue here instead, in arrival order.
 */
const SLOTS = Math.max(1, availableParallelism() - 1);
let busy = 0;
const queue: (() => void)[] = [];

async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (busy < SLOTS) busy++;
  // A finishing hash hands its slot straight to the next in line, so none is taken twice.
  else await new Promise<void>((resolve) => queue.push(resolve));
  try {
    return await work();
  } finally {
    const next = queue.shift();
    if (next) next();
    else busy--;
  }
}

/** Hashes a secret with argon2id (random 16-byte salt) into a PHC string. */
export function hashSecret(secret: string): Promise<string> {
  return inSlot(() => hash(secret, OPTIONS));
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a secret against a stored hash. With `hash` null (no such account) it verifies against a
 * dummy hash of the same cost and returns false, so an unknown account costs what a wrong password
 * does. A malformed hash gives false, never an exception.
 */
export async function verifySecret(hash: string | null, secret: string): Promise<boolean> {
  if (hash === null) {
    dummyHash ??= hashSecret(randomBytes(16).toString('base64url')).catch((err: unknown) => {
      dummyHash = undefined;
      throw err;
    });
    await verifyQuietly(await dummyHash, secret);
    return false;
  }
  return verifyQuietly(hash, secret);
}

async function verifyQuietly(hash: string, secret: string): Promise<boolean> {
  try {
    return await inSlot(() => verify(hash, secret));
  } catch {
    return false;
  }
}

/** True when a hash is argon2id with exactly the current parameters. */
export function isArgon2id(hash: string): boolean {
  return hash.startsWith(ARGON2ID_PREFIX);
}
