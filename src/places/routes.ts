import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from '../http/services.ts';
import { PlacesQuery, PlacesResponse } from './schema.ts';

/** `GET /api/v1/places?q=`: gazetteer matches, best first. */
export function registerPlaceRoutes(app: FastifyInstance, services: Services): void {
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .get('/api/v1/places', { schema: { querystring: PlacesQuery, response: { 200: PlacesResponse } } }, async (request) => ({
      contents: (await services.places.match(request.query.q)).map((m) => m.place),
    }));
}
