import { html, type SafeHtml } from '../web/html.ts';
import { csrfField, type PageContext } from '../web/layout.ts';
import { DETAIL_MAX } from './schema.ts';

/**
 * "Is something wrong here?" on every service page. Without JavaScript it is a plain form post;
 * with it, a report written offline waits on the phone and is sent later (see client/outbox.ts).
 */
export function renderFeedbackForm(ctx: PageContext, serviceId: string, reported: boolean): SafeHtml {
  const { t } = ctx;
  const kinds = [
    ['closed', t.t('feedback.kind.closed')],
    ['moved', t.t('feedback.kind.moved')],
    ['wrong_hours', t.t('feedback.kind.wrong_hours')],
    ['wrong_phone', t.t('feedback.kind.wrong_phone')],
    ['other', t.t('feedback.kind.other')],
  ] as const;
  return html`<section class="feedback" id="feedback" aria-labelledby="feedback-heading">
    <h2 id="feedback-heading">${t.t('feedback.heading')}</h2>
    ${reported ? html`<p class="banner" role="status" data-feedback-received>${t.t('feedback.thanks')}</p>` : ''}
    <form
      method="post"
      action="/services/${serviceId}/feedback"
      data-feedback-form
      data-thanks-text="${t.text('feedback.thanks')}"
      data-queued-text="${t.text('feedback.queued')}"
      data-sending-text="${t.text('feedback.sending')}"
    >
      ${csrfField(ctx.csrf)}
      <p>${t.t('feedback.intro')}</p>
      <fieldset class="field">
        <legend>${t.t('feedback.kind')}</legend>
        ${kinds.map(
          ([value, label]) =>
            html`<label class="check"><input type="radio" name="kind" value="${value}" required /> ${label}</label>`,
        )}
      </fieldset>
      <p class="field">
        <label for="feedback-detail">${t.t('feedback.detail')}</label>
        <textarea id="feedback-detail" name="detail" rows="3" maxlength="${DETAIL_MAX}"></textarea>
      </p>
      <button type="submit" class="secondary">${t.t('feedback.send')}</button>
      <p class="banner banner-status" role="status" data-feedback-status></p>
    </form>
  </section>`;
}
