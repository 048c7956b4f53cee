import { html, type SafeHtml } from './html.ts';

export type Theme = 'system' | 'light' | 'dark';

/** What every page knows about the person's choices and the site (from cookies and config). */
export interface PageContext {
  lang: string;
  theme: Theme;
  quickExitUrl: string;
  /** The database holds demonstration data: every page says so. */
  demo: boolean;
}

/**
 * The slots later features fill: quick exit (every member page), language and theme. Defaults
 * render a working quick-exit link and the current choices.
 */
export interface Slots {
  quickExit?: SafeHtml;
  language?: SafeHtml;
  theme?: SafeHtml;
}

export interface PageOptions {
  title: string;
  body: SafeHtml;
  slots?: Slots;
  /** Extra class on <main> for page-specific layout. */
  mainClass?: string;
}

/** Quick exit without JavaScript is an ordinary link; the client script upgrades it (location.replace). */
export function quickExitLink(url: string): SafeHtml {
  return html`<a class="quick-exit" href="${url}" data-quick-exit rel="noreferrer">Quick exit</a>`;
}

function demoBanner(): SafeHtml {
  return html`<p class="banner banner-demo" role="note" data-demo-banner>
    <strong>Demonstration data.</strong> The services on this site are invented for testing. Do not go to them.
  </p>`;
}

/** The one page layout. Titles stay in the browser history, so callers keep them neutral. */
export function renderPage(ctx: PageContext, page: PageOptions): string {
  const slots = page.slots ?? {};
  const themeAttr = ctx.theme === 'system' ? null : ctx.theme;
  const document = html`<html lang="${ctx.lang}" ${themeAttr ? html`data-theme="${themeAttr}"` : ''}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light dark" />
      <meta name="referrer" content="same-origin" />
      <title>${page.title}</title>
      <link rel="stylesheet" href="/assets/app.css" />
      <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
      <script type="module" src="/assets/app.js"></script>
    </head>
    <body>
      <header class="site-header">
        <a class="brand" href="/">Harbour</a>
        <nav class="site-nav" aria-label="Site">${slots.language ?? ''} ${slots.theme ?? ''}</nav>
        ${slots.quickExit ?? quickExitLink(ctx.quickExitUrl)}
      </header>
      ${ctx.demo ? demoBanner() : ''}
      <main class="${page.mainClass ?? ''}" id="main">${page.body}</main>
      <footer class="site-footer">
        <p>Harbour keeps no record of your searches. <a href="/hsds/">Open data (HSDS)</a></p>
      </footer>
    </body>
  </html>`;
  return `<!doctype html>\n${document.value}\n`;
}
