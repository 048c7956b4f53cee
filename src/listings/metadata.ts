import { randomBytes } from 'node:crypto';
import { isObject } from '../hsds/canonical.ts';
import type { Json } from '../hsds/model.ts';

/** One field's change as HSDS `metadata` records it; values are text ('' when there was none). */
export interface FieldChange {
  field: string;
  previous: string;
  replacement: string;
}

/** Who the public sees as the author of a change to a listing no organisation owns. */
export const OPERATOR_NAME = 'Harbour operator';

/** Entries kept per record (the newest): provenance enough, without a document that grows forever. */
const MAX_ENTRIES = 200;

/** Harbour's name for the metadata field that holds a temporary closure's last day (docs in routes.ts). */
export const CLOSED_UNTIL_FIELD = 'closed_until';

let lastMs = -1;
let counter = 0;

/**
 * An RFC 9562 version 7 UUID with a 12-bit counter (the RFC's method 1): ids made later by this
 * process sort after earlier ones even within one millisecond, so metadata sorted by id (the
 * canonical order) reads oldest to newest.
 */
export function uuidv7(nowMs: number): string {
  let ms = Math.max(Math.floor(nowMs), lastMs);
  if (ms === lastMs) counter++;
  else counter = 0;
  if (counter > 0xfff) {
    ms++;
    counter = 0;
  }
  lastMs = ms;
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function entries(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** Oldest first: by action date, then by id (Harbour's ids are time-ordered). */
function chronological(list: readonly Json[]): Json[] {
  const key = (m: Json): string => `${String(m.last_action_date ?? '')}\u0000${String(m.id ?? '')}`;
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function latest(list: readonly Json[], field: string): Json | undefined {
  return chronological(list.filter((m) => m.field_name === field)).at(-1);
}

/** The newest recorded value of a field in a record's metadata, or null when none was recorded. */
export function latestValue(doc: Json, field: string): string | null {
  const entry = latest(entries(doc.metadata), field);
  return typeof entry?.replacement_value === 'string' ? entry.replacement_value : null;
}

/**
 * The record's metadata with one entry per change appended. `updatedBy` is an organisation's name
 * (or OPERATOR_NAME), never a person: HSDS output is public.
 */
export function appendMetadata(
  doc: Json,
  resourceType: 'service' | 'location',
  changes: readonly FieldChange[],
  updatedBy: string,
  day: string,
  nowMs: number,
): Json[] {
  const added = changes.map((c) => ({
    id: uuidv7(nowMs),
    resource_id: doc.id,
    resource_type: resourceType,
    last_action_date: day,
    last_action_type: 'update',
    field_name: c.field,
    previous_value: c.previous,
    replacement_value: c.replacement,
    updated_by: updatedBy,
  }));
  const all = [...chronological(entries(doc.metadata)), ...added];
  if (all.length <= MAX_ENTRIES) return all;
  const kept = all.slice(-MAX_ENTRIES);
  // A closure's date must outlive any number of later edits: the automatic reopening reads it.
  const closure = latest(all, CLOSED_UNTIL_FIELD);
  return closure && !kept.includes(closure) ? [closure, ...kept.slice(1)] : kept;
}
