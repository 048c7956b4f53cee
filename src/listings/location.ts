import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { canonicalize, isObject } from '../hsds/canonical.ts';
import type { Json } from '../hsds/model.ts';
import { findDocs, findSalsOfServices, findServiceIdsAtLocations } from '../hsds/repo.ts';
import { AppError } from '../http/errors.ts';
import { ownerOf, publicAuthor, saveChanged, setText, stamp, textOf, type Actor, type ChangeContext } from './change.ts';
import { checkLocation, type LocationInput } from './input.ts';
import type { FieldChange } from './metadata.ts';
import { findOwnersAtLocation, lockLocation, lockService } from './repo.ts';
import type { LocationBody } from './schema.ts';

type Db = Kysely<Database>;

const ADDRESS_LINES = ['address_1', 'city', 'postal_code'] as const;

/**
 * Whether the owner of a service may change one of its locations: the location names that owner,
 * or names none and every service there has that owner. A location another organisation's service
 * also uses is not one organisation's to move.
 */
export async function canEditLocation(db: Db, location: Json, orgId: string | null): Promise<boolean> {
  if (typeof location.organization_id === 'string') return location.organization_id === orgId;
  return (await findOwnersAtLocation(db, String(location.id))).every((owner) => owner === orgId);
}

function physicalAddress(location: Json): Json | undefined {
  const addresses = Array.isArray(location.addresses) ? location.addresses.filter(isObject) : [];
  return addresses.find((a) => a.address_type !== 'postal') ?? undefined;
}

const KEEPS_WHEREABOUTS = 'A confidential location keeps its address and map point: they can be corrected here but not removed.';

/** Applies the form to a copy of the location, noting each changed field. */
function applyLocation(doc: Json, input: LocationInput, changes: FieldChange[]): void {
  setText(doc, 'name', input.name, changes);
  const addresses = Array.isArray(doc.addresses) ? doc.addresses.filter(isObject) : [];
  const address = physicalAddress(doc);
  if (input.address) {
    const target = address ?? { id: randomUUID(), state_province: '', country: 'ZA', address_type: 'physical' };
    for (const line of ADDRESS_LINES) setText(target, line, input.address[line], changes);
    if (!address) addresses.push(target);
  } else if (address) {
    if (doc.confidential === true) throw new AppError('invalid_request', KEEPS_WHEREABOUTS);
    for (const line of ADDRESS_LINES) changes.push({ field: line, previous: textOf(address[line]), replacement: '' });
    addresses.splice(addresses.indexOf(address), 1);
  }
  doc.addresses = addresses;
  for (const field of ['latitude', 'longitude'] as const) {
    const value = input.point ? input.point[field] : undefined;
    const previous = textOf(doc[field]);
    if (value === undefined && previous !== '' && doc.confidential === true)
      throw new AppError('invalid_request', KEEPS_WHEREABOUTS);
    if (previous === (value === undefined ? '' : String(value))) continue;
    if (value === undefined) delete doc[field];
    else doc[field] = value;
    changes.push({ field, previous, replacement: value === undefined ? '' : String(value) });
  }
}

/**
 * Changes one location of a service: its name, physical address and map point. Its metadata records
 * the change (and, like its address, never leaves the server when the location is confidential);
 * every service there gets a new last_modified and is re-indexed.
 */
export async function editLocation(
  ctx: ChangeContext,
  serviceId: string,
  locationId: string,
  actor: Actor,
  body: LocationBody,
): Promise<void> {
  const input = checkLocation(body);
  await ctx.handle.db.transaction().execute(async (tx) => {
    const service = (await findDocs(tx, 'service', [serviceId])).get(serviceId);
    if (!service) throw new AppError('not_found', 'No service has that id.');
    const linked = (await findSalsOfServices(tx, [serviceId])).some((s) => s.location_id === locationId);
    // Locks in one order (the location, then its services by id), so two edits never wait on each other.
    if (!linked || !(await lockLocation(tx, locationId)))
      throw new AppError('not_found', 'This service has no location with that id.');
    const orgId = ownerOf(service);
    const stored = (await findDocs(tx, 'location', [locationId])).get(locationId)!;
    if (!(await canEditLocation(tx, stored, orgId)))
      throw new AppError(
        'forbidden',
        "Another organisation's services use this location too: ask Harbour's operators to change it.",
      );
    const working = structuredClone(stored);
    const changes: FieldChange[] = [];
    applyLocation(working, input, changes);
    if (changes.length === 0) return;
    const location = stamp('location', stored, working, changes, await publicAuthor(tx, orgId), ctx);
    const serviceIds = (await findServiceIdsAtLocations(tx, [locationId])).sort();
    for (const id of serviceIds) await lockService(tx, id);
    const services = [...(await findDocs(tx, 'service', serviceIds)).values()].map((s) =>
      canonicalize('service', { ...s, last_modified: ctx.now.toISOString() }),
    );
    await saveChanged(
      tx,
      ctx,
      { services, locations: [location] },
      {
        ...actor,
        action: 'listing.location_changed',
        detail: { fields: changes.map((c) => c.field).join(','), service_id: serviceId },
        organizationId: orgId,
        objectType: 'location',
        objectId: locationId,
      },
    );
  });
}
