/**
 * The self-check pages the server renders: `/check` (what it is, the crisis box, the printable
 * versions) and `/check/print/:id`. Nothing here receives an answer: scoring happens on the phone.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../http/errors.ts';
import { INSTRUMENTS, isInstrumentId, type InstrumentId } from '../instruments/index.ts';
import type { Lang } from '../web/i18n.ts';
import { renderPage, type PageContext } from '../web/layout.ts';
import { renderCheckFront } from './front-page.ts';
import { renderPrintable } from './print-page.ts';

type ContextFor = (request: FastifyRequest, reply: FastifyReply) => Promise<PageContext>;

const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 5 })) }, { additionalProperties: false });
const HTML = 'text/html; charset=utf-8';

/** Enabled instruments with a validated text in the page's language or, failing that, English. */
export function printableInstruments(config: Pick<Config, 'instruments'>, lang: Lang): InstrumentId[] {
  return config.instruments.filter((id) => {
    const languages: readonly string[] = INSTRUMENTS[id].languages;
    return languages.includes(lang) || languages.includes('en');
  });
}

/** Registers `/check` and `/check/print/:id` (public pages, like the overdose guide). */
export function registerCheckPages(app: FastifyInstance, config: Config, contextFor: ContextFor): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/check',
    { config: { permission: 'public.read' }, schema: { hide: true, querystring: LangQuery } },
    async (request, reply) => {
      const ctx = await contextFor(request, reply);
      const body = renderCheckFront(ctx, config, printableInstruments(config, ctx.lang));
      return reply.type(HTML).send(renderPage(ctx, { title: 'check.title', body }));
    },
  );

  r.get(
    '/check/print/:id',
    {
      config: { permission: 'public.read' },
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 40 }) }), querystring: LangQuery },
    },
    async (request, reply) => {
      const ctx = await contextFor(request, reply);
      const { id } = request.params;
      if (!isInstrumentId(id) || !printableInstruments(config, ctx.lang).includes(id))
        throw new AppError('not_found', 'This site offers no printable version of that questionnaire. See the list at /check.');
      return reply.type(HTML).send(renderPage(ctx, { title: 'check.title', body: renderPrintable(ctx, id, config) }));
    },
  );
}
