// The permission table against real behaviour: the routes come from the app itself (its `onRoute`
// list), so a new route is covered the moment it is registered. Every route must name an entry of
// the table; every route is requested signed out, as a member, as each role in its own and in another
// organisation, as an operator and with a session that may only enrol two-factor sign-in, and the
// status must be the one the table implies. The CSRF refusals are generated from the same list.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse, RouteOptions } from 'fastify';
import { deriveCsrfToken } from '../src/access/csrf.ts';
import {
  isPermissionName,
  PERMISSIONS,
  ROLES,
  roleAllows,
  type PermissionName,
  type Role,
  type Rule,
} from '../src/access/permissions.ts';
import { createSession, sessionCookieName } from '../src/access/sessions.ts';
import { registeredRoutes, renderPermissionsDoc } from '../scripts/print-permissions.ts';
import { createTestApp, importRecords } from './helpers/app.ts';
import { makeMember, makeOrg, makeStaff } from './helpers/auth.ts';
import { makeService } from './helpers/factories.ts';

const t = await createTestApp({ demo: true });
after(() => t.close());
const db = t.db.db;

/** One method of one registered route, as the matrix requests it. */
interface Endpoint {
  method: string;
  url: string;
  permission: PermissionName;
  /** The route finds its organisation itself (`config.orgOf`), e.g. from a listing's id. */
  resolvesOrg: boolean;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every method of every route, without the HEAD twin Fastify adds to each GET route. */
function endpointsOf(routes: readonly RouteOptions[]): Endpoint[] {
  const all = routes.flatMap((r) => [r.method].flat().map((method) => ({ route: r, method: String(method) })));
  const gets = new Set(all.filter((e) => e.method === 'GET').map((e) => e.route.url));
  return all
    .filter((e) => !(e.method === 'HEAD' && gets.has(e.route.url)))
    .map(({ route, method }) => ({
      method,
      url: route.url,
      permission: route.config?.permission as PermissionName,
      resolvesOrg: route.config?.orgOf !== undefined,
    }));
}

const endpoints = endpointsOf(t.app.accessRoutes);

// The organisation the requests act on: a demo organisation owning a listing at a site no other
// organisation's services use (staff may not edit a shared site). Its staff hold their roles there;
// "other" staff hold theirs only in an organisation made for the test.
const sites = await db
  .selectFrom('service_at_location')
  .innerJoin('service', 'service.id', 'service_at_location.service_id')
  .select(['service.id as serviceId', 'service.organization_id as orgId', 'service_at_location.location_id as locationId'])
  .where('service_at_location.location_id', 'is not', null)
  .orderBy('service_at_location.location_id')
  .orderBy('service.id')
  .execute();
const listing = sites.find((s) => s.orgId !== null && sites.every((o) => o.locationId !== s.locationId || o.orgId === s.orgId));
assert.ok(listing, 'the demo data has no listing at a site only its organisation uses');
const ownOrg = listing.orgId!;
const otherOrg = await makeOrg(t);
// A listing no organisation owns (only operators may edit it).
const unowned = makeService({ sites: [{ lat: -25.75, lng: 28.19 }], extra: { organization: undefined } });
await importRecords(t.db, [unowned]);
const unownedSite = await db
  .selectFrom('service_at_location')
  .select('location_id')
  .where('service_id', '=', String(unowned.id))
  .executeTakeFirstOrThrow();

/** Who makes a request: signed out, a member, or staff (a role in the own or the other organisation). */
type Principal =
  | { name: string; kind: 'anonymous' }
  | { name: string; kind: 'member'; id: string }
  | { name: string; kind: 'staff'; id: string; role?: Role; roleIn: 'own' | 'other'; operator: boolean; enrolOnly: boolean };

async function staffPrincipal(
  name: string,
  role: Role | undefined,
  roleIn: 'own' | 'other',
  more: { operator?: boolean; enrolOnly?: boolean } = {},
) {
  const roles = role ? { [roleIn === 'own' ? ownOrg : otherOrg]: role } : {};
  const { id } = await makeStaff(t, roles, { operator: more.operator ?? false });
  return { name, kind: 'staff', id, role, roleIn, operator: more.operator ?? false, enrolOnly: more.enrolOnly ?? false } as const;
}

const principals: Principal[] = [
  { name: 'signed out', kind: 'anonymous' },
  { name: 'member', kind: 'member', id: (await makeMember(t, ownOrg)).id },
  ...(await Promise.all(ROLES.map((role) => staffPrincipal(`${role} here`, role, 'own')))),
  ...(await Promise.all(ROLES.map((role) => staffPrincipal(`${role} elsewhere`, role, 'other')))),
  await staffPrincipal('operator', undefined, 'own', { operator: true }),
  // An admin who has not set up two-factor sign-in yet: her session may only enrol.
  await staffPrincipal('admin before two-factor', 'admin', 'own', { enrolOnly: true }),
];

/** What the table says a request should get: 'allowed', or the refusal's status and code. */
function expected(name: PermissionName, p: Principal, target: 'own' | null): string {
  const rule: Rule = PERMISSIONS[name].rule;
  if (rule.who === 'public') return 'allowed';
  if (rule.who === 'member') return p.kind === 'member' ? 'allowed' : '401 not_signed_in';
  if (p.kind !== 'staff') return '401 not_signed_in';
  if (p.enrolOnly) return rule.who === 'staff' && rule.enrolOnly === true ? 'allowed' : '403 two_factor_required';
  if (rule.who === 'staff') return 'allowed';
  // What no organisation owns is the operators' (the guard's rule for `orgOf` answering null).
  if (rule.who === 'operator' || target === null) return p.operator ? 'allowed' : '403 forbidden';
  return roleAllows(p.roleIn === target ? p.role : undefined, name) ? 'allowed' : '403 forbidden';
}

/** What a request got, in the terms of `expected`: any status below 500 but 401/403 is 'allowed'. */
function outcome(res: LightMyRequestResponse): string {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 200)}`;
  if (res.statusCode !== 401 && res.statusCode !== 403) return 'allowed';
  try {
    return `${res.statusCode} ${res.json<{ error: { code: string } }>().error.code}`;
  } catch {
    return `${res.statusCode} (not a JSON error: ${String(res.headers['content-type'])})`;
  }
}

/** Parameter values: the own organisation and its listing, or ids and tokens that match nothing. */
type Fill = { orgId: string; serviceId: string; locationId: string };
const OWN: Fill = { orgId: ownOrg, serviceId: listing.serviceId, locationId: listing.locationId! };
const UNOWNED: Fill = { orgId: ownOrg, serviceId: String(unowned.id), locationId: unownedSite.location_id! };

function fillUrl(url: string, fill: Fill): string {
  return url
    .replace(/:(\w+)/g, (_m, name: string) =>
      name in fill ? fill[name as keyof Fill] : /(^id|Id)$/.test(name) ? randomUUID() : `no-such-${randomUUID().slice(0, 8)}`,
    )
    .replace('*', 'no-such-file');
}

/** The organisation a filled url acts on: the own one when a parameter names it or its listing. */
function targetOf(url: string, fill: Fill): 'own' | null {
  if (url.includes(':orgId')) return 'own';
  return fill === OWN && /:(serviceId|locationId)\b/.test(url) ? 'own' : null;
}

/** Cookie and CSRF header of a new session (each request gets one: some requests sign out). */
async function sessionHeaders(p: Principal): Promise<Record<string, string>> {
  if (p.kind === 'anonymous') return {};
  const options = p.kind === 'staff' ? { enrolOnly: p.enrolOnly } : {};
  const token = await createSession(db, t.config, p.kind, p.id, t.app.services.ctx.now(), options);
  const csrf = deriveCsrfToken(t.app.services.csrfKey, 'session', token);
  return { cookie: `${sessionCookieName(t.config, p.kind)}=${token}`, 'x-csrf-token': csrf };
}

/** A JSON request as `p`, with an empty body on writes, asking for JSON errors. */
async function send(e: Endpoint, url: string, p: Principal, extra: Record<string, string> = {}, drop?: string) {
  const headers: Record<string, string> = { accept: 'application/json', ...(await sessionHeaders(p)), ...extra };
  if (drop) delete headers[drop];
  const request: InjectOptions = { method: e.method, url, headers };
  if (UNSAFE.has(e.method)) request.payload = {};
  return t.app.inject(request);
}

/**
 * Cases where the product and the table disagree: `${method} ${url} / ${principal}` → why. Each is
 * reported as a todo, so the mismatch stays visible until it is fixed.
 */
const KNOWN_BUGS: Record<string, string> = {};

/** Table entries no route names, and why that is a bug rather than a route still to come. */
const UNUSED_ENTRY_BUGS: Partial<Record<PermissionName, string>> = {};

test('the app lists its routes, and every one names an entry of the permission table', () => {
  const routes = t.app.accessRoutes;
  assert.ok(endpoints.length > 50, `only ${endpoints.length} routes listed`);
  for (const path of ['/staff/orgs/:orgId', '/api/v1/orgs/:orgId/staff', '/hsds/services', '/account'])
    assert.ok(
      routes.some((r) => r.url === path),
      `${path} is missing from the list`,
    );
  const missing = routes.filter((r) => !isPermissionName(r.config?.permission)).map((r) => `${String(r.method)} ${r.url}`);
  assert.deepEqual(missing, [], 'routes without an entry of the permission table');
  // A HEAD route answers like its GET route, so it must be guarded like it.
  for (const head of routes.filter((r) => r.method === 'HEAD')) {
    const get = routes.find((r) => r.method === 'GET' && r.url === head.url);
    if (get) assert.equal(head.config?.permission, get.config?.permission, `HEAD ${head.url}`);
  }
});

for (const name of Object.keys(PERMISSIONS) as PermissionName[]) {
  test(`the entry ${name} is named by a route`, { todo: UNUSED_ENTRY_BUGS[name] ?? false }, () => {
    assert.ok(
      endpoints.some((e) => e.permission === name),
      `no route names ${name}: remove it from the table, or name it`,
    );
  });
}

for (const e of endpoints) {
  const variants: [string, Fill][] = [['', OWN]];
  if (e.resolvesOrg && /:serviceId\b/.test(e.url)) variants.push([' (a listing no organisation owns)', UNOWNED]);
  for (const [label, fill] of variants) {
    test(`${e.method} ${e.url}${label}: ${e.permission} as each principal`, async (ctx) => {
      const mismatches: string[] = [];
      for (const p of principals) {
        const url = fillUrl(e.url, fill);
        const want = expected(e.permission, p, targetOf(e.url, fill));
        const got = outcome(await send(e, url, p));
        const line = `${p.name}: expected ${want}, got ${got}`;
        const bug = KNOWN_BUGS[`${e.method} ${e.url}${label} / ${p.name}`];
        if (bug) await ctx.test(line, { todo: bug }, () => assert.equal(got, want));
        else if (got !== want) mismatches.push(line);
      }
      assert.deepEqual(mismatches, []);
    });
  }
}

/** The first principal the table lets through (the CSRF check must hold even for them). */
function allowedPrincipal(e: Endpoint): Principal {
  const p = principals.find((q) => expected(e.permission, q, targetOf(e.url, OWN)) === 'allowed');
  assert.ok(p, `nobody may use ${e.method} ${e.url}`);
  return p;
}

for (const e of endpoints.filter((x) => UNSAFE.has(x.method))) {
  test(`${e.method} ${e.url}: refused from another site or without a CSRF token`, async () => {
    const url = fillUrl(e.url, OWN);
    const p = allowedPrincipal(e);
    const csrfFailed = (res: LightMyRequestResponse, why: string) => {
      assert.equal(res.statusCode, 403, `${why}: ${res.body.slice(0, 200)}`);
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'csrf_failed', why);
    };
    csrfFailed(await send(e, url, p, { 'sec-fetch-site': 'cross-site' }), 'Sec-Fetch-Site: cross-site');
    csrfFailed(await send(e, url, p, { origin: 'https://evil.example' }), 'a foreign Origin');
    if (p.kind === 'anonymous') {
      // Signed out, JSON needs no token (its type forces a preflight); a form post does.
      const form = t.form();
      const post = async (headers: Record<string, string>) =>
        t.app.inject({
          method: e.method,
          url,
          headers: { accept: 'application/json', ...headers },
          payload: '',
        });
      const { 'x-csrf-token': _token, ...withoutToken } = form;
      csrfFailed(await post(withoutToken), `a form post without a token, as ${p.name}`);
      assert.notEqual(outcome(await post(form)), '403 csrf_failed', 'a form post with its token');
    } else {
      csrfFailed(await send(e, url, p, {}, 'x-csrf-token'), `no token, as ${p.name}`);
      assert.notEqual(outcome(await send(e, url, p)), '403 csrf_failed', `with the session's token, as ${p.name}`);
    }
  });
}

test('docs/permissions.md is what `npm run docs:permissions` prints now', async () => {
  const committed = readFileSync(new URL('../docs/permissions.md', import.meta.url), 'utf8');
  assert.equal(committed, await renderPermissionsDoc(await registeredRoutes()), 'run npm run docs:permissions');
});
