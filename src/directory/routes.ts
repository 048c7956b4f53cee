import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from '../http/services.ts';
import { SearchParams, SearchResponse } from './schema.ts';

/**
 * `GET` and `POST /api/v1/search`. POST exists so a phone's history never shows what was searched
 * or where: the web form uses it.
 */
export function registerDirectoryRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // The answer is already JSON (from the search cache); the response schema documents it.
  r.get('/api/v1/search', { schema: { querystring: SearchParams, response: { 200: SearchResponse } } }, async (request, reply) =>
    sendJson(reply, await services.searchJson(request.query)),
  );
  r.post('/api/v1/search', { schema: { body: SearchParams, response: { 200: SearchResponse } } }, async (request, reply) =>
    sendJson(reply, await services.searchJson(request.body ?? {})),
  );
}

/** Sends bytes that are already JSON as they are (Fastify does not serialise a Buffer payload). */
function sendJson(reply: { type(t: string): unknown }, json: Buffer): FastifyReply {
  const plain = reply as unknown as FastifyReply;
  return plain.type('application/json; charset=utf-8').send(json);
}
