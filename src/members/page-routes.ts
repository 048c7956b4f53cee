import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sha256 } from '../auth/codes.ts';
import { clearSessionCookie, endAllSessions, endSession } from '../access/sessions.ts';
import { asRefusal } from '../http/errors.ts';
import type { Services } from '../http/services.ts';
import type { SafeHtml } from '../web/html.ts';
import { renderPage, type PageContext } from '../web/layout.ts';
import { renderAccount, renderJoin, renderSignIn } from './pages.ts';
import { memberOf, startMemberSession } from './routes.ts';
import { DeleteAccount, MemberSignIn, SignUp } from './schema.ts';
import { deleteOwnAccount, signInMember, signUpMember, viewMember } from './service.ts';

type PageContextOf = (request: FastifyRequest, reply: FastifyReply) => Promise<PageContext>;

const Notice = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 20 })),
  n: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
});

/** The member pages: join with an invite, sign in, her account. They work without JavaScript. */
export function registerMemberPages(app: FastifyInstance, services: Services, pageContext: PageContextOf): void {
  const { config, handle, now } = services.ctx;
  const db = handle.db;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const send = (
    reply: FastifyReply,
    ctx: PageContext,
    title: 'account.title.join' | 'account.title.sign_in' | 'account.title.account',
    body: ReturnType<typeof renderJoin>,
    status = 200,
  ) =>
    reply
      .code(status)
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(renderPage(ctx, { title, body }));

  r.get('/join', { config: { permission: 'public.sign_in' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = await pageContext(request, reply);
    return send(reply, ctx, 'account.title.join', renderJoin(ctx, {}, null));
  });

  /**
   * Signs her in with the member id `start` gives and goes to her account; a refusal shows the form
   * again with the message (and Retry-After when she must wait).
   */
  const signInOr = async (
    request: FastifyRequest,
    reply: FastifyReply,
    start: () => Promise<string>,
    title: 'account.title.join' | 'account.title.sign_in',
    form: (ctx: PageContext, message: string) => SafeHtml,
  ) => {
    try {
      await startMemberSession(services, request, reply, await start());
      return reply.redirect('/account', 303);
    } catch (error) {
      const e = asRefusal(error);
      if (e.retryAfter) reply.header('Retry-After', String(e.retryAfter));
      const ctx = await pageContext(request, reply);
      return send(reply, ctx, title, form(ctx, e.message), e.status);
    }
  };

  r.post('/join', { config: { permission: 'public.sign_in' }, schema: { hide: true, body: SignUp } }, async (request, reply) =>
    signInOr(
      request,
      reply,
      () => signUpMember(db, services.keys, request.body, request.ip, now()),
      'account.title.join',
      (ctx, message) => renderJoin(ctx, request.body, message),
    ),
  );

  r.get(
    '/sign-in',
    { config: { permission: 'public.sign_in' }, schema: { hide: true, querystring: Notice } },
    async (request, reply) => {
      const ctx = await pageContext(request, reply);
      const notice =
        request.query.done === 'deleted'
          ? ctx.t.text('account.deleted')
          : request.query.done === 'out'
            ? ctx.t.text('account.signed_out')
            : null;
      return send(reply, ctx, 'account.title.sign_in', renderSignIn(ctx, {}, null, notice));
    },
  );

  r.post(
    '/sign-in',
    { config: { permission: 'public.sign_in' }, schema: { hide: true, body: MemberSignIn } },
    async (request, reply) =>
      signInOr(
        request,
        reply,
        () => signInMember(db, services.keys, request.body, request.ip, now()),
        'account.title.sign_in',
        (ctx, message) => renderSignIn(ctx, { working_name: request.body.working_name }, message, null),
      ),
  );

  r.post('/sign-out', { config: { permission: 'member.self' }, schema: { hide: true } }, async (request, reply) => {
    await endSession(db, memberOf(request).token);
    clearSessionCookie(reply, config, 'member');
    return reply.redirect('/sign-in?done=out', 303);
  });

  const account = async (
    request: FastifyRequest,
    reply: FastifyReply,
    notice: string | null,
    error: string | null,
    status = 200,
  ) => {
    const m = memberOf(request);
    const ctx = await pageContext(request, reply);
    const view = await viewMember(db, m.id, sha256(m.token));
    return send(reply, ctx, 'account.title.account', renderAccount(ctx, view, config.memberInactiveDays, notice, error), status);
  };

  r.get(
    '/account',
    { config: { permission: 'member.self' }, schema: { hide: true, querystring: Notice } },
    async (request, reply) => {
      const ctx = await pageContext(request, reply);
      const notice =
        request.query.done === 'ended' ? ctx.t.text('account.devices.ended', { count: String(request.query.n ?? 0) }) : null;
      return account(request, reply, notice, null);
    },
  );

  r.post('/account/end-others', { config: { permission: 'member.self' }, schema: { hide: true } }, async (request, reply) => {
    const m = memberOf(request);
    const ended = await endAllSessions(db, 'member', m.id, m.token);
    return reply.redirect(`/account?done=ended&n=${ended}`, 303);
  });

  r.post(
    '/account/delete',
    { config: { permission: 'member.self' }, schema: { hide: true, body: DeleteAccount } },
    async (request, reply) => {
      try {
        await deleteOwnAccount(handle, services.keys, memberOf(request).id, request.body.passphrase, request.ip, now());
      } catch (error) {
        const e = asRefusal(error);
        return account(request, reply, null, e.message, e.status);
      }
      clearSessionCookie(reply, config, 'member');
      return reply.redirect('/sign-in?done=deleted', 303);
    },
  );
}
