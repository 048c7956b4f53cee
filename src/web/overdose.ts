import type { EmergencyNumber } from '../config.ts';
import { html, type SafeHtml } from './html.ts';
import type { Translator } from './i18n.ts';
import type { MessageKey } from './i18n/en.ts';

/** Harbour's own wording for the numbers it knows; other numbers use the operator's label. */
const KNOWN_NUMBERS: Record<string, MessageKey> = {
  '112': 'overdose.call.number_112',
  '10177': 'overdose.call.number_10177',
  '10111': 'overdose.call.number_10111',
};

function list(t: Translator, keys: MessageKey[], ordered = false): SafeHtml {
  const items = keys.map((key) => html`<li>${t.t(key)}</li>`);
  return ordered
    ? html`<ol>
        ${items}
      </ol>`
    : html`<ul>
        ${items}
      </ul>`;
}

/** Call buttons for `numbers`, first one first (the overdose guide and the self-check's crisis box). */
export function callButtons(t: Translator, numbers: readonly EmergencyNumber[]): SafeHtml {
  return html`<ul class="call-list">
    ${numbers.map((n) => {
      const key = KNOWN_NUMBERS[n.number.replace(/\s/g, '')];
      const label = n.label ?? (key ? t.text(key) : t.text('overdose.call.number_other'));
      return html`<li>
        <a class="call" href="tel:${n.number.replace(/\s/g, '')}"
          ><span class="call-number">${n.number}</span> <span class="call-label">${label}</span></a
        >
      </li>`;
    })}
  </ul>`;
}

/**
 * The overdose guide: one screen to read in a panic, every string from the catalogue (so every
 * language has all of it), call buttons first.
 */
export function renderOverdoseGuide(t: Translator, numbers: EmergencyNumber[]): SafeHtml {
  return html`<article class="guide" data-overdose-guide>
    <h1>${t.t('overdose.heading')}</h1>
    <p class="lead">${t.t('overdose.intro')}</p>
    <section aria-labelledby="od-call">
      <h2 id="od-call">${t.t('overdose.call.heading')}</h2>
      ${callButtons(t, numbers)}
      <p>${t.t('overdose.call.body')}</p>
    </section>
    <section aria-labelledby="od-signs">
      <h2 id="od-signs">${t.t('overdose.signs.heading')}</h2>
      <h3>${t.t('overdose.signs.opioid.heading')}</h3>
      ${list(t, ['overdose.signs.opioid.1', 'overdose.signs.opioid.2', 'overdose.signs.opioid.3', 'overdose.signs.opioid.4'])}
      <h3>${t.t('overdose.signs.stimulant.heading')}</h3>
      ${list(t, ['overdose.signs.stimulant.1', 'overdose.signs.stimulant.2', 'overdose.signs.stimulant.3', 'overdose.signs.stimulant.4'])}
      <p>${t.t('overdose.signs.stimulant.do')}</p>
      <h3>${t.t('overdose.signs.downer.heading')}</h3>
      ${list(t, ['overdose.signs.downer.1', 'overdose.signs.downer.2', 'overdose.signs.downer.3', 'overdose.signs.downer.4'])}
      <p class="banner banner-warning">${t.t('overdose.signs.mixed')}</p>
    </section>
    <section aria-labelledby="od-naloxone">
      <h2 id="od-naloxone">${t.t('overdose.naloxone.heading')}</h2>
      ${list(t, ['overdose.naloxone.1', 'overdose.naloxone.2', 'overdose.naloxone.3', 'overdose.naloxone.4', 'overdose.naloxone.5', 'overdose.naloxone.6', 'overdose.naloxone.7'], true)}
    </section>
    <section aria-labelledby="od-breathing">
      <h2 id="od-breathing">${t.t('overdose.breathing.heading')}</h2>
      ${list(t, ['overdose.breathing.1', 'overdose.breathing.2', 'overdose.breathing.3', 'overdose.breathing.4', 'overdose.breathing.5'], true)}
    </section>
    <section aria-labelledby="od-recovery">
      <h2 id="od-recovery">${t.t('overdose.recovery.heading')}</h2>
      <p>${t.t('overdose.recovery.body')}</p>
      ${list(t, ['overdose.recovery.1', 'overdose.recovery.2', 'overdose.recovery.3', 'overdose.recovery.4'], true)}
    </section>
    <section aria-labelledby="od-stay">
      <h2 id="od-stay">${t.t('overdose.stay.heading')}</h2>
      <p>${t.t('overdose.stay.body')}</p>
      <h3>${t.t('overdose.stay.dont.heading')}</h3>
      ${list(t, ['overdose.stay.dont.1', 'overdose.stay.dont.2', 'overdose.stay.dont.3', 'overdose.stay.dont.4'])}
    </section>
    <section aria-labelledby="od-police">
      <h2 id="od-police">${t.t('overdose.police.heading')}</h2>
      ${(['overdose.police.1', 'overdose.police.2', 'overdose.police.3', 'overdose.police.4'] as const).map(
        (key) => html`<p>${t.t(key)}</p>`,
      )}
    </section>
    <p class="hint" data-review-status="not_checked">${t.t('overdose.review')}</p>
    <p><a href="/learn/mixing-drugs">${t.t('overdose.learn_more')}</a></p>
  </article>`;
}
