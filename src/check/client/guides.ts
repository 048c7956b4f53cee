/**
 * What the self-check offers after a result or a stage: next steps that fit the stage, the safer
 * injecting guide after ASSIST question 8, and the service searches she can tap. A search carries the
 * place and the kind of service and nothing else, and is marked so the phone keeps no copy of it.
 */
import { roundCoordinate } from '../../shared/geo.ts';
import { h, PRIVATE_TEXT, uid, type Child } from './dom.ts';
import type { AppKey, Change, CheckConfig, Say } from './journey.ts';
import type { Outcome } from './plans.ts';

/** The kind of service that helps with each change, and what to read. */
const SERVICE_FOR: Record<Change, string> = {
  substance: 'drop_in',
  injecting: 'needle_syringe_programme',
  alone: 'naloxone',
  condoms: 'sti_care',
  other: 'drop_in',
};
const READING: Record<Change, [AppKey, string][]> = {
  substance: [
    ['check.app.read.safer_use', '/learn/mixing-drugs'],
    ['check.app.read.overdose', '/overdose'],
  ],
  injecting: [
    ['check.app.read.safer_injecting', '/learn/safer-injecting'],
    ['check.app.read.overdose', '/overdose'],
  ],
  alone: [['check.app.read.overdose', '/overdose']],
  condoms: [['check.app.read.safer_sex', '/learn/safer-sex']],
  other: [
    ['check.app.read.safer_use', '/learn'],
    ['check.app.read.overdose', '/overdose'],
  ],
};

export function makeGuides(
  config: CheckConfig,
  say: Say,
): { injecting: (found: Outcome['injecting']) => Child; nextSteps: (stage: string, chosen: Change) => Child } {
  /**
   * ASSIST question 8: 1 or 2 → safer injecting; 2 → also the risks of injecting (ASSIST's brief
   * intervention), more support when she injects more than weekly or 3 days in a row (its "further
   * assessment"), and the nearest needle and syringe programme.
   */
  function injecting(found: Outcome['injecting']): Child {
    if (!found?.advice) return null;
    const { q8, advice } = found;
    return h(
      'section',
      { class: 'guide', 'data-injecting': q8, 'data-advice': advice },
      h('h3', null, say('check.app.injecting.heading')),
      h('p', null, say('check.app.injecting.body')),
      advice === 'safer_injecting' ? null : h('p', null, say('check.app.injecting.risks')),
      advice === 'further_assessment' ? h('p', { 'data-more-support': '' }, say('check.app.injecting.more_support')) : null,
      h('p', null, h('a', { href: '/learn/safer-injecting' }, say('check.app.read.safer_injecting'))),
      q8 === 2
        ? [
            h('p', null, say('check.app.injecting.nsp')),
            searchForm(say('check.app.search.nsp_heading'), 'needle_syringe_programme'),
          ]
        : null,
    );
  }

  /** A search form for one kind of service: posted only when she taps, carrying no answer or score. */
  function searchForm(heading: string, category: string): HTMLElement {
    const near = uid('near');
    const lat = h('input', { type: 'hidden', name: 'lat' });
    const lng = h('input', { type: 'hidden', name: 'lng' });
    const status = h('p', { role: 'status' });
    const form = h(
      'form',
      { method: 'post', action: '/search', 'data-check-search': category },
      h('input', { type: 'hidden', name: '_csrf', value: config.csrf }),
      h('input', { type: 'hidden', name: 'taxonomy_term_id', value: config.categories[category] ?? '' }),
      // The phone keeps no copy of it (sw.ts), nor of the searches that follow from its results.
      h('input', { type: 'hidden', name: 'keep', value: 'no' }),
      lat,
      lng,
      h(
        'p',
        { class: 'field' },
        h('label', { for: near }, say('check.app.search.place')),
        h('input', { id: near, type: 'text', name: 'near_text', ...PRIVATE_TEXT }),
      ),
      h(
        'p',
        { class: 'actions' },
        'geolocation' in navigator
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () =>
                  navigator.geolocation.getCurrentPosition(
                    (pos) => {
                      // Rounded to about 100 m before it leaves the phone, as on the search page.
                      lat.value = String(roundCoordinate(pos.coords.latitude));
                      lng.value = String(roundCoordinate(pos.coords.longitude));
                      form.submit();
                    },
                    () => void (status.textContent = say('check.app.search.no_location')),
                    { enableHighAccuracy: false, maximumAge: 300_000, timeout: 15_000 },
                  ),
              },
              say('check.app.search.location'),
            )
          : null,
        ' ',
        h('button', { type: 'submit', class: 'primary' }, say('check.app.search.submit')),
      ),
      status,
      h('p', { class: 'hint' }, say('check.app.search.private'), ' ', say('check.app.search.leaves')),
    );
    return h('section', { class: 'check-search' }, h('h3', null, heading), form);
  }

  /** Free-text boxes that live only on this page (pros and cons, a plan): never kept, never sent. */
  function scratch(keys: AppKey[]): HTMLElement {
    return h(
      'div',
      { class: 'scratch', 'data-scratch': true },
      keys.map((key) => {
        const id = uid('scratch');
        return h('p', { class: 'field' }, h('label', { for: id }, say(key)), h('textarea', { id, rows: 2, ...PRIVATE_TEXT }));
      }),
    );
  }

  function nextSteps(stage: string, chosen: Change): Child {
    const reading = h(
      'ul',
      null,
      READING[chosen].map(([key, href]) => h('li', null, h('a', { href }, say(key)))),
      h('li', null, h('a', { href: '/learn/stages-of-change' }, say('check.app.read.stages'))),
    );
    const lapse = [h('h3', null, say('check.app.lapse.heading')), h('p', { 'data-lapse': true }, say('check.app.lapse.body'))];
    const parts: Record<string, Child> = {
      precontemplation: reading,
      contemplation: [
        scratch(['check.app.pros.now_good', 'check.app.pros.now_bad', 'check.app.pros.change_good', 'check.app.pros.change_bad']),
        reading,
      ],
      preparation: [
        scratch(['check.app.plan.first', 'check.app.plan.when', 'check.app.plan.who', 'check.app.plan.hard']),
        searchForm(say('check.app.search.heading'), SERVICE_FOR[chosen]),
        reading,
      ],
      action: [searchForm(say('check.app.search.support_heading'), 'support_group'), lapse, reading],
      maintenance: [searchForm(say('check.app.search.support_heading'), 'support_group'), lapse, reading],
    };
    return h(
      'section',
      { 'data-next-steps': stage },
      h('h3', null, say('check.app.next.heading')),
      h('p', null, say(`check.app.next.${stage}` as AppKey)),
      parts[stage] ?? null,
    );
  }

  return { injecting, nextSteps };
}
