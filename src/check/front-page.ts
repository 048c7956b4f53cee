/** The self-check's front page as the server renders it: what works without JavaScript. */
import { INSTRUMENTS, type InstrumentId } from '../instruments/index.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';
import { renderCrisisBox, type CrisisNumbers } from './crisis-box.ts';

/** Crisis box first, then what the self-check is, that it sends nothing, and the printable versions. */
export function renderCheckFront(ctx: PageContext, numbers: CrisisNumbers, printable: readonly InstrumentId[]): SafeHtml {
  const { t } = ctx;
  return html`${renderCrisisBox(t, numbers)}
    <h1>${t.t('check.heading')}</h1>
    <p class="lead">${t.t('check.intro')}</p>
    <p>${t.t('check.private')}</p>
    <p>${t.t('check.not_diagnosis')}</p>
    <p class="banner banner-warning" data-no-script>${t.t('check.no_script')}</p>
    <h2>${t.t('check.printable.heading')}</h2>
    ${
      printable.length === 0
        ? html`<p>${t.t('check.printable.none')}</p>`
        : html`<ul data-printable-list>
            ${printable.map((id) => html`<li><a href="/check/print/${id}" lang="en">${INSTRUMENTS[id].text.title}</a></li>`)}
          </ul>`
    }`;
}
