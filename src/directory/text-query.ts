import { readFileSync } from 'node:fs';
import type { TextAlternative, TextQuery } from '../db/dialect.ts';
import { tokenize } from '../shared/text.ts';

interface SynonymEntry {
  words: string[];
  means: string[];
}

const ENTRIES = (
  JSON.parse(readFileSync(new URL('../../seed/synonyms.json', import.meta.url), 'utf8')) as { synonyms: SynonymEntry[] }
).synonyms;

/** Phrase (normalised words) → the category names it means. */
const SYNONYMS = new Map<string, string[][]>();
for (const entry of ENTRIES) {
  const means = entry.means.map(tokenize);
  for (const phrase of entry.words) {
    const key = tokenize(phrase).join(' ');
    SYNONYMS.set(key, [...(SYNONYMS.get(key) ?? []), ...means]);
  }
}
const LONGEST = Math.max(...[...SYNONYMS.keys()].map((k) => k.split(' ').length));

/** Words that carry no meaning in a search for help. */
const STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'of',
  'for',
  'to',
  'in',
  'near',
  'me',
  'my',
  'i',
  'is',
  'at',
  'on',
  'with',
  'where',
  'can',
  'get',
  'find',
  'open',
  'now',
  'please',
  'some',
  'any',
  'around',
  'close',
  'by',
]);

/** Most words honoured in one query (longer text is cut: a search box is not an essay). */
export const MAX_QUERY_WORDS = 12;

/**
 * Turns what a person typed into the database's text query: every word (or known phrase) must
 * match, and each matches itself as a prefix, the category names it is a synonym of, and close
 * spellings that the index knows (`suggest`).
 */
export async function parseTextQuery(q: string, suggest: (word: string) => Promise<string[]>): Promise<TextQuery> {
  const all = tokenize(q)
    .slice(0, MAX_QUERY_WORDS)
    .map((w) => w.slice(0, 40));
  const meaningful = all.filter((w) => !STOPWORDS.has(w));
  const words = meaningful.length > 0 ? meaningful : all;
  const groups: TextQuery = [];
  for (let i = 0; i < words.length;) {
    let matched = false;
    for (let len = Math.min(LONGEST, words.length - i); len >= 1; len--) {
      const phrase = words.slice(i, i + len);
      const means = SYNONYMS.get(phrase.join(' '));
      if (!means) continue;
      groups.push(dedupe([{ words: phrase, prefix: true }, ...means.map((m) => ({ words: m, prefix: false }))]));
      i += len;
      matched = true;
      break;
    }
    if (matched) continue;
    const word = words[i]!;
    const corrections = await suggest(word);
    groups.push(dedupe([{ words: [word], prefix: true }, ...corrections.map((c) => ({ words: [c], prefix: false }))]));
    i++;
  }
  return groups;
}

function dedupe(alternatives: TextAlternative[]): TextAlternative[] {
  const seen = new Set<string>();
  return alternatives.filter((a) => {
    const key = `${a.words.join(' ')}|${a.prefix}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
