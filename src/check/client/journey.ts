/**
 * The self-check journey on the phone: what she might change → where she is with it (Stage) →
 * next steps that fit → optional questionnaires, one question at a time → results in plain words.
 * Nothing here sends anything: the only requests are the searches she taps, which carry the place
 * and the kind of service and nothing else.
 */
import {
  ASSIST_SUBSTANCE_TEXT,
  ASSIST_SUBSTANCES,
  INSTRUMENTS,
  type AssistResult,
  type InstrumentId,
} from '../../instruments/index.ts';
import type { MessageKey } from '../../web/i18n/en.ts';
import { SCORING_RULES, type ScoreBand } from '../scoring-rules.ts';
import { focusHeading, h, PRIVATE_TEXT, show, uid, type Child } from './dom.ts';
import { makeGuides } from './guides.ts';
import {
  makePlan,
  offeredPlans,
  today,
  type Answer,
  type Outcome,
  type Plan,
  type PlanId,
  type Step,
  type Summary,
} from './plans.ts';

export type AppKey = Extract<MessageKey, `check.app.${string}`>;
export type Say = (key: AppKey, vars?: Record<string, string | number>) => string;

/** What the page gives the island (`#check-config`). */
export interface CheckConfig {
  lang: string;
  /** Enabled instruments with a validated text for this page. */
  instruments: InstrumentId[];
  strings: Partial<Record<AppKey, string>>;
  /** Service category code → taxonomy term id, for the searches. */
  categories: Record<string, string>;
  csrf: string;
}

export const CHANGES = ['substance', 'injecting', 'alone', 'condoms', 'other'] as const;
export type Change = (typeof CHANGES)[number];

/** The band a total falls in (group 0, or ASSIST's alcohol/other groups). */
export function bandFor(id: InstrumentId, total: number, group = 0): ScoreBand | undefined {
  return SCORING_RULES[id].groups[group]?.bands.find((b) => total >= b.from && (b.to === null || total <= b.to));
}

/** One result in a line, for the history list. */
export function describeSummary(summary: Summary, say: Say): string {
  if (summary.stage) return say(`check.app.stage.${summary.stage}` as AppKey);
  if (summary.risks) {
    const used = ASSIST_SUBSTANCES.filter((s) => summary.risks?.[s]);
    if (used.length === 0) return say('check.app.result.no_substance');
    return used
      .map((s) => {
        const name = ASSIST_SUBSTANCE_TEXT.find((t) => t.key === s)!.name;
        const band = SCORING_RULES.ASSIST.groups[s === 'alcohol' ? 0 : 1]!.bands.find((b) => b.code === summary.risks?.[s]);
        return `${name}: ${band?.label ?? summary.risks?.[s]}`;
      })
      .join('; ');
  }
  if (summary.scales) return say('check.app.result.scales', summary.scales);
  const band = summary.total === undefined ? undefined : bandFor(summary.id, summary.total);
  return [band?.label ?? summary.band, summary.total === undefined ? null : `(${summary.total})`].filter(Boolean).join(' ');
}

export interface JourneyHooks {
  /** A result was scored: keep its summary (in the tab, and on the phone when unlocked). */
  onResult(summary: Summary): void;
  /** The crisis box the server rendered at the top of the page, copied into the crisis step. */
  crisisBox: Element | null;
}

/** Runs the journey inside `root`; `restart` clears it back to the first question (on lock). */
export function startJourney(root: HTMLElement, config: CheckConfig, say: Say, hooks: JourneyHooks): { restart(): void } {
  const english = config.lang === 'en' ? null : 'en';
  const enabled = config.instruments;
  let change: Change | null = null;
  let lastStage: string | null = null;
  // The first screen takes no focus: the crisis box and the heading above it come first.
  let moveFocus = false;

  const step = (...children: Child[]): void => {
    show(root, h('section', { class: 'check-step', 'data-step': true }, ...children));
    if (moveFocus) focusHeading(root);
    moveFocus = true;
  };
  const backButton = (): HTMLButtonElement =>
    h('button', { type: 'button', class: 'secondary', onclick: () => menu(), 'data-back': true }, say('check.app.back'));
  const lines = (text: string): Child[] => text.split('\n').map((line, i) => [i > 0 ? h('br') : null, line]);
  const { injecting, nextSteps } = makeGuides(config, say);

  function start(): void {
    const problem = h('p', { class: 'problem', role: 'alert', 'data-problem': true });
    const form = h(
      'form',
      {
        onsubmit: (event) => {
          event.preventDefault();
          const chosen = new FormData(form).get('change');
          if (typeof chosen !== 'string') return void (problem.textContent = say('check.app.choose'));
          change = chosen as Change;
          run('Stage');
        },
      },
      h(
        'fieldset',
        null,
        h('legend', null, say('check.app.change.question')),
        h('p', { class: 'hint' }, say('check.app.change.hint')),
        CHANGES.map((c) =>
          h(
            'label',
            { class: 'check' },
            h('input', { type: 'radio', name: 'change', value: c, 'data-change': c }),
            ' ',
            say(`check.app.change.${c}`),
          ),
        ),
      ),
      problem,
      h('button', { type: 'submit', class: 'primary' }, say('check.app.next')),
    );
    step(h('h2', null, say('check.app.heading')), form);
  }

  function title(plan: Plan): string {
    return plan.id === 'Stage' ? say('check.app.stage.heading') : say(`check.app.menu.${plan.id}` as AppKey);
  }

  function about(id: InstrumentId): HTMLElement {
    const def = INSTRUMENTS[id];
    return h(
      'details',
      { class: 'about' },
      h('summary', null, say('check.app.about')),
      h('p', { lang: english }, say('check.app.credit', { credit: def.credit })),
      h('p', { lang: english }, say('check.app.licence', { licence: def.licence })),
    );
  }

  function run(id: PlanId): void {
    const plan = makePlan(id, enabled, {
      tickAll: say('check.app.assist.tick_all'),
      patternWeekly: say('check.app.assist.weekly'),
      patternDays: say('check.app.assist.days'),
      yes: say('check.app.yes'),
      no: say('check.app.no'),
    });
    const answers = new Map<string, Answer>();
    if (id === 'PC-PTSD-5') return warning(() => ask(plan, answers, 1));
    ask(plan, answers, 1);
  }

  /** PC-PTSD-5's content warning, with the skip beside "go on". */
  function warning(goOn: () => void): void {
    step(
      h('h2', null, say('check.app.warning.heading')),
      h('p', null, say('check.app.warning.body')),
      h(
        'p',
        { class: 'actions' },
        h('button', { type: 'button', onclick: goOn, 'data-go-on': true }, say('check.app.warning.go_on')),
        ' ',
        skipButton(),
      ),
    );
  }
  const skipButton = (): HTMLButtonElement =>
    h('button', { type: 'button', class: 'secondary', onclick: () => menu(), 'data-skip': true }, say('check.app.warning.skip'));

  /** The staging question and ruler are Harbour's own wording: shown in the page's language. */
  function localize(q: Step): Step {
    if (q.key === 'changed') {
      const labels: Record<string, AppKey> = {
        no: 'check.app.stage.changed_no',
        under_6_months: 'check.app.stage.changed_recent',
        '6_months_or_more': 'check.app.stage.changed_long',
      };
      return {
        ...q,
        text: say('check.app.stage.changed'),
        options: q.options.map((o) => ({ ...o, label: say(labels[o.value]!) })),
      };
    }
    if (q.key === 'ruler') {
      const label = (n: number): string =>
        n === 0 ? say('check.app.stage.ruler_low', { n }) : n === 10 ? say('check.app.stage.ruler_high', { n }) : String(n);
      return {
        ...q,
        text: say('check.app.stage.ruler'),
        options: q.options.map((o) => ({ ...o, label: label(Number(o.value)) })),
      };
    }
    return q;
  }

  function ask(plan: Plan, answers: Map<string, Answer>, n: number): void {
    const found = plan.next(answers);
    const next = found && plan.id === 'Stage' ? localize(found) : found;
    if (!next) return finish(plan, answers);
    const def = INSTRUMENTS[plan.shows];
    const problem = h('p', { class: 'problem', role: 'alert', 'data-problem': true });
    const form = h(
      'form',
      {
        onsubmit: (event) => {
          event.preventDefault();
          const value = readAnswer(form, next);
          if (value === null) return void (problem.textContent = say('check.app.choose'));
          answers.set(next.key, value);
          const named = form.querySelector<HTMLInputElement>('[data-specify]')?.value.trim();
          if (named && Array.isArray(value) && value.includes(next.specify)) answers.set(`${next.key}:specify`, named);
          else answers.delete(`${next.key}:specify`);
          if (plan.crisis(next.key, value)) return crisis(() => ask(plan, answers, n + 1));
          ask(plan, answers, n + 1);
        },
      },
      questionFields(next),
      problem,
      h('button', { type: 'submit', class: 'primary', 'data-next': true }, say('check.app.next')),
    );
    step(
      h('h2', null, title(plan)),
      plan.id === 'PC-PTSD-5' ? h('p', { class: 'skip-bar' }, skipButton()) : null,
      change && plan.id === 'Stage'
        ? h('p', null, say('check.app.your_change', { change: say(`check.app.change.${change}`) }))
        : null,
      english && plan.id !== 'Stage' && n === 1 ? h('p', { class: 'hint' }, say('check.app.english_only')) : null,
      n === 1 ? def.text.intro.map((p) => h('p', { lang: english }, p)) : null,
      h('p', { class: 'hint' }, say('check.app.question_of', { n })),
      form,
      plan.id === 'Stage' ? null : h('p', { class: 'actions' }, backButton()),
      plan.id === 'Stage' ? null : about(plan.shows),
    );
  }

  function questionFields(q: Step): HTMLElement {
    const name = uid('q');
    const lang = q.own ? null : english;
    return h(
      'fieldset',
      { 'data-question': q.key },
      h('legend', { lang }, ...(q.lead && !q.multi ? [q.lead, ' '] : []), ...lines(q.text)),
      q.multi ? h('p', { class: 'hint' }, q.lead ?? '') : null,
      q.options.map((o, i) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: q.multi ? 'checkbox' : 'radio',
            name,
            value: String(o.value),
            'data-option': i,
          }),
          ' ',
          h('span', { lang }, o.mark ? `${o.mark} ` : '', o.label),
        ),
      ),
      q.specify ? specifyField() : null,
    );
  }

  /** The box to name "Other" in her own words: used only to word the next questions, on this phone. */
  function specifyField(): HTMLElement {
    const id = uid('specify');
    return h(
      'p',
      { class: 'field' },
      h('label', { for: id }, say('check.app.assist.specify')),
      h('input', { id, type: 'text', maxlength: 60, ...PRIVATE_TEXT, 'data-specify': true }),
    );
  }

  /** The chosen option's own value (a number where the instrument's values are numbers). */
  function readAnswer(form: HTMLFormElement, q: Step): Answer | null {
    const inputs = [...form.querySelectorAll<HTMLInputElement>('input[data-option]')];
    if (q.multi) return inputs.filter((i) => i.checked).map((i) => q.options[Number(i.dataset.option)]!.value as string);
    const chosen = inputs.find((i) => i.checked);
    return chosen ? q.options[Number(chosen.dataset.option)]!.value : null;
  }

  /** A copy of the page's crisis box without its ids; its heading kept as a smaller one, or left out. */
  function crisisCopy(keepHeading: boolean): HTMLElement | null {
    const box = hooks.crisisBox;
    if (!(box instanceof HTMLElement)) return null;
    const copy = box.cloneNode(true) as HTMLElement;
    copy.removeAttribute('aria-labelledby');
    copy.removeAttribute('data-crisis-box');
    const heading = copy.querySelector('h2');
    if (heading && keepHeading) heading.replaceWith(h('h3', null, heading.textContent ?? ''));
    else heading?.remove();
    return copy;
  }

  /** PHQ-9 question 9 above 0: the ways to talk now, before anything else and before any score. */
  function crisis(then: () => void): void {
    step(
      h('h2', { 'data-crisis-step': true }, say('check.app.crisis.heading')),
      h('p', null, say('check.app.crisis.body')),
      crisisCopy(false),
      h('button', { type: 'button', class: 'secondary', onclick: then, 'data-continue': true }, say('check.app.crisis.continue')),
    );
  }

  function finish(plan: Plan, answers: Map<string, Answer>): void {
    const outcome = plan.finish(answers, today());
    hooks.onResult(outcome.summary);
    if (plan.id === 'Stage') {
      lastStage = outcome.summary.stage ?? null;
      return menu();
    }
    result(plan, outcome, answers.get('9'));
  }

  function result(plan: Plan, outcome: Outcome, item9: Answer | undefined): void {
    const crisisAgain = plan.id === 'mood' && typeof item9 === 'number' && item9 > 0;
    step(
      h('h2', null, title(plan)),
      crisisAgain ? crisisCopy(true) : null,
      h('div', { 'data-result': outcome.id }, resultBody(outcome)),
      h('p', null, say('check.app.result.not_diagnosis')),
      injecting(outcome.injecting),
      h('p', { class: 'actions' }, backButton()),
      about(outcome.id),
    );
  }

  function resultBody(outcome: Outcome): Child {
    const summary = outcome.summary;
    if (outcome.id === 'ASSIST') {
      const risk = (outcome.result as AssistResult).risk;
      const used = ASSIST_SUBSTANCE_TEXT.filter((s) => risk[s.key] !== null);
      if (used.length === 0) return h('p', null, say('check.app.result.no_substance'));
      return h(
        'ul',
        { lang: english },
        used.map((s) => {
          const score = (outcome.result as AssistResult).scores[s.key] ?? 0;
          const band = bandFor('ASSIST', score, s.key === 'alcohol' ? 0 : 1);
          return h(
            'li',
            { 'data-substance': s.key },
            h('strong', null, `${s.name}: ${band?.label ?? ''}`),
            ` (${score}). `,
            band?.meaning ?? '',
          );
        }),
      );
    }
    if (summary.scales) return h('p', null, say('check.app.result.scales', summary.scales));
    if (summary.total === undefined) return null;
    const bands = SCORING_RULES[outcome.id].groups[0]!.bands;
    const band = bandFor(outcome.id, summary.total);
    return [
      h('p', { class: 'result-band', 'data-band': band?.code ?? '' }, h('strong', { lang: english }, band?.label ?? '')),
      h('p', { lang: english }, band?.meaning ?? ''),
      h(
        'p',
        null,
        say('check.app.result.total', { total: summary.total, from: bands[0]!.from, to: bands[bands.length - 1]!.to ?? '' }),
      ),
    ];
  }

  /** Where she is, what could help, and the optional questionnaires. */
  function menu(): void {
    if (!lastStage || !change) return start();
    const plans = offeredPlans(enabled);
    step(
      h('h2', null, say('check.app.stage.heading')),
      h('p', null, say('check.app.your_change', { change: say(`check.app.change.${change}`) })),
      h('p', { class: 'result-band', 'data-stage': lastStage }, h('strong', null, say(`check.app.stage.${lastStage}` as AppKey))),
      nextSteps(lastStage, change),
      plans.length === 0
        ? null
        : [
            h('h3', null, say('check.app.menu.heading')),
            h('p', { class: 'hint' }, say('check.app.menu.hint')),
            h(
              'ul',
              { class: 'check-menu' },
              plans.map((id) =>
                h(
                  'li',
                  null,
                  h(
                    'button',
                    { type: 'button', class: 'secondary', 'data-plan': id, onclick: () => run(id) },
                    say(`check.app.menu.${id}` as AppKey),
                  ),
                ),
              ),
            ),
          ],
      h(
        'p',
        null,
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => start(), 'data-restart': true },
          say('check.app.menu.restart'),
        ),
      ),
    );
  }

  start();
  return {
    restart: () => {
      change = null;
      lastStage = null;
      moveFocus = false;
      start();
    },
  };
}
