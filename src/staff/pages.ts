import type { AuditView } from '../access/audit.ts';
import { PERMISSIONS, ROLES, roleAllows, type PermissionName, type Role } from '../access/permissions.ts';
import { formatInviteCode } from '../auth/codes.ts';
import { html, raw, type SafeHtml } from '../web/html.ts';
import { csrfField } from '../web/layout.ts';
import { notice, type StaffPageContext } from '../web/staff-layout.ts';
import type { TotpEnrolment } from './accounts.ts';

/** Whether the signed-in staff member may do `name` in the organisation (for showing a section). */
export function may(ctx: StaffPageContext, orgId: string, name: PermissionName): boolean {
  return roleAllows(ctx.staff?.roles.get(orgId), name);
}

const field = (label: string, input: SafeHtml, hint?: string) =>
  html`<p class="field"><label>${label} ${input}</label>${hint ? html`<span class="hint">${hint}</span>` : ''}</p>`;

export function renderStaffSignIn(ctx: StaffPageContext, email: string, error: string | null, message: string | null): SafeHtml {
  return html`<h1>Staff sign-in</h1>
    ${notice('ok', message)} ${notice('error', error)}
    <form method="post" action="/staff/sign-in" data-staff-sign-in>
      ${csrfField(ctx.csrf)}
      ${field('Email', html`<input name="email" type="email" required autocomplete="username" value="${email}" />`)}
      ${field('Password', html`<input name="password" type="password" required autocomplete="current-password" />`)}
      ${field(
        'Two-factor code',
        html`<input name="code" inputmode="text" autocomplete="one-time-code" maxlength="16" />`,
        'The 6 digits from your authenticator app, or one of your recovery codes. Leave empty if you have not set up two-factor sign-in yet.',
      )}
      <button type="submit" class="primary">Sign in</button>
    </form>`;
}

export function renderSetup(ctx: StaffPageContext, token: string, error: string | null): SafeHtml {
  return html`<h1>Set your password</h1>
    ${notice('error', error)}
    <p>This link works once. Choose a password of at least 12 characters that you use nowhere else.</p>
    <form method="post" action="/staff/setup/${token}">
      ${csrfField(ctx.csrf)}
      ${field('New password', html`<input name="password" type="password" required minlength="12" autocomplete="new-password" />`)}
      <button type="submit" class="primary">Set password</button>
    </form>`;
}

export function renderEnrol(ctx: StaffPageContext, enrolment: TotpEnrolment, error: string | null): SafeHtml {
  return html`<h1>Set up two-factor sign-in</h1>
    ${notice('error', error)}
    <p>
      Your role needs a second step at sign-in. Scan this code with an authenticator app (for example Aegis, FreeOTP or Google
      Authenticator), then type the 6 digits it shows.
    </p>
    <figure class="qr" data-totp-qr>${raw(enrolment.qr_svg)}</figure>
    <p>Or type this key into the app: <code data-totp-secret>${enrolment.secret}</code></p>
    <form method="post" action="/staff/two-factor">
      ${csrfField(ctx.csrf)}
      ${field('Code from the app', html`<input name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="8" />`)}
      <button type="submit" class="primary">Turn on two-factor sign-in</button>
    </form>`;
}

export function renderRecoveryCodes(codes: string[]): SafeHtml {
  return html`<h1>Two-factor sign-in is on</h1>
    <p>
      <strong>Write these recovery codes down now and keep them somewhere safe.</strong> Each works once, instead of a code from
      the app, if you lose your phone. They are shown only this once.
    </p>
    <ol class="codes" data-recovery-codes>
      ${codes.map((c) => html`<li><code>${c}</code></li>`)}
    </ol>
    <p><a href="/staff">Continue</a></p>`;
}

export function renderTotpOn(): SafeHtml {
  return html`<h1>Two-factor sign-in is on</h1>
    <p>
      To move it to a new phone, or if you lost your phone and your recovery codes, ask an admin of your organisation to reset it.
    </p>
    <p><a href="/staff">Back</a></p>`;
}

export function renderHome(ctx: StaffPageContext, orgs: { id: string; name: string; role: Role }[]): SafeHtml {
  const staff = ctx.staff!;
  return html`<h1>Your organisations</h1>
    ${orgs.length === 0 ? html`<p>You have no role in any organisation.</p>` : ''}
    <ul data-orgs>
      ${orgs.map((o) => html`<li><a href="/staff/orgs/${o.id}">${o.name}</a> (${o.role.replace('_', ' ')})</li>`)}
    </ul>
    ${
      staff.isOperator
        ? html`<h2>Operator</h2>
            <p>
              <a href="/staff/operator">Create an organisation</a> ·
              <a href="/staff/listings/unowned">Listings no organisation owns</a>
            </p>`
        : ''
    }
    <p>Two-factor sign-in: ${staff.totpEnrolled ? 'on' : html`off. <a href="/staff/two-factor">Set it up</a>`}</p>`;
}

export interface OrgPageData {
  id: string;
  name: string;
  staff: { id: string; email: string; role: string; set_up: boolean; two_factor: boolean }[];
  members: { id: string; working_name: string; created_at: string }[];
  settings: { areaNames: string[]; onCall: string[]; retentionReports: number };
}

function settingsSection(ctx: StaffPageContext, org: OrgPageData): SafeHtml | '' {
  if (!may(ctx, org.id, 'org.settings')) return '';
  const s = org.settings;
  return html`<section aria-labelledby="settings">
    <h2 id="settings">Settings</h2>
    <form method="post" action="/staff/orgs/${org.id}/settings" data-org-settings>
      ${csrfField(ctx.csrf)}
      ${field('Areas served', html`<input name="areas" value="${s.areaNames.join(', ')}" />`, 'Suburbs, townships or areas, separated by commas (for example: Sunnyside, Arcadia).')}
      <fieldset class="field">
        <legend>On-call responders</legend>
        ${org.staff.map(
          (p) =>
            html`<label class="check"
              ><input type="checkbox" name="on_call" value="${p.id}" ${s.onCall.includes(p.id) ? html`checked` : ''} />
              ${p.email}</label
            >`,
        )}
      </fieldset>
      ${field('Keep reports for (days)', html`<input name="retention_reports" type="number" min="30" max="3650" value="${s.retentionReports}" required />`)}
      <button type="submit" class="primary">Save settings</button>
    </form>
  </section>`;
}

function rolesSelect(): SafeHtml {
  return html`<select name="role" required>
    ${ROLES.map((r) => html`<option value="${r}">${r.replace('_', ' ')}</option>`)}
  </select>`;
}

/** The organisation's page: each section only for the roles that may use it. */
export function renderOrg(
  ctx: StaffPageContext,
  org: OrgPageData,
  message: SafeHtml | string | null,
  error: string | null,
): SafeHtml {
  const c = csrfField(ctx.csrf);
  const invites = may(ctx, org.id, 'org.invites.create')
    ? html`<section aria-labelledby="invites">
        <h2 id="invites">Invite codes</h2>
        <p>Each code lets one person make a member account. Give it in person.</p>
        <form method="post" action="/staff/orgs/${org.id}/invites" data-invite-form>
          ${c} ${field('How many', html`<input name="count" type="number" min="1" max="50" value="1" required />`)}
          ${field('Valid for (days)', html`<input name="days" type="number" min="1" max="90" value="30" required />`)}
          <button type="submit" class="primary">Make invite cards</button>
        </form>
      </section>`
    : '';
  const members = may(ctx, org.id, 'org.members.revoke')
    ? html`<section aria-labelledby="members">
        <h2 id="members">Members you invited</h2>
        <p>Revoke a member only if someone unsafe got in: the account and everything in it is erased.</p>
        <ul data-members>
          ${org.members.map(
            (m) =>
              html`<li>
                ${m.working_name}
                <form method="post" action="/staff/orgs/${org.id}/members/${m.id}/revoke" class="inline">
                  ${c}<button type="submit" class="danger">Revoke</button>
                </form>
              </li>`,
          )}
        </ul>
      </section>`
    : '';
  const staff = may(ctx, org.id, 'org.staff.manage')
    ? html`<section aria-labelledby="staff">
        <h2 id="staff">Staff</h2>
        <table>
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Account</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${org.staff.map(
              (s) =>
                html`<tr>
                  <td>${s.email}</td>
                  <td>${s.role.replace('_', ' ')}</td>
                  <td>${s.set_up ? 'set up' : 'waiting for set-up'}${s.two_factor ? ', two-factor on' : ''}</td>
                  <td>
                    <form method="post" action="/staff/orgs/${org.id}/staff/${s.id}/reset" class="inline">
                      ${c}<button type="submit" class="secondary">Reset password and two-factor</button>
                    </form>
                    <form method="post" action="/staff/orgs/${org.id}/staff/${s.id}/remove" class="inline">
                      ${c}<button type="submit" class="danger">Remove</button>
                    </form>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        <h3>Add staff</h3>
        <form method="post" action="/staff/orgs/${org.id}/staff" data-add-staff>
          ${c} ${field('Email', html`<input name="email" type="email" required />`)} ${field('Role', rolesSelect())}
          <button type="submit" class="primary">Add</button>
        </form>
        <p><a href="/staff/orgs/${org.id}/audit">Audit log</a></p>
      </section>`
    : '';
  return html`<h1>${org.name}</h1>
    ${message ? html`<div class="banner" role="status" data-ok>${message}</div>` : ''} ${notice('error', error)}
    <p><a href="/staff/orgs/${org.id}/listings">Listings</a></p>
    ${invites} ${members} ${staff} ${settingsSection(ctx, org)}`;
}

/** Setup links are shown once, as a full address to copy and send by a safe channel. */
export function setupLinkMessage(origin: string, path: string, email: string): SafeHtml {
  return html`<p>Send this set-up link to ${email} by a safe channel. It works once, for 72 hours, and is not shown again:</p>
    <p><code data-setup-link>${origin}${path}</code></p>`;
}

/** Printable invite cards. The QR code's address carries the code after `#`, which browsers never send to a server. */
export function renderInviteCards(
  cards: { code: string; expires_at: string; qr_svg: string; url: string }[],
  orgId: string,
  zone: string,
): SafeHtml {
  const until = (iso: string) =>
    new Date(iso).toLocaleDateString('en-ZA', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone });
  return html`<h1 class="no-print">Invite cards</h1>
    <p class="no-print">
      Print this page, or show a card on screen. The codes are not shown again. <a href="/staff/orgs/${orgId}">Back</a>
    </p>
    <div class="cards" data-invite-cards>
      ${cards.map(
        (c) =>
          html`<article class="card" data-invite-card>
            <figure class="qr">${raw(c.qr_svg)}</figure>
            <p>Your code</p>
            <p class="code"><code data-invite-code>${formatInviteCode(c.code)}</code></p>
            <p>Scan, or open <span data-invite-url>${c.url.split('#')[0]}</span> and type the code.</p>
            <p>Use by ${until(c.expires_at)}. One person, one time.</p>
          </article>`,
      )}
    </div>`;
}

export function renderAudit(orgName: string, orgId: string, entries: AuditView[]): SafeHtml {
  return html`<h1>Audit log: ${orgName}</h1>
    <p><a href="/staff/orgs/${orgId}">Back</a></p>
    <table data-audit>
      <thead>
        <tr>
          <th>When (UTC)</th>
          <th>Who</th>
          <th>What</th>
          <th>Object</th>
        </tr>
      </thead>
      <tbody>
        ${entries.map(
          (e) =>
            html`<tr>
              <td>${e.at.replace('T', ' ').slice(0, 19)}</td>
              <td>${e.staff_email ?? 'command line'}</td>
              <td>${e.action}</td>
              <td>${e.object_type ?? ''} ${e.object_id ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

export function renderOperator(ctx: StaffPageContext, message: SafeHtml | null, error: string | null): SafeHtml {
  return html`<h1>Create an organisation</h1>
    ${message ? html`<div class="banner" role="status" data-ok>${message}</div>` : ''} ${notice('error', error)}
    <form method="post" action="/staff/operator/orgs" data-create-org>
      ${csrfField(ctx.csrf)} ${field('Organisation name', html`<input name="name" required minlength="2" maxlength="200" />`)}
      ${field('Email of its first admin', html`<input name="admin_email" type="email" required />`)}
      <button type="submit" class="primary">Create</button>
    </form>
    <p>${PERMISSIONS['operator.orgs'].summary}.</p>`;
}
