import { readFileSync } from 'node:fs';

/** One term of a Harbour taxonomy as shipped in `seed/taxonomies.json`. */
export interface HarbourTerm {
  id: string;
  code: string;
  name: string;
  description: string;
}

export interface HarbourTaxonomy {
  id: string;
  code: string;
  name: string;
  description: string;
  version: string;
  terms: HarbourTerm[];
}

/** Harbour's own taxonomies: categories, access flags, gender served, record status. */
export const HARBOUR_TAXONOMIES: readonly HarbourTaxonomy[] = JSON.parse(
  readFileSync(new URL('../../seed/taxonomies.json', import.meta.url), 'utf8'),
) as HarbourTaxonomy[];

function taxonomy(code: string): HarbourTaxonomy {
  const found = HARBOUR_TAXONOMIES.find((t) => t.code === code);
  if (!found) throw new Error(`seed/taxonomies.json lacks taxonomy ${code}`);
  return found;
}

export const CATEGORIES = taxonomy('harbour-categories');
export const FLAGS = taxonomy('harbour-flags');
export const GENDERS = taxonomy('harbour-gender');
export const RECORD = taxonomy('harbour-record');

export const FLAG_CODES = ['free', 'no_id', 'walk_in', 'sex_worker_friendly', 'harm_reduction'] as const;
export type FlagCode = (typeof FLAG_CODES)[number];
export const GENDER_CODES = ['women', 'men', 'trans_and_gender_diverse'] as const;
export type GenderCode = (typeof GENDER_CODES)[number];

/** Bit of each flag in the search index's `flags` column. */
export const FLAG_BITS: Record<FlagCode, number> = Object.fromEntries(FLAG_CODES.map((c, i) => [c, 1 << i])) as Record<
  FlagCode,
  number
>;
/** Index-only flag bit: the item is at a confidential location (sorts by its rounded distance). */
export const CONFIDENTIAL_BIT = 1 << 15;

/** Bit of each gender in the index's `genders` column; 0 there means "serves everyone". */
export const GENDER_BITS: Record<GenderCode, number> = Object.fromEntries(GENDER_CODES.map((c, i) => [c, 1 << i])) as Record<
  GenderCode,
  number
>;

function idsByCode(t: HarbourTaxonomy): Map<string, string> {
  return new Map(t.terms.map((term) => [term.id, term.code]));
}

/** term id → flag code, gender code. */
export const FLAG_BY_TERM_ID = idsByCode(FLAGS) as Map<string, FlagCode>;
export const GENDER_BY_TERM_ID = idsByCode(GENDERS) as Map<string, GenderCode>;
export const CATEGORY_BY_TERM_ID = idsByCode(CATEGORIES);

/** The term that marks demonstration data. */
export const DEMO_TERM_ID = RECORD.terms.find((t) => t.code === 'demonstration')!.id;

/** Ids of every Harbour taxonomy and term: imports may reference them but never rewrite them. */
export const PROTECTED_IDS = new Set(HARBOUR_TAXONOMIES.flatMap((t) => [t.id, ...t.terms.map((term) => term.id)]));

/** Term id of a category code (throws on an unknown code: codes are fixed). */
export function categoryTermId(code: string): string {
  const term = CATEGORIES.terms.find((t) => t.code === code);
  if (!term) throw new Error(`unknown category code ${code}`);
  return term.id;
}
