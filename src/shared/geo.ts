/** Mean Earth radius (IUGG), the figure the directory's distances are defined with. */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine). */
export function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Grid cell size in degrees for the spatial index (about 1.1 km of latitude). */
export const CELL_DEG = 0.01;
const COLS = Math.round(360 / CELL_DEG);

/** The grid cell holding a point: row-major, rows of latitude, so one row is a contiguous range. */
export function cellOf(lat: number, lng: number): number {
  return cellRow(lat) * COLS + cellCol(lng);
}

function cellRow(lat: number): number {
  return Math.min(Math.floor((lat + 90) / CELL_DEG), Math.round(180 / CELL_DEG) - 1);
}

function cellCol(lng: number): number {
  return ((Math.floor((lng + 180) / CELL_DEG) % COLS) + COLS) % COLS;
}

/**
 * Ranges of cells `[lo, hi]` covering a circle: one range per row of cells (two where the circle
 * crosses the antimeridian). Every point within `radiusM` lies in one of them.
 */
export function cellRangesForCircle(lat: number, lng: number, radiusM: number): [number, number][] {
  const dLat = radiusM / (EARTH_RADIUS_M * RAD);
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  // The widest longitude span is at the circle's latitude furthest from the equator.
  const widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
  const cos = Math.cos(widest * RAD);
  const dLng = cos < 1e-6 ? 180 : Math.min(180, radiusM / (EARTH_RADIUS_M * RAD * cos));
  const ranges: [number, number][] = [];
  for (let row = cellRow(minLat); row <= cellRow(maxLat); row++) {
    const base = row * COLS;
    if (dLng >= 180) {
      ranges.push([base, base + COLS - 1]);
      continue;
    }
    const lo = Math.floor((lng - dLng + 180) / CELL_DEG);
    const hi = Math.floor((lng + dLng + 180) / CELL_DEG);
    if (lo < 0) {
      ranges.push([base, base + hi], [base + COLS + lo, base + COLS - 1]);
    } else if (hi >= COLS) {
      ranges.push([base + lo, base + COLS - 1], [base, base + hi - COLS]);
    } else {
      ranges.push([base + lo, base + hi]);
    }
  }
  return ranges;
}

/** Earth-centred cartesian coordinates in metres (for PostgreSQL's cube index). */
export function toEarthXyz(lat: number, lng: number): [number, number, number] {
  const la = lat * RAD;
  const ln = lng * RAD;
  return [
    EARTH_RADIUS_M * Math.cos(la) * Math.cos(ln),
    EARTH_RADIUS_M * Math.cos(la) * Math.sin(ln),
    EARTH_RADIUS_M * Math.sin(la),
  ];
}

/** Rounds a coordinate to about 100 m (3 decimals of latitude is 111 m). */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1000) / 1000;
}
