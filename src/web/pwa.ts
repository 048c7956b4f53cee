import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.ts';
import { sendAsset, type Asset } from './assets.ts';

/** The web app manifest: installable, opening on the search. Discreet mode has its own URL and a neutral name and icon. */
export function manifest(config: Config, discreet: boolean): Record<string, unknown> {
  const name = discreet ? config.discreetName : 'Harbour';
  return {
    name,
    short_name: name,
    id: '/',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: discreet ? '#5f6368' : '#0b5394',
    icons: [
      {
        src: discreet ? '/assets/icon-discreet.svg' : '/assets/icon.svg',
        sizes: 'any',
        type: 'image/svg+xml',
        purpose: 'any',
      },
    ],
  };
}

/**
 * Pages and files the service worker saves after the first visit: the shell, the overdose guide,
 * the self-check's front page with its crisis numbers, and the library (in the member's language,
 * since it fetches them with her cookies). Printable self-checks are saved when she opens one.
 */
export function precacheUrls(librarySlugs: readonly string[]): string[] {
  return [
    '/',
    '/overdose',
    '/check',
    '/learn',
    ...librarySlugs.map((slug) => `/learn/${slug}`),
    '/settings',
    '/offline',
    '/assets/app.css',
    '/assets/app.js',
    '/assets/check.js',
    '/assets/icon.svg',
    '/assets/icon-discreet.svg',
  ];
}

/** Manifests, the service worker script (at the root, so its scope is the whole site) and the precache list. */
export function registerPwaRoutes(
  app: FastifyInstance,
  config: Config,
  assets: ReadonlyMap<string, Asset>,
  librarySlugs: () => readonly string[],
): void {
  const send = (discreet: boolean) => async (_request: unknown, reply: FastifyReply) =>
    reply
      .type('application/manifest+json')
      .header('Cache-Control', 'no-cache')
      .send(JSON.stringify(manifest(config, discreet)));
  app.get('/manifest.webmanifest', { schema: { hide: true } }, send(false));
  app.get('/manifest-discreet.webmanifest', { schema: { hide: true } }, send(true));
  app.get('/sw.js', { schema: { hide: true } }, async (request, reply) => sendAsset(request, reply, assets.get('sw.js')));
  app.get('/precache.json', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'no-cache').send({ urls: precacheUrls(librarySlugs()) }),
  );
}
