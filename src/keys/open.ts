import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { Keyring } from './keyring.ts';
import { loadMasterKey } from './master-key.ts';

/** The master key this configuration names (HARBOUR_MASTER_KEY, or on SQLite the key file). */
export function masterKeyOf(config: Config, dialect: Db['adapter']['name']): Buffer {
  return config.masterKey ?? loadMasterKey({ envValue: undefined, keyFile: config.keyFile, dialect });
}

/** The keyring of a running app or command: the data keys, unwrapped with the master key. */
export async function openKeyring(config: Config, handle: Db): Promise<Keyring> {
  return Keyring.open(handle.db, masterKeyOf(config, handle.adapter.name));
}
