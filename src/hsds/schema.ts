import { Type, type Static } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
const Page = Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }));
const PerPage = Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 }));
const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('ndjson')]));
const Search = Type.Optional(Type.String({ maxLength: 200 }));
const ModifiedAfter = Type.Optional(
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}([Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}:\\d{2})?)?$' }),
);

export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;
/** A record by id takes no query parameters: any given is refused, not ignored. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

/** Paging and format: every list takes them. */
const Paging = { page: Page, per_page: PerPage, format: Format };

/** The filters services and service_at_locations share. */
const ServiceFilters = {
  search: Search,
  taxonomy_term_id: Type.Optional(Uuid),
  taxonomy_id: Type.Optional(Uuid),
  organization_id: Type.Optional(Uuid),
  modified_after: ModifiedAfter,
  full: Type.Optional(Type.Boolean()),
  ...Paging,
};

export const ServicesQuery = Type.Object(
  { ...ServiceFilters, minimal: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type ServicesQuery = Static<typeof ServicesQuery>;

export const SalsQuery = Type.Object(
  {
    ...ServiceFilters,
    postcode: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    proximity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
export type SalsQuery = Static<typeof SalsQuery>;

export const OrganizationsQuery = Type.Object(
  {
    search: Search,
    full_service: Type.Optional(Type.Boolean()),
    full: Type.Optional(Type.Boolean()),
    ...Paging,
  },
  { additionalProperties: false },
);
export type OrganizationsQuery = Static<typeof OrganizationsQuery>;

export const OrganizationQuery = Type.Object({ full_service: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export type OrganizationQuery = Static<typeof OrganizationQuery>;

export const TaxonomiesQuery = Type.Object({ search: Search, ...Paging }, { additionalProperties: false });
export type TaxonomiesQuery = Static<typeof TaxonomiesQuery>;

export const TermsQuery = Type.Object(
  {
    search: Search,
    ...Paging,
    taxonomy_id: Type.Optional(Uuid),
    top_only: Type.Optional(Type.Boolean()),
    parent_id: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type TermsQuery = Static<typeof TermsQuery>;

export const EmptyQuery = Type.Object({}, { additionalProperties: false });
