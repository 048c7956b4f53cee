import compress from '@fastify/compress';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import type { DestinationStream } from 'pino';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { registerDirectoryRoutes } from '../directory/routes.ts';
import { registerHsdsRoutes } from '../hsds/routes.ts';
import { registerPlaceRoutes } from '../places/routes.ts';
import { pageErrorRenderer, registerWebRoutes } from '../web/routes.ts';
import { errorHandler, sendError } from './error-handler.ts';
import { AppError } from './errors.ts';
import { registerHealthRoutes } from './health.ts';
import { registerAccessControl, registerWithPermission } from '../access/guard.ts';
import { registerCsrfRoute } from '../access/routes.ts';
import { openKeyring } from '../keys/open.ts';
import { registerMemberApi } from '../members/routes.ts';
import { registerBackupRoutes } from '../members/backup.ts';
import { registerOrgApi } from '../orgs/routes.ts';
import { registerStaffApi } from '../staff/routes.ts';
import { registerListingRoutes } from '../listings/routes.ts';
import { registerStaffPages } from '../staff/page-routes.ts';
import { createLogger, registerRequestLog } from './logging.ts';
import { registerSecurityHeaders, setSecurityHeaders } from './security.ts';
import { createServices, type Services } from './services.ts';

/** What every route may use: configuration, the database, and the clock (tests fix it). */
export interface AppContext {
  config: Config;
  handle: Db;
  now: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's long-lived services (caches, the near index): for tests and operations. */
    services: Services;
  }
}

/** Largest request body accepted, in bytes (search and form posts are small). */
export const BODY_LIMIT_BYTES = 16_384;

export type App = FastifyInstance;

/** Assembles the HTTP application. Routes are registered per feature; nothing listens yet. */
export async function buildApp(ctx: AppContext, options: { logStream?: DestinationStream } = {}): Promise<App> {
  const pageErrors = pageErrorRenderer(ctx.config);
  const app = Fastify({
    loggerInstance: createLogger(ctx.config.logLevel, options.logStream),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    // One reverse proxy in front (the README's setup): the client address is the one it adds to
    // X-Forwarded-For, never an entry the client wrote itself.
    trustProxy: ctx.config.publicUrl !== null ? (_address: string, hop: number) => hop < 1 : false,
    ajv: {
      // Unknown fields are refused (400), never silently dropped; query strings are coerced.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
    routerOptions: { ignoreTrailingSlash: true },
    // The router refuses a broken %-escape or an over-long path segment before any route or hook
    // runs; answer those in the same shape as every other error.
    frameworkErrors: (error, request, reply) => {
      const message =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'A part of the address is too long: no record has an id that long.'
          : 'The address is not valid: it has a broken %-escape.';
      const plain = reply as unknown as FastifyReply;
      setSecurityHeaders(plain, request.url);
      sendError(plain, request.url, 400, { error: { code: 'invalid_request', message } }, pageErrors);
    },
  }) as unknown as FastifyInstance;

  app.setErrorHandler(errorHandler(pageErrors));
  app.setNotFoundHandler((request) => {
    throw new AppError('not_found', `Nothing at ${request.method} ${request.url.split('?')[0]}.`);
  });
  registerSecurityHeaders(app);
  registerRequestLog(app);
  app.addHook('preHandler', async (request) => refuseUnusableValues(request.query, request.body));
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  // Members pay for every byte on prepaid bundles: pages, styles and scripts go compressed when the
  // browser accepts it (small answers are not worth it).
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] });
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

  const keys = await openKeyring(ctx.config, ctx.handle);
  const services = createServices(ctx, keys);
  app.decorate('services', services);
  registerAccessControl(app, { config: ctx.config, db: ctx.handle.db, now: ctx.now, csrfKey: services.csrfKey });
  // The open features: anyone may use them, signed in or not.
  await registerWithPermission(app, 'public.read', (scope) => {
    registerHealthRoutes(scope, ctx, services);
    registerHsdsRoutes(scope, services);
    registerPlaceRoutes(scope, services);
    registerDirectoryRoutes(scope, services);
    registerWebRoutes(scope, services);
  });
  registerCsrfRoute(app, services);
  registerStaffApi(app, services);
  registerListingRoutes(app, services);
  registerStaffPages(app, services);
  registerOrgApi(app, services);
  registerMemberApi(app, services);
  registerBackupRoutes(app, services);
  // A listening server builds the near index at once, so the first searches need not wait for it.
  app.addHook('onListen', async () => {
    services.warm().catch((e: unknown) => app.log.warn({ err: e }, 'near index not built; searches use the database'));
  });
  return app;
}

/**
 * Values no parameter may hold, refused before any handler sees them: an infinite number (Ajv coerces
 * a query string such as "-Infinity" or "1e999" to one and then skips its range checks, which only
 * run on finite numbers), and a NUL character (PostgreSQL cannot store or compare one).
 */
function refuseUnusableValues(...sources: unknown[]): void {
  const walk = (value: unknown, key: string, depth: number): void => {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new AppError('invalid_request', `"${key}" must be a finite number.`);
    if (typeof value === 'string' && value.includes('\u0000'))
      throw new AppError('invalid_request', `"${key}" holds a NUL character; remove it.`);
    if (value === null || typeof value !== 'object' || depth > 32) return;
    for (const [k, v] of Object.entries(value)) walk(v, Array.isArray(value) ? key : k, depth + 1);
  };
  for (const source of sources) walk(source, 'the request', 0);
}
