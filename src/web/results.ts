import type { SearchItem, SearchResponse } from '../directory/schema.ts';
import { describeOpenState, type OpenReason } from '../shared/schedule/index.ts';
import { html, type SafeHtml } from './html.ts';
import { FLAG_LABELS, type SearchForm } from './search-form.ts';

/** "850 m", "3.4 km", "about 3 km" (confidential places are only known to the kilometre). */
export function formatDistance(item: SearchItem): string | null {
  if (item.distance_m === null) return null;
  if (item.confidential) return `about ${Math.round(item.distance_m / 1000)} km`;
  if (item.distance_m < 1000) return `${Math.round(item.distance_m / 10) * 10} m`;
  return `${(item.distance_m / 1000).toFixed(1)} km`;
}

/** Open-state words for a result, e.g. "Open until 16:00", "Opens Mon 08:00", "Hours unknown". */
export function openText(item: SearchItem, now: Date, zone: string): string {
  return describeOpenState(
    { open: item.open, reason: item.hours_status as OpenReason, open_until: item.open_until, next_open: item.next_open },
    now,
    zone,
  );
}

/** A `tel:` URI: digits and a leading + only. */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, '')}`;
}

function statusClass(item: SearchItem): string {
  return item.open === true ? 'status-open' : item.open === false ? 'status-closed' : 'status-unknown';
}

function renderItem(item: SearchItem, now: Date, zone: string): SafeHtml {
  const distance = formatDistance(item);
  const geo =
    item.latitude !== null && item.longitude !== null
      ? `geo:${item.latitude},${item.longitude}?q=${item.latitude},${item.longitude}`
      : null;
  return html`<li class="result" data-service-id="${item.service_id}">
    <h3><a href="/services/${item.service_id}">${item.name}</a></h3>
    <p class="org">${item.organization_name}${item.area ? html` · ${item.area}` : ''}</p>
    <p class="meta">
      ${distance ? html`<span class="distance" data-distance-m="${item.distance_m ?? ''}">${distance}</span>` : ''}
      <span class="status ${statusClass(item)}" data-open="${String(item.open)}">${openText(item, now, zone)}</span>
    </p>
    ${item.flags.length > 0 ? html`<p class="tags">${item.flags.map((f) => html`<span class="tag">${FLAG_LABELS[f] ?? f}</span>`)}</p>` : ''}
    <p class="actions">
      ${item.phone ? html`<a class="action" href="${telHref(item.phone)}">Call ${item.phone}</a>` : ''}
      ${geo ? html`<a class="action" href="${geo}">Directions</a>` : item.confidential ? html`<span class="hint">Address given when you call</span>` : ''}
    </p>
  </li>`;
}

/** Hidden copies of the form's fields, so "more results" and "did you mean" buttons keep the search. */
export function hiddenFields(form: SearchForm, overrides: Partial<SearchForm>, csrf: string): SafeHtml {
  const merged: Record<string, string | undefined> = { ...form, ...overrides, _csrf: csrf };
  return html`${Object.entries(merged)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v ?? ''}" />`)}`;
}

export interface ResultsView {
  result: SearchResponse;
  form: SearchForm;
  placeLabel: string | null;
  /** The CSRF token of the "More results" form. */
  csrf: string;
  now: Date;
  zone: string;
}

/** The results: physical places nearest first, then phone and online help in their own section. */
export function renderResults(v: ResultsView): SafeHtml {
  const { result, now, zone } = v;
  const perPage = 20;
  const shownTo = (result.page_number - 1) * perPage + result.size;
  const heading = `${result.total_items} ${result.total_items === 1 ? 'place' : 'places'}${v.placeLabel ? ` near ${v.placeLabel}` : ''}${v.form.open === 'now' || v.form.open === 'on' ? ', open now' : ''}`;
  return html`<section class="results" aria-labelledby="results-heading" data-results>
      <h2 id="results-heading">${heading}</h2>
      ${result.contents.length === 0 ? html`<p class="empty">Nothing matched. Try a larger distance, fewer filters, or the phone help below.</p>` : ''}
      <ol class="result-list">
        ${result.contents.map((item) => renderItem(item, now, zone))}
      </ol>
      ${
        shownTo < result.total_items
          ? html`<form method="post" action="/search">
              ${hiddenFields(v.form, { page: String(result.page_number + 1) }, v.csrf)}<button type="submit" class="secondary">
                More results
              </button>
            </form>`
          : ''
      }
    </section>
    <section class="remote" aria-labelledby="remote-heading" data-remote-results>
      <h2 id="remote-heading">Phone and online help</h2>
      ${result.remote_contents.length === 0 ? html`<p class="empty">No phone or online help matched these filters.</p>` : ''}
      <ul class="result-list">
        ${result.remote_contents.map((item) => renderItem(item, now, zone))}
      </ul>
      <p class="emergency">
        In danger or an emergency: call <a href="tel:112">112</a> from a mobile, police <a href="tel:10111">10111</a>, ambulance
        <a href="tel:10177">10177</a>.
      </p>
    </section>`;
}

export { FLAG_LABELS };
