import { html, type SafeHtml } from '../web/html.ts';
import { csrfField, englishOnly, type PageContext } from '../web/layout.ts';
import type { MemberView } from './service.ts';

/** A refusal shown above a form; the messages are English (not in the catalogue yet). */
export function formError(ctx: PageContext, message: string | null): SafeHtml | '' {
  return message ? englishOnly(ctx, html`<div class="banner banner-warning" role="alert" data-error>${message}</div>`) : '';
}

/** Sign-up with an invite code. The code comes from the card's QR fragment (filled in by the client) or by hand. */
export function renderJoin(
  ctx: PageContext,
  values: { invite_code?: string; working_name?: string },
  error: string | null,
): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t.t('account.join.heading')}</h1>
    ${formError(ctx, error)}
    <p>${t.t('account.join.intro')}</p>
    <p class="banner banner-warning" data-no-recovery>${t.t('account.join.warning')}</p>
    <form method="post" action="/join" data-join-form>
      ${csrfField(ctx.csrf)}
      <p class="field">
        <label for="invite_code">${t.t('account.join.code')}</label>
        <input
          id="invite_code"
          name="invite_code"
          required
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          maxlength="20"
          value="${values.invite_code ?? ''}"
          aria-describedby="code-hint"
        />
        <span class="hint" id="code-hint">${t.t('account.join.code_hint')}</span>
      </p>
      <p class="field">
        <label for="working_name">${t.t('account.join.name')}</label>
        <input
          id="working_name"
          name="working_name"
          required
          autocomplete="username"
          maxlength="40"
          value="${values.working_name ?? ''}"
          aria-describedby="name-hint"
        />
        <span class="hint" id="name-hint">${t.t('account.join.name_hint')}</span>
      </p>
      <p class="field">
        <label for="passphrase">${t.t('account.join.passphrase')}</label>
        <input
          id="passphrase"
          name="passphrase"
          type="password"
          required
          minlength="8"
          autocomplete="new-password"
          aria-describedby="pass-hint"
        />
        <span class="hint" id="pass-hint">${t.t('account.join.passphrase_hint')}</span>
      </p>
      <button type="submit" class="primary">${t.t('account.join.submit')}</button>
    </form>`;
}

export function renderSignIn(
  ctx: PageContext,
  values: { working_name?: string },
  error: string | null,
  notice: string | null,
): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t.t('account.sign_in.heading')}</h1>
    ${notice ? html`<p class="banner" role="status" data-ok>${notice}</p>` : ''} ${formError(ctx, error)}
    <form method="post" action="/sign-in" data-member-sign-in>
      ${csrfField(ctx.csrf)}
      <p class="field">
        <label for="working_name">${t.t('account.join.name')}</label>
        <input
          id="working_name"
          name="working_name"
          required
          autocomplete="username"
          maxlength="40"
          value="${values.working_name ?? ''}"
        />
      </p>
      <p class="field">
        <label for="passphrase">${t.t('account.join.passphrase')}</label>
        <input id="passphrase" name="passphrase" type="password" required autocomplete="current-password" />
      </p>
      <button type="submit" class="primary">${t.t('account.sign_in.submit')}</button>
    </form>
    <p>${t.t('account.sign_in.no_account')} <a href="/join">${t.t('account.sign_in.join')}</a></p>`;
}

function when(ctx: PageContext, iso: string): string {
  return new Date(iso).toLocaleDateString(ctx.lang === 'en' ? 'en-ZA' : `${ctx.lang}-ZA`, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** Everything Harbour keeps about her, her devices, and deleting it all. */
export function renderAccount(
  ctx: PageContext,
  view: MemberView,
  idleDays: number,
  notice: string | null,
  error: string | null,
): SafeHtml {
  const { t } = ctx;
  const others = view.sessions.filter((s) => !s.this_device).length;
  return html`<h1>${t.t('account.heading')}</h1>
    ${notice ? html`<p class="banner" role="status" data-ok>${notice}</p>` : ''} ${formError(ctx, error)}
    <section aria-labelledby="holds">
      <h2 id="holds">${t.t('account.holds')}</h2>
      <dl class="facts" data-member-data>
        <dt>${t.t('account.field.name')}</dt>
        <dd data-working-name>${view.working_name}</dd>
        <dt>${t.t('account.field.created')}</dt>
        <dd>${when(ctx, view.created_at)}</dd>
        <dt>${t.t('account.field.last_active')}</dt>
        <dd>${when(ctx, view.last_active_at)}</dd>
        ${
          view.backup
            ? html`<dt>${t.t('account.field.backup')}</dt>
                <dd data-backup>${when(ctx, view.backup.updated_at)}</dd>`
            : ''
        }
        <dt>${t.t('account.field.org')}</dt>
        <dd>
          ${view.issuing_organization.name ?? ''}
          <span class="hint">${t.t('account.field.org_why')}</span>
        </dd>
      </dl>
      <p class="hint">${t.t('account.idle', { days: String(idleDays) })}</p>
    </section>
    <section aria-labelledby="devices">
      <h2 id="devices">${t.t('account.devices')}</h2>
      <ul>
        ${view.sessions.map((s) => html`<li>${s.this_device ? t.t('account.device.this') : t.t('account.device.other')} (${when(ctx, s.created_at)})</li>`)}
      </ul>
      ${
        others > 0
          ? html`<form method="post" action="/account/end-others">
              ${csrfField(ctx.csrf)}<button type="submit" class="secondary">${t.t('account.devices.end_others')}</button>
            </form>`
          : ''
      }
      <form method="post" action="/sign-out">
        ${csrfField(ctx.csrf)}<button type="submit" class="secondary">${t.t('account.sign_out')}</button>
      </form>
    </section>
    <section aria-labelledby="delete">
      <h2 id="delete">${t.t('account.delete.heading')}</h2>
      <p>${t.t('account.delete.explain')}</p>
      <form method="post" action="/account/delete" data-delete-account>
        ${csrfField(ctx.csrf)}
        <p class="field">
          <label for="confirm-passphrase">${t.t('account.delete.passphrase')}</label>
          <input id="confirm-passphrase" name="passphrase" type="password" required autocomplete="current-password" />
        </p>
        <button type="submit" class="danger">${t.t('account.delete.submit')}</button>
      </form>
    </section>`;
}
