import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { allowedTypos, editDistance, normalizeText } from '../shared/text.ts';
import { findPlace, listPlaces, type PlaceRow } from './repo.ts';

/** A place as the API shows it. */
export interface Place {
  id: string;
  name: string;
  kind: string;
  lat: number;
  lng: number;
}

interface Entry {
  place: Place;
  names: string[];
}

/** How long the in-memory copy of the gazetteer is trusted before it is read again. */
const CACHE_MS = 60_000;

/** Neighbourhoods before landmarks when the match is equally good. */
const KIND_RANK: Record<string, number> = {
  suburb: 0,
  township: 0,
  area: 1,
  taxi_rank: 2,
  station: 2,
  landmark: 3,
  hospital: 3,
  clinic: 3,
};

function present(row: PlaceRow): Place {
  return { id: row.id, name: row.name, kind: row.kind, lat: row.lat, lng: row.lng };
}

/** How well a query matches one name (higher is better; 0 = no match). */
export function scoreName(query: string, name: string): number {
  if (name === query) return 100;
  if (name.startsWith(query)) return 90 - Math.min(10, name.length - query.length);
  const words = name.split(' ');
  const qWords = query.split(' ');
  if (qWords.every((q) => words.some((w) => w.startsWith(q)))) return 75;
  if (name.includes(query)) return 70;
  const max = allowedTypos(query);
  if (max === 0) return 0;
  const whole = editDistance(query, name, max);
  if (whole <= max) return 65 - 10 * whole;
  // A misspelt start of a longer name ("sunysid" for "sunnyside park").
  const head = editDistance(query, name.slice(0, query.length), max);
  if (head <= max) return 55 - 10 * head;
  // A misspelt word of the name ("mamelodie" for "mamelodi east").
  const best = Math.min(...words.map((w) => editDistance(query, w, max)));
  return best <= max ? 50 - 10 * best : 0;
}

/** The gazetteer: match place names and aliases, ignoring case and accents, tolerating typos. */
export class PlaceService {
  private entries: Entry[] = [];
  private loadedAt = -Infinity;

  constructor(private readonly db: Kysely<Database>) {}

  private async load(): Promise<Entry[]> {
    if (Date.now() - this.loadedAt < CACHE_MS) return this.entries;
    const rows = await listPlaces(this.db);
    this.entries = rows.map((row) => ({
      place: present(row),
      names: [row.name, ...row.aliases.split('|')].filter(Boolean).map(normalizeText),
    }));
    this.loadedAt = Date.now();
    return this.entries;
  }

  /** Forget the cached gazetteer (after an import in this process). */
  invalidate(): void {
    this.loadedAt = -Infinity;
  }

  /** Best matches first, each with its score. */
  async match(query: string, limit = 10): Promise<{ place: Place; score: number }[]> {
    const q = normalizeText(query).slice(0, 80);
    if (q === '') return [];
    const scored: { place: Place; score: number }[] = [];
    for (const entry of await this.load()) {
      const score = Math.max(...entry.names.map((n) => scoreName(q, n)));
      if (score > 0) scored.push({ place: entry.place, score });
    }
    scored.sort(
      (a, b) =>
        b.score - a.score ||
        (KIND_RANK[a.place.kind] ?? 9) - (KIND_RANK[b.place.kind] ?? 9) ||
        a.place.name.localeCompare(b.place.name),
    );
    return scored.slice(0, limit);
  }

  async find(id: string): Promise<Place | null> {
    const row = await findPlace(this.db, id);
    return row ? present(row) : null;
  }
}
