/**
 * Harbour's HSDS 3.0 profile, served at `/hsds/profile`: the few fields HSDS attributes cannot
 * carry. Everything else (categories, access flags, gender served, demonstration marker) is an
 * ordinary HSDS attribute with a term from one of Harbour's taxonomies. Prose: docs/hsds-profile.md.
 */
export const HSDS_PROFILE = {
  name: 'Harbour',
  version: '1.0',
  base: 'HSDS 3.0',
  description:
    'Harbour adds three things to HSDS 3.0: rehab registration, public-holiday hours and confidential locations. All are optional and additive: a plain HSDS 3.0 consumer can ignore them.',
  fields: [
    {
      object: 'service',
      name: 'rehab_registration',
      type: 'object',
      description:
        'For rehab centres: registration with the Department of Social Development. {status: "registered" | "pending" | "not_registered", number: string, expiry: YYYY-MM-DD}.',
    },
    {
      object: 'service, service_at_location, location',
      name: 'holiday_hours',
      type: 'string',
      enum: ['open', 'closed'],
      description:
        'On a South African public holiday: "closed" means closed all day; "open" means the usual schedule applies. Absent means unknown: Harbour then says the hours are unknown on that day rather than guess. The first one found on the service_at_location, then the service, then the location applies.',
    },
    {
      object: 'location',
      name: 'confidential',
      type: 'boolean',
      description:
        'A shelter or safe house. Its addresses, coordinates, transportation, accessibility and metadata never leave the server; the public sees its name, description and contacts (a front-gate phone). Distances to it are measured from a point snapped to a 0.02° grid and rounded to whole kilometres.',
    },
  ],
  taxonomies: "GET /hsds/taxonomies lists Harbour's taxonomies and their fixed term codes.",
} as const;
