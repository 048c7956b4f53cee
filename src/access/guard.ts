import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database, SessionTable } from '../db/types.ts';
import { parseCookies } from '../http/cookies.ts';
import { AppError } from '../http/errors.ts';
import { checkCsrf } from './csrf.ts';
import { isPermissionName, isRole, PERMISSIONS, roleAllows, type PermissionName, type Role, type Rule } from './permissions.ts';
import { readSession, sessionCookieName, type SessionKind } from './sessions.ts';

/** A signed-in staff member as routes see them. */
export interface StaffAuth {
  id: string;
  email: string;
  isOperator: boolean;
  /** Role per organisation id. */
  roles: Map<string, Role>;
  totpEnrolled: boolean;
  session: SessionTable;
  token: string;
}

/** A signed-in member as routes see her. */
export interface MemberAuth {
  id: string;
  workingName: string;
  session: SessionTable;
  token: string;
}

export interface Auth {
  staff: StaffAuth | null;
  member: MemberAuth | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth;
  }
  interface FastifyInstance {
    /** Every route registered, with its permission entry (for the permission test and docs). */
    accessRoutes: readonly RouteOptions[];
  }
  interface FastifyContextConfig {
    /** The entry of the permission table this route requires (every route names one). */
    permission?: PermissionName;
    /** For org-scoped rules: the organisation the request acts on (default: the `orgId` parameter). null: none owns it. */
    orgOf?: (request: FastifyRequest) => Promise<string | null>;
  }
}

export interface AccessDeps {
  config: Config;
  db: Kysely<Database>;
  now: () => Date;
  csrfKey: Buffer;
}

/**
 * Registers a group of routes that share one permission entry (the open, public features), in
 * their own scope so the entry applies to exactly those routes.
 */
export async function registerWithPermission(
  app: FastifyInstance,
  permission: PermissionName,
  register: (scope: FastifyInstance) => void,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (options) => {
      options.config = { ...options.config, permission: options.config?.permission ?? permission };
    });
    register(scope);
  });
}

/** How often a member's last activity is written at most (for deleting idle accounts). */
const ACTIVE_TOUCH_MS = 86_400_000;

/**
 * Loads sessions, refuses cross-site and tokenless writes, and enforces each route's permission
 * before its body is validated. Every route must name a permission: the app refuses to start
 * otherwise, so a new route cannot be open by accident.
 */
export function registerAccessControl(app: FastifyInstance, deps: AccessDeps): RouteOptions[] {
  const routes: RouteOptions[] = [];
  app.decorateRequest('auth', null as unknown as Auth);
  app.decorate('accessRoutes', routes);
  app.addHook('onRoute', (options) => {
    routes.push(options);
  });
  app.addHook('onReady', async () => {
    const missing = routes.filter((r) => !isPermissionName(r.config?.permission));
    if (missing.length > 0)
      throw new Error(`routes without a permission entry: ${missing.map((r) => `${String(r.method)} ${r.url}`).join(', ')}`);
  });
  // Callback-style hooks: most requests carry no cookie and need a public permission, and they
  // should not pay for a promise per hook (the cached search route lost 13% to async hooks).
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.headers.cookie) {
      request.auth = { staff: null, member: null };
      return done();
    }
    loadAuth(deps, request).then((auth) => {
      request.auth = auth;
      done();
    }, done);
  });
  app.addHook('preValidation', (request, _reply, done) => {
    // No route matched: the not-found answer follows, and it changes nothing.
    if (request.routeOptions.url === undefined) return done();
    try {
      const tokens = [request.auth.staff?.token, request.auth.member?.token].filter((t): t is string => t !== undefined);
      checkCsrf(request, deps.csrfKey, deps.config, tokens);
      const name = request.routeOptions.config.permission;
      if (!isPermissionName(name)) throw new AppError('forbidden', 'This address is not open to anyone.');
      if (PERMISSIONS[name].rule.who === 'public') return done();
      authorize(request, name).then(() => done(), done);
    } catch (error) {
      done(error as Error);
    }
  });
  return routes;
}

async function loadAuth(deps: AccessDeps, request: FastifyRequest): Promise<Auth> {
  const auth: Auth = { staff: null, member: null };
  const cookies = parseCookies(request.headers.cookie);
  const now = deps.now();
  const token = (kind: SessionKind): string | undefined => cookies[sessionCookieName(deps.config, kind)] || undefined;
  const staffToken = token('staff');
  if (staffToken) auth.staff = await loadStaff(deps, staffToken, now);
  const memberToken = token('member');
  if (memberToken) auth.member = await loadMember(deps, memberToken, now);
  return auth;
}

async function loadStaff(deps: AccessDeps, token: string, now: Date): Promise<StaffAuth | null> {
  const session = await readSession(deps.db, deps.config, 'staff', token, now);
  if (!session) return null;
  const staff = await deps.db.selectFrom('staff').selectAll().where('id', '=', session.subject_id).executeTakeFirst();
  if (!staff || staff.disabled_at !== null) return null;
  const roles = await deps.db
    .selectFrom('staff_role')
    .select(['organization_id', 'role'])
    .where('staff_id', '=', staff.id)
    .execute();
  return {
    id: staff.id,
    email: staff.email,
    isOperator: staff.is_operator === 1,
    roles: new Map(roles.filter((r) => isRole(r.role)).map((r) => [r.organization_id, r.role as Role])),
    totpEnrolled: staff.totp_secret !== null && staff.totp_last_step !== null,
    session,
    token,
  };
}

async function loadMember(deps: AccessDeps, token: string, now: Date): Promise<MemberAuth | null> {
  const session = await readSession(deps.db, deps.config, 'member', token, now);
  if (!session) return null;
  const member = await deps.db
    .selectFrom('member')
    .select(['id', 'working_name', 'last_active_at'])
    .where('id', '=', session.subject_id)
    .executeTakeFirst();
  if (!member) return null;
  if (now.getTime() - Date.parse(member.last_active_at) >= ACTIVE_TOUCH_MS) {
    await deps.db.updateTable('member').set({ last_active_at: now.toISOString() }).where('id', '=', member.id).execute();
  }
  return { id: member.id, workingName: member.working_name, session, token };
}

async function authorize(request: FastifyRequest, name: PermissionName): Promise<void> {
  const rule: Rule = PERMISSIONS[name].rule;
  if (rule.who === 'public') return;
  if (rule.who === 'member') {
    if (!request.auth.member) throw new AppError('not_signed_in', 'Sign in first.');
    return;
  }
  const staff = request.auth.staff;
  if (!staff) throw new AppError('not_signed_in', 'Sign in as staff first.');
  if (staff.session.enrol_only === 1 && !(rule.who === 'staff' && rule.enrolOnly === true))
    throw new AppError('two_factor_required', 'Set up two-factor sign-in first: your role needs it.');
  if (rule.who === 'staff') return;
  if (rule.who === 'operator') {
    if (!staff.isOperator) throw new AppError('forbidden', 'Only an operator of this Harbour may do this.');
    return;
  }
  const orgOf = request.routeOptions.config.orgOf;
  const orgId = orgOf ? await orgOf(request) : ((request.params as Record<string, string | undefined>).orgId ?? null);
  // A listing no organisation owns is the operators' to edit.
  if (orgId === null && staff.isOperator) return;
  if (orgId === null || !roleAllows(staff.roles.get(orgId), name))
    throw new AppError('forbidden', 'Your role in this organisation does not allow this.');
}
