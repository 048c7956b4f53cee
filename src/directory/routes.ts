import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from '../http/services.ts';
import { SearchParams, SearchResponse } from './schema.ts';

/**
 * `GET` and `POST /api/v1/search`. POST exists so a phone's history never shows what was searched
 * or where: the web form uses it.
 */
export function registerDirectoryRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/v1/search', { schema: { querystring: SearchParams, response: { 200: SearchResponse } } }, async (request) =>
    services.search(request.query),
  );
  r.post('/api/v1/search', { schema: { body: SearchParams, response: { 200: SearchResponse } } }, async (request) =>
    services.search(request.body ?? {}),
  );
}
