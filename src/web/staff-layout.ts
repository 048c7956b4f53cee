import type { FastifyReply, FastifyRequest } from 'fastify';
import { browserCsrfToken } from '../access/csrf.ts';
import type { StaffAuth } from '../access/guard.ts';
import type { Services } from '../http/services.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField } from './layout.ts';

/** What every staff page knows: who is signed in (if anyone) and the form token. */
export interface StaffPageContext {
  staff: StaffAuth | null;
  csrf: string;
}

/** The context of a staff page; staff pages are never stored by browsers or proxies. */
export function staffContext(services: Services, request: FastifyRequest, reply: FastifyReply): StaffPageContext {
  reply.header('Cache-Control', 'no-store');
  return { staff: request.auth.staff, csrf: browserCsrfToken(services.csrfKey, services.ctx.config, request, reply) };
}

/** A message shown at the top of a form page (an error or a confirmation). */
export function notice(kind: 'error' | 'ok', text: string | null | undefined): SafeHtml | '' {
  if (!text) return '';
  return kind === 'error'
    ? html`<div class="banner banner-warning" role="alert" data-error>${text}</div>`
    : html`<p class="banner" role="status" data-ok>${text}</p>`;
}

/**
 * The staff layout: English, the same styles as members' pages, no service worker caching (staff
 * paths are not in its list) and no member navigation.
 */
export function renderStaffPage(
  ctx: StaffPageContext,
  title: string,
  body: SafeHtml,
  options: { neutralTitle?: boolean } = {},
): string {
  const signOut = ctx.staff
    ? html`<form method="post" action="/staff/sign-out" class="inline">
        ${csrfField(ctx.csrf)}<button type="submit" class="link">Sign out</button>
      </form>`
    : '';
  return `<!doctype html>\n${
    html`<html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="referrer" content="same-origin" />
        <meta name="robots" content="noindex" />
        <title>${options.neutralTitle ? title : `${title} · Harbour staff`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site-header">
          <a class="brand" href="/staff">Harbour staff</a>
          ${ctx.staff ? html`<span class="who" data-staff-email>${ctx.staff.email}</span>` : ''} ${signOut}
        </header>
        <main id="main">${body}</main>
      </body>
    </html>`.value
  }`;
}
