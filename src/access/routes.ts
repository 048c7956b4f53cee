import type { FastifyInstance } from 'fastify';
import type { Services } from '../http/services.ts';
import { browserCsrfToken } from './csrf.ts';

/**
 * `GET /api/v1/csrf`: this browser's form token (setting its `hb_csrf` cookie when it has none),
 * for code that sends later what a page queued, such as the offline outbox. Another site can make
 * the request but never read the answer (no CORS), so the token stays secret.
 */
export function registerCsrfRoute(app: FastifyInstance, services: Services): void {
  app.get('/api/v1/csrf', { config: { permission: 'public.read' } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { csrf_token: browserCsrfToken(services.csrfKey, services.ctx.config, request, reply) };
  });
}
