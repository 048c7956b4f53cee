import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { browserCsrfToken } from '../access/csrf.ts';
import { parseCookies } from '../http/cookies.ts';
import { chooseLanguage, translator, type Lang } from './i18n.ts';
import type { PageContext, Theme } from './layout.ts';

/** The member's choices, kept in cookies on her phone only (no account, nothing on the server). */
export const COOKIES = { lang: 'hb_lang', theme: 'hb_theme', discreet: 'hb_discreet' } as const;

const YEAR_SECONDS = 365 * 86_400;

/** A preference cookie: readable by the server only, sent on same-site navigations, kept a year. */
export function preferenceCookie(config: Config, name: string, value: string): string {
  const secure = config.publicUrl?.startsWith('https:') ? '; Secure' : '';
  return `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax; HttpOnly${secure}`;
}

export function parseTheme(value: unknown): Theme {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/**
 * Reads the member's choices from the request. A `?lang=` choice is remembered in `hb_lang` (and
 * the reply varies by cookie and Accept-Language, so no shared cache mixes languages).
 */
export function readChoices(
  config: Config,
  request: FastifyRequest,
  reply: FastifyReply,
): { lang: Lang; theme: Theme; discreet: boolean; saveData: boolean } {
  const cookies = parseCookies(request.headers.cookie);
  const query = request.query as Record<string, unknown> | undefined;
  const lang = chooseLanguage(query?.lang, cookies[COOKIES.lang], request.headers['accept-language']);
  if (query?.lang === lang && cookies[COOKIES.lang] !== lang)
    reply.header('Set-Cookie', preferenceCookie(config, COOKIES.lang, lang));
  reply.header('Vary', 'Cookie, Accept-Language');
  return {
    lang,
    theme: parseTheme(cookies[COOKIES.theme]),
    discreet: cookies[COOKIES.discreet] === '1',
    saveData: String(request.headers['save-data'] ?? '').toLowerCase() === 'on',
  };
}

/** The page context for a request (demo: whether the database holds demonstration data). */
export function pageContextFor(
  config: Config,
  csrfKey: Buffer,
  request: FastifyRequest,
  reply: FastifyReply,
  demo: boolean,
): PageContext {
  const choices = readChoices(config, request, reply);
  return {
    ...choices,
    csrf: browserCsrfToken(csrfKey, config, request, reply),
    t: translator(choices.lang),
    quickExitUrl: config.quickExitUrl,
    discreetName: config.discreetName,
    demo,
  };
}
