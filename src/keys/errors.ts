/** Why a key operation failed: stable codes callers may branch on. */
export type KeyErrorCode =
  'master_key' | 'unwrap_failed' | 'no_active_key' | 'malformed' | 'unknown_version' | 'cannot_open' | 'rotation_conflict';

/** A key or an encrypted value could not be used. Messages are plain and never hold key material. */
export class KeyError extends Error {
  constructor(
    readonly code: KeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeyError';
  }
}
