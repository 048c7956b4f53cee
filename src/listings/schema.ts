import { Type, type Static } from '@sinclair/typebox';

/**
 * The listing forms. Fields are loose strings here (up to what the body limit allows anyway): the
 * service checks them and answers with the form again and a message a person can act on, which a
 * schema error page could not do.
 */
const Text = Type.String({ maxLength: 16_384 });
const Short = Type.String({ maxLength: 200 });

export const OrgParams = Type.Object({ orgId: Type.String({ maxLength: 64 }) });
export const ServiceParams = Type.Object({ serviceId: Type.String({ maxLength: 64 }) });
export const LocationParams = Type.Object({
  serviceId: Type.String({ maxLength: 64 }),
  locationId: Type.String({ maxLength: 64 }),
});

/** Which confirmation the edit page shows after a change (the redirect names it). */
export const DONE = ['details', 'hours', 'location', 'closed', 'reopened', 'verified'] as const;
export type Done = (typeof DONE)[number];

export const EditQuery = Type.Object(
  { done: Type.Optional(Type.Union(DONE.map((d) => Type.Literal(d)))) },
  { additionalProperties: false },
);
export const NoQuery = Type.Object({}, { additionalProperties: false });

export const DetailsBody = Type.Object(
  {
    name: Type.Optional(Text),
    description: Type.Optional(Text),
    alert: Type.Optional(Text),
    email: Type.Optional(Text),
    url: Type.Optional(Text),
    phone: Type.Optional(Text),
  },
  { additionalProperties: false },
);
export type DetailsBody = Static<typeof DetailsBody>;

const dayFields = Object.fromEntries(
  ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'].flatMap((d) => [
    [`${d}_opens`, Type.Optional(Short)],
    [`${d}_closes`, Type.Optional(Short)],
  ]),
);
export const HoursBody = Type.Object(dayFields, { additionalProperties: false });
export type HoursBody = Record<string, string | undefined>;

export const LocationBody = Type.Object(
  {
    name: Type.Optional(Text),
    address_1: Type.Optional(Text),
    city: Type.Optional(Text),
    postal_code: Type.Optional(Text),
    latitude: Type.Optional(Short),
    longitude: Type.Optional(Short),
  },
  { additionalProperties: false },
);
export type LocationBody = Static<typeof LocationBody>;

export const CloseBody = Type.Object({ until: Short }, { additionalProperties: false });
export const EmptyBody = Type.Optional(Type.Object({}, { additionalProperties: false }));
