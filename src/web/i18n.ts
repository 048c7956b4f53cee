import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { escapeHtml, SafeHtml } from './html.ts';
import { en, type MessageKey } from './i18n/en.ts';

/** The languages Harbour is offered in, with their own names. */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zu', name: 'isiZulu' },
  { code: 'af', name: 'Afrikaans' },
  { code: 'nso', name: 'Sesotho sa Leboa' },
  { code: 'tn', name: 'Setswana' },
] as const;

export type Lang = (typeof LANGUAGES)[number]['code'];

/** Strings under these prefixes must be in every catalogue: a member in a panic or leaving fast needs them. */
export const REQUIRED_PREFIXES = ['shell.', 'quickexit.', 'discreet.', 'settings.', 'overdose.'] as const;

export type ReviewStatus = 'needs_community_review' | 'reviewed';

/** One translated string, with who has checked it. */
export interface Entry {
  text: string;
  review: ReviewStatus;
}

/** A translation catalogue file (`src/web/i18n/<code>.json`). */
export interface CatalogueFile {
  language: string;
  strings: Record<string, Entry>;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && LANGUAGES.some((l) => l.code === value);
}

/** Catalogues live in src/web/i18n/; the path is from the project root (two levels up), so the server bundle finds them too. */
const FOLDER = fileURLToPath(new URL('../../src/web/i18n/', import.meta.url));

/** Reads one translation catalogue; an absent file is an empty catalogue (everything falls back to English). */
export function readCatalogue(lang: Exclude<Lang, 'en'>): CatalogueFile {
  const path = `${FOLDER}${lang}.json`;
  if (!existsSync(path)) return { language: lang, strings: {} };
  return JSON.parse(readFileSync(path, 'utf8')) as CatalogueFile;
}

type Vars = Record<string, string | number>;

function fill(template: string, vars: Vars | undefined): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Strings in one language, with English where a translation is missing. */
export class Translator {
  /** True when any string this catalogue holds still waits for review by native speakers (asked on every page). */
  readonly machineDrafted: boolean;

  constructor(
    readonly lang: Lang,
    private readonly strings: Readonly<Record<string, Entry>>,
  ) {
    this.machineDrafted = Object.values(strings).some((e) => e.review !== 'reviewed');
  }

  has(key: MessageKey): boolean {
    return this.lang === 'en' || key in this.strings;
  }

  /** Plain text (for titles and attributes): the translation, or the English string. */
  text(key: MessageKey, vars?: Vars): string {
    const entry = this.lang === 'en' ? undefined : this.strings[key];
    return fill(entry?.text ?? en[key], vars);
  }

  /**
   * HTML-escaped text for page content. A missing translation is shown in English inside
   * `<span lang="en" data-i18n-missing>` so screen readers pronounce it as English.
   */
  t(key: MessageKey, vars?: Vars): SafeHtml {
    const value = escapeHtml(this.text(key, vars));
    if (this.has(key)) return new SafeHtml(value);
    return new SafeHtml(`<span lang="en" data-i18n-missing>${value}</span>`);
  }
}

const translators = new Map<Lang, Translator>();

/** The translator for a language; catalogues are read once. */
export function translator(lang: Lang): Translator {
  let found = translators.get(lang);
  if (!found) {
    found = new Translator(lang, lang === 'en' ? {} : readCatalogue(lang).strings);
    translators.set(lang, found);
  }
  return found;
}

/**
 * The language to show: `?lang=` first, then the remembered cookie, then the browser's
 * Accept-Language (by quality, matching the primary subtag), then English.
 */
export function chooseLanguage(query: unknown, cookie: unknown, acceptLanguage: string | undefined): Lang {
  if (isLang(query)) return query;
  if (isLang(cookie)) return cookie;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { code: tag.toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((r) => r.code).find(isLang) ?? 'en';
}
