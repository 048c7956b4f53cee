import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.ts';
import type { Services } from '../http/services.ts';
import { NewInvites, OrgParams } from '../staff/schema.ts';
import { INVITE_DEFAULT_HOURS, createInvites, listInvitedMembers, revokeMember } from './service.ts';
import { readSettings, updateSettings } from './settings.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
export const SettingsChange = Type.Object(
  {
    areas: Type.Optional(Type.Array(Id, { maxItems: 200 })),
    on_call: Type.Optional(Type.Array(Id, { maxItems: 100 })),
    retention_days: Type.Optional(Type.Object({ reports: Type.Optional(Type.Integer()) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const InviteList = Type.Object({ invites: Type.Array(Type.Object({ code: Type.String(), expires_at: Type.String() })) });

/** Invites and the members an organisation invited. */
export function registerOrgApi(app: FastifyInstance, services: Services): void {
  const { handle, now } = services.ctx;
  const db = handle.db;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const actor = (request: FastifyRequest): string => {
    if (!request.auth.staff) throw new AppError('not_signed_in', 'Sign in as staff first.');
    return request.auth.staff.id;
  };

  r.post(
    '/api/v1/orgs/:orgId/invites',
    {
      config: { permission: 'org.invites.create' },
      schema: { params: OrgParams, body: NewInvites, response: { 201: InviteList } },
      // No body at all means the defaults (one code, 30 days), as `{}` does.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const body = request.body;
      const invites = await createInvites(
        db,
        services.keys,
        actor(request),
        request.params.orgId,
        { count: body.count ?? 1, expiresInHours: body.expires_in_hours ?? INVITE_DEFAULT_HOURS },
        now(),
      );
      return reply.code(201).send({ invites });
    },
  );

  r.get(
    '/api/v1/orgs/:orgId/settings',
    { config: { permission: 'org.settings' }, schema: { params: OrgParams } },
    async (request) => readSettings(db, request.params.orgId),
  );

  r.put(
    '/api/v1/orgs/:orgId/settings',
    { config: { permission: 'org.settings' }, schema: { params: OrgParams, body: SettingsChange } },
    async (request) => {
      const body = request.body;
      return updateSettings(
        db,
        actor(request),
        request.params.orgId,
        {
          ...(body.areas ? { areas: body.areas } : {}),
          ...(body.on_call ? { on_call: body.on_call } : {}),
          ...(body.retention_days ? { retention_days: body.retention_days } : {}),
        },
        now(),
      );
    },
  );

  r.get(
    '/api/v1/orgs/:orgId/members',
    { config: { permission: 'org.members.revoke' }, schema: { params: OrgParams } },
    async (request) => ({
      members: await listInvitedMembers(db, request.params.orgId),
    }),
  );

  r.delete(
    '/api/v1/orgs/:orgId/members/:memberId',
    {
      config: { permission: 'org.members.revoke' },
      schema: { params: Type.Object({ orgId: Type.String({ maxLength: 64 }), memberId: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      await revokeMember(handle, actor(request), request.params.orgId, request.params.memberId, now());
      return reply.code(204).send();
    },
  );
}
