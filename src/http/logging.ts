import type { FastifyInstance } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The logger: nothing about who asked or what they searched. Request logs carry the method, the
 * route pattern (never the URL with its query), the status and the time taken. No IP addresses.
 */
export function createLogger(level: string, stream?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      serializers: {
        // Fastify would log the request with URL and remote address: replace it with nothing.
        req: () => undefined,
        res: () => undefined,
        err: pino.stdSerializers.err,
      },
      redact: { paths: ['req', 'request', 'url', 'ip', 'remoteAddress', 'hostname'], remove: true },
    },
    stream,
  );
}

/** One line per response: route pattern, status, milliseconds. */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'response',
    );
  });
}
