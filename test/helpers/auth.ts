import { randomUUID } from 'node:crypto';
import { deriveCsrfToken } from '../../src/access/csrf.ts';
import type { Role } from '../../src/access/permissions.ts';
import { createSession, sessionCookieName } from '../../src/access/sessions.ts';
import { workingNameKey } from '../../src/auth/working-name.ts';
import { ensureOrganization } from '../../src/orgs/service.ts';
import type { TestApp } from './app.ts';

/** A signed-in person for requests: the cookie header and the session's CSRF token. */
export interface SignedIn {
  id: string;
  cookie: string;
  csrf: string;
  /** Headers for a JSON request with this session (cookie and token). */
  json: Record<string, string>;
}

/** An organisation made the way the operator makes one (HSDS record and Harbour settings). */
export async function makeOrg(t: TestApp, name = `Org ${randomUUID().slice(0, 8)}`): Promise<string> {
  return (await ensureOrganization(t.db.db, name, new Date())).id;
}

function signedIn(t: TestApp, kind: 'staff' | 'member', id: string, token: string): SignedIn {
  const cookie = `${sessionCookieName(t.config, kind)}=${token}`;
  const csrf = deriveCsrfToken(t.app.services.csrfKey, 'session', token);
  return { id, cookie, csrf, json: { cookie, 'x-csrf-token': csrf } };
}

/**
 * A staff member with `roles` (organisation id → role), signed in with a full session (as after
 * two-factor sign-in). For tests of what roles may do, not of signing in itself.
 */
export async function makeStaff(
  t: TestApp,
  roles: Record<string, Role>,
  options: { operator?: boolean; email?: string; passwordHash?: string } = {},
): Promise<SignedIn> {
  const id = randomUUID();
  const now = new Date();
  await t.db.db
    .insertInto('staff')
    .values({
      id,
      email: options.email ?? `${id.slice(0, 8)}@staff.example`,
      password_hash: options.passwordHash ?? null,
      is_operator: options.operator ? 1 : 0,
      created_at: now.toISOString(),
    })
    .execute();
  for (const [orgId, role] of Object.entries(roles))
    await t.db.db.insertInto('staff_role').values({ staff_id: id, organization_id: orgId, role }).execute();
  const token = await createSession(t.db.db, t.config, 'staff', id, t.app.services.ctx.now());
  return signedIn(t, 'staff', id, token);
}

/** A member invited by `orgId`, signed in. */
export async function makeMember(
  t: TestApp,
  orgId: string,
  workingName = `Member ${randomUUID().slice(0, 8)}`,
): Promise<SignedIn> {
  const id = randomUUID();
  const now = t.app.services.ctx.now().toISOString();
  await t.db.db
    .insertInto('member')
    .values({
      id,
      working_name: workingName,
      name_key: workingNameKey(workingName),
      passphrase_hash: '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$not-a-real-hash',
      issuing_org_id: orgId,
      created_at: now,
      last_active_at: now,
    })
    .execute();
  const token = await createSession(t.db.db, t.config, 'member', id, t.app.services.ctx.now());
  return signedIn(t, 'member', id, token);
}
