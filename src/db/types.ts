import type { Generated } from 'kysely';

/** Tables holding HSDS records: each row keeps the record as canonical JSON in `doc`. */
export interface OrganizationTable {
  id: string;
  name: string;
  doc: string;
  last_modified: string | null;
  is_demo: number;
}

export interface ServiceTable {
  id: string;
  organization_id: string | null;
  name: string;
  status: string;
  doc: string;
  last_modified: string | null;
  is_demo: number;
}

export interface LocationTable {
  id: string;
  organization_id: string | null;
  doc: string;
  confidential: number;
  latitude: number | null;
  longitude: number | null;
  /** `,0083,0002,`: postal codes of a public location's addresses (empty when confidential). */
  postal_codes: string;
}

/** Which taxonomy terms a service carries (on itself or its service_at_locations), any status. */
export interface ServiceTermTable {
  term_id: string;
  service_id: string;
}

export interface ServiceAtLocationTable {
  id: string;
  service_id: string;
  location_id: string | null;
  doc: string;
}

export interface TaxonomyTable {
  id: string;
  name: string;
  doc: string;
}

export interface TaxonomyTermTable {
  key: Generated<number>;
  id: string;
  taxonomy_id: string | null;
  code: string | null;
  name: string;
  doc: string;
}

export interface PlaceTable {
  id: string;
  name: string;
  kind: string;
  lat: number;
  lng: number;
  aliases: string;
  source: string;
}

/** One searchable item: a service at a physical location, or a remote service. Derived data. */
export interface SearchItemTable {
  rid: Generated<number>;
  kind: 'sal' | 'remote';
  sal_id: string | null;
  service_id: string;
  location_id: string | null;
  lat: number | null;
  lng: number | null;
  confidential: number;
  flags: number;
  genders: number;
  sched_id: number | null;
  languages: string;
  name: string;
  organization_name: string;
  /** JSON: small display fields (phone, area, categories) so results need no second lookup. */
  summary: string;
}

/** Spatial index rows: one per (term, searchable item); term 0 means "any". */
export interface SearchCellTable {
  term: number;
  cell: number;
  rid: number;
  lat: number;
  lng: number;
  flags: number;
  genders: number;
  sched_id: number | null;
}

export interface SearchTermTable {
  rid: number;
  term: number;
}

export interface ScheduleSetTable {
  id: Generated<number>;
  hash: string;
  rows: string;
  holiday_hours: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** "Report wrong information about this service": anonymous, for the owning organisation's staff. */
export interface ServiceFeedbackTable {
  id: string;
  service_id: string;
  /** The organisation that owned the service when the report came (null: no organisation). */
  organization_id: string | null;
  kind: string;
  /** The member's free text, sealed (AES-256-GCM, see src/crypto/seal.ts); null when none. */
  detail_sealed: string | null;
  /** RFC 3339 UTC. */
  created_at: string;
  /** A random id the phone gives a report, so a repeat of the same report is stored once. */
  client_ref: string | null;
}

export interface Database {
  service_feedback: ServiceFeedbackTable;
  organization: OrganizationTable;
  service: ServiceTable;
  service_term: ServiceTermTable;
  location: LocationTable;
  service_at_location: ServiceAtLocationTable;
  taxonomy: TaxonomyTable;
  taxonomy_term: TaxonomyTermTable;
  place: PlaceTable;
  search_item: SearchItemTable;
  search_cell: SearchCellTable;
  search_term: SearchTermTable;
  schedule_set: ScheduleSetTable;
  meta: MetaTable;
}
