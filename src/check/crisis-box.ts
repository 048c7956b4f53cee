/** The crisis box: first on every self-check page, and beside PHQ-9 question 9 on paper. */
import type { EmergencyNumber } from '../config.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { Translator } from '../web/i18n.ts';
import { callButtons } from '../web/overdose.ts';

/** The numbers the crisis box offers: helplines to talk now, then emergency services. */
export interface CrisisNumbers {
  crisisNumbers: readonly EmergencyNumber[];
  emergencyNumbers: readonly EmergencyNumber[];
}

/** Talk now, emergency numbers, the overdose guide and services open now; always shown, never folded away. */
export function renderCrisisBox(t: Translator, numbers: CrisisNumbers): SafeHtml {
  return html`<section class="banner banner-alert guide" aria-labelledby="crisis-heading" data-crisis-box>
    <h2 id="crisis-heading">${t.t('check.crisis.heading')}</h2>
    <p>${t.t('check.crisis.talk')}</p>
    ${callButtons(t, numbers.crisisNumbers)}
    <p>${t.t('check.crisis.emergency')}</p>
    ${callButtons(t, numbers.emergencyNumbers)}
    <ul>
      <li><a href="/overdose">${t.t('check.crisis.overdose')}</a></li>
      <li><a href="/">${t.t('check.crisis.services')}</a></li>
    </ul>
  </section>`;
}
