import type { Json } from '../model.ts';

/** Record types an import can carry at its top level. */
export type RecordType = 'service' | 'organization' | 'location' | 'service_at_location' | 'taxonomy' | 'taxonomy_term';

/** One record read from a source, with where it came from. */
export interface ImportItem {
  path: string;
  type: RecordType;
  record: Json;
}

/** A record (or row) that was not imported, and why: printed as one JSON line. */
export interface Rejection {
  path: string;
  reason: string;
}

/** Something imported but worth knowing (a schedule read in HARBOUR_TIMEZONE …). */
export interface Warning {
  path: string;
  warning: string;
}
