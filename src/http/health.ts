import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app.ts';
import type { Services } from './services.ts';
import { AppError } from './errors.ts';

/**
 * `/healthz`: the process answers. `/readyz`: the database answers too; `near_index` says whether
 * near searches are answered from memory yet ("building" after a start or an import: the database
 * answers them meanwhile).
 */
export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext, services: Services): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => {
    try {
      await sql`SELECT 1`.execute(ctx.handle.db);
    } catch {
      throw new AppError('not_ready', 'The database does not answer.');
    }
    return { status: 'ready', near_index: await services.nearIndexStatus() };
  });
}
