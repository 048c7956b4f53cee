import { Type, type Static } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid', description: 'A UUID' });
const Flag = Type.Boolean();

/** RFC 3339 instant with an explicit offset, or `now`. */
export const OPEN_AT_PATTERN = '^(now|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|z|[+-]\\d{2}:\\d{2}))$';

/** Search parameters: the same names in a query string (GET) or a JSON body (POST). */
export const SearchParams = Type.Object(
  {
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    near: Type.Optional(Uuid),
    radius_km: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 10 })),
    open_at: Type.Optional(Type.String({ pattern: OPEN_AT_PATTERN, maxLength: 40 })),
    taxonomy_term_id: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    free: Type.Optional(Flag),
    no_id: Type.Optional(Flag),
    walk_in: Type.Optional(Flag),
    sex_worker_friendly: Type.Optional(Flag),
    harm_reduction: Type.Optional(Flag),
    language: Type.Optional(
      Type.String({
        pattern: '^[a-z]{2,3}$',
        description: 'ISO 639-1 code (or ISO 639-3 where a language has no 639-1 code, e.g. nso)',
      }),
    ),
    gender: Type.Optional(Type.Union([Type.Literal('women'), Type.Literal('men'), Type.Literal('trans_and_gender_diverse')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
    per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type SearchParams = Static<typeof SearchParams>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** One result: a service at a location, or a remote service (no location). */
export const SearchItem = Type.Object({
  service_at_location_id: Nullable(Type.String()),
  service_id: Type.String(),
  location_id: Nullable(Type.String()),
  name: Type.String(),
  organization_name: Type.String(),
  distance_m: Nullable(Type.Number()),
  open: Nullable(Type.Boolean()),
  open_until: Nullable(Type.String()),
  next_open: Nullable(Type.String()),
  hours_status: Type.String({ description: 'open, closed, no_schedule, out_of_date, unsupported or holiday_unknown' }),
  confidential: Type.Boolean(),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  phone: Nullable(Type.String()),
  area: Nullable(Type.String()),
  categories: Type.Array(Type.String()),
  flags: Type.Array(Type.String()),
});
export type SearchItem = Static<typeof SearchItem>;

export const SearchResponse = Type.Object({
  total_items: Type.Integer(),
  page_number: Type.Integer(),
  size: Type.Integer(),
  contents: Type.Array(SearchItem),
  remote_contents: Type.Array(SearchItem),
});
export type SearchResponse = Static<typeof SearchResponse>;
