import { isObject } from '../hsds/canonical.ts';
import type { Json } from '../hsds/model.ts';
import { describeRow } from '../shared/schedule/index.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { csrfField } from '../web/layout.ts';
import { notice, renderStaffPage, type StaffPageContext } from '../web/staff-layout.ts';
import { longDate } from './dates.ts';
import { DAYS, isRegularWeekly, readWeek, schedulesOf } from './hours.ts';
import { statusText, verifiedText } from './pages.ts';
import type { Done } from './schema.ts';
import type { ListingView, SiteView } from './service.ts';

/** What a person typed into the form that was refused, shown again beside the message. */
export interface Draft {
  form: 'details' | 'hours' | 'location' | 'close';
  locationId?: string;
  values: Readonly<Record<string, string | undefined>>;
}

export interface EditPageOptions {
  done?: Done;
  error?: string;
  draft?: Draft;
  /** Today and the last day a closure may run to (YYYY-MM-DD, configured zone). */
  today: string;
  lastDay: string;
  zone: string;
}

const DONE_TEXT: Record<Done, string> = {
  details: 'Saved. The public listing shows the new details now.',
  hours: 'Saved. The public listing shows the new hours now.',
  location: 'Saved. The location is changed for every service there.',
  closed: 'Saved. The listing shows the service as temporarily closed, and it reopens by itself after the last day.',
  reopened: 'Saved. The service is open again.',
  verified: 'Saved. The listing shows it was checked today.',
};

type Values = Readonly<Record<string, string | undefined>>;

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function input(id: string, name: string, label: string, value: string, attrs: SafeHtml | '' = '', hint = ''): SafeHtml {
  return html`<p class="field">
    <label for="${id}">${label}</label>
    ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ''}
    <input id="${id}" name="${name}" value="${value}" ${attrs} ${hint ? html`aria-describedby="${id}-hint"` : ''} />
  </p>`;
}

function detailsForm(ctx: StaffPageContext, doc: Json, draft: Values | undefined): SafeHtml {
  const phones = Array.isArray(doc.phones) ? doc.phones.filter(isObject) : [];
  const v = (field: string, stored: unknown): string => draft?.[field] ?? text(stored);
  return html`<section id="details" aria-labelledby="details-heading">
    <h2 id="details-heading">Details</h2>
    <form method="post" action="/staff/listings/${String(doc.id)}">
      ${csrfField(ctx.csrf)} ${input('name', 'name', 'Name', v('name', doc.name), html`required maxlength="200"`)}
      <p class="field">
        <label for="description">Description</label>
        <textarea id="description" name="description" rows="5" maxlength="4000">${v('description', doc.description)}</textarea>
      </p>
      <p class="field">
        <label for="alert">Alert</label>
        <span class="hint" id="alert-hint"
          >A short notice at the top of the public listing, such as a change of place. Leave it empty to remove it.</span
        >
        <textarea id="alert" name="alert" rows="2" maxlength="500" aria-describedby="alert-hint">
${v('alert', doc.alert)}</textarea>
      </p>
      ${input('email', 'email', 'Email', v('email', doc.email), html`type="email" maxlength="254"`)}
      ${input('url', 'url', 'Website', v('url', doc.url), html`type="url" maxlength="2000"`, 'The full address, starting with https://')}
      ${input(
        'phone',
        'phone',
        'Phone',
        v('phone', phones[0]?.number),
        html`type="tel" maxlength="30"`,
        phones.length > 1 ? `The first of ${phones.length} numbers; the others stay as they are.` : '',
      )}
      <button type="submit">Save details</button>
    </form>
  </section>`;
}

function hoursForm(ctx: StaffPageContext, view: ListingView, draft: Values | undefined, zone: string): SafeHtml {
  const rows = schedulesOf(view.service);
  const { week, crowded } = readWeek(rows);
  const others = rows.filter((r) => !isRegularWeekly(r));
  const ownSites = view.sites.filter((s) => s.ownHours).map((s) => text(s.location.name) || 'a site');
  const cell = (code: string, which: 'opens' | 'closes', stored: string, day: string): SafeHtml => {
    const name = `${code.toLowerCase()}_${which}`;
    return html`<td>
      <input type="time" name="${name}" value="${draft ? (draft[name] ?? '') : stored}" aria-label="${day}: ${which}" />
    </td>`;
  };
  return html`<section id="hours" aria-labelledby="hours-heading">
    <h2 id="hours-heading">Weekly hours</h2>
    <p class="hint">Times in ${zone}. Leave both times empty on the days it is closed.</p>
    ${crowded.length > 0 ? html`<p class="hint">Some days have more than one opening; this form shows the first, and saving keeps only that one.</p>` : ''}
    ${
      rows.filter(isRegularWeekly).length === 0 && view.sites.length > 0
        ? html`<p class="hint">
            This service has no weekly hours of its own, so its locations' hours show. Hours saved here show instead.
          </p>`
        : ''
    }
    ${ownSites.length > 0 ? html`<p class="hint">Its own hours at ${ownSites.join(', ')} stay as they are.</p>` : ''}
    ${
      others.length > 0
        ? html`<p class="hint">These other hours stay as they are:</p>
            <ul>
              ${others.map((r) => html`<li>${describeRow(r, { defaultZone: zone })}</li>`)}
            </ul>`
        : ''
    }
    <form method="post" action="/staff/listings/${String(view.service.id)}/hours">
      ${csrfField(ctx.csrf)}
      <table class="hours-editor">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Opens</th>
            <th scope="col">Closes</th>
          </tr>
        </thead>
        <tbody>
          ${DAYS.map(
            ({ code, name }) =>
              html`<tr>
                <th scope="row">${name}</th>
                ${cell(code, 'opens', week[code]?.opens ?? '', name)} ${cell(code, 'closes', week[code]?.closes ?? '', name)}
              </tr>`,
          )}
        </tbody>
      </table>
      <button type="submit">Save hours</button>
    </form>
  </section>`;
}

function locationForm(
  ctx: StaffPageContext,
  serviceId: string,
  site: SiteView,
  index: number,
  draft: Draft | undefined,
): SafeHtml {
  const loc = site.location;
  const id = String(loc.id);
  const mine = draft?.form === 'location' && draft.locationId === id ? draft.values : undefined;
  const address = (Array.isArray(loc.addresses) ? loc.addresses.filter(isObject) : []).find((a) => a.address_type !== 'postal');
  const v = (field: string, stored: unknown): string => mine?.[field] ?? text(stored);
  const p = `loc${index}`;
  return html`<section class="site" id="location-${id}" aria-labelledby="${p}-heading">
    <h3 id="${p}-heading">${text(loc.name) || 'Location'}</h3>
    ${
      loc.confidential === true
        ? html`<p class="hint" data-confidential>Confidential: its address and map point are never shown to the public.</p>`
        : ''
    }
    ${
      site.editable
        ? html`<form method="post" action="/staff/listings/${serviceId}/locations/${id}">
            ${csrfField(ctx.csrf)} ${input(`${p}-name`, 'name', 'Name', v('name', loc.name), html`required maxlength="200"`)}
            ${input(`${p}-address_1`, 'address_1', 'Street address', v('address_1', address?.address_1), html`maxlength="200"`)}
            ${input(`${p}-city`, 'city', 'Town or city', v('city', address?.city), html`maxlength="100"`)}
            ${input(`${p}-postal_code`, 'postal_code', 'Postal code', v('postal_code', address?.postal_code), html`maxlength="10"`)}
            ${input(`${p}-latitude`, 'latitude', 'Latitude (optional)', v('latitude', loc.latitude), html`inputmode="decimal"`, 'For example -25.7479')}
            ${input(`${p}-longitude`, 'longitude', 'Longitude (optional)', v('longitude', loc.longitude), html`inputmode="decimal"`, 'For example 28.2293')}
            <button type="submit">Save location</button>
          </form>`
        : html`<p>Another organisation's services use this location too: ask Harbour's operators to change it.</p>`
    }
  </section>`;
}

function closureForms(ctx: StaffPageContext, view: ListingView, opts: EditPageOptions): SafeHtml {
  const id = String(view.service.id);
  const status = view.service.status;
  if (status !== 'active' && status !== 'temporarily closed')
    return html`<p>This service is ${text(status)}, so it cannot be closed for a while.</p>`;
  const until = opts.draft?.form === 'close' ? (opts.draft.values.until ?? '') : (view.closedUntil ?? '');
  return html`${
      status === 'temporarily closed'
        ? html`<form method="post" action="/staff/listings/${id}/reopen">
            ${csrfField(ctx.csrf)}
            <p>
              ${view.closedUntil ? `It opens again by itself after ${longDate(view.closedUntil)}.` : 'It has no reopening date.'}
            </p>
            <button type="submit">Open again now</button>
          </form>`
        : ''
    }
    <form method="post" action="/staff/listings/${id}/close">
      ${csrfField(ctx.csrf)}
      ${input(
        'until',
        'until',
        'Closed up to and including',
        until,
        html`type="date" required min="${opts.today}" max="${opts.lastDay}"`,
        `A day from today to ${opts.lastDay}. From the next day the service shows as open again, by itself.`,
      )}
      <button type="submit">${status === 'temporarily closed' ? 'Change the date' : 'Close temporarily'}</button>
    </form>`;
}

/** The edit page: every form for one listing, with a confirmation or the refused form's message. */
export function renderEditPage(ctx: StaffPageContext, view: ListingView, opts: EditPageOptions): string {
  const doc = view.service;
  const id = String(doc.id);
  const back = view.orgId
    ? html`<a href="/staff/orgs/${view.orgId}/listings">Listings of ${view.orgName ?? 'the organisation'}</a>`
    : html`<a href="/staff/listings/unowned">Listings no organisation owns</a>`;
  const draft = opts.draft;
  const body = html`<p>${back}</p>
    <h1>${text(doc.name)}</h1>
    <p data-status>${statusText(doc)}. <a href="/services/${id}">See the public listing</a></p>
    ${opts.done ? notice('ok', DONE_TEXT[opts.done]) : ''} ${notice('error', opts.error)}
    ${detailsForm(ctx, doc, draft?.form === 'details' ? draft.values : undefined)}
    ${hoursForm(ctx, view, draft?.form === 'hours' ? draft.values : undefined, opts.zone)}
    <section id="locations" aria-labelledby="locations-heading">
      <h2 id="locations-heading">Locations</h2>
      ${
        view.sites.length === 0
          ? html`<p>By phone or online only: no locations.</p>`
          : view.sites.map((site, i) => locationForm(ctx, id, site, i, draft))
      }
    </section>
    <section id="closure" aria-labelledby="closure-heading">
      <h2 id="closure-heading">Temporary closure</h2>
      ${closureForms(ctx, view, opts)}
    </section>
    <section id="verify" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Check the listing</h2>
      <p data-verified>Last verified: ${verifiedText(doc)}.</p>
      <form method="post" action="/staff/listings/${id}/verify">
        ${csrfField(ctx.csrf)}
        <p>When everything on this page is right, say so: the public listing then shows it was checked today.</p>
        <button type="submit">These details are right</button>
      </form>
    </section>`;
  return renderStaffPage(ctx, text(doc.name) || 'Listing', body);
}
