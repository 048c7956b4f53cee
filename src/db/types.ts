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
  /** The member's free text, encrypted (src/keys, bound to its row); null when none. */
  detail_sealed: string | null;
  /** RFC 3339 UTC. */
  created_at: string;
  /** A random id the phone gives a report, so a repeat of the same report is stored once. */
  client_ref: string | null;
}

/** A data key, wrapped (AES-256-GCM) under the master key. Only one is `active` at a time. */
export interface DataKeyTable {
  version: number;
  wrapped: string;
  /** `active` (encrypts new values), `retired` (still opens old values and matches old HMACs). */
  state: 'active' | 'retired';
  created_at: string;
}

/** Harbour's settings for an organisation (JSON: areas served, on-call responders, retention). */
export interface OrgSettingsTable {
  organization_id: string;
  settings: string;
  created_at: string;
}

export interface StaffTable {
  id: string;
  /** Lower-cased. */
  email: string;
  /** argon2id PHC string; null until the set-up link is used. */
  password_hash: string | null;
  /** The TOTP secret, encrypted under a data key; null when not enrolled. */
  totp_secret: string | null;
  /** The last TOTP time step accepted, so a code is never accepted twice. */
  totp_last_step: number | null;
  is_operator: Generated<number>;
  /** SHA-256 of the single-use set-up link's token. */
  setup_token_hash: string | null;
  setup_expires_at: string | null;
  /** Offboarded: no sign-in, no sessions. */
  disabled_at: string | null;
  created_at: string;
}

export interface StaffRoleTable {
  staff_id: string;
  organization_id: string;
  role: string;
}

export interface RecoveryCodeTable {
  staff_id: string;
  code_hash: string;
  used_at: string | null;
}

/** A verified member: a working name and a passphrase, nothing else about her. */
export interface MemberTable {
  id: string;
  working_name: string;
  /** The working name after NFKC and case folding: unique. */
  name_key: string;
  passphrase_hash: string;
  /** Kept only so the issuing organisation can revoke her. */
  issuing_org_id: string;
  created_at: string;
  last_active_at: string;
}

export interface InviteTable {
  /** Keyed HMAC of the code (the code itself is never stored). */
  code_hash: string;
  organization_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token. */
  token_hash: string;
  kind: 'staff' | 'member';
  subject_id: string;
  /** A staff session that may only enrol two-factor sign-in. */
  enrol_only: number;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry. */
  expires_at: string;
}

/** Failed attempts per account or client, shared by every instance. Keys are keyed HMACs. */
export interface ThrottleTable {
  key: string;
  failures: number;
  blocked_until: string;
  expires_at: string;
}

/** Staff actions, append-only. Never member personal data. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  staff_id: string | null;
  organization_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  detail: string | null;
}

/** A member's backup: ciphertext made on her phone (the key never leaves it). */
export interface MemberBackupTable {
  member_id: string;
  /** base64url, opaque to the server. */
  blob: string;
  updated_at: string;
}

export interface Database {
  member_backup: MemberBackupTable;
  data_key: DataKeyTable;
  org_settings: OrgSettingsTable;
  staff: StaffTable;
  staff_role: StaffRoleTable;
  recovery_code: RecoveryCodeTable;
  member: MemberTable;
  invite: InviteTable;
  session: SessionTable;
  throttle: ThrottleTable;
  audit_log: AuditLogTable;
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
