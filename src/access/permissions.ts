/**
 * Who may do what: the one table every route names an entry of (route `config.permission`). The
 * guard enforces it, `npm run docs:permissions` prints it into docs/permissions.md, and the
 * permission test checks every registered route against it with real requests.
 */

/** Roles staff hold per organisation; one person may hold different roles in different ones. */
export const ROLES = ['admin', 'coordinator', 'moderator', 'outreach', 'peer_navigator'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose holders must sign in with a second factor (operators must too). */
export const TOTP_REQUIRED_ROLES: readonly Role[] = ['admin', 'coordinator', 'moderator'];

/**
 * - `public`: anyone, signed in or not.
 * - `staff`: any signed-in staff member (their own account). `enrolOnly` also admits a session that
 *   may only enrol two-factor sign-in.
 * - `operator`: the platform's operators.
 * - `org`: staff holding one of `roles` in the organisation the route acts on.
 * - `member`: a signed-in verified member.
 */
export type Rule =
  | { who: 'public' }
  | { who: 'staff'; enrolOnly?: boolean }
  | { who: 'operator' }
  | { who: 'org'; roles: readonly Role[] }
  | { who: 'member' };

export interface Permission {
  rule: Rule;
  summary: string;
}

const everyRole = ROLES;

export const PERMISSIONS = {
  'public.read': {
    rule: { who: 'public' },
    summary: 'Directory, open data (HSDS), library, overdose guide, settings, reports of wrong information',
  },
  'public.sign_in': {
    rule: { who: 'public' },
    summary: 'Sign in, sign up with an invite code, set up a staff account from its link',
  },
  'staff.self': {
    rule: { who: 'staff', enrolOnly: true },
    summary: 'Sign out; see own account (`/api/v1/staff/me`); enrol two-factor sign-in',
  },
  'staff.home': { rule: { who: 'staff' }, summary: 'Staff home: own organisations and roles' },
  'operator.orgs': { rule: { who: 'operator' }, summary: 'Create organisations and appoint their first admin' },
  'operator.listings': { rule: { who: 'operator' }, summary: 'Edit and verify listings that no organisation owns' },
  'org.view': { rule: { who: 'org', roles: everyRole }, summary: "See the organisation's page and listings" },
  'org.listings.edit': {
    rule: { who: 'org', roles: ['admin', 'coordinator', 'moderator'] },
    summary: "Edit and verify the organisation's listings (services, locations, hours, alerts, closures)",
  },
  'org.staff.manage': {
    rule: { who: 'org', roles: ['admin'] },
    summary: 'Add staff, change roles, offboard, reset passwords and two-factor',
  },
  'org.settings': {
    rule: { who: 'org', roles: ['admin'] },
    summary: "Change the organisation's settings: areas served, on-call responders, retention periods",
  },
  'org.audit.read': { rule: { who: 'org', roles: ['admin'] }, summary: "Read the organisation's audit log" },
  'org.invites.create': {
    rule: { who: 'org', roles: ['coordinator', 'outreach'] },
    summary: 'Make invite codes for new members',
  },
  'org.members.revoke': {
    rule: { who: 'org', roles: ['admin', 'coordinator'] },
    summary: 'See the working names of members this organisation invited, and revoke one',
  },
  'member.self': {
    rule: { who: 'member' },
    summary: 'A member: see everything Harbour holds about her, sign out devices, delete her account',
  },
} as const satisfies Record<string, Permission>;

export type PermissionName = keyof typeof PERMISSIONS;

/** Whether `name` is an entry of the table (routes are checked when registered). */
export function isPermissionName(name: unknown): name is PermissionName {
  return typeof name === 'string' && Object.hasOwn(PERMISSIONS, name);
}

/** Whether holding `role` in an organisation grants an org-scoped permission there. */
export function roleAllows(role: Role | undefined, name: PermissionName): boolean {
  const rule: Rule = PERMISSIONS[name].rule;
  return rule.who === 'org' && role !== undefined && rule.roles.includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
