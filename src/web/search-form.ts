import { Type, type Static } from '@sinclair/typebox';
import type { SearchParams } from '../directory/schema.ts';
import { CATEGORIES, FLAG_CODES, FLAGS } from '../directory/taxonomies.ts';
import { DAY_MS, toDayNumber } from '../shared/schedule/dates.ts';
import { getZone } from '../shared/schedule/zone.ts';
import { html, raw, type SafeHtml } from './html.ts';
import type { Translator } from './i18n.ts';
import { csrfField } from './layout.ts';

const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

/** The no-JavaScript search form's fields (all strings, as a browser posts them). */
export const SearchForm = Type.Object(
  {
    q: Text(200),
    near: Text(40),
    near_text: Text(100),
    lat: Text(20),
    lng: Text(20),
    radius_km: Text(5),
    open: Text(10),
    open_at_local: Text(20),
    taxonomy_term_id: Text(40),
    free: Text(5),
    no_id: Text(5),
    walk_in: Text(5),
    sex_worker_friendly: Text(5),
    harm_reduction: Text(5),
    language: Text(3),
    gender: Text(30),
    page: Text(6),
    /** "no": the phone's service worker must not keep this search (set by the self-check's searches). */
    keep: Text(5),
  },
  { additionalProperties: false },
);
export type SearchForm = Static<typeof SearchForm>;

export const FLAG_LABELS: Record<string, string> = Object.fromEntries(FLAGS.terms.map((t) => [t.code, t.name]));

/** Languages offered in the filter: South Africa's official languages by their codes. */
export const LANGUAGES: [string, string][] = [
  ['en', 'English'],
  ['zu', 'isiZulu'],
  ['xh', 'isiXhosa'],
  ['af', 'Afrikaans'],
  ['nso', 'Sesotho sa Leboa'],
  ['tn', 'Setswana'],
  ['st', 'Sesotho'],
  ['ts', 'Xitsonga'],
  ['ss', 'siSwati'],
  ['ve', 'Tshivenda'],
  ['nr', 'isiNdebele'],
];

const RADII = ['2', '5', '10', '25', '50'];

/** A `datetime-local` value read as wall time in the site's zone, as an RFC 3339 instant. */
export function localToInstant(value: string, zoneName: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const utc = getZone(zoneName).toUtc(toDayNumber(y, mo, d) * DAY_MS + (h * 60 + mi) * 60_000);
  return new Date(utc).toISOString().replace('.000Z', 'Z');
}

function num(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : NaN;
}

/** Form fields → API search parameters (the place name is resolved by the caller). */
export function formToParams(form: SearchForm, zone: string): { params: SearchParams; problems: string[] } {
  const problems: string[] = [];
  const params: SearchParams = {};
  if (form.q?.trim()) params.q = form.q.trim();
  const lat = num(form.lat);
  const lng = num(form.lng);
  // A typed place wins over an earlier "use my location" (the hidden lat/lng stay in the form).
  if (lat !== undefined && lng !== undefined && !form.near && !form.near_text?.trim()) {
    if (Number.isNaN(lat) || Number.isNaN(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
      problems.push('Your location could not be read.');
    else Object.assign(params, { lat, lng });
  }
  if (form.near) params.near = form.near;
  const radius = num(form.radius_km);
  if (radius !== undefined) {
    if (!(radius > 0 && radius <= 100)) problems.push('Choose a distance between 1 and 100 km.');
    else params.radius_km = radius;
  }
  if (form.open_at_local?.trim()) {
    const at = localToInstant(form.open_at_local.trim(), zone);
    if (at) params.open_at = at;
    else problems.push('The time you chose could not be read.');
  } else if (form.open === 'now' || form.open === 'on') {
    params.open_at = 'now';
  }
  if (form.taxonomy_term_id) params.taxonomy_term_id = [form.taxonomy_term_id];
  for (const code of FLAG_CODES) if (form[code] === 'on' || form[code] === 'true') params[code] = true;
  if (form.language) params.language = form.language;
  if (form.gender === 'women' || form.gender === 'men' || form.gender === 'trans_and_gender_diverse') params.gender = form.gender;
  const page = num(form.page);
  if (page !== undefined && Number.isInteger(page) && page >= 1 && page <= 10_000) params.page = page;
  return { params, problems };
}

function option(value: string, label: string, selected: string | undefined): SafeHtml {
  return html`<option value="${value}" ${selected === value ? html`selected` : ''}>${label}</option>`;
}

function checkbox(name: string, label: SafeHtml | string, checked: boolean): SafeHtml {
  return html`<label class="check"><input type="checkbox" name="${name}" ${checked ? html`checked` : ''} /> ${label}</label>`;
}

/**
 * The search form. It posts: a shared phone's history never shows what was searched or where.
 * Labels come from the catalogue; the names of kinds of help, flags and languages are data, in
 * English (marked so on a page in another language).
 */
export function renderSearchForm(form: SearchForm, nearLabel: string, t: Translator, csrf: string): SafeHtml {
  const en = t.lang === 'en' ? '' : raw('lang="en"');
  const dataOption = (value: string, label: string, selected: string | undefined): SafeHtml =>
    html`<option value="${value}" ${en} ${selected === value ? html`selected` : ''}>${label}</option>`;
  return html`<form class="search-form" method="post" action="/search" data-search-form>
    ${csrfField(csrf)}${form.keep === 'no' ? html`<input type="hidden" name="keep" value="no" />` : ''}
    <p class="field">
      <label for="q">${t.t('search.q')}</label>
      <input
        id="q"
        name="q"
        type="search"
        value="${form.q ?? ''}"
        placeholder="${t.text('search.q.placeholder')}"
        autocomplete="off"
        maxlength="200"
      />
    </p>
    <p class="field">
      <label for="near_text">${t.t('search.near')}</label>
      <input
        id="near_text"
        name="near_text"
        type="text"
        value="${form.near_text ?? nearLabel}"
        placeholder="${t.text('search.near.placeholder')}"
        autocomplete="off"
        maxlength="100"
      />
      <input type="hidden" name="lat" value="${form.lat ?? ''}" data-lat />
      <input type="hidden" name="lng" value="${form.lng ?? ''}" data-lng />
      <button type="button" class="secondary" data-use-location hidden>${t.t('search.use_location')}</button>
      <span class="hint" data-location-status lang="en"></span>
    </p>
    <p class="field">
      <label for="radius_km">${t.t('search.within')}</label>
      <select id="radius_km" name="radius_km">
        ${RADII.map((r) => option(r, `${r} km`, form.radius_km ?? '10'))}
      </select>
    </p>
    <p class="field">
      <label for="category">${t.t('search.kind')}</label>
      <select id="category" name="taxonomy_term_id">
        ${option('', t.text('search.any'), form.taxonomy_term_id ?? '')}
        ${CATEGORIES.terms.map((term) => dataOption(term.id, term.name, form.taxonomy_term_id))}
      </select>
    </p>
    <fieldset class="field">
      <legend>${t.t('search.when')}</legend>
      ${checkbox('open', t.t('search.open_now'), form.open === 'now' || form.open === 'on')}
      <label for="open_at_local">${t.t('search.open_at')}</label>
      <input id="open_at_local" name="open_at_local" type="datetime-local" value="${form.open_at_local ?? ''}" />
    </fieldset>
    <fieldset class="field flags">
      <legend>${t.t('search.only')}</legend>
      ${FLAG_CODES.map((c) =>
        checkbox(c, html`<span ${en}>${FLAG_LABELS[c] ?? c}</span>`, form[c] === 'on' || form[c] === 'true'),
      )}
    </fieldset>
    <p class="field">
      <label for="language">${t.t('search.language')}</label>
      <select id="language" name="language">
        ${option('', t.text('search.any'), form.language ?? '')}${LANGUAGES.map(([c, l]) => option(c, l, form.language))}
      </select>
    </p>
    <p class="field">
      <label for="gender">${t.t('search.for')}</label>
      <select id="gender" name="gender">
        ${option('', t.text('search.everyone'), form.gender ?? '')} ${option('women', t.text('search.gender.women'), form.gender)}
        ${option('men', t.text('search.gender.men'), form.gender)}
        ${option('trans_and_gender_diverse', t.text('search.gender.trans'), form.gender)}
      </select>
    </p>
    <p><button type="submit" class="primary">${t.t('search.submit')}</button></p>
  </form>`;
}
