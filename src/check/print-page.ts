/**
 * The printable self-scoring version of one instrument: the published wording with the points of
 * every answer, the scoring rule and what the bands can mean. Plain HTML that sends nothing.
 */
import {
  ASSIST_SUBSTANCE_TEXT,
  assistQuestionText,
  INSTRUMENTS,
  type InstrumentId,
  type Question,
  type ResponseOption,
} from '../instruments/index.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { Translator } from '../web/i18n.ts';
import { englishOnly, type PageContext } from '../web/layout.ts';
import { callButtons } from '../web/overdose.ts';
import type { CrisisNumbers } from './crisis-box.ts';
import { SCORING_RULES, type BandGroup } from './scoring-rules.ts';

/** Instruments whose printable version starts with a content warning and a way to skip it. */
const CONTENT_WARNING: ReadonlySet<InstrumentId> = new Set(['PC-PTSD-5']);

/** Published text keeps its line breaks (PC-PTSD-5's list of events). */
function lines(text: string): SafeHtml {
  return html`${text.split('\n').map((line, i) => html`${i > 0 ? html`<br />` : ''}${line}`)}`;
}

function points(t: Translator, option: ResponseOption, scored: boolean): SafeHtml | string {
  if (!scored || typeof option.value !== 'number') return '';
  const n = option.value;
  return html` — <strong>${t.t(n === 1 ? 'check.print.points_one' : 'check.print.points', { n })}</strong>`;
}

function options(t: Translator, question: Question, scored: boolean): SafeHtml {
  return html`<ul>
    ${question.options.map(
      (o) => html`<li>${o.mark ? html`<strong>${o.mark}</strong> ` : ''}${o.label}${points(t, o, scored)}</li>`,
    )}
  </ul>`;
}

function questionItem(t: Translator, question: Question, scored: boolean, after: SafeHtml | string = ''): SafeHtml {
  return html`<li data-question="${question.id}">
    ${question.lead ? html`<p><strong>${question.lead}</strong></p>` : ''}
    <p>${lines(question.text)}</p>
    ${options(t, question, scored)} ${scored ? '' : html`<p class="hint">${t.t('check.print.not_scored')}</p>`} ${after}
  </li>`;
}

/** PHQ-9 question 9: any answer above 0 means call now, so the numbers sit right beside it. */
function item9Note(t: Translator, numbers: CrisisNumbers): SafeHtml {
  return html`<div class="banner banner-alert" data-item9-crisis>
    <p><strong>${t.t('check.print.item9')}</strong></p>
    ${callButtons(t, numbers.crisisNumbers)} ${callButtons(t, numbers.emergencyNumbers)}
  </div>`;
}

/** ASSIST asks Q2–Q7 once per substance: each class's question shows the local names first. */
function assistQuestions(t: Translator): SafeHtml {
  const [q1, ...rest] = INSTRUMENTS.ASSIST.text.questions;
  const unscored = SCORING_RULES.ASSIST.unscored ?? [];
  return html`<ol>
    <li data-question="1">
      <p>${q1!.text}</p>
      <ul>
        ${ASSIST_SUBSTANCE_TEXT.map((s) => html`<li>${s.code}. ${s.label}: ${q1!.options.map((o) => o.label).join(' / ')}</li>`)}
      </ul>
    </li>
    ${rest.map((question) => {
      const n = Number(question.id);
      if (n < 2 || n > 7) return questionItem(t, question, !unscored.includes(question.id));
      const q = n as 2 | 3 | 4 | 5 | 6 | 7;
      return html`<li data-question="${question.id}">
        <ul>
          ${ASSIST_SUBSTANCE_TEXT.filter((s) => !(q === 5 && s.key === 'tobacco')).map(
            (s) => html`<li>${s.code}. ${assistQuestionText(q, s.key)}</li>`,
          )}
        </ul>
        ${options(t, question, true)}
      </li>`;
    })}
  </ol>`;
}

function questionList(t: Translator, id: InstrumentId, numbers: CrisisNumbers): SafeHtml {
  if (id === 'ASSIST') return assistQuestions(t);
  const { questions, unscored = [] } = INSTRUMENTS[id].text;
  const skip = SCORING_RULES[id].unscored ?? [];
  return html`<ol>
      ${questions.map((q) =>
        questionItem(t, q, !skip.includes(q.id), id === 'PHQ-9' && q.id === '9' ? item9Note(t, numbers) : ''),
      )}
    </ol>
    ${
      unscored.length > 0
        ? html`<ul>
            ${unscored.map((q) => questionItem(t, q, false))}
          </ul>`
        : ''
    }`;
}

function bandTables(t: Translator, groups: readonly BandGroup[]): SafeHtml {
  return html`${groups.map(
    (g) =>
      html`${g.heading ? html`<h3>${g.heading}</h3>` : ''}
        <table data-bands>
          <tbody>
            ${g.bands.map(
              (b) =>
                html`<tr>
                  <td>
                    ${b.to === null ? t.t('check.print.from', { from: b.from }) : t.t('check.print.range', { from: b.from, to: b.to })}
                  </td>
                  <th scope="row">${b.label}</th>
                  <td>${b.meaning}</td>
                </tr>`,
            )}
          </tbody>
        </table>`,
  )}`;
}

function contentWarning(t: Translator): SafeHtml {
  return html`<div class="banner banner-warning" role="note" data-content-warning>
    <h2>${t.t('check.print.warning.heading')}</h2>
    <p>${t.t('check.print.warning.body')}</p>
    <p class="no-print"><a href="/check">${t.t('check.print.warning.skip')}</a></p>
  </div>`;
}

/** The printable version of `id`; the instrument's wording is English, marked so on other pages. */
export function renderPrintable(ctx: PageContext, id: InstrumentId, numbers: CrisisNumbers): SafeHtml {
  const { t } = ctx;
  const instrument = INSTRUMENTS[id];
  const rule = SCORING_RULES[id];
  const { text } = instrument;
  return html`<article data-printable="${id}">
    ${CONTENT_WARNING.has(id) ? contentWarning(t) : ''}
    <p class="no-print"><a href="/check">${t.t('check.print.back')}</a></p>
    <p class="hint">${t.t('check.print.sends_nothing')}</p>
    ${englishOnly(
      ctx,
      html`<h1>${text.title}</h1>
        <p><strong>${t.t('check.print.credit')}:</strong> ${instrument.credit}</p>
        <p><strong>${t.t('check.print.licence')}:</strong> ${instrument.licence}</p>
        <h2>${t.t('check.print.questions')}</h2>
        ${text.intro.map((p) => html`<p>${p}</p>`)} ${text.ownIntro ? html`<p>${text.ownIntro}</p>` : ''}
        ${questionList(t, id, numbers)}
        <h2>${t.t('check.print.scoring')}</h2>
        ${rule.how.map((p) => html`<p>${p}</p>`)}
        ${
          rule.groups.length > 0
            ? html`<h2>${t.t('check.print.meaning')}</h2>
                ${bandTables(t, rule.groups)}`
            : ''
        }`,
    )}
    <p><strong>${t.t('check.print.not_diagnosis')}</strong></p>
  </article>`;
}
