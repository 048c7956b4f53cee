import { readFileSync } from 'node:fs';
import { normalizeText } from '../shared/text.ts';
import type { Json } from '../hsds/model.ts';

/** Where a remote service is available: a box, polygons, or anywhere (no area, or one we cannot read). */
export type Area =
  | { kind: 'anywhere' }
  | { kind: 'box'; box: [number, number, number, number] }
  | { kind: 'polygons'; rings: [number, number][][] };

interface Region {
  name: string;
  aliases: string[];
  box: [number, number, number, number];
}

const REGIONS: Region[] = (
  JSON.parse(readFileSync(new URL('../../seed/regions.json', import.meta.url), 'utf8')) as { regions: Region[] }
).regions;

const REGION_BY_NAME = new Map<string, Region>();
for (const r of REGIONS) for (const n of [r.name, ...r.aliases]) REGION_BY_NAME.set(normalizeText(n), r);

/**
 * Reads HSDS service_area rows. A GeoJSON extent is used as drawn; otherwise the name is looked up
 * in `seed/regions.json`. An area Harbour cannot read counts as "anywhere": a helpline must never be
 * hidden because its area was written in a way we do not understand.
 */
export function readAreas(serviceAreas: readonly Json[]): Area[] {
  if (serviceAreas.length === 0) return [{ kind: 'anywhere' }];
  return serviceAreas.map(readArea);
}

function readArea(area: Json): Area {
  if (typeof area.extent === 'string' && /geojson/i.test(String(area.extent_type ?? ''))) {
    const rings = readGeoJsonRings(area.extent);
    if (rings.length > 0) return { kind: 'polygons', rings };
  }
  const name = typeof area.name === 'string' ? normalizeText(area.name) : '';
  const region = REGION_BY_NAME.get(name);
  return region ? { kind: 'box', box: region.box } : { kind: 'anywhere' };
}

function readGeoJsonRings(extent: string): [number, number][][] {
  try {
    const geo = JSON.parse(extent) as { type?: string; coordinates?: unknown; geometry?: unknown };
    const g = (geo.type === 'Feature' ? geo.geometry : geo) as { type?: string; coordinates?: unknown };
    if (g.type === 'Polygon') return [(g.coordinates as [number, number][][])[0]!];
    if (g.type === 'MultiPolygon') return (g.coordinates as [number, number][][][]).map((p) => p[0]!);
  } catch {
    // Unreadable extent: fall back to the name.
  }
  return [];
}

/** True when any area covers the point. */
export function coversPoint(areas: readonly Area[], lat: number, lng: number): boolean {
  return areas.some((a) => {
    if (a.kind === 'anywhere') return true;
    if (a.kind === 'box') return lat >= a.box[0] && lat <= a.box[1] && lng >= a.box[2] && lng <= a.box[3];
    return a.rings.some((ring) => insideRing(ring, lng, lat));
  });
}

/** Ray casting; GeoJSON positions are [longitude, latitude]. */
function insideRing(ring: readonly [number, number][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
