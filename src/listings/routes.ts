import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleAllows } from '../access/permissions.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../http/services.ts';
import { staffContext } from '../web/staff-layout.ts';
import type { Actor, ChangeContext } from './change.ts';
import { closeListing, reopenListing } from './closure.ts';
import { addDays, localToday } from './dates.ts';
import { renderEditPage, type Draft } from './edit-page.ts';
import { parseWeek } from './hours.ts';
import { MAX_CLOSURE_DAYS } from './input.ts';
import { editLocation } from './location.ts';
import { renderListPage } from './pages.ts';
import { findOrganizationName, findServiceOwner, listServicesOf } from './repo.ts';
import {
  CloseBody,
  DetailsBody,
  EditQuery,
  EmptyBody,
  HoursBody,
  LocationBody,
  LocationParams,
  NoQuery,
  OrgParams,
  ServiceParams,
  type Done,
} from './schema.ts';
import { editDetails, editHours, loadListing, verifyListing } from './service.ts';
import { ClosureSweeper } from './sweeper.ts';

/** Listings shown on one page at most. */
const LIST_LIMIT = 500;

/**
 * Staff keep their organisation's listings true through plain HTML forms (no script needed): each
 * post answers 303 back to the edit page with a confirmation, or the page again (400) with the
 * refused form as typed and a message. Operators alone edit listings no organisation owns (the
 * guard: `orgOf` null). Also reopens ended temporary closures before any request is answered.
 */
export function registerListingRoutes(app: FastifyInstance, services: Services): void {
  const { config, handle, now } = services.ctx;
  const db = handle.db;
  const sweeper = new ClosureSweeper(handle, now);
  app.addHook('onRequest', (request, _reply, done) => {
    const look = sweeper.run(request.log);
    if (look === null) return done();
    look.then(() => done(), done);
  });

  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const ownerOfService = async (request: FastifyRequest): Promise<string | null> =>
    findServiceOwner(db, String((request.params as { serviceId?: unknown }).serviceId ?? ''));
  const edit = { permission: 'org.listings.edit' as const, orgOf: ownerOfService };
  const changeContext = (): ChangeContext => ({ handle, timezone: config.timezone, now: now() });
  const actor = (request: FastifyRequest): Actor => {
    if (!request.auth.staff) throw new AppError('not_signed_in', 'Sign in as staff first.');
    return { staffId: request.auth.staff.id };
  };

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    serviceId: string,
    extra: { done?: Done; error?: string; draft?: Draft },
  ) => {
    const view = await loadListing(db, serviceId);
    const today = localToday(config.timezone, now());
    const page = renderEditPage(staffContext(services, request, reply), view, {
      ...extra,
      today,
      lastDay: addDays(today, MAX_CLOSURE_DAYS),
      zone: config.timezone,
    });
    return reply.type('text/html; charset=utf-8').send(page);
  };

  /** Runs a change; 303 to the page on success, the page with the message (400) when refused. */
  const submit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    serviceId: string,
    done: Done,
    draft: Draft | undefined,
    change: () => Promise<unknown>,
  ) => {
    try {
      await change();
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'invalid_request')) throw e;
      reply.code(400);
      return editPage(request, reply, serviceId, { error: e.message, draft });
    }
    return reply.redirect(`/staff/listings/${serviceId}?done=${done}`, 303);
  };

  r.get(
    '/staff/orgs/:orgId/listings',
    { config: { permission: 'org.view' }, schema: { hide: true, params: OrgParams, querystring: NoQuery } },
    async (request, reply) => {
      const { orgId } = request.params;
      const name = await findOrganizationName(db, orgId);
      if (name === null) throw new AppError('not_found', 'No organisation has that id.');
      const rows = await listServicesOf(db, orgId, LIST_LIMIT + 1);
      const staff = request.auth.staff!;
      const page = renderListPage(staffContext(services, request, reply), {
        title: `Listings of ${name}`,
        services: rows.slice(0, LIST_LIMIT).map((row) => JSON.parse(row.doc) as Record<string, unknown>),
        canEdit: roleAllows(staff.roles.get(orgId), 'org.listings.edit'),
        truncated: rows.length > LIST_LIMIT,
      });
      return reply.type('text/html; charset=utf-8').send(page);
    },
  );

  r.get(
    '/staff/listings/unowned',
    { config: { permission: 'operator.listings' }, schema: { hide: true, querystring: NoQuery } },
    async (request, reply) => {
      const rows = await listServicesOf(db, null, LIST_LIMIT + 1);
      const page = renderListPage(staffContext(services, request, reply), {
        title: 'Listings no organisation owns',
        services: rows.slice(0, LIST_LIMIT).map((row) => JSON.parse(row.doc) as Record<string, unknown>),
        canEdit: true,
        truncated: rows.length > LIST_LIMIT,
      });
      return reply.type('text/html; charset=utf-8').send(page);
    },
  );

  r.get(
    '/staff/listings/:serviceId',
    { config: edit, schema: { hide: true, params: ServiceParams, querystring: EditQuery } },
    async (request, reply) => editPage(request, reply, request.params.serviceId, { done: request.query.done }),
  );

  r.post(
    '/staff/listings/:serviceId',
    { config: edit, schema: { hide: true, params: ServiceParams, body: DetailsBody } },
    async (request, reply) => {
      const id = request.params.serviceId;
      return submit(request, reply, id, 'details', { form: 'details', values: request.body }, () =>
        editDetails(changeContext(), id, actor(request), request.body),
      );
    },
  );

  r.post(
    '/staff/listings/:serviceId/hours',
    { config: edit, schema: { hide: true, params: ServiceParams, body: HoursBody } },
    async (request, reply) => {
      const id = request.params.serviceId;
      const body = request.body as Record<string, string | undefined>;
      return submit(request, reply, id, 'hours', { form: 'hours', values: body }, () =>
        editHours(changeContext(), id, actor(request), parseWeek(body)),
      );
    },
  );

  r.post(
    '/staff/listings/:serviceId/locations/:locationId',
    { config: edit, schema: { hide: true, params: LocationParams, body: LocationBody } },
    async (request, reply) => {
      const { serviceId, locationId } = request.params;
      const draft: Draft = { form: 'location', locationId, values: request.body };
      return submit(request, reply, serviceId, 'location', draft, () =>
        editLocation(changeContext(), serviceId, locationId, actor(request), request.body),
      );
    },
  );

  r.post(
    '/staff/listings/:serviceId/close',
    { config: edit, schema: { hide: true, params: ServiceParams, body: CloseBody } },
    async (request, reply) => {
      const id = request.params.serviceId;
      return submit(request, reply, id, 'closed', { form: 'close', values: request.body }, async () => {
        await closeListing(changeContext(), id, actor(request), request.body.until);
        sweeper.expect();
      });
    },
  );

  r.post(
    '/staff/listings/:serviceId/reopen',
    { config: edit, schema: { hide: true, params: ServiceParams, body: EmptyBody } },
    async (request, reply) => {
      const id = request.params.serviceId;
      return submit(request, reply, id, 'reopened', undefined, () => reopenListing(changeContext(), id, actor(request)));
    },
  );

  r.post(
    '/staff/listings/:serviceId/verify',
    { config: edit, schema: { hide: true, params: ServiceParams, body: EmptyBody } },
    async (request, reply) => {
      const id = request.params.serviceId;
      return submit(request, reply, id, 'verified', undefined, () => verifyListing(changeContext(), id, actor(request)));
    },
  );
}
