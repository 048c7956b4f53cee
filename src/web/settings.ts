import { Type, type Static } from '@sinclair/typebox';
import { html, type SafeHtml } from './html.ts';
import { LANGUAGES } from './i18n.ts';
import { csrfField, type PageContext } from './layout.ts';

/** The settings form as a browser posts it. */
export const SettingsForm = Type.Object(
  {
    lang: Type.Optional(Type.Union(LANGUAGES.map((l) => Type.Literal(l.code)))),
    theme: Type.Optional(Type.Union([Type.Literal('system'), Type.Literal('light'), Type.Literal('dark')])),
    discreet: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
  },
  { additionalProperties: false },
);
export type SettingsForm = Static<typeof SettingsForm>;

function radio(name: string, value: string, checked: boolean, label: SafeHtml | string): SafeHtml {
  return html`<label class="check"
    ><input type="radio" name="${name}" value="${value}" ${checked ? html`checked` : ''} /> ${label}</label
  >`;
}

/** `/settings`: language, colours, discreet mode, and removing Harbour from the phone. Works without JavaScript. */
export function renderSettings(ctx: PageContext, saved: boolean): SafeHtml {
  const { t } = ctx;
  return html`<h1>${t.t('settings.heading')}</h1>
    ${saved ? html`<p class="banner" role="status" data-settings-saved>${t.t('settings.saved')}</p>` : ''}
    <form method="post" action="/settings" class="settings" data-settings-form>
      ${csrfField(ctx.csrf)}
      <fieldset class="field" id="language">
        <legend>${t.t('settings.language')}</legend>
        ${LANGUAGES.map((l) => radio('lang', l.code, ctx.lang === l.code, html`<span lang="${l.code}">${l.name}</span>`))}
      </fieldset>
      <fieldset class="field">
        <legend>${t.t('settings.theme')}</legend>
        ${radio('theme', 'system', ctx.theme === 'system', t.t('settings.theme.system'))}
        ${radio('theme', 'light', ctx.theme === 'light', t.t('settings.theme.light'))}
        ${radio('theme', 'dark', ctx.theme === 'dark', t.t('settings.theme.dark'))}
      </fieldset>
      <fieldset class="field" id="discreet">
        <legend>${t.t('discreet.heading')}</legend>
        <p>${t.t('discreet.explain', { name: ctx.discreetName })}</p>
        <p class="hint">${t.t('discreet.before_install')}</p>
        ${radio('discreet', '1', ctx.discreet, t.t('discreet.on'))} ${radio('discreet', '0', !ctx.discreet, t.t('discreet.off'))}
      </fieldset>
      <p class="hint">${t.t('settings.cookies')}</p>
      <button type="submit" class="primary">${t.t('settings.save')}</button>
    </form>
    <section aria-labelledby="quick-exit-help" id="quick-exit">
      <h2 id="quick-exit-help">${t.t('quickexit.help.heading')}</h2>
      <p>${t.t('quickexit.help.what')}</p>
      <p>${t.t('quickexit.help.limits')}</p>
      <p>${t.t('quickexit.help.private')}</p>
    </section>
    <section aria-labelledby="remove-heading" id="remove">
      <h2 id="remove-heading">${t.t('settings.remove.heading')}</h2>
      <p>${t.t('settings.remove.explain')}</p>
      <form method="post" action="/settings/remove" data-remove-form>
        ${csrfField(ctx.csrf)}
        <button type="submit" class="danger" data-remove>${t.t('settings.remove.button')}</button>
      </form>
      <p class="hint">${t.t('settings.https')}</p>
    </section>`;
}

/**
 * The page after removal: a bare document that loads nothing (no stylesheet, script, icon or
 * manifest), so nothing of Harbour is fetched, and so cached, again after the browser cleared it.
 * Its title is neutral: it stays in the history.
 */
export function renderRemovedDocument(ctx: PageContext): string {
  const { t } = ctx;
  const document = html`<html lang="${ctx.lang}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <link rel="icon" href="data:," />
      <title>${ctx.discreetName}</title>
    </head>
    <body>
      <h1 data-removed>${t.t('settings.remove.done.heading')}</h1>
      <p>${t.t('settings.remove.done.body')}</p>
      <p>${t.t('settings.remove.done.history')}</p>
      <p><a href="${ctx.quickExitUrl}" rel="noreferrer">${t.t('quickexit.label')}</a></p>
    </body>
  </html>`;
  return `<!doctype html>\n${document.value}\n`;
}
