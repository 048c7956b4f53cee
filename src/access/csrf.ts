import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newToken } from '../auth/codes.ts';
import type { Config } from '../config.ts';
import { parseCookies } from '../http/cookies.ts';
import { AppError } from '../http/errors.ts';
import { isSecure } from './sessions.ts';

/**
 * CSRF tokens. A session's token is derived from its (secret, HttpOnly) cookie; a browser without a
 * session gets a random `hb_csrf` cookie and forms carry the token derived from it. Another site can
 * read neither cookie, so it cannot make a valid token; deriving instead of storing keeps pages the
 * phone saved for offline use valid.
 */

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export function csrfCookieName(config: Config): string {
  return `${isSecure(config) ? '__Host-' : ''}hb_csrf`;
}

/** The token that goes with a cookie value (a session token or an `hb_csrf` value). */
export function deriveCsrfToken(key: Buffer, kind: 'session' | 'browser', value: string): string {
  return createHmac('sha256', key).update(`${kind}\0${value}`).digest('base64url');
}

/** The browser's form token, setting its `hb_csrf` cookie first when it has none. */
export function browserCsrfToken(key: Buffer, config: Config, request: FastifyRequest, reply: FastifyReply): string {
  const name = csrfCookieName(config);
  let value = parseCookies(request.headers.cookie)[name];
  if (!value) {
    value = newToken();
    const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${365 * 86_400}`];
    if (isSecure(config)) parts.push('Secure');
    reply.header('Set-Cookie', parts.join('; '));
    // Later code in this request (another form on the page) sees the same value.
    request.headers.cookie = `${request.headers.cookie ? `${request.headers.cookie}; ` : ''}${name}=${value}`;
  }
  return deriveCsrfToken(key, 'browser', value);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Refuses a cross-site or tokenless state-changing request (403 `csrf_failed`):
 * - `Sec-Fetch-Site` present and not same-origin/none, or `Origin` present and not ours;
 * - a form post, or any request made with a live session, without a valid `_csrf` field or
 *   `x-csrf-token` header. JSON without a session needs none: its content type forces a preflight.
 * Removes `_csrf` from the body so route schemas never see it.
 */
export function checkCsrf(request: FastifyRequest, key: Buffer, config: Config, sessionTokens: readonly string[]): void {
  if (!UNSAFE.has(request.method)) return;
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const ours = config.publicUrl ?? null;
  const originOk = origin === undefined || (ours !== null ? origin === ours : originHost(origin) === request.host);
  if ((site !== undefined && site !== 'same-origin' && site !== 'none') || !originOk)
    throw new AppError('csrf_failed', 'This was sent from another website. Open Harbour and try again.');

  const body = request.body as Record<string, unknown> | null | undefined;
  const field = body && typeof body === 'object' && !Array.isArray(body) ? body._csrf : undefined;
  if (body && typeof body === 'object' && '_csrf' in body) delete body._csrf;
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  const isForm = FORM_TYPES.some((t) => type.startsWith(t));
  if (!isForm && sessionTokens.length === 0) return;

  const header = request.headers['x-csrf-token'];
  // The header first: code that sends a saved form later gets a fresh token for it.
  const given = typeof header === 'string' ? header : typeof field === 'string' ? field : '';
  const browser = parseCookies(request.headers.cookie)[csrfCookieName(config)];
  const valid = [
    ...sessionTokens.map((t) => deriveCsrfToken(key, 'session', t)),
    ...(browser ? [deriveCsrfToken(key, 'browser', browser)] : []),
  ];
  if (given === '' || !valid.some((v) => same(v, given)))
    throw new AppError(
      'csrf_failed',
      'This form has expired or came from somewhere else. Go back, reload the page and send it again.',
    );
}

/** The host of an Origin header; null for `null` or anything unparsable (never this host). */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}
