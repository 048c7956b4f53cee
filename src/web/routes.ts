import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { PageErrorRenderer } from '../http/error-handler.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../http/services.ts';
import { loadFullServices } from '../hsds/read.ts';
import { isUuid } from '../shared/uuid.ts';
import { renderFeedbackForm } from '../feedback/form.ts';
import { registerFeedbackRoutes } from '../feedback/routes.ts';
import { loadLibrary } from '../learn/content.ts';
import { registerLearnRoutes } from '../learn/routes.ts';
import { registerCheckPages } from '../check/routes.ts';
import { registerAssets } from './assets.ts';
import { registerMemberRoutes } from './member-routes.ts';
import { registerMemberPages } from '../members/page-routes.ts';
import { registerPwaRoutes } from './pwa.ts';
import { html } from './html.ts';
import { pageContextFor } from './context.ts';
import { translator } from './i18n.ts';
import { englishOnly, renderPage, type PageContext } from './layout.ts';
import { hiddenFields, renderResults } from './results.ts';
import { formToParams, renderSearchForm, SearchForm } from './search-form.ts';
import { renderServicePage } from './service-page.ts';

const DEMO_CHECK_MS = 60_000;

/**
 * Error pages for page paths: the plain layout in English (error messages are not in the
 * catalogue), with the message and a way back to the search.
 */
export function pageErrorRenderer(config: Config): PageErrorRenderer {
  const ctx: PageContext = {
    lang: 'en',
    t: translator('en'),
    theme: 'system',
    discreet: false,
    discreetName: config.discreetName,
    saveData: false,
    quickExitUrl: config.quickExitUrl,
    demo: false,
    csrf: '',
  };
  return (status, body) =>
    renderPage(ctx, {
      title: 'shell.title.find',
      body: html`<h1>${ctx.t.t(status === 404 ? 'shell.error.not_found' : 'shell.error.other')}</h1>
        <p>${body.error.message}</p>
        <p><a href="/">${ctx.t.t('shell.error.back')}</a></p>`,
    });
}

/** Server-rendered pages: they work with JavaScript switched off; the client script only adds to them. */

export function registerWebRoutes(app: FastifyInstance, services: Services): void {
  const { config, handle, now } = services.ctx;
  const library = loadLibrary();
  let demo = { value: false, at: -Infinity };
  const hasDemo = async (): Promise<boolean> => {
    if (Date.now() - demo.at > DEMO_CHECK_MS) {
      const row = await handle.db.selectFrom('service').select('id').where('is_demo', '=', 1).limit(1).executeTakeFirst();
      demo = { value: row !== undefined, at: Date.now() };
    }
    return demo.value;
  };
  const pageContext = async (request: FastifyRequest, reply: FastifyReply): Promise<PageContext> =>
    pageContextFor(config, services.csrfKey, request, reply, await hasDemo());
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/', { schema: { hide: true, querystring: Type.Object({}, { additionalProperties: true }) } }, async (request, reply) => {
    const ctx = await pageContext(request, reply);
    const body = html`<h1>${ctx.t.t('shell.home.heading')}</h1>
      ${renderSearchForm({ open: 'now' }, '', ctx.t, ctx.csrf)}`;
    return reply.type('text/html; charset=utf-8').send(renderPage(ctx, { title: 'shell.title.find', body }));
  });

  r.post('/search', { schema: { hide: true, body: SearchForm } }, async (request, reply) => {
    const ctx = await pageContext(request, reply);
    const form = request.body;
    const { params, problems } = formToParams(form, config.timezone);
    let placeLabel: string | null = null;
    let choices = html``;
    if (!params.near && params.lat === undefined && form.near_text?.trim()) {
      const matches = await services.places.match(form.near_text, 5);
      const best = matches[0];
      if (!best)
        problems.push(
          `We do not know a place called "${form.near_text.trim()}". Try a suburb, township, taxi rank or hospital nearby.`,
        );
      else {
        params.near = best.place.id;
        placeLabel = best.place.name;
        const others = matches.slice(1).filter((m) => m.score >= best.score - 15);
        if (others.length > 0)
          choices = renderPlaceChoices(
            form,
            others.map((m) => m.place),
            ctx.csrf,
          );
      }
    } else if (params.near) {
      placeLabel = (await services.places.find(params.near))?.name ?? null;
    } else if (params.lat !== undefined) {
      placeLabel = 'your location';
    }
    const byCoordinates = params.lat !== undefined;
    const formShown = renderSearchForm(
      { ...form, near: undefined, page: undefined, ...(byCoordinates ? { near_text: '' } : {}) },
      byCoordinates ? '' : (placeLabel ?? ''),
      ctx.t,
      ctx.csrf,
    );
    // Problems and results are not in the catalogue yet: marked English on other languages' pages.
    if (problems.length > 0) {
      const body = html`<h1>${ctx.t.t('shell.home.heading')}</h1>
        ${englishOnly(ctx, html`<div class="banner banner-warning" role="alert">${problems.map((p) => html`<p>${p}</p>`)}</div>`)}
        ${formShown}`;
      return reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(renderPage(ctx, { title: 'shell.title.find', body }));
    }
    const result = await services.search(params);
    const body = html`<h1>${ctx.t.t('shell.home.heading')}</h1>
      ${englishOnly(ctx, html`${choices}${renderResults({ result, form, placeLabel, now: now(), zone: config.timezone, csrf: ctx.csrf })}`)}
      <details class="refine">
        <summary>${ctx.t.t('search.change')}</summary>
        ${formShown}
      </details>`;
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(renderPage(ctx, { title: 'shell.title.find', body }));
  });

  r.get(
    '/services/:id',
    {
      schema: {
        hide: true,
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object(
          { reported: Type.Optional(Type.String({ maxLength: 1 })), lang: Type.Optional(Type.String({ maxLength: 5 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      if (!isUuid(request.params.id)) throw new AppError('not_found', 'There is no service at this address.');
      const [service] = await loadFullServices(handle.db, [request.params.id], {
        includeConfidential: false,
        timezone: config.timezone,
      });
      if (!service) throw new AppError('not_found', 'There is no service at this address. It may have been removed.');
      const ctx = await pageContext(request, reply);
      const page = renderServicePage(service, now(), config.timezone);
      return reply.type('text/html; charset=utf-8').send(
        renderPage(
          { ...ctx, demo: ctx.demo || page.demo },
          {
            title: 'shell.title.service',
            body: html`${englishOnly(ctx, page.body)}
            ${renderFeedbackForm(ctx, request.params.id, request.query.reported === '1')}`,
          },
        ),
      );
    },
  );

  registerMemberRoutes(app, config, pageContext);
  registerCheckPages(app, config, pageContext);
  registerMemberPages(app, services, pageContext);
  registerFeedbackRoutes(app, { db: handle.db, now, keys: services.keys });
  registerLearnRoutes(app, library, pageContext);
  const assets = registerAssets(app);
  registerPwaRoutes(app, config, assets, () => library.slugs());
}

function renderPlaceChoices(form: SearchForm, places: { id: string; name: string; kind: string }[], csrf: string) {
  return html`<div class="choices">
    <p>Not the place you meant? Search near:</p>
    ${places.map(
      (p) =>
        html`<form method="post" action="/search">
          ${hiddenFields(form, { near_text: undefined, lat: undefined, lng: undefined, page: undefined, near: p.id }, csrf)}<button
            type="submit"
            class="link"
          >
            ${p.name} (${p.kind.replace('_', ' ')})
          </button>
        </form>`,
    )}
  </div>`;
}
