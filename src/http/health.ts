import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app.ts';
import { AppError } from './errors.ts';

/** `/healthz`: the process answers. `/readyz`: the database answers too. */
export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => {
    try {
      await sql`SELECT 1`.execute(ctx.handle.db);
    } catch {
      throw new AppError('not_ready', 'The database does not answer.');
    }
    return { status: 'ready' };
  });
}
