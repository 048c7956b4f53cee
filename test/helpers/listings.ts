import type { LightMyRequestResponse } from 'fastify';
import type { Json } from '../../src/hsds/model.ts';
import type { TestApp } from './app.ts';
import type { SignedIn } from './auth.ts';

/** For the listings tests: a form post as the page sends it (the session's cookie and `_csrf` field). */
export async function postForm(
  t: TestApp,
  staff: SignedIn,
  url: string,
  fields: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: staff.cookie },
    payload: new URLSearchParams({ ...fields, _csrf: staff.csrf }).toString(),
  });
}

/** The id of a demo organisation and of one of its services, by name. */
export async function demoService(
  t: TestApp,
  orgName: string,
  serviceName: string,
): Promise<{ orgId: string; serviceId: string }> {
  const org = await t.db.db.selectFrom('organization').select('id').where('name', '=', orgName).executeTakeFirstOrThrow();
  const service = await t.db.db
    .selectFrom('service')
    .select('id')
    .where('organization_id', '=', org.id)
    .where('name', '=', serviceName)
    .executeTakeFirstOrThrow();
  return { orgId: org.id, serviceId: service.id };
}

/** The public HSDS record of a service (`GET /hsds/services/:id`). */
export async function publicRecord(t: TestApp, serviceId: string): Promise<{ body: string; json: Json }> {
  const res = await t.app.inject({ url: `/hsds/services/${serviceId}` });
  if (res.statusCode !== 200) throw new Error(`GET /hsds/services/${serviceId}: ${res.statusCode} ${res.body}`);
  return { body: res.body, json: res.json<Json>() };
}

/** Metadata entries of a record about one field, oldest first. */
export function entriesFor(record: Json, field: string): Json[] {
  return (Array.isArray(record.metadata) ? (record.metadata as Json[]) : []).filter((m) => m.field_name === field);
}
