/** The self-check's front page as the server renders it: what works without JavaScript. */
import { CATEGORIES } from '../directory/taxonomies.ts';
import { INSTRUMENTS, type InstrumentId } from '../instruments/index.ts';
import { html, raw, type SafeHtml } from '../web/html.ts';
import { en, type MessageKey } from '../web/i18n/en.ts';
import type { PageContext } from '../web/layout.ts';
import { renderCrisisBox, type CrisisNumbers } from './crisis-box.ts';

/** The interface strings the island needs, in the page's language (English where none exists yet). */
const APP_KEYS = (Object.keys(en) as MessageKey[]).filter((k) => k.startsWith('check.app.'));
/** They never change while the server runs: made once per language, not on every request. */
const appStrings = new Map<string, Record<string, string>>();
const CATEGORY_IDS = Object.fromEntries(CATEGORIES.terms.map((term) => [term.code, term.id]));

function stringsFor(ctx: PageContext): Record<string, string> {
  let strings = appStrings.get(ctx.lang);
  if (!strings) {
    strings = Object.fromEntries(APP_KEYS.map((k) => [k, ctx.t.text(k)]));
    appStrings.set(ctx.lang, strings);
  }
  return strings;
}

/**
 * What the island (src/check/client) reads from the page: the enabled instruments, its strings, the
 * service categories its searches may ask for, and the form token. JSON inside a script element,
 * with `<` escaped so no string can close it.
 */
function islandConfig(ctx: PageContext, instruments: readonly InstrumentId[]): SafeHtml {
  const config = {
    lang: ctx.lang,
    instruments,
    strings: stringsFor(ctx),
    categories: CATEGORY_IDS,
    csrf: ctx.csrf,
  };
  return raw(`<script type="application/json" id="check-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>`);
}

/**
 * Crisis box first, then what the self-check is and that it sends nothing; the island fills
 * `data-check-app` (hidden until it runs). Without JavaScript, the notice and the printable versions.
 */
export function renderCheckFront(ctx: PageContext, numbers: CrisisNumbers, printable: readonly InstrumentId[]): SafeHtml {
  const { t } = ctx;
  return html`${renderCrisisBox(t, numbers)}
    <h1>${t.t('check.heading')}</h1>
    <p class="lead">${t.t('check.intro')}</p>
    <p>${t.t('check.private')}</p>
    <p>${t.t('check.not_diagnosis')}</p>
    <p class="banner banner-warning" data-no-script>${t.t('check.no_script')}</p>
    <div class="check-app" data-check-app hidden></div>
    ${islandConfig(ctx, printable)}
    <script type="module" src="/assets/check.js"></script>
    <h2>${t.t('check.printable.heading')}</h2>
    ${
      printable.length === 0
        ? html`<p>${t.t('check.printable.none')}</p>`
        : html`<ul data-printable-list>
            ${printable.map((id) => html`<li><a href="/check/print/${id}" lang="en">${INSTRUMENTS[id].text.title}</a></li>`)}
          </ul>`
    }`;
}
