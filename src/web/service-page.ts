import { isObject } from '../hsds/canonical.ts';
import type { Json } from '../hsds/model.ts';
import { CATEGORY_BY_TERM_ID, DEMO_TERM_ID, FLAG_BY_TERM_ID } from '../directory/taxonomies.ts';
import { compileSchedule, describeOpenState, describeRow, evaluateOpen, type ScheduleRow } from '../shared/schedule/index.ts';
import { html, type SafeHtml } from './html.ts';
import { telHref } from './results.ts';
import { FLAG_LABELS } from './search-form.ts';
import { CATEGORIES } from '../directory/taxonomies.ts';

const CATEGORY_NAMES = new Map(CATEGORIES.terms.map((t) => [t.code, t.name]));
const SIX_MONTHS_MS = 183 * 86_400_000;

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function termCodes(service: Json): { categories: string[]; flags: string[]; demo: boolean } {
  const ids = list(service.attributes).map((a) =>
    isObject(a.taxonomy_term) ? String(a.taxonomy_term.id) : String(a.taxonomy_term_id ?? ''),
  );
  return {
    categories: ids.map((id) => CATEGORY_BY_TERM_ID.get(id)).filter((c): c is string => !!c),
    flags: ids.map((id) => FLAG_BY_TERM_ID.get(id)).filter((c): c is NonNullable<typeof c> => !!c),
    demo: ids.includes(DEMO_TERM_ID),
  };
}

function holidayText(value: unknown): string {
  if (value === 'closed') return 'Closed on public holidays.';
  if (value === 'open') return 'Open on public holidays, usual hours.';
  return 'Public holiday hours unknown: call first.';
}

interface SiteHours {
  rows: Json[];
  holiday: unknown;
  state: string;
}

/** The hours that apply at one site (the SAL's own, else the service's, else the location's). */
function siteHours(sal: Json, service: Json, now: Date, zone: string): SiteHours {
  const location = isObject(sal.location) ? sal.location : undefined;
  const rows = [list(sal.schedules), list(service.schedules), list(location?.schedules)].find((r) => r.length > 0) ?? [];
  const holiday =
    [sal.holiday_hours, service.holiday_hours, location?.holiday_hours].find((h) => h === 'open' || h === 'closed') ?? null;
  const compiled = compileSchedule(rows, {
    defaultZone: zone,
    holidayHours: holiday,
  });
  return { rows, holiday, state: describeOpenState(evaluateOpen(compiled, now), now, zone) };
}

function renderAddress(location: Json): SafeHtml {
  if (location.confidential === true) {
    return html`<p class="confidential">
      This is a safe place whose address is kept private. Call the number below and staff will tell you where to go or meet you.
    </p>`;
  }
  const addr = list(location.addresses).find((a) => a.address_type !== 'postal') ?? list(location.addresses)[0];
  const lines = addr ? [addr.address_1, addr.address_2, addr.region, addr.city, addr.postal_code].map(text).filter(Boolean) : [];
  const geo =
    typeof location.latitude === 'number' && typeof location.longitude === 'number'
      ? `geo:${location.latitude},${location.longitude}?q=${location.latitude},${location.longitude}`
      : null;
  return html`${lines.length > 0 ? html`<p class="address">${lines.join(', ')}</p>` : ''}
  ${text(location.transportation) ? html`<p class="hint">Getting there: ${String(location.transportation)}</p>` : ''}
  ${geo ? html`<p><a class="action" href="${geo}">Directions</a></p>` : ''}`;
}

function renderPhones(...owners: Json[]): SafeHtml {
  const phones = owners.flatMap((o) => list(o.phones));
  if (phones.length === 0) return html``;
  return html`<ul class="phones">
    ${phones.map(
      (p) =>
        html`<li>
          <a class="action" href="${telHref(String(p.number))}">${p.type === 'sms' ? 'SMS' : 'Call'} ${String(p.number)}</a
          >${text(p.description) ? html` <span class="hint">${String(p.description)}</span>` : ''}
        </li>`,
    )}
  </ul>`;
}

function renderSite(sal: Json, service: Json, now: Date, zone: string): SafeHtml {
  const location = isObject(sal.location) ? sal.location : {};
  const hours = siteHours(sal, service, now, zone);
  return html`<section class="site" data-sal-id="${String(sal.id)}">
    <h3>${text(location.name) ?? 'Location'}</h3>
    ${renderAddress(location)}
    <p class="status" data-open-text>${hours.state}</p>
    ${
      hours.rows.length > 0
        ? html`<ul class="hours">
            ${hours.rows.map((r) => html`<li>${describeRow(r as ScheduleRow, { defaultZone: zone })}</li>`)}
          </ul>`
        : html`<p>Opening hours unknown: call first.</p>`
    }
    <p class="holiday">${holidayText(hours.holiday)}</p>
    ${renderPhones(sal, location)}
  </section>`;
}

function renderVerified(service: Json, now: Date): SafeHtml {
  const assured = text(service.assured_date);
  if (!assured) return html`<p class="verified stale" data-verified="never">Not yet verified by the organisation.</p>`;
  const stale = now.getTime() - Date.parse(assured) > SIX_MONTHS_MS;
  return html`<p class="verified ${stale ? 'stale' : ''}" data-verified="${stale ? 'stale' : 'recent'}">
    Last verified ${assured}${stale ? html` <strong>(over 6 months ago: details may have changed, call first)</strong>` : ''}.
  </p>`;
}

function renderRehab(service: Json, now: Date): SafeHtml {
  const reg = isObject(service.rehab_registration) ? service.rehab_registration : null;
  if (!reg) return html``;
  const expired = text(reg.expiry) !== null && Date.parse(String(reg.expiry)) < now.getTime();
  const label =
    reg.status === 'registered'
      ? expired
        ? 'Registration expired'
        : 'Registered'
      : reg.status === 'pending'
        ? 'Registration pending'
        : 'Not registered';
  return html`<section class="rehab" data-rehab-status="${String(reg.status)}${expired ? '-expired' : ''}">
    <h2>Registration</h2>
    <p>
      <strong>${label}</strong> with the Department of Social
      Development${text(reg.number) ? html`, number ${String(reg.number)}` : ''}${text(reg.expiry) ? html`, ${expired ? 'expired' : 'valid until'} ${String(reg.expiry)}` : ''}.
    </p>
  </section>`;
}

function detail(label: string, value: SafeHtml | string | null): SafeHtml {
  return value
    ? html`<dt>${label}</dt>
        <dd>${value}</dd>`
    : html``;
}

/** The service page: everything needed to decide whether to go, and how to get there. */
export function renderServicePage(service: Json, now: Date, zone: string): { body: SafeHtml; demo: boolean } {
  const codes = termCodes(service);
  const sals = list(service.service_at_locations);
  const org = isObject(service.organization) ? service.organization : {};
  const docs = list(service.required_documents)
    .map((d) => text(d.document))
    .filter((d): d is string => !!d);
  const costs = list(service.cost_options).map((c) =>
    [text(c.option), typeof c.amount === 'number' ? (c.amount === 0 ? 'free' : `R${c.amount}`) : null, text(c.amount_description)]
      .filter(Boolean)
      .join(': '),
  );
  const languages = list(service.languages)
    .map((l) => text(l.name) ?? text(l.code))
    .filter((l): l is string => !!l);
  const body = html`<article class="service" data-service-id="${String(service.id)}">
    ${codes.demo ? html`<p class="banner banner-demo" role="note">Demonstration listing: invented for testing Harbour, not a real service.</p>` : ''}
    <h1>${String(service.name)}</h1>
    <p class="org">${text(org.name) ?? ''}</p>
    ${service.status !== 'active' ? html`<p class="banner banner-warning" data-status="${String(service.status)}">This service is ${String(service.status)}.</p>` : ''}
    ${text(service.alert) ? html`<p class="banner banner-alert" role="alert">${String(service.alert)}</p>` : ''}
    ${text(service.description) ? html`<p>${String(service.description)}</p>` : ''}
    ${codes.flags.length > 0 ? html`<p class="tags">${codes.flags.map((f) => html`<span class="tag">${FLAG_LABELS[f] ?? f}</span>`)}</p>` : ''}
    ${renderVerified(service, now)}
    <h2>Where and when</h2>
    ${
      sals.length > 0
        ? sals.map((sal) => renderSite(sal, service, now, zone))
        : html`<section class="site">
            <p>By phone or online.</p>
            <p class="status" data-open-text>${siteHours({}, service, now, zone).state}</p>
            ${
              list(service.schedules).length > 0
                ? html`<ul class="hours">
                    ${list(service.schedules).map((r) => html`<li>${describeRow(r as ScheduleRow, { defaultZone: zone })}</li>`)}
                  </ul>`
                : ''
            }
            <p class="holiday">${holidayText(service.holiday_hours)}</p>
          </section>`
    }
    ${renderPhones(service)} ${renderRehab(service, now)}
    <h2>Before you go</h2>
    <dl class="details">
      ${detail('What to bring', docs.length > 0 ? docs.join('; ') : codes.flags.includes('no_id') ? 'No ID needed.' : 'Not stated.')}
      ${detail('Cost', text(service.fees_description) ?? (costs.length > 0 ? costs.join('; ') : codes.flags.includes('free') ? 'Free' : 'Not stated.'))}
      ${detail('Languages', languages.length > 0 ? languages.join(', ') : 'Not stated.')}
      ${detail('Who can use it', text(service.eligibility_description))}
      ${detail('How to get help', text(service.application_process))}
      ${detail('Kinds of help', codes.categories.map((c) => CATEGORY_NAMES.get(c) ?? c).join(', ') || null)}
    </dl>
  </article>`;
  // The page title is the layout's neutral one: titles stay in history, and a name could say "methadone".
  return { body, demo: codes.demo };
}
