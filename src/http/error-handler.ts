import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorBody, type ErrorCode } from './errors.ts';

interface ValidationItem {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** A validation failure in words a person understands, naming the field. */
export function describeValidation(items: readonly ValidationItem[], context: string | undefined): string {
  const v = items[0];
  if (!v) return 'The request is not valid.';
  const where = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const field = where || (context === 'body' ? 'the body' : 'the request');
  switch (v.keyword) {
    case 'additionalProperties':
      return `Unknown field "${String(v.params.additionalProperty)}"${where ? ` in ${where}` : ''}. Check the spelling; unknown fields are refused, not ignored.`;
    case 'required':
      return `Missing required field "${String(v.params.missingProperty)}".`;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `"${field}" ${v.message ?? 'is out of range'}.`;
    case 'type':
      return `"${field}" must be ${String(v.params.type)}.`;
    default:
      return `"${field}" ${v.message ?? 'is not valid'}.`;
  }
}

function classify(error: FastifyError): { code: ErrorCode; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  if (error.validation)
    return {
      code: 'invalid_request',
      message: describeValidation(error.validation, error.validationContext),
    };
  const status = error.statusCode ?? 500;
  if (status === 413) return { code: 'payload_too_large', message: error.message };
  if (status === 415)
    return {
      code: 'unsupported_media_type',
      message: 'Send JSON (application/json) or a form (application/x-www-form-urlencoded).',
    };
  if (status === 400 && /JSON/i.test(`${error.code} ${error.message}`))
    return { code: 'invalid_json', message: 'The body is not valid JSON.' };
  if (status >= 400 && status < 500) return { code: 'invalid_request', message: error.message };
  return { code: 'internal_error', message: 'Something went wrong on our side. Nothing you sent was lost.' };
}

/** Renders an error as an HTML page (the web layer supplies it). */
export type PageErrorRenderer = (status: number, body: ErrorBody) => string;

/** The JSON API lives under these paths; every other path is a page and gets its errors as a page. */
export function isApiPath(url: string): boolean {
  return /^\/(api|hsds|healthz|readyz)(\/|\?|\.|$)/.test(url);
}

/** A script on a page (the offline outbox) asks for JSON with `Accept: application/json` and no HTML. */
function wantsJson(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes('application/json') && !accept.includes('text/html');
}

/** Sends an error: a page for page paths, else the one JSON shape `{error: {code, message}}`. */
export function sendError(
  reply: FastifyReply,
  url: string,
  status: number,
  body: ErrorBody,
  page: PageErrorRenderer,
  accept?: string,
): void {
  if (!isApiPath(url) && !wantsJson(accept)) {
    void reply.status(status).type('text/html; charset=utf-8').send(page(status, body));
    return;
  }
  void reply.status(status).send(body);
}

/** Renders every error in one place: a stable code and a plain message; stacks never leave the server. */
export function errorHandler(page: PageErrorRenderer) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const { code, message } = classify(error);
    const status = error instanceof AppError ? error.status : code === 'internal_error' ? 500 : (error.statusCode ?? 400);
    if (status >= 500) request.log.error({ err: error, reqId: request.id }, 'request failed');
    const body: ErrorBody = { error: { code, message, ...(status >= 500 ? { request_id: request.id } : {}) } };
    if (error instanceof AppError && error.retryAfter !== undefined) void reply.header('Retry-After', String(error.retryAfter));
    sendError(reply, request.url, status, body, page, request.headers.accept);
  };
}
