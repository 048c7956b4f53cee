import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.ts';
import type { PageContext } from '../web/layout.ts';
import { renderPage } from '../web/layout.ts';
import type { Library } from './content.ts';
import { renderLibraryIndex, renderLibraryPage } from './pages.ts';

type ContextFor = (request: FastifyRequest, reply: FastifyReply) => Promise<PageContext>;

const LANG = Type.Optional(Type.String({ maxLength: 5 }));

/** `/learn` (with `?q=`) and `/learn/<slug>`: server-rendered, no JavaScript needed. */
export function registerLearnRoutes(app: FastifyInstance, library: Library, contextFor: ContextFor): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/learn',
    {
      schema: {
        hide: true,
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 100 })), lang: LANG },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const ctx = await contextFor(request, reply);
      const body = renderLibraryIndex(ctx, library, request.query.q ?? '');
      return reply.type('text/html; charset=utf-8').send(renderPage(ctx, { title: 'shell.title.learn', body }));
    },
  );
  r.get(
    '/learn/:slug',
    {
      schema: {
        hide: true,
        params: Type.Object({ slug: Type.String({ maxLength: 80 }) }),
        querystring: Type.Object({ lang: LANG }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const ctx = await contextFor(request, reply);
      const page = library.find(ctx.lang, request.params.slug);
      if (!page) throw new AppError('not_found', 'There is no library page at this address. See the list at /learn.');
      return reply
        .type('text/html; charset=utf-8')
        .send(renderPage(ctx, { title: 'shell.title.learn', body: renderLibraryPage(ctx, page) }));
    },
  );
}
