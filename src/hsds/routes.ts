import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { AppError } from '../http/errors.ts';
import type { Services } from '../http/services.ts';
import { isUuid } from '../shared/uuid.ts';
import { idArray, listOrganizationIds, listSalIds, listServiceIds, matchesWords, type IdList } from './list.ts';
import type { Json } from './model.ts';
import { presentOrganizations, presentSalList, presentServiceList } from './present.ts';
import { HSDS_PROFILE } from './profile.ts';
import { loadFullServices, loadSalViews, loadTerms } from './read.ts';
import { findDocs } from './repo.ts';
import {
  IdParams,
  NoQuery,
  OrganizationQuery,
  OrganizationsQuery,
  SalsQuery,
  ServicesQuery,
  TaxonomiesQuery,
  TermsQuery,
  type OrganizationsQuery as OrgsQ,
  type SalsQuery as SalsQ,
  type ServicesQuery as ServicesQ,
  type TaxonomiesQuery as TaxQ,
  type TermsQuery as TermsQ,
} from './schema.ts';

/** HSDS's page object: 1-based, `size` = items on this page; a page past the end is empty, not an error. */
export function pageOf(total: number, page: number, perPage: number, contents: Json[]): Json {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

function checkId(id: string): void {
  if (!isUuid(id)) throw new AppError('invalid_id', `"${id.slice(0, 60)}" is not a UUID.`);
}

type Present = (ids: string[]) => Promise<Json[]>;

/** Sends a list as a page, or (format=ndjson) every item streamed as NDJSON. */
async function sendList(
  reply: FastifyReply,
  list: IdList,
  q: { page?: number; per_page?: number; format?: string },
  present: Present,
): Promise<Json | FastifyReply> {
  const perPage = q.per_page ?? 50;
  if (q.format === 'ndjson') {
    // A stream: Fastify applies backpressure and the usual headers (CORS, CSP) still go out.
    async function* lines(): AsyncGenerator<string> {
      const total = await list.total();
      for (let offset = 0; offset < total; offset += 200) {
        for (const item of await present(await list.slice(offset, 200))) yield `${JSON.stringify(item)}\n`;
      }
    }
    return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(lines()));
  }
  const page = q.page ?? 1;
  const total = await list.total();
  const ids = await list.slice((page - 1) * perPage, perPage);
  return pageOf(total, page, perPage, await present(ids));
}

/** The HSDS 3.0 API under `/hsds`: open data, read-only, no member data. */
export function registerHsdsRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { handle } = services.ctx;
  const opts = { includeConfidential: false, timezone: services.ctx.config.timezone };
  const base = (request: FastifyRequest): string => services.ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;

  const root = async (request: FastifyRequest): Promise<Json> => ({
    version: '3.0',
    profile: `${base(request)}/hsds/profile`,
    openapi_url: `${base(request)}/hsds/openapi.json`,
  });
  r.get('/hsds', root);
  r.get('/hsds/profile', async () => HSDS_PROFILE);
  r.get('/hsds/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const services_ = async (q: ServicesQ, reply: FastifyReply) =>
    sendList(reply, await listServiceIds(handle, q), q, (ids) =>
      presentServiceList(handle, ids, q.minimal ? 'minimal' : q.full ? 'full' : 'list', opts),
    );
  listRoute(r, '/hsds/services', ServicesQuery, services_);
  r.get('/hsds/services/:id', { schema: { params: IdParams, querystring: NoQuery } }, async (request) => {
    checkId(request.params.id);
    const [service] = await loadFullServices(handle.db, [request.params.id], opts);
    if (!service) throw new AppError('not_found', 'No service has that id.');
    return service;
  });

  const sals = async (q: SalsQ, reply: FastifyReply) =>
    sendList(reply, await listSalIds(handle, q), q, (ids) => presentSalList(handle, ids, q.full ?? false, opts));
  listRoute(r, '/hsds/service_at_locations', SalsQuery, sals);
  r.get('/hsds/service_at_locations/:id', { schema: { params: IdParams, querystring: NoQuery } }, async (request) => {
    checkId(request.params.id);
    const [sal] = await loadSalViews(handle.db, [request.params.id], opts);
    if (!sal) throw new AppError('not_found', 'No service_at_location has that id.');
    return sal;
  });

  const orgs = async (q: OrgsQ, reply: FastifyReply) =>
    sendList(reply, await listOrganizationIds(handle, q.search), q, (ids) =>
      presentOrganizations(handle, ids, q.full || q.full_service ? 'full' : 'list', q.full_service ?? false, opts),
    );
  listRoute(r, '/hsds/organizations', OrganizationsQuery, orgs);
  r.get('/hsds/organizations/:id', { schema: { params: IdParams, querystring: OrganizationQuery } }, async (request) => {
    checkId(request.params.id);
    const [org] = await presentOrganizations(handle, [request.params.id], 'full', request.query.full_service ?? false, opts);
    if (!org) throw new AppError('not_found', 'No organization has that id.');
    return org;
  });

  const taxonomies = async (q: TaxQ, reply: FastifyReply) => {
    const rows = await handle.db.selectFrom('taxonomy').select(['id', 'name']).orderBy('id').execute();
    const docs = await findDocs(
      handle.db,
      'taxonomy',
      rows.map((row) => row.id),
    );
    return sendList(reply, idArray(rows.filter((row) => matchesWords(row.name, q.search)).map((row) => row.id)), q, async (ids) =>
      ids.map((id) => docs.get(id)!),
    );
  };
  listRoute(r, '/hsds/taxonomies', TaxonomiesQuery, taxonomies);
  r.get('/hsds/taxonomies/:id', { schema: { params: IdParams, querystring: NoQuery } }, async (request) => {
    checkId(request.params.id);
    const doc = (await findDocs(handle.db, 'taxonomy', [request.params.id])).get(request.params.id);
    if (!doc) throw new AppError('not_found', 'No taxonomy has that id.');
    return doc;
  });

  const terms = async (q: TermsQ, reply: FastifyReply) => {
    const rows = await handle.db.selectFrom('taxonomy_term').select(['id', 'doc']).orderBy('id').execute();
    const ids = rows
      .map((row) => JSON.parse(row.doc) as Json)
      .filter((t) => matchesWords(`${String(t.name ?? '')} ${String(t.code ?? '')}`, q.search))
      .filter((t) => !q.taxonomy_id || t.taxonomy_id === q.taxonomy_id)
      .filter((t) => !q.parent_id || t.parent_id === q.parent_id)
      .filter((t) => !q.top_only || t.parent_id === undefined)
      .map((t) => String(t.id));
    return sendList(reply, idArray(ids), q, (page) => loadTerms(handle.db, page));
  };
  listRoute(r, '/hsds/taxonomy_terms', TermsQuery, terms);
  r.get('/hsds/taxonomy_terms/:id', { schema: { params: IdParams, querystring: NoQuery } }, async (request) => {
    checkId(request.params.id);
    const [term] = await loadTerms(handle.db, [request.params.id]);
    if (!term) throw new AppError('not_found', 'No taxonomy term has that id.');
    return term;
  });
}

/** A list endpoint as GET (query string) and POST (the same names as JSON or form fields). */
function listRoute<T>(
  app: FastifyInstance,
  path: string,
  schema: TSchema,
  handler: (q: T, reply: FastifyReply) => Promise<Json | FastifyReply>,
): void {
  app.get(path, { schema: { querystring: schema } }, async (request, reply) => handler(request.query as T, reply));
  app.post(path, { schema: { body: schema } }, async (request, reply) => handler((request.body ?? {}) as T, reply));
}
