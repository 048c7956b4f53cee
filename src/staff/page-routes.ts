import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listAudit } from '../access/audit.ts';
import { clearSessionCookie, endSession, rotateSession, setSessionCookie } from '../access/sessions.ts';
import { normaliseRecoveryCode } from '../auth/codes.ts';
import { qrSvg } from '../auth/totp.ts';
import { AppError, asRefusal } from '../http/errors.ts';
import type { Services } from '../http/services.ts';
import { createInvites, createOrganizationWithAdmin, listInvitedMembers, revokeMember } from '../orgs/service.ts';
import { readSettings, updateSettings } from '../orgs/settings.ts';
import type { SafeHtml } from '../web/html.ts';
import { renderStaffPage, staffContext } from '../web/staff-layout.ts';
import { beginTotp, completeSetup, confirmTotp, grantRole, removeStaff, resetStaff } from './accounts.ts';
import {
  renderAudit,
  renderEnrol,
  renderHome,
  renderInviteCards,
  renderOperator,
  renderOrg,
  renderRecoveryCodes,
  renderSetup,
  renderStaffSignIn,
  renderTotpOn,
  setupLinkMessage,
  type OrgPageData,
} from './pages.ts';
import { startStaffSession, TOTP_ISSUER } from './routes.ts';
import { NewOrganization, NewStaff, OrgParams, OrgStaffParams, SetupBody, SetupParams } from './schema.ts';
import { signInStaff } from './sign-in.ts';

const SignInForm = Type.Object(
  {
    email: Type.String({ maxLength: 320 }),
    password: Type.String({ maxLength: 1024 }),
    code: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { additionalProperties: false },
);
const InviteForm = Type.Object(
  { count: Type.Integer({ minimum: 1, maximum: 50 }), days: Type.Integer({ minimum: 1, maximum: 90 }) },
  { additionalProperties: false },
);
const SettingsForm = Type.Object(
  {
    areas: Type.Optional(Type.String({ maxLength: 4000 })),
    on_call: Type.Optional(
      Type.Union([Type.String({ maxLength: 64 }), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })]),
    ),
    retention_reports: Type.Integer(),
  },
  { additionalProperties: false },
);
/** Gazetteer kinds an organisation can serve. */
const AREA_KINDS = ['area', 'suburb', 'township'];
const Done = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

/** The staff pages: sign-in, two-factor enrolment, organisations, invites, staff and the operator's page. */
export function registerStaffPages(app: FastifyInstance, services: Services): void {
  const { config, handle, now } = services.ctx;
  const db = handle.db;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    title: string,
    body: (ctx: ReturnType<typeof staffContext>) => SafeHtml,
    status = 200,
  ) => {
    const ctx = staffContext(services, request, reply);
    // Browsers print the title on the paper: the invite cards' title names nothing.
    const neutralTitle = title === 'Invite cards';
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(renderStaffPage(ctx, neutralTitle ? 'Cards' : title, body(ctx), { neutralTitle }));
  };
  const origin = (request: FastifyRequest) => config.publicUrl ?? `${request.protocol}://${request.host}`;
  const staffId = (request: FastifyRequest) => request.auth.staff!.id;

  r.get(
    '/staff/sign-in',
    { config: { permission: 'public.sign_in' }, schema: { hide: true, querystring: Done } },
    async (request, reply) => {
      const message =
        request.query.done === 'setup'
          ? 'Your password is set. Sign in.'
          : request.query.done === 'out'
            ? 'You are signed out.'
            : null;
      return page(request, reply, 'Sign in', (ctx) => renderStaffSignIn(ctx, '', null, message));
    },
  );

  r.post(
    '/staff/sign-in',
    { config: { permission: 'public.sign_in' }, schema: { hide: true, body: SignInForm } },
    async (request, reply) => {
      const { email, password, code } = request.body;
      const trimmed = code?.trim() ?? '';
      // Six digits are an app code; anything else is tried as a recovery code.
      const second =
        trimmed === ''
          ? {}
          : /^\d{6}$/.test(trimmed.replace(/\s/g, ''))
            ? { totp: trimmed }
            : { recovery_code: normaliseRecoveryCode(trimmed) ?? trimmed };
      try {
        const result = await signInStaff(db, services.keys, { email, password, ...second }, request.ip, now());
        await startStaffSession(services, request, reply, result.staffId, result.enrolOnly);
        return reply.redirect(result.enrolOnly ? '/staff/two-factor' : '/staff', 303);
      } catch (error) {
        const e = asRefusal(error);
        if (e.retryAfter) reply.header('Retry-After', String(e.retryAfter));
        return page(request, reply, 'Sign in', (ctx) => renderStaffSignIn(ctx, email, e.message, null), e.status);
      }
    },
  );

  r.post('/staff/sign-out', { config: { permission: 'staff.self' }, schema: { hide: true } }, async (request, reply) => {
    await endSession(db, request.auth.staff!.token);
    clearSessionCookie(reply, config, 'staff');
    return reply.redirect('/staff/sign-in?done=out', 303);
  });

  r.get(
    '/staff/setup/:token',
    { config: { permission: 'public.sign_in' }, schema: { hide: true, params: SetupParams } },
    async (request, reply) => page(request, reply, 'Set your password', (ctx) => renderSetup(ctx, request.params.token, null)),
  );

  r.post(
    '/staff/setup/:token',
    { config: { permission: 'public.sign_in' }, schema: { hide: true, params: SetupParams, body: SetupBody } },
    async (request, reply) => {
      try {
        await completeSetup(db, request.params.token, request.body.password, now());
        return reply.redirect('/staff/sign-in?done=setup', 303);
      } catch (error) {
        const e = asRefusal(error);
        return page(request, reply, 'Set your password', (ctx) => renderSetup(ctx, request.params.token, e.message), e.status);
      }
    },
  );

  r.get('/staff', { config: { permission: 'staff.home' }, schema: { hide: true } }, async (request, reply) => {
    const staff = request.auth.staff!;
    const ids = [...staff.roles.keys()];
    const names =
      ids.length === 0 ? [] : await db.selectFrom('organization').select(['id', 'name']).where('id', 'in', ids).execute();
    const orgs = names.map((o) => ({ ...o, role: staff.roles.get(o.id)! })).sort((a, b) => a.name.localeCompare(b.name));
    return page(request, reply, 'Home', (ctx) => renderHome(ctx, orgs));
  });

  r.get('/staff/two-factor', { config: { permission: 'staff.self' }, schema: { hide: true } }, async (request, reply) => {
    const staff = request.auth.staff!;
    if (staff.totpEnrolled) return page(request, reply, 'Two-factor sign-in', () => renderTotpOn());
    const enrolment = await beginTotp(db, services.keys, staff.id, staff.email, TOTP_ISSUER);
    return page(request, reply, 'Two-factor sign-in', (ctx) => renderEnrol(ctx, enrolment, null));
  });

  r.post(
    '/staff/two-factor',
    {
      config: { permission: 'staff.self' },
      schema: { hide: true, body: Type.Object({ code: Type.String({ maxLength: 16 }) }, { additionalProperties: false }) },
    },
    async (request, reply) => {
      const staff = request.auth.staff!;
      try {
        const codes = await confirmTotp(db, services.keys, staff.id, request.body.code, now());
        // A privilege change: the enrol-only session becomes a full one under a new id.
        setSessionCookie(reply, config, 'staff', await rotateSession(db, config, staff.session, now(), { enrolOnly: false }));
        return page(request, reply, 'Recovery codes', () => renderRecoveryCodes(codes));
      } catch (error) {
        const e = asRefusal(error);
        const enrolment = await beginTotp(db, services.keys, staff.id, staff.email, TOTP_ISSUER);
        return page(
          request,
          reply,
          'Two-factor sign-in',
          (ctx) => renderEnrol(ctx, enrolment, `${e.message} A new key is shown below: scan it again.`),
          e.status,
        );
      }
    },
  );

  const orgPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    message: SafeHtml | string | null,
    error: string | null,
    status = 200,
  ) => {
    const orgId = (request.params as { orgId: string }).orgId;
    const org = await db.selectFrom('organization').select(['id', 'name']).where('id', '=', orgId).executeTakeFirst();
    if (!org) throw new AppError('not_found', 'There is no such organisation.');
    const staff = await db
      .selectFrom('staff_role')
      .innerJoin('staff', 'staff.id', 'staff_role.staff_id')
      .select(['staff.id', 'staff.email', 'staff_role.role', 'staff.password_hash', 'staff.totp_last_step'])
      .where('staff_role.organization_id', '=', orgId)
      .orderBy('staff.email')
      .execute();
    const settings = await readSettings(db, orgId);
    const areas =
      settings.areas.length === 0
        ? []
        : await db.selectFrom('place').select('name').where('id', 'in', settings.areas).orderBy('name').execute();
    const data: OrgPageData = {
      ...org,
      settings: {
        areaNames: areas.map((a) => a.name),
        onCall: settings.on_call,
        retentionReports: settings.retention_days.reports ?? 365,
      },
      staff: staff.map((s) => ({
        id: s.id,
        email: s.email,
        role: s.role,
        set_up: s.password_hash !== null,
        two_factor: s.totp_last_step !== null,
      })),
      members: await listInvitedMembers(db, orgId),
    };
    return page(request, reply, org.name, (ctx) => renderOrg(ctx, data, message, error), status);
  };
  const doneMessages: Record<string, string> = {
    revoked: 'The member is revoked; her account is erased.',
    removed: 'Removed. Every session of theirs has ended.',
    added: 'Added.',
    saved: 'Settings saved.',
  };

  r.get(
    '/staff/orgs/:orgId',
    { config: { permission: 'org.view' }, schema: { hide: true, params: OrgParams, querystring: Done } },
    async (request, reply) => orgPage(request, reply, doneMessages[request.query.done ?? ''] ?? null, null),
  );

  r.post(
    '/staff/orgs/:orgId/invites',
    { config: { permission: 'org.invites.create' }, schema: { hide: true, params: OrgParams, body: InviteForm } },
    async (request, reply) => {
      const invites = await createInvites(
        db,
        services.keys,
        staffId(request),
        request.params.orgId,
        { count: request.body.count, expiresInHours: request.body.days * 24 },
        now(),
      );
      const cards = await Promise.all(
        invites.map(async (i) => {
          const url = `${origin(request)}/join#${i.code}`;
          return { ...i, url, qr_svg: await qrSvg(url) };
        }),
      );
      return page(request, reply, 'Invite cards', () => renderInviteCards(cards, request.params.orgId, config.timezone));
    },
  );

  r.post(
    '/staff/orgs/:orgId/members/:memberId/revoke',
    {
      config: { permission: 'org.members.revoke' },
      schema: {
        hide: true,
        params: Type.Object({ orgId: Type.String({ maxLength: 64 }), memberId: Type.String({ maxLength: 64 }) }),
      },
    },
    async (request, reply) => {
      await revokeMember(handle, staffId(request), request.params.orgId, request.params.memberId, now());
      return reply.redirect(`/staff/orgs/${request.params.orgId}?done=revoked`, 303);
    },
  );

  r.post(
    '/staff/orgs/:orgId/staff',
    { config: { permission: 'org.staff.manage' }, schema: { hide: true, params: OrgParams, body: NewStaff } },
    async (request, reply) => {
      try {
        const link = await grantRole(db, staffId(request), request.params.orgId, request.body.email, request.body.role, now());
        return orgPage(
          request,
          reply,
          link.path
            ? setupLinkMessage(origin(request), link.path, request.body.email)
            : 'Added: they already had an account, so they sign in as before.',
          null,
        );
      } catch (error) {
        return orgPage(request, reply, null, asRefusal(error).message, 400);
      }
    },
  );

  r.post(
    '/staff/orgs/:orgId/staff/:staffId/remove',
    { config: { permission: 'org.staff.manage' }, schema: { hide: true, params: OrgStaffParams } },
    async (request, reply) => {
      await removeStaff(db, staffId(request), request.params.orgId, request.params.staffId, now());
      return reply.redirect(`/staff/orgs/${request.params.orgId}?done=removed`, 303);
    },
  );

  r.post(
    '/staff/orgs/:orgId/staff/:staffId/reset',
    { config: { permission: 'org.staff.manage' }, schema: { hide: true, params: OrgStaffParams } },
    async (request, reply) => {
      const path = await resetStaff(db, staffId(request), request.params.orgId, request.params.staffId, now());
      const email =
        (await db.selectFrom('staff').select('email').where('id', '=', request.params.staffId).executeTakeFirst())?.email ?? '';
      return orgPage(request, reply, setupLinkMessage(origin(request), path, email), null);
    },
  );

  r.post(
    '/staff/orgs/:orgId/settings',
    { config: { permission: 'org.settings' }, schema: { hide: true, params: OrgParams, body: SettingsForm } },
    async (request, reply) => {
      const body = request.body;
      const names = (body.areas ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '');
      try {
        const places =
          names.length === 0 ? [] : await db.selectFrom('place').select(['id', 'name']).where('kind', 'in', AREA_KINDS).execute();
        const ids = names.map((n) => {
          const place = places.find((p) => p.name.toLowerCase() === n.toLowerCase());
          if (!place) throw new AppError('invalid_request', `"${n}" is not a suburb, township or area Harbour knows.`);
          return place.id;
        });
        const onCall = body.on_call === undefined ? [] : [body.on_call].flat();
        await updateSettings(
          db,
          staffId(request),
          request.params.orgId,
          { areas: ids, on_call: onCall, retention_days: { reports: body.retention_reports } },
          now(),
        );
        return reply.redirect(`/staff/orgs/${request.params.orgId}?done=saved`, 303);
      } catch (error) {
        return orgPage(request, reply, null, asRefusal(error).message, 400);
      }
    },
  );

  r.get(
    '/staff/orgs/:orgId/audit',
    { config: { permission: 'org.audit.read' }, schema: { hide: true, params: OrgParams } },
    async (request, reply) => {
      const org = await db.selectFrom('organization').select('name').where('id', '=', request.params.orgId).executeTakeFirst();
      const entries = await listAudit(db, request.params.orgId, 200);
      return page(request, reply, 'Audit log', () => renderAudit(org?.name ?? '', request.params.orgId, entries));
    },
  );

  r.get('/staff/operator', { config: { permission: 'operator.orgs' }, schema: { hide: true } }, async (request, reply) =>
    page(request, reply, 'Operator', (ctx) => renderOperator(ctx, null, null)),
  );

  r.post(
    '/staff/operator/orgs',
    { config: { permission: 'operator.orgs' }, schema: { hide: true, body: NewOrganization } },
    async (request, reply) => {
      try {
        const result = await createOrganizationWithAdmin(
          db,
          staffId(request),
          request.body.name,
          request.body.admin_email,
          now(),
        );
        const link = result.admin.path ? setupLinkMessage(origin(request), result.admin.path, request.body.admin_email) : null;
        return page(request, reply, 'Operator', (ctx) => renderOperator(ctx, link, null));
      } catch (error) {
        return page(request, reply, 'Operator', (ctx) => renderOperator(ctx, null, asRefusal(error).message), 400);
      }
    },
  );
}
