import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Keyring } from '../keys/keyring.ts';
import type { Database } from '../db/types.ts';
import { AppError } from '../http/errors.ts';
import { isUuid } from '../shared/uuid.ts';
import { CLIENT_REF, DETAIL_MAX, FEEDBACK_KINDS, type FeedbackKind } from './schema.ts';
import { recordFeedback, takeReportSlot } from './service.ts';

/** What the route needs: the database, the clock and the key that seals the detail (loaded on first use). */
export interface FeedbackDeps {
  db: Kysely<Database>;
  now: () => Date;
  keys: Keyring;
}

// Only sizes here: fields are checked by hand (see FeedbackInput) so a member gets a plain sentence.
const Body = Type.Object(
  {
    kind: Type.Optional(Type.String({ maxLength: 20 })),
    detail: Type.Optional(Type.String({ maxLength: 2000 })),
    client_ref: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

/**
 * `POST /services/<id>/feedback`: an anonymous report. A form post is answered with a redirect to
 * the service page (which thanks her); a script asking for JSON gets `201 {"status":"received"}`.
 */
export function registerFeedbackRoutes(app: FastifyInstance, deps: FeedbackDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/services/:id/feedback',
    { schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 100 }) }), body: Body } },
    async (request, reply) => {
      const { id } = request.params;
      if (!isUuid(id)) throw new AppError('not_found', 'There is no service at this address.');
      const kind = request.body.kind;
      if (!FEEDBACK_KINDS.includes(kind as FeedbackKind))
        throw new AppError('invalid_request', 'Choose what is wrong: closed, moved, wrong hours, wrong phone or something else.');
      const detail = request.body.detail ?? '';
      if (detail.length > DETAIL_MAX)
        throw new AppError('invalid_request', `Please keep the detail under ${DETAIL_MAX} characters.`);
      const clientRef = request.body.client_ref;
      if (clientRef !== undefined && !CLIENT_REF.test(clientRef))
        throw new AppError('invalid_request', 'The report reference is not valid. Reload the page and send it again.');
      await takeReportSlot(deps.db, deps.keys, request.ip, id, deps.now());
      await recordFeedback(
        deps.db,
        deps.keys,
        id,
        { kind: kind as FeedbackKind, detail, ...(clientRef ? { client_ref: clientRef } : {}) },
        deps.now(),
      );
      const accept = request.headers.accept ?? '';
      if (accept.includes('application/json') && !accept.includes('text/html'))
        return reply.status(201).send({ status: 'received' });
      return reply.redirect(`/services/${id}?reported=1#feedback`, 303);
    },
  );
}
