import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deriveCsrfToken } from '../access/csrf.ts';
import { clearSessionCookie, createSession, endSession, rotateSession, setSessionCookie } from '../access/sessions.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../http/services.ts';
import { beginTotp, completeSetup, confirmTotp, grantRole, removeStaff, resetStaff } from './accounts.ts';
import {
  NewOrganization,
  NewStaff,
  OrgParams,
  OrgStaffParams,
  SessionAnswer,
  SetupBody,
  SetupParams,
  StaffSignIn,
  TotpCode,
} from './schema.ts';
import { signInStaff } from './sign-in.ts';
import { createOrganizationWithAdmin } from '../orgs/service.ts';
import { listAudit } from '../access/audit.ts';

export const TOTP_ISSUER = 'Harbour';

/** Signs staff in: a new session (any earlier one ends), the cookie, and the session's CSRF token. */
export async function startStaffSession(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  staffId: string,
  enrolOnly: boolean,
): Promise<string> {
  const { config, handle, now } = services.ctx;
  if (request.auth.staff) await endSession(handle.db, request.auth.staff.token);
  const token = await createSession(handle.db, config, 'staff', staffId, now(), { enrolOnly });
  setSessionCookie(reply, config, 'staff', token);
  return deriveCsrfToken(services.csrfKey, 'session', token);
}

/** The JSON API for staff accounts, organisations and their staff. */
export function registerStaffApi(app: FastifyInstance, services: Services): void {
  const { config, handle, now } = services.ctx;
  const db = handle.db;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const staffOf = (request: FastifyRequest) => {
    const staff = request.auth.staff;
    if (!staff) throw new AppError('not_signed_in', 'Sign in as staff first.');
    return staff;
  };

  r.post(
    '/api/v1/staff/session',
    { config: { permission: 'public.sign_in' }, schema: { body: StaffSignIn, response: { 200: SessionAnswer } } },
    async (request, reply) => {
      const result = await signInStaff(db, services.keys, request.body, request.ip, now());
      const csrf = await startStaffSession(services, request, reply, result.staffId, result.enrolOnly);
      return { csrf_token: csrf, enrol_only: result.enrolOnly };
    },
  );

  r.delete('/api/v1/staff/session', { config: { permission: 'staff.self' } }, async (request, reply) => {
    await endSession(db, staffOf(request).token);
    clearSessionCookie(reply, config, 'staff');
    return reply.code(204).send();
  });

  r.get('/api/v1/staff/me', { config: { permission: 'staff.self' } }, async (request) => {
    const s = staffOf(request);
    return {
      id: s.id,
      email: s.email,
      operator: s.isOperator,
      two_factor: s.totpEnrolled,
      enrol_only: s.session.enrol_only === 1,
      roles: [...s.roles].map(([organization_id, role]) => ({ organization_id, role })),
    };
  });

  r.post('/api/v1/staff/totp', { config: { permission: 'staff.self' } }, async (request) => {
    const s = staffOf(request);
    return beginTotp(db, services.keys, s.id, s.email, TOTP_ISSUER);
  });

  r.post(
    '/api/v1/staff/totp/confirm',
    { config: { permission: 'staff.self' }, schema: { body: TotpCode } },
    async (request, reply) => {
      const s = staffOf(request);
      const codes = await confirmTotp(db, services.keys, s.id, request.body.code, now());
      // A privilege change: the session that could only enrol is replaced by a full one.
      const token = await rotateSession(db, config, s.session, now(), { enrolOnly: false });
      setSessionCookie(reply, config, 'staff', token);
      return { recovery_codes: codes, csrf_token: deriveCsrfToken(services.csrfKey, 'session', token) };
    },
  );

  r.post(
    '/api/v1/staff/setup/:token',
    { config: { permission: 'public.sign_in' }, schema: { params: SetupParams, body: SetupBody } },
    async (request, reply) => {
      await completeSetup(db, request.params.token, request.body.password, now());
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/v1/orgs',
    { config: { permission: 'operator.orgs' }, schema: { body: NewOrganization } },
    async (request, reply) => {
      const s = staffOf(request);
      const result = await createOrganizationWithAdmin(db, s.id, request.body.name, request.body.admin_email, now());
      return reply
        .code(201)
        .send({ organization_id: result.organizationId, admin_id: result.admin.staffId, setup_path: result.admin.path });
    },
  );

  r.get(
    '/api/v1/orgs/:orgId/staff',
    { config: { permission: 'org.staff.manage' }, schema: { params: OrgParams } },
    async (request) => {
      const rows = await db
        .selectFrom('staff_role')
        .innerJoin('staff', 'staff.id', 'staff_role.staff_id')
        .select(['staff.id', 'staff.email', 'staff_role.role', 'staff.password_hash', 'staff.totp_last_step'])
        .where('staff_role.organization_id', '=', request.params.orgId)
        .orderBy('staff.email')
        .execute();
      return {
        staff: rows.map((s) => ({
          id: s.id,
          email: s.email,
          role: s.role,
          set_up: s.password_hash !== null,
          two_factor: s.totp_last_step !== null,
        })),
      };
    },
  );

  r.post(
    '/api/v1/orgs/:orgId/staff',
    { config: { permission: 'org.staff.manage' }, schema: { params: OrgParams, body: NewStaff } },
    async (request, reply) => {
      const link = await grantRole(db, staffOf(request).id, request.params.orgId, request.body.email, request.body.role, now());
      return reply.code(201).send({ staff_id: link.staffId, setup_path: link.path });
    },
  );

  r.delete(
    '/api/v1/orgs/:orgId/staff/:staffId',
    { config: { permission: 'org.staff.manage' }, schema: { params: OrgStaffParams } },
    async (request, reply) => {
      await removeStaff(db, staffOf(request).id, request.params.orgId, request.params.staffId, now());
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/v1/orgs/:orgId/staff/:staffId/reset',
    { config: { permission: 'org.staff.manage' }, schema: { params: OrgStaffParams } },
    async (request) => {
      const path = await resetStaff(db, staffOf(request).id, request.params.orgId, request.params.staffId, now());
      return { setup_path: path };
    },
  );

  r.get(
    '/api/v1/orgs/:orgId/audit',
    {
      config: { permission: 'org.audit.read' },
      schema: {
        params: OrgParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }),
      },
    },
    async (request) => ({ entries: await listAudit(db, request.params.orgId, request.query.limit ?? 100) }),
  );
}
