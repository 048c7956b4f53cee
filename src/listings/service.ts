import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { isObject } from '../hsds/canonical.ts';
import type { Json } from '../hsds/model.ts';
import { findDocs, findSalsOfServices } from '../hsds/repo.ts';
import { AppError } from '../http/errors.ts';
import { changeService, ownerOf, setText, textOf, type Actor, type ChangeContext } from './change.ts';
import { closedUntilOf } from './closure.ts';
import { localToday } from './dates.ts';
import { describeRows, isRegularWeekly, schedulesOf, weekRows, type Week } from './hours.ts';
import { checkDetails } from './input.ts';
import { canEditLocation } from './location.ts';
import type { FieldChange } from './metadata.ts';
import { findOrganizationName } from './repo.ts';
import type { DetailsBody } from './schema.ts';

/** One site of a listing as the edit page shows it. */
export interface SiteView {
  location: Json;
  /** The service has its own hours at this site (they win over the service's weekly hours). */
  ownHours: boolean;
  /** This organisation may change the location (no other organisation's service is there). */
  editable: boolean;
}

/** What the edit page shows: the stored service (staff see everything), its owner and its sites. */
export interface ListingView {
  service: Json;
  orgId: string | null;
  orgName: string | null;
  closedUntil: string | null;
  sites: SiteView[];
}

export async function loadListing(db: Kysely<Database>, serviceId: string): Promise<ListingView> {
  const service = (await findDocs(db, 'service', [serviceId])).get(serviceId);
  if (!service) throw new AppError('not_found', 'No service has that id. It may have been removed.');
  const orgId = ownerOf(service);
  const sals = await findSalsOfServices(db, [serviceId]);
  const locations = await findDocs(
    db,
    'location',
    sals.map((s) => String(s.location_id ?? '')),
  );
  const sites: SiteView[] = [];
  for (const sal of sals) {
    const location = locations.get(String(sal.location_id ?? ''));
    if (!location) continue;
    sites.push({
      location,
      ownHours: schedulesOf(sal).length > 0,
      editable: await canEditLocation(db, location, orgId),
    });
  }
  return {
    service,
    orgId,
    orgName: orgId ? await findOrganizationName(db, orgId) : null,
    closedUntil: closedUntilOf(service),
    sites,
  };
}

/** Name, description, alert (empty clears it), email, website and main phone. */
export async function editDetails(ctx: ChangeContext, serviceId: string, actor: Actor, body: DetailsBody): Promise<void> {
  const input = checkDetails(body);
  await changeService(ctx, serviceId, actor, { action: 'listing.details_changed' }, (doc) => {
    const changes: FieldChange[] = [];
    setText(doc, 'name', input.name, changes);
    setText(doc, 'description', input.description, changes);
    setText(doc, 'alert', input.alert, changes);
    setText(doc, 'email', input.email, changes);
    setText(doc, 'url', input.url, changes);
    if (input.phone !== undefined) setMainPhone(doc, input.phone, changes);
    return changes;
  });
}

/** The first phone (the one pages show first); others stay as they are. Empty removes it. */
function setMainPhone(doc: Json, number: string, changes: FieldChange[]): void {
  const phones = Array.isArray(doc.phones) ? doc.phones.filter(isObject) : [];
  const first = phones[0];
  const previous = textOf(first?.number);
  if (previous === number) return;
  if (number === '') phones.shift();
  else if (first) first.number = number;
  else phones.push({ id: randomUUID(), number });
  doc.phones = phones;
  changes.push({ field: 'phones', previous, replacement: number });
}

/**
 * Replaces the service's regular weekly hours with the editor's week. Its other schedule rows
 * (monthly, seasonal, one-off, text-only) are kept as they are.
 */
export async function editHours(ctx: ChangeContext, serviceId: string, actor: Actor, week: Week): Promise<void> {
  await changeService(ctx, serviceId, actor, { action: 'listing.hours_changed' }, (doc) => {
    const rows = schedulesOf(doc);
    const replaced = rows.filter(isRegularWeekly);
    const fresh = weekRows(week, randomUUID, ctx.timezone);
    const previous = describeRows(replaced, ctx.timezone);
    const replacement = describeRows(fresh, ctx.timezone);
    if (previous === replacement) return [];
    doc.schedules = [...rows.filter((r) => !isRegularWeekly(r)), ...fresh];
    return [{ field: 'schedules', previous, replacement }];
  });
}

/**
 * "These details are right": `assured_date` becomes today (in the configured zone). The assurer is
 * the organisation, named in the change's metadata; `assurer_email` is removed, never set to a
 * person's address.
 */
export async function verifyListing(ctx: ChangeContext, serviceId: string, actor: Actor): Promise<void> {
  const today = localToday(ctx.timezone, ctx.now);
  await changeService(ctx, serviceId, actor, { action: 'listing.verified' }, (doc) => {
    const previous = textOf(doc.assured_date);
    if (previous === today && doc.assurer_email === undefined) return [];
    doc.assured_date = today;
    delete doc.assurer_email;
    return [{ field: 'assured_date', previous, replacement: today }];
  });
}
