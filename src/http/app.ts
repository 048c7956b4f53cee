import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { registerDirectoryRoutes } from '../directory/routes.ts';
import { registerHsdsRoutes } from '../hsds/routes.ts';
import { registerPlaceRoutes } from '../places/routes.ts';
import { registerWebRoutes } from '../web/routes.ts';
import { handleError } from './error-handler.ts';
import { AppError } from './errors.ts';
import { registerHealthRoutes } from './health.ts';
import { createLogger, registerRequestLog } from './logging.ts';
import { registerSecurityHeaders } from './security.ts';
import { createServices } from './services.ts';

/** What every route may use: configuration, the database, and the clock (tests fix it). */
export interface AppContext {
  config: Config;
  handle: Db;
  now: () => Date;
}

/** Largest request body accepted, in bytes (search and form posts are small). */
export const BODY_LIMIT_BYTES = 16_384;

export type App = FastifyInstance;

/** Assembles the HTTP application. Routes are registered per feature; nothing listens yet. */
export async function buildApp(ctx: AppContext, options: { logStream?: DestinationStream } = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: createLogger(ctx.config.logLevel, options.logStream),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    trustProxy: ctx.config.publicUrl !== null,
    ajv: {
      // Unknown fields are refused (400), never silently dropped; query strings are coerced.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request) => {
    throw new AppError('not_found', `Nothing at ${request.method} ${request.url.split('?')[0]}.`);
  });
  registerSecurityHeaders(app);
  registerRequestLog(app);
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  // One source for validation and documentation: the OpenAPI document is built from the route schemas.
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Harbour API',
        version: '0.1.0',
        description: 'HSDS 3.0 (with the Harbour profile, /hsds/profile), places and search.',
      },
    },
  });

  const services = createServices(ctx);
  registerHealthRoutes(app, ctx);
  registerHsdsRoutes(app, services);
  registerPlaceRoutes(app, services);
  registerDirectoryRoutes(app, services);
  registerWebRoutes(app, services);
  return app;
}
