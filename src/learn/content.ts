import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marked, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import { escapeHtml } from '../web/html.ts';

/**
 * The education library: Markdown pages in the repository (`content/<lang>/<slug>.md`), read once,
 * rendered on the server. Front matter is checked as it is read, so a bad page fails at start and
 * in `npm test`, never in front of a member.
 */

export const REVIEW_STATUSES = ['unreviewed', 'needs_community_review', 'reviewed'] as const;
export type ContentReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface Source {
  title: string;
  publisher: string;
  year: number;
}

/** One library page in one language. */
export interface LibraryPage {
  slug: string;
  lang: string;
  title: string;
  summary: string;
  tags: string[];
  sources: Source[];
  review_status: ContentReviewStatus;
  /** Empty until a named health worker signs the page off. */
  reviewed_by: string;
  /** The slug of the English page this translates, or null for an original. */
  translation_of: string | null;
  updated_on: string;
  /** The Markdown body (for checks) and its HTML. */
  markdown: string;
  html: string;
  /** Lower-case words of title, summary, tags and body: what `/learn?q=` and the offline filter search. */
  searchText: string;
}

export class ContentError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ContentError';
  }
}

/** Where the library lives: the project root's `content/` (right from this file and from the server bundle). */
export const CONTENT_ROOT = fileURLToPath(new URL('../../content/', import.meta.url));

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function splitFrontMatter(file: string, text: string): { meta: unknown; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new ContentError(file, 'must start with front matter between --- lines');
  try {
    return { meta: parseYaml(m[1]!), body: m[2]! };
  } catch (error) {
    throw new ContentError(file, `front matter is not valid YAML: ${(error as Error).message}`);
  }
}

function str(file: string, meta: Record<string, unknown>, key: string, allowEmpty = false): string {
  const value = meta[key];
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === ''))
    throw new ContentError(file, `front matter "${key}" must be ${allowEmpty ? 'a string' : 'a non-empty string'}`);
  return value.trim();
}

function readSources(file: string, value: unknown): Source[] {
  if (!Array.isArray(value) || value.length === 0) throw new ContentError(file, '"sources" must list at least one source');
  return value.map((s: unknown, i) => {
    const source = (s ?? {}) as Record<string, unknown>;
    const year = source.year;
    if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 2100)
      throw new ContentError(file, `source ${i + 1}: "year" must be a year`);
    return { title: str(file, source, 'title'), publisher: str(file, source, 'publisher'), year };
  });
}

const KNOWN_KEYS = new Set([
  'title',
  'summary',
  'tags',
  'sources',
  'review_status',
  'reviewed_by',
  'translation_of',
  'updated_on',
]);

const BASE = 'https://harbour.invalid';

/** A path on this site: resolved against a stand-in origin it must keep (`//x`, `/\\x`, `javascript:` do not). */
export function isSameSite(href: string): boolean {
  if (!href.startsWith('/')) return false;
  try {
    return new URL(href, BASE).origin === BASE;
  } catch {
    return false;
  }
}

/** Markdown → HTML: headings start at h2 (the page title is the h1), raw HTML is shown as text, links stay on this site. */
function markdownRenderer(file: string): Marked {
  return new Marked({
    gfm: true,
    renderer: {
      html(token: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(token.text);
      },
      link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link) {
        if (!isSameSite(token.href))
          throw new ContentError(file, `link to "${token.href}": library pages link only to pages on this site`);
        return `<a href="${escapeHtml(token.href)}">${this.parser.parseInline(token.tokens)}</a>`;
      },
      image() {
        throw new ContentError(file, 'images are not allowed (they cost data): describe it in words');
      },
    },
  });
}

/** Parses and checks one page file. */
export function parsePage(file: string, lang: string, slug: string, text: string): LibraryPage {
  if (!SLUG.test(slug)) throw new ContentError(file, 'file names are lower-case words joined by hyphens');
  const { meta: rawMeta, body } = splitFrontMatter(file, text);
  if (!rawMeta || typeof rawMeta !== 'object') throw new ContentError(file, 'front matter must be a mapping');
  const meta = rawMeta as Record<string, unknown>;
  for (const key of Object.keys(meta))
    if (!KNOWN_KEYS.has(key)) throw new ContentError(file, `unknown front matter field "${key}"`);
  const tags = meta.tags;
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))
    throw new ContentError(file, '"tags" must be a list of words');
  const status = meta.review_status;
  if (!REVIEW_STATUSES.includes(status as ContentReviewStatus))
    throw new ContentError(file, `"review_status" must be one of ${REVIEW_STATUSES.join(', ')}`);
  const reviewedBy = typeof meta.reviewed_by === 'string' ? meta.reviewed_by.trim() : '';
  if (meta.reviewed_by !== undefined && meta.reviewed_by !== null && typeof meta.reviewed_by !== 'string')
    throw new ContentError(file, '"reviewed_by" must be a name or empty');
  if (status === 'reviewed' && reviewedBy === '')
    throw new ContentError(file, '"review_status: reviewed" needs the health worker who checked it in "reviewed_by"');
  const translationOf = meta.translation_of ?? null;
  if (translationOf !== null && (typeof translationOf !== 'string' || !SLUG.test(translationOf)))
    throw new ContentError(file, '"translation_of" must be the English page\'s slug, or null');
  if (lang !== 'en' && translationOf === null)
    throw new ContentError(file, 'a translation must name its English page in "translation_of"');
  const updated = String(meta.updated_on ?? '');
  if (!DATE.test(updated)) throw new ContentError(file, '"updated_on" must be a date (YYYY-MM-DD)');
  if (/^#\s/m.test(body)) throw new ContentError(file, "use ## headings: the title is the page's only top heading");
  const html = markdownRenderer(file).parse(body, { async: false });
  const title = str(file, meta, 'title');
  const summary = str(file, meta, 'summary');
  return {
    slug,
    lang,
    title,
    summary,
    tags: tags as string[],
    sources: readSources(file, meta.sources),
    review_status: status as ContentReviewStatus,
    reviewed_by: reviewedBy,
    translation_of: translationOf,
    updated_on: updated,
    markdown: body,
    html,
    searchText: [title, summary, (tags as string[]).join(' '), body]
      .join(' ')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' '),
  };
}

/** The whole library: pages per language, by slug. */
export class Library {
  constructor(private readonly pages: ReadonlyMap<string, ReadonlyMap<string, LibraryPage>>) {}

  /** English slugs, in title order: every page exists in English. */
  slugs(): string[] {
    return this.list('en').map((p) => p.slug);
  }

  /** Pages for a language: its own where translated, English for the rest. */
  list(lang: string): LibraryPage[] {
    const english = this.pages.get('en') ?? new Map<string, LibraryPage>();
    return [...english.keys()].map((slug) => this.find(lang, slug)!).sort((a, b) => a.title.localeCompare(b.title, a.lang));
  }

  /** One page in the language if translated, else in English; undefined if no such page. */
  find(lang: string, slug: string): LibraryPage | undefined {
    const own = this.pages.get(lang)?.get(slug);
    return own ?? this.pages.get('en')?.get(slug);
  }

  /** Pages whose text holds every word of the query, best first: words in the title, then tags, then how often. */
  search(lang: string, query: string): LibraryPage[] {
    const words = query
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    if (words.length === 0) return [];
    const score = (p: LibraryPage): number => {
      const title = p.title.toLowerCase();
      const tags = p.tags.join(' ').toLowerCase();
      let total = 0;
      for (const w of words) {
        total += (title.includes(w) ? 100 : 0) + (tags.includes(w) ? 50 : 0);
        total += Math.min(p.searchText.split(w).length - 1, 20);
      }
      return total;
    };
    return this.list(lang)
      .filter((p) => words.every((w) => p.searchText.includes(w)))
      .map((p) => ({ p, s: score(p) }))
      .sort((a, b) => b.s - a.s)
      .map((x) => x.p);
  }
}

/** Reads every page under `root` (one folder per language). Throws ContentError on the first bad page. */
export function loadLibrary(root: string = CONTENT_ROOT): Library {
  const pages = new Map<string, Map<string, LibraryPage>>();
  if (!existsSync(root)) return new Library(pages);
  for (const lang of readdirSync(root).sort()) {
    const folder = join(root, lang);
    if (!/^[a-z]{2,3}$/.test(lang)) continue;
    const byslug = new Map<string, LibraryPage>();
    for (const name of readdirSync(folder).sort()) {
      if (!name.endsWith('.md')) continue;
      const slug = name.slice(0, -3);
      const file = join(folder, name);
      byslug.set(slug, parsePage(`content/${lang}/${name}`, lang, slug, readFileSync(file, 'utf8')));
    }
    pages.set(lang, byslug);
  }
  for (const [lang, byslug] of pages) {
    if (lang === 'en') continue;
    for (const page of byslug.values())
      if (!pages.get('en')?.has(page.translation_of ?? page.slug))
        throw new ContentError(
          `content/${lang}/${page.slug}.md`,
          `translates "${page.translation_of}", which has no English page`,
        );
  }
  return new Library(pages);
}
