import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { KEY_BYTES } from './cipher.ts';
import { KeyError } from './errors.ts';

export interface MasterKeyOptions {
  /** HARBOUR_MASTER_KEY as given (base64 of 32 bytes), or undefined. */
  envValue: string | undefined;
  /** SQLite only: where the key is kept when HARBOUR_MASTER_KEY is not set. */
  keyFile: string;
  dialect: 'sqlite' | 'postgres';
}

const HOW_TO_MAKE = 'make one with `openssl rand -base64 32`';

/**
 * The master key: HARBOUR_MASTER_KEY when set; else, on SQLite, the key file, created on first use
 * (readable by this user only). PostgreSQL requires HARBOUR_MASTER_KEY. Losing the key makes every
 * encrypted value unreadable: keep it apart from the database's backups.
 */
export function loadMasterKey(options: MasterKeyOptions): Buffer {
  const env = options.envValue?.trim();
  if (env) return decodeKey(env, 'HARBOUR_MASTER_KEY');
  if (options.dialect === 'postgres') {
    throw new KeyError(
      'master_key',
      `HARBOUR_MASTER_KEY is not set: on PostgreSQL the server refuses to start without it, so that every instance shares one master key (${HOW_TO_MAKE})`,
    );
  }
  return readKeyFile(options.keyFile) ?? createKeyFile(options.keyFile);
}

function decodeKey(text: string, source: string): Buffer {
  // Node's decoder skips characters outside the alphabet, so check them first.
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : null;
  if (key?.length !== KEY_BYTES)
    throw new KeyError('master_key', `${source} must be base64 of exactly ${KEY_BYTES} bytes (${HOW_TO_MAKE})`);
  return key;
}

function readKeyFile(path: string): Buffer | null {
  try {
    return decodeKey(readFileSync(path, 'utf8').trim(), `the key file ${path}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function createKeyFile(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(KEY_BYTES);
  // Written whole and flushed under a temporary name, then linked into place: another process never
  // reads a half-written key, and a crash never leaves a key the database's data keys depend on unsaved.
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(path) ?? createKeyFile(path);
    throw error;
  } finally {
    unlinkSync(temp);
  }
  syncFolder(dirname(path));
  return key;
}

function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
