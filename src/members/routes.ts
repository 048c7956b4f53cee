import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sha256 } from '../auth/codes.ts';
import { deriveCsrfToken } from '../access/csrf.ts';
import type { MemberAuth } from '../access/guard.ts';
import { clearSessionCookie, createSession, endAllSessions, endSession, setSessionCookie } from '../access/sessions.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../http/services.ts';
import { DeleteAccount, MemberSignIn, SignUp } from './schema.ts';
import { deleteOwnAccount, signInMember, signUpMember, viewMember } from './service.ts';

/** Signs a member in on this phone: a new session (any earlier one here ends) and its CSRF token. */
export async function startMemberSession(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  memberId: string,
): Promise<string> {
  const { config, handle, now } = services.ctx;
  if (request.auth.member) await endSession(handle.db, request.auth.member.token);
  const token = await createSession(handle.db, config, 'member', memberId, now());
  setSessionCookie(reply, config, 'member', token);
  return deriveCsrfToken(services.csrfKey, 'session', token);
}

export function memberOf(request: FastifyRequest): MemberAuth {
  if (!request.auth.member) throw new AppError('not_signed_in', 'Sign in first.');
  return request.auth.member;
}

/** The JSON API for members: sign-up with an invite, sign-in, her data, and deleting it. */
export function registerMemberApi(app: FastifyInstance, services: Services): void {
  const { config, handle, now } = services.ctx;
  const db = handle.db;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/api/v1/members', { config: { permission: 'public.sign_in' }, schema: { body: SignUp } }, async (request, reply) => {
    const id = await signUpMember(db, services.keys, request.body, request.ip, now());
    const csrf = await startMemberSession(services, request, reply, id);
    const member = await viewMember(db, id, '');
    return reply
      .code(201)
      .send({ member: { id: member.id, working_name: member.working_name, created_at: member.created_at }, csrf_token: csrf });
  });

  r.post(
    '/api/v1/member/session',
    { config: { permission: 'public.sign_in' }, schema: { body: MemberSignIn } },
    async (request, reply) => {
      const id = await signInMember(db, services.keys, request.body, request.ip, now());
      return { csrf_token: await startMemberSession(services, request, reply, id) };
    },
  );

  r.delete('/api/v1/member/session', { config: { permission: 'member.self' } }, async (request, reply) => {
    await endSession(db, memberOf(request).token);
    clearSessionCookie(reply, config, 'member');
    return reply.code(204).send();
  });

  r.post('/api/v1/member/sessions/end-others', { config: { permission: 'member.self' } }, async (request) => {
    const m = memberOf(request);
    return { ended: await endAllSessions(db, 'member', m.id, m.token) };
  });

  r.get('/api/v1/member', { config: { permission: 'member.self' } }, async (request) => {
    const m = memberOf(request);
    return viewMember(db, m.id, sha256(m.token));
  });

  r.delete(
    '/api/v1/member',
    { config: { permission: 'member.self' }, schema: { body: DeleteAccount } },
    async (request, reply) => {
      await deleteOwnAccount(handle, services.keys, memberOf(request).id, request.body.passphrase, request.ip, now());
      clearSessionCookie(reply, config, 'member');
      return reply.code(204).send();
    },
  );
}
