import { basename } from 'node:path';
import { parseCsvRecords } from '../shared/csv.ts';
import { normalizeText } from '../shared/text.ts';
import { HARBOUR_NAMESPACE, uuidv5 } from '../shared/uuid.ts';
import type { PlaceRow } from './repo.ts';

/** Kinds of place a gazetteer may list. */
export const PLACE_KINDS = ['suburb', 'township', 'taxi_rank', 'station', 'hospital', 'clinic', 'landmark', 'area'] as const;

export interface GazetteerProblem {
  path: string;
  reason: string;
}

/**
 * Reads a gazetteer CSV (`name,aliases,kind,lat,lng,source`; aliases separated by `|`). A place's id
 * is a UUIDv5 of the file's name, its kind and its name, so re-importing updates in place.
 */
export function readGazetteer(text: string, fileName: string): { places: PlaceRow[]; problems: GazetteerProblem[] } {
  const { header, records } = parseCsvRecords(text);
  const problems: GazetteerProblem[] = [];
  for (const col of ['name', 'aliases', 'kind', 'lat', 'lng', 'source']) {
    if (!header.includes(col)) problems.push({ path: fileName, reason: `missing column ${col}` });
  }
  if (problems.length > 0) return { places: [], problems };
  const places: PlaceRow[] = [];
  const source = basename(fileName).replace(/\.csv$/i, '');
  records.forEach((r, i) => {
    const path = `${basename(fileName)}:row ${i + 1}`;
    const lat = Number(r.lat);
    const lng = Number(r.lng);
    const name = (r.name ?? '').trim();
    if (!name) return problems.push({ path, reason: 'name is empty' });
    if (!(PLACE_KINDS as readonly string[]).includes(r.kind ?? ''))
      return problems.push({ path, reason: `kind must be one of ${PLACE_KINDS.join(', ')}` });
    if (!(r.lat ?? '').trim() || !Number.isFinite(lat) || Math.abs(lat) > 90)
      return problems.push({ path, reason: 'lat must be a number from -90 to 90' });
    if (!(r.lng ?? '').trim() || !Number.isFinite(lng) || Math.abs(lng) > 180)
      return problems.push({ path, reason: 'lng must be a number from -180 to 180' });
    places.push({
      id: uuidv5(`gazetteer:${source}:${r.kind}:${normalizeText(name)}`, HARBOUR_NAMESPACE),
      name,
      kind: r.kind!,
      lat,
      lng,
      aliases: (r.aliases ?? '')
        .split('|')
        .map((a) => a.trim())
        .filter(Boolean)
        .join('|'),
      source: (r.source ?? '').trim() || 'unknown',
    });
  });
  return { places, problems };
}
