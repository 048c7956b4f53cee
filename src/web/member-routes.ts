import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { COOKIES, preferenceCookie } from './context.ts';
import { html } from './html.ts';
import { renderPage, type PageContext } from './layout.ts';
import { renderOverdoseGuide } from './overdose.ts';
import { renderRemovedDocument, renderSettings, SettingsForm } from './settings.ts';

type ContextFor = (request: FastifyRequest, reply: FastifyReply) => Promise<PageContext>;

const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 5 })) }, { additionalProperties: false });
const HTML = 'text/html; charset=utf-8';

/** The overdose guide, settings (with remove-from-phone) and the offline page. */
export function registerMemberRoutes(app: FastifyInstance, config: Config, contextFor: ContextFor): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/overdose', { schema: { hide: true, querystring: LangQuery } }, async (request, reply) => {
    const ctx = await contextFor(request, reply);
    const body = renderOverdoseGuide(ctx.t, config.emergencyNumbers);
    return reply.type(HTML).send(renderPage(ctx, { title: 'shell.title.overdose', body, mainClass: 'guide-main' }));
  });

  r.get(
    '/settings',
    {
      schema: {
        hide: true,
        querystring: Type.Object(
          { lang: Type.Optional(Type.String({ maxLength: 5 })), saved: Type.Optional(Type.String({ maxLength: 1 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const ctx = await contextFor(request, reply);
      const body = renderSettings(ctx, request.query.saved === '1');
      return reply.type(HTML).send(renderPage(ctx, { title: 'shell.title.settings', body }));
    },
  );

  r.post('/settings', { schema: { hide: true, body: SettingsForm } }, async (request, reply) => {
    const { lang, theme, discreet } = request.body;
    const cookies: string[] = [];
    if (lang) cookies.push(preferenceCookie(config, COOKIES.lang, lang));
    if (theme) cookies.push(preferenceCookie(config, COOKIES.theme, theme));
    if (discreet) cookies.push(preferenceCookie(config, COOKIES.discreet, discreet));
    return reply.header('Set-Cookie', cookies).redirect('/settings?saved=1', 303);
  });

  // Clear-Site-Data makes the browser delete this site's cache, cookies and storage, service worker
  // included; the client script has already done the same where it runs.
  r.post('/settings/remove', { schema: { hide: true } }, async (request, reply) => {
    const ctx = await contextFor(request, reply);
    // Cookies are also expired one by one: Clear-Site-Data is ignored over plain HTTP on a local
    // network, and the page script cannot reach HttpOnly cookies. This replaces any cookie the
    // request's ?lang= would have set.
    const expired = Object.values(COOKIES).map((name) => `${name}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly`);
    return reply
      .header('Clear-Site-Data', '"cache", "cookies", "storage"')
      .header('Set-Cookie', expired)
      .header('Cache-Control', 'no-store')
      .type(HTML)
      .send(renderRemovedDocument(ctx));
  });

  r.get('/offline', { schema: { hide: true, querystring: LangQuery } }, async (request, reply) => {
    const ctx = await contextFor(request, reply);
    const { t } = ctx;
    const body = html`<h1>${t.t('shell.offline.heading')}</h1>
      <p>${t.t('shell.offline.body')}</p>
      <ul>
        <li><a href="/overdose">${t.t('shell.nav.overdose')}</a></li>
        <li><a href="/learn">${t.t('shell.nav.learn')}</a></li>
        <li><a href="/">${t.t('shell.nav.find')}</a></li>
      </ul>`;
    return reply.type(HTML).send(renderPage(ctx, { title: 'shell.title.find', body }));
  });
}
