/**
 * Readability checks for the education library: a Flesch–Kincaid grade for Markdown pages and a
 * finder for stigmatising words. Pure functions, no dependencies, so the same code can run in a
 * content check, a test or the browser.
 */

/** Highest Flesch–Kincaid grade a library page may score. */
export const MAX_GRADE = 6;

const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Pairs that look like one vowel group but are usually said as two syllables (ra-di-o, o-pi-oid). */
const SPLIT_VOWEL_PAIR = /i[aou]/g;
/** ...except where the pair is part of one syllable: -tion, -sion, -cious, -tial, -cian, -gious, -xious. */
const JOINED_PAIR_ENDINGS = /[tsc]i(?:on|ou|al|an|a$)|gio|xio/g;
/** A silent e inside a compound or before a suffix: safely, homeless, someone, sometimes, lifeline. */
const INNER_SILENT_E = /[aeiouy][^aeiouy]e(?=(?:ly|less|ment|ful|ness|thing|times?|where|body|line)$)/g;

/**
 * Estimates the number of syllables in an English word: vowel groups, with a silent final `e`,
 * a spoken `-le`, silent `-ed` / `-es` endings and split pairs like `-io-` handled.
 * Numbers count as one syllable per group of digits; hyphenated words are the sum of their parts.
 * Always at least 1 for a word with any letter or digit, 0 for an empty string.
 */
export function countSyllables(word: string): number {
  const lower = word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const parts = lower.split(/[-–—]+/).filter((part) => /[\p{L}\p{N}]/u.test(part));
  if (parts.length === 0) return 0;
  let total = 0;
  for (const part of parts) total += partSyllables(part);
  return total;
}

function partSyllables(part: string): number {
  // "24h" or "2024": each digit group is spoken as (roughly) one unit for readability purposes.
  const digitGroups = part.match(/\p{N}+/gu)?.length ?? 0;
  const letters = part.replace(/[^a-z]/g, '');
  if (letters === '') return Math.max(1, digitGroups);
  return digitGroups + letterSyllables(letters);
}

function letterSyllables(w: string): number {
  // A leading y is a consonant (you, yes); elsewhere it acts as a vowel (fentanyl, day).
  const groups = w.replace(/^y/, '#').match(/[aeiouy]+/g) ?? [];
  let count = groups.length;

  const ownE = (end: string): boolean => {
    // The ending's "e" only adds a syllable of its own if a consonant comes right before it.
    const before = w.charAt(w.length - end.length - 1);
    return before !== '' && !/[aeiouy]/.test(before);
  };

  if (w.endsWith('e') && ownE('e') && w.length > 2) {
    // Silent final e (use, naloxone), but -le after a consonant is spoken (needle, table).
    const spokenLe = w.endsWith('le') && w.length > 2 && !/[aeiouy]/.test(w.charAt(w.length - 3));
    if (!spokenLe) count -= 1;
  } else if (w.endsWith('es') && ownE('es') && w.length > 3) {
    // -es is silent (makes, lives) except after a hiss sound (uses, boxes, places, pages) or in -les.
    const stem = w.slice(0, -2);
    const hiss = /(?:s|x|z|ch|sh|c|g)$/.test(stem);
    const spokenLes = stem.endsWith('l') && !/[aeiouy]/.test(stem.charAt(stem.length - 2));
    if (!hiss && !spokenLes) count -= 1;
  } else if (w.endsWith('ed') && ownE('ed') && w.length > 3) {
    // -ed is silent (used, missed) except after t or d (wanted, needed).
    if (!/[td]$/.test(w.slice(0, -2))) count -= 1;
  }

  count -= w.match(INNER_SILENT_E)?.length ?? 0;

  const split = w.match(SPLIT_VOWEL_PAIR)?.length ?? 0;
  const joined = w.match(JOINED_PAIR_ENDINGS)?.length ?? 0;
  count += Math.max(0, split - joined);

  // Vowel + "ing" is two syllables though it reads as one group (being, going, trying).
  if (/[aeiouy]ing$/.test(w) && w.length > 4) count += 1;

  return Math.max(1, count);
}

/** Removes inline Markdown, keeping the words a reader sees. */
function stripInline(text: string): string {
  return (
    text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
      .replace(/<(?:https?:|mailto:)[^>]*>/g, ' ')
      .replace(/<\/?[a-zA-Z][^>]*>/g, ' ')
      .replace(/`+([^`]*)`+/g, '$1')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      // Single * and _ only when they wrap text, so snake_case and 2*3 survive.
      .replace(/(^|[^\p{L}\p{N}*])\*(?!\s)([^*]+?)\*(?![\p{L}\p{N}])/gu, '$1$2')
      .replace(/(^|[^\p{L}\p{N}_])_(?!\s)([^_]+?)_(?![\p{L}\p{N}])/gu, '$1$2')
      .replace(/\*\*|__/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Splits one block of plain text at sentence-ending punctuation followed by a space or the end. */
function splitBlock(block: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (let i = 0; i < block.length; i++) {
    if (!/[.!?:]/.test(block.charAt(i))) continue;
    // Closing quotes and brackets belong to the sentence they close.
    let end = i + 1;
    while (end < block.length && /["'”’)\]]/.test(block.charAt(end))) end++;
    if (end < block.length && !/\s/.test(block.charAt(end))) continue;
    // A bare number like the "1." of a numbered heading is not a sentence of its own.
    if (!/\p{L}/u.test(block.slice(start, end))) continue;
    sentences.push(block.slice(start, end));
    start = end;
    i = end - 1;
  }
  sentences.push(block.slice(start));
  return sentences.map((s) => s.trim()).filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/**
 * Turns Markdown into plain-text sentences. Headings, list items and paragraphs always end a
 * sentence (a list item without a full stop is still one sentence); inside them, a sentence ends
 * at `.`, `!`, `?` or `:` followed by a space or the end. Emphasis, links (kept as their text),
 * inline code, block quotes and fenced code blocks are removed, as is a leading YAML front matter
 * block. Sentences with no letter or digit are dropped.
 */
export function markdownToSentences(markdown: string): string[] {
  let source = markdown.replace(/\r\n?/g, '\n');
  const frontMatter = /^---\n[\s\S]*?\n---[ \t]*(?:\n|$)/.exec(source);
  if (frontMatter) source = source.slice(frontMatter[0].length);

  const blocks: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0) blocks.push(current.join(' '));
    current = [];
  };

  let inFence = false;
  for (const rawLine of source.split('\n')) {
    let line = rawLine.trim();
    if (/^(```|~~~)/.test(line)) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    line = line.replace(/^(?:>\s?)+/, '');
    if (line === '' || /^([-*_])(?:\s*\1){2,}$/.test(line) || /^=+$|^-+$/.test(line)) {
      flush();
      continue;
    }
    const heading = /^#{1,6}\s+(.*?)(?:\s+#+)?$/.exec(line);
    if (heading) {
      flush();
      blocks.push(heading[1] ?? '');
      continue;
    }
    const item = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      current.push(item[1] ?? '');
      continue;
    }
    current.push(line);
  }
  flush();

  return blocks.flatMap((block) => splitBlock(stripInline(block)));
}

/**
 * Flesch–Kincaid grade level of a Markdown text:
 * 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59, with sentences from
 * {@link markdownToSentences} and syllables from {@link countSyllables}. Words are runs of letters
 * and digits; an apostrophe or hyphen inside a word keeps it one word. Returns 0 for a text with
 * no words.
 */
export function fleschKincaidGrade(markdown: string): number {
  let sentences = 0;
  let words = 0;
  let syllables = 0;
  for (const sentence of markdownToSentences(markdown)) {
    const found = sentence.match(WORD_PATTERN) ?? [];
    if (found.length === 0) continue;
    sentences += 1;
    words += found.length;
    for (const word of found) syllables += countSyllables(word);
  }
  if (words === 0) return 0;
  return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59;
}

const ALWAYS_STIGMATISING = ['addicts?', 'abusers?', 'junkies', 'junkie', 'junky', 'prostitutes?'];

// Nouns after "clean" that show it means washed or unused, so "is clean water" is not about drug use.
const CLEAN_THING =
  '(?!\\s+(?:water|needles?|syringes?|equipment|gear|works|hands?|cloth|towels?|bandages?|dressings?|surfaces?|spoons?|cookers?|pipes?|straws?|cups?|clothes|sheets?|skin|place|space)(?![\\p{L}\\p{N}]))';

const CLEAN_AS_DRUG_FREE = [
  'clean\\s+and\\s+sober',
  'clean\\s+from\\s+drugs',
  'clean\\s+time',
  `(?:get|stay|be|being|am|i['’]m|is|are|was)\\s+clean${CLEAN_THING}`,
];

const STIGMATISING = new RegExp(
  `(?<![\\p{L}\\p{N}'’])(?:${[...CLEAN_AS_DRUG_FREE, ...ALWAYS_STIGMATISING].join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);

/**
 * Finds stigmatising words in a text, case-insensitive and as whole words: addict(s), abuser(s),
 * junkie(s), junky, prostitute(s), and "clean" where it means drug-free ("get clean", "stay clean",
 * "be/being/am/I'm/is/are/was clean", "clean time", "clean and sober", "clean from drugs").
 * "Clean" for washing or unused things ("clean the wound", "clean needles", "clean water") is
 * not flagged. Each match gives the text exactly as written (the whole phrase for "clean") and its
 * start index, so `text.slice(index, index + word.length) === word`.
 */
export function findStigmatisingWords(text: string): { word: string; index: number }[] {
  const found: { word: string; index: number }[] = [];
  for (const match of text.matchAll(STIGMATISING)) found.push({ word: match[0], index: match.index });
  return found;
}
