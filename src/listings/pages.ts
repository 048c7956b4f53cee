import type { Json } from '../hsds/model.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { renderStaffPage, type StaffPageContext } from '../web/staff-layout.ts';
import { closedUntilOf } from './closure.ts';
import { longDate } from './dates.ts';

/** A listing's status in words, for staff. */
export function statusText(doc: Json): string {
  const until = closedUntilOf(doc);
  if (until) return `Temporarily closed up to and including ${longDate(until)}`;
  if (doc.status === 'temporarily closed') return 'Temporarily closed, no reopening date';
  if (doc.status === 'active') return 'Open (active)';
  const status = typeof doc.status === 'string' && doc.status !== '' ? doc.status : 'no status';
  return `${status[0]!.toUpperCase()}${status.slice(1)}`;
}

/** The day the listing was last checked, or 'Never'. */
export function verifiedText(doc: Json): string {
  return typeof doc.assured_date === 'string' ? doc.assured_date : 'Never';
}

export interface ListPage {
  title: string;
  services: Json[];
  /** Whether this person may open the edit pages (else the names are plain text). */
  canEdit: boolean;
  /** More services exist than are shown. */
  truncated: boolean;
}

/** An organisation's listings (or those no organisation owns): status, closure, last check. */
export function renderListPage(ctx: StaffPageContext, page: ListPage): string {
  const rows = page.services.map(
    (s) =>
      html`<tr data-service-id="${String(s.id)}">
        <td>${page.canEdit ? html`<a href="/staff/listings/${String(s.id)}">${String(s.name)}</a>` : String(s.name)}</td>
        <td data-status>${statusText(s)}</td>
        <td data-verified>${verifiedText(s)}</td>
      </tr>`,
  );
  const body: SafeHtml = html`<p><a href="/staff">Staff home</a></p>
    <h1>${page.title}</h1>
    ${
      page.services.length === 0
        ? html`<p>No listings yet.</p>`
        : html`<table class="listings">
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Status</th>
                <th scope="col">Last verified</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
    }
    ${page.truncated ? html`<p class="hint">Only the first ${page.services.length} are shown.</p>` : ''}`;
  return renderStaffPage(ctx, page.title, body);
}
