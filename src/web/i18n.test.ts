import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chooseLanguage, LANGUAGES, readCatalogue, REQUIRED_PREFIXES, Translator, type Lang } from './i18n.ts';
import { en, type MessageKey } from './i18n/en.ts';

const SRC = fileURLToPath(new URL('../', import.meta.url));
const OTHERS = LANGUAGES.map((l) => l.code).filter((c): c is Exclude<Lang, 'en'> => c !== 'en');
const KEYS = Object.keys(en) as MessageKey[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

describe('translation catalogues', () => {
  test('report what each language still shows in English; the shell, quick exit, discreet mode, settings and the overdose guide are complete', (t) => {
    const incomplete: string[] = [];
    for (const lang of OTHERS) {
      const { strings } = readCatalogue(lang);
      const missing = KEYS.filter((k) => !(k in strings));
      t.diagnostic(
        `${lang}: ${KEYS.length - missing.length}/${KEYS.length} strings${missing.length ? `; missing: ${missing.join(', ')}` : ''}`,
      );
      const review = Object.values(strings).filter((e) => e.review !== 'reviewed').length;
      t.diagnostic(`${lang}: ${review} strings wait for community review`);
      for (const key of missing) if (REQUIRED_PREFIXES.some((p) => key.startsWith(p))) incomplete.push(`${lang}: ${key}`);
    }
    assert.deepEqual(incomplete, [], 'required strings missing');
  });

  test('every catalogue entry is a known key with the same placeholders and a review status', () => {
    const problems: string[] = [];
    for (const lang of OTHERS) {
      for (const [key, entry] of Object.entries(readCatalogue(lang).strings)) {
        if (!(key in en)) problems.push(`${lang}: "${key}" is not an English key`);
        else if (placeholders(entry.text).join() !== placeholders(en[key as MessageKey]).join())
          problems.push(`${lang}: "${key}" has placeholders ${placeholders(entry.text).join()} `);
        if (!entry.text.trim()) problems.push(`${lang}: "${key}" is empty`);
        if (entry.review !== 'reviewed' && entry.review !== 'needs_community_review')
          problems.push(`${lang}: "${key}" has no review status`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('every catalogue key used in the code exists in English (and so falls back at worst)', () => {
    const prefixes = new Set(KEYS.map((k) => k.split('.')[0]));
    const unknown: string[] = [];
    let seen = 0;
    for (const file of sourceFiles(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`]([a-z]+(?:\.[a-z0-9_]+)+)['"`]/g)) {
        const candidate = m[1]!;
        if (!prefixes.has(candidate.split('.')[0])) continue;
        seen++;
        if (!(candidate in en)) unknown.push(`${file.slice(SRC.length)}: ${candidate}`);
      }
    }
    assert.ok(seen > 100, `found ${seen} key uses: the scan must see the code's keys`);
    assert.deepEqual(unknown, [], 'keys used in code that no catalogue has');
  });
});

describe('Translator', () => {
  const zu = new Translator('zu', { 'shell.nav.find': { text: 'Thola usizo', review: 'needs_community_review' } });
  test('a translated string is the translation; a missing one is English marked lang="en" data-i18n-missing', () => {
    assert.equal(zu.t('shell.nav.find').value, 'Thola usizo');
    assert.equal(zu.t('learn.heading').value, '<span lang="en" data-i18n-missing>Learn</span>');
    assert.equal(zu.text('learn.heading'), 'Learn', 'plain text (titles, attributes) falls back without markup');
    assert.equal(zu.machineDrafted, true);
  });
  test('placeholders are filled and escaped', () => {
    const t = new Translator('en', {});
    assert.equal(t.t('learn.search.results', { q: '<b>' }).value, 'Pages about &quot;&lt;b&gt;&quot;');
  });
});

describe('chooseLanguage', () => {
  test('?lang= wins, then the cookie, then Accept-Language by quality, then English', () => {
    assert.equal(chooseLanguage('tn', 'zu', 'af'), 'tn');
    assert.equal(chooseLanguage(undefined, 'zu', 'af'), 'zu');
    assert.equal(chooseLanguage('xx', 'nope', 'fr;q=0.9, af-ZA;q=0.8, zu;q=0.5'), 'af');
    assert.equal(chooseLanguage(undefined, undefined, 'en-ZA, nso;q=0.9'), 'en');
    assert.equal(chooseLanguage(undefined, undefined, 'zu;q=0.3, nso;q=0.9'), 'nso');
    assert.equal(chooseLanguage(undefined, undefined, 'de, fr;q=0'), 'en');
    assert.equal(chooseLanguage(undefined, undefined, undefined), 'en');
  });
});
