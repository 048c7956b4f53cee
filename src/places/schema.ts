import { Type, type Static } from '@sinclair/typebox';

export const PlacesQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export type PlacesQuery = Static<typeof PlacesQuery>;

export const PlaceItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
});

export const PlacesResponse = Type.Object({ contents: Type.Array(PlaceItem) });
export type PlacesResponse = Static<typeof PlacesResponse>;
