/** Stable error codes: clients and the README rely on these exact strings. */
export const ERROR_CODES = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_id: 400,
  invalid_invite: 400,
  weak_password: 400,
  not_signed_in: 401,
  invalid_credentials: 401,
  totp_required: 401,
  csrf_failed: 403,
  forbidden: 403,
  two_factor_required: 403,
  working_name_taken: 409,
  unknown_place: 400,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  not_ready: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error a person can act on: a stable code, an HTTP status and a plain message. */
export class AppError extends Error {
  readonly status: number;
  /** Seconds before trying again is worth it (sent as Retry-After), for 429 and 503. */
  readonly retryAfter: number | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
    this.retryAfter = options.retryAfter;
  }
}

/**
 * For a page that shows a refusal on its form: a person's error (4xx) comes back to show; anything
 * else is rethrown as the real error it is.
 */
export function asRefusal(error: unknown): AppError {
  if (error instanceof AppError && error.status < 500) return error;
  throw error;
}

/** The one JSON shape of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; request_id?: string };
}
