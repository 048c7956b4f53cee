import { randomUUID } from 'node:crypto';
import type { Json } from '../../src/hsds/model.ts';
import { CATEGORIES, FLAGS, GENDERS } from '../../src/directory/taxonomies.ts';

/** Term id of a Harbour category, flag or gender code. */
export function termId(code: string): string {
  const term = [...CATEGORIES.terms, ...FLAGS.terms, ...GENDERS.terms].find((t) => t.code === code);
  if (!term) throw new Error(`no Harbour term ${code}`);
  return term.id;
}

export interface ServiceSpec {
  id?: string;
  name?: string;
  description?: string;
  status?: string;
  organization?: Json;
  terms?: string[];
  schedules?: Json[];
  holiday_hours?: 'open' | 'closed';
  languages?: string[];
  /** One entry per site; omit for a remote service. */
  sites?: SiteSpec[];
  service_areas?: Json[];
  phone?: string;
  extra?: Json;
}

export interface SiteSpec {
  lat?: number;
  lng?: number;
  name?: string;
  confidential?: boolean;
  schedules?: Json[];
  locationSchedules?: Json[];
  address?: Json;
  locationId?: string;
}

/** A weekly opening row (times local, Africa/Johannesburg unless `timezone` is set). */
export function weekly(byday: string, opens: string, closes: string, extra: Json = {}): Json {
  return { id: randomUUID(), freq: 'WEEKLY', byday, opens_at: opens, closes_at: closes, ...extra };
}

/** A full HSDS service record, as the import takes it. */
export function makeService(spec: ServiceSpec = {}): Json {
  const id = spec.id ?? randomUUID();
  const org = spec.organization ?? { id: randomUUID(), name: 'Test Organisation', description: 'A test organisation.' };
  return {
    id,
    name: spec.name ?? 'Test service',
    description: spec.description ?? 'A service made by a test.',
    status: spec.status ?? 'active',
    organization: org,
    ...(spec.holiday_hours ? { holiday_hours: spec.holiday_hours } : {}),
    ...(spec.schedules ? { schedules: spec.schedules } : {}),
    ...(spec.service_areas ? { service_areas: spec.service_areas } : {}),
    ...(spec.phone ? { phones: [{ id: randomUUID(), number: spec.phone }] } : {}),
    languages: (spec.languages ?? []).map((code) => ({ id: randomUUID(), name: code, code })),
    attributes: (spec.terms ?? []).map((code) => ({ id: randomUUID(), taxonomy_term_id: termId(code), link_entity: 'service' })),
    service_at_locations: (spec.sites ?? []).map((site) => ({
      id: randomUUID(),
      ...(site.schedules ? { schedules: site.schedules } : {}),
      location: {
        id: site.locationId ?? randomUUID(),
        location_type: 'physical',
        name: site.name ?? 'Test site',
        ...(site.lat !== undefined ? { latitude: site.lat, longitude: site.lng } : {}),
        ...(site.confidential ? { confidential: true } : {}),
        ...(site.locationSchedules ? { schedules: site.locationSchedules } : {}),
        addresses: [
          {
            id: randomUUID(),
            address_1: '1 Test Street',
            city: 'Pretoria',
            state_province: 'Gauteng',
            postal_code: '0002',
            country: 'ZA',
            address_type: 'physical',
            ...site.address,
          },
        ],
      },
    })),
    ...spec.extra,
  };
}
