import { html, raw, type SafeHtml } from './html.ts';
import type { Lang, Translator } from './i18n.ts';
import type { MessageKey } from './i18n/en.ts';

export type Theme = 'system' | 'light' | 'dark';

/** What every page knows about the person's choices and the site (from cookies and config). */
export interface PageContext {
  lang: Lang;
  t: Translator;
  theme: Theme;
  /** Neutral titles, icon and manifest (cookie `hb_discreet`). */
  discreet: boolean;
  discreetName: string;
  /** The browser asked to save data: the client skips precaching. */
  saveData: boolean;
  quickExitUrl: string;
  /** The database holds demonstration data: every page says so. */
  demo: boolean;
  /** The CSRF token every form on the page carries (see src/access/csrf.ts). */
  csrf: string;
}

/** The hidden CSRF field of a form. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

export interface PageOptions {
  /** What the page is, from the catalogue; in discreet mode every title is the neutral name instead. */
  title: MessageKey;
  body: SafeHtml;
  /** Extra class on <main> for page-specific layout. */
  mainClass?: string;
}

/** Content not in the catalogue yet, marked as English on a page in another language. */
export function englishOnly(ctx: PageContext, body: SafeHtml): SafeHtml {
  return ctx.lang === 'en' ? body : html`<div lang="en" data-i18n-missing>${body}</div>`;
}

/** Quick exit without JavaScript is an ordinary link; the client script upgrades it (location.replace). */
export function quickExitLink(ctx: PageContext): SafeHtml {
  return html`<a class="quick-exit" href="${ctx.quickExitUrl}" data-quick-exit rel="noreferrer"
    >${ctx.t.t('quickexit.label')}</a
  >`;
}

/**
 * The title a page gets. It stays in the browser history after quick exit, so in discreet mode it
 * is only the neutral name, and otherwise it never names a service.
 */
export function pageTitle(ctx: PageContext, key: MessageKey): string {
  return ctx.discreet ? ctx.discreetName : `${ctx.t.text(key)} · Harbour`;
}

function demoBanner(t: Translator): SafeHtml {
  return html`<p class="banner banner-demo" role="note" data-demo-banner>
    <strong>${t.t('shell.demo.title')}</strong> ${t.t('shell.demo.body')}
  </p>`;
}

/**
 * Shown by the service worker when it answers from the phone's copy: it removes `hidden`, sets
 * `data-saved-at` and fills in the time.
 */
function savedNote(t: Translator): SafeHtml {
  const [before = '', after = ''] = t.text('shell.saved', { time: '\u0000' }).split('\u0000');
  return html`<p class="banner banner-saved" role="status" data-saved-note hidden>
    ${before}<time data-saved-time></time>${after}
  </p>`;
}

function nav(t: Translator): SafeHtml {
  return html`<nav class="site-nav" aria-label="${t.text('shell.nav')}">
    <a href="/">${t.t('shell.nav.find')}</a>
    <a href="/learn">${t.t('shell.nav.learn')}</a>
    <a href="/overdose" class="nav-overdose">${t.t('shell.nav.overdose')}</a>
    <a href="/settings">${t.t('shell.nav.settings')}</a>
  </nav>`;
}

/** The choices a rendered page depends on (language, discreet mode, colours), as one short string. */
export function prefsKey(ctx: Pick<PageContext, 'lang' | 'discreet' | 'theme'>): string {
  return `${ctx.lang}.${ctx.discreet ? 'd' : 'n'}.${ctx.theme}`;
}

/** The one page layout. */
export function renderPage(ctx: PageContext, page: PageOptions): string {
  const { t } = ctx;
  const themeAttr = ctx.theme === 'system' ? null : ctx.theme;
  const manifest = ctx.discreet
    ? html`<link rel="manifest" href="/manifest-discreet.webmanifest" crossorigin="use-credentials" />`
    : html`<link rel="manifest" href="/manifest.webmanifest" />`;
  const htmlAttrs = [
    html`lang="${ctx.lang}"`,
    // What the saved pages depend on: when it changes, the client has the worker save them again.
    html`data-prefs="${prefsKey(ctx)}"`,
    themeAttr ? html`data-theme="${themeAttr}"` : null,
    ctx.saveData ? raw('data-save-data') : null,
  ]
    .filter((a) => a !== null)
    .join(' ');
  const document = html`<html ${raw(htmlAttrs)}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light dark" />
      <meta name="referrer" content="same-origin" />
      <meta name="description" content="${ctx.discreet ? ctx.discreetName : t.text('shell.home.heading')}" />
      <meta name="theme-color" content="${ctx.discreet ? '#5f6368' : '#0b5394'}" />
      <title>${pageTitle(ctx, page.title)}</title>
      <link rel="stylesheet" href="/assets/app.css" />
      <link rel="icon" href="${ctx.discreet ? '/assets/icon-discreet.svg' : '/assets/icon.svg'}" type="image/svg+xml" />
      ${manifest}
      <script type="module" src="/assets/app.js"></script>
    </head>
    <body>
      <a class="skip" href="#main">${t.t('shell.skip')}</a>
      <header class="site-header">
        <a class="brand" href="/">${ctx.discreet ? ctx.discreetName : 'Harbour'}</a>
        ${quickExitLink(ctx)}
      </header>
      ${nav(t)} ${ctx.demo ? demoBanner(t) : ''} ${savedNote(t)}
      <p
        class="banner banner-status"
        role="status"
        data-outbox-status
        data-sent-text="${t.text('feedback.sent_later')}"
        data-refused-text="${t.text('feedback.refused')}"
      ></p>
      <main class="${page.mainClass ?? ''}" id="main">${page.body}</main>
      <footer class="site-footer">
        <p>
          ${t.t('shell.footer.privacy', { name: ctx.discreet ? ctx.discreetName : 'Harbour' })}
          <a href="/hsds/">${t.t('shell.footer.data')}</a>
          <a href="/sign-in">${t.t('account.footer')}</a>
        </p>
        ${ctx.lang !== 'en' && t.machineDrafted ? html`<p data-machine-translation>${t.t('shell.machine_translation')}</p>` : ''}
      </footer>
    </body>
  </html>`;
  return `<!doctype html>\n${document.value}\n`;
}
