import type { Kysely } from 'kysely';
import { recordAudit } from '../access/audit.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/types.ts';
import { canonicalize } from '../hsds/canonical.ts';
import type { Json } from '../hsds/model.ts';
import { emptyParts } from '../hsds/records.ts';
import { findDocs } from '../hsds/repo.ts';
import { bumpDataVersion, saveParts } from '../hsds/store.ts';
import { validateRecord } from '../hsds/validate.ts';
import { AppError } from '../http/errors.ts';
import { localToday } from './dates.ts';
import { appendMetadata, OPERATOR_NAME, type FieldChange } from './metadata.ts';
import { findOrganizationName, lockService } from './repo.ts';

type Tx = Kysely<Database>;

/** What every change needs: the database, the zone dates are in, and the instant. */
export interface ChangeContext {
  handle: Db;
  timezone: string;
  now: Date;
}

/** Who acts: a staff member, or nobody (the automatic reopening). */
export interface Actor {
  staffId: string | null;
}

/** What the audit log says about a change (never member data). */
export interface AuditNote {
  action: string;
  detail?: Record<string, string | number | boolean | null>;
}

/** A change to a service: edits `doc` (a copy of the stored document) and says which fields changed. */
export type ServiceEdit = (doc: Json, tx: Tx) => FieldChange[] | Promise<FieldChange[]>;

export function ownerOf(doc: Json): string | null {
  return typeof doc.organization_id === 'string' ? doc.organization_id : null;
}

/** The name public output gives as the author of a change: the organisation's, never a person's. */
export async function publicAuthor(tx: Tx, orgId: string | null): Promise<string> {
  return (orgId ? await findOrganizationName(tx, orgId) : null) ?? OPERATOR_NAME;
}

/**
 * A record after a change: canonical, with the change recorded as HSDS metadata and a new
 * last_modified. A record that was valid HSDS must stay valid (a check the forms should make
 * unnecessary: if it fails, the person gets the reason rather than a broken listing).
 */
export function stamp(
  type: 'service' | 'location',
  before: Json,
  after: Json,
  changes: readonly FieldChange[],
  author: string,
  ctx: ChangeContext,
): Json {
  const out: Json = {
    ...after,
    metadata: appendMetadata(before, type, changes, author, localToday(ctx.timezone, ctx.now), ctx.now.getTime()),
  };
  if (type === 'service') out.last_modified = ctx.now.toISOString();
  const doc = canonicalize(type, out);
  const problem = validateRecord(type, before) === null ? validateRecord(type, doc) : null;
  if (problem)
    throw new AppError(
      'invalid_request',
      `This change would make the listing invalid (${problem.at.slice(1)}: ${problem.reason}).`,
    );
  return doc;
}

/**
 * Saves changed records the way an import does (so the search index follows in the same
 * transaction), bumps the data version (search caches see the change at once) and writes the audit
 * entry.
 */
export async function saveChanged(
  tx: Tx,
  ctx: ChangeContext,
  records: { services?: Json[]; locations?: Json[] },
  audit: AuditNote & Actor & { organizationId: string | null; objectType: string; objectId: string },
): Promise<void> {
  const parts = { ...emptyParts(), services: records.services ?? [], locations: records.locations ?? [] };
  await saveParts(tx, ctx.handle.adapter, parts, { replaceSalsOf: new Set() });
  await bumpDataVersion(tx);
  await recordAudit(
    tx,
    {
      staffId: audit.staffId,
      organizationId: audit.organizationId,
      action: audit.action,
      objectType: audit.objectType,
      objectId: audit.objectId,
      detail: audit.detail,
    },
    ctx.now,
  );
}

/**
 * Applies one edit to a service in a transaction, holding its row lock: nothing is written when
 * nothing changed. Returns the changes made.
 */
export async function changeService(
  ctx: ChangeContext,
  serviceId: string,
  actor: Actor,
  note: AuditNote,
  edit: ServiceEdit,
): Promise<FieldChange[]> {
  return ctx.handle.db.transaction().execute(async (tx) => {
    if (!(await lockService(tx, serviceId))) throw new AppError('not_found', 'No service has that id.');
    const stored = (await findDocs(tx, 'service', [serviceId])).get(serviceId)!;
    const working = structuredClone(stored);
    const changes = await edit(working, tx);
    if (changes.length === 0) return changes;
    const orgId = ownerOf(stored);
    const doc = stamp('service', stored, working, changes, await publicAuthor(tx, orgId), ctx);
    await saveChanged(
      tx,
      ctx,
      { services: [doc] },
      {
        ...actor,
        action: note.action,
        detail: { ...note.detail, fields: changes.map((c) => c.field).join(',') },
        organizationId: orgId,
        objectType: 'service',
        objectId: serviceId,
      },
    );
    return changes;
  });
}

/** Text of a field's value for metadata ('' when absent). */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** Sets or clears (empty) a text field, noting the change; undefined leaves it as it is. */
export function setText(doc: Json, field: string, value: string | undefined, changes: FieldChange[], as = field): void {
  if (value === undefined) return;
  const previous = textOf(doc[field]);
  if (previous === value) return;
  if (value === '') delete doc[field];
  else doc[field] = value;
  changes.push({ field: as, previous, replacement: value });
}
