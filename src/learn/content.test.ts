import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContentError, loadLibrary, parsePage } from './content.ts';
import { PEER_REVIEWED_JOURNALS, TRUSTED_PUBLISHERS } from './publishers.ts';
import { findStigmatisingWords, fleschKincaidGrade, MAX_GRADE } from './readability.ts';

/** The topics the library must cover (issue: "Education library"), each with a word its page must contain. */
const TOPICS: Record<string, string[]> = {
  'safer-injecting': ['vein'],
  'safer-smoking-snorting': ['pipe', 'snort'],
  'mixing-drugs': ['alcohol', 'benzo', 'opioid'],
  'fentanyl-nitazenes': ['fentanyl', 'nitazene'],
  'local-drugs': ['nyaope', 'whoonga', 'tik', 'mandrax', 'cat'],
  'wounds-abscesses': ['abscess'],
  'safer-sex': ['condom', 'lube'],
  'prep-pep': ['prep', 'pep', '72 hours'],
  stis: ['sti'],
  contraception: ['implant'],
  'after-sexual-violence': ['72 hours'],
  tuberculosis: ['tb'],
  'stages-of-change': ['precontemplation', 'contemplation', 'preparation', 'action', 'maintenance'],
  treatment: ['methadone', 'buprenorphine', 'cbt', 'motivational interviewing', '12 steps', 'contingency management'],
  'choosing-a-rehab': ['department of social development', 'registered'],
  'know-your-rights': ['arrest'],
};

const library = loadLibrary();

describe('the education library', () => {
  test('every topic has an English page that covers it', () => {
    const slugs = library.slugs();
    for (const [slug, words] of Object.entries(TOPICS)) {
      const page = library.find('en', slug);
      assert.ok(page, `missing page: ${slug} (have ${slugs.join(', ')})`);
      const text = page.markdown.toLowerCase();
      for (const word of words) assert.ok(text.includes(word), `${slug} does not mention "${word}"`);
    }
  });

  test('every page is readable (Flesch–Kincaid grade ≤ 6) and uses no stigmatising words', (t) => {
    const problems: string[] = [];
    for (const page of library.list('en')) {
      const grade = fleschKincaidGrade(page.markdown);
      t.diagnostic(`${page.slug}: grade ${grade.toFixed(1)}`);
      if (grade > MAX_GRADE) problems.push(`${page.slug}: grade ${grade.toFixed(1)} > ${MAX_GRADE}`);
      for (const text of [page.title, page.summary, page.markdown])
        for (const hit of findStigmatisingWords(text)) problems.push(`${page.slug}: "${hit.word}"`);
    }
    assert.deepEqual(problems, []);
  });

  test('every page names its sources by title, a trusted publisher and year, and links to nothing outside Harbour', () => {
    for (const page of library.list('en')) {
      assert.ok(page.sources.length > 0, page.slug);
      for (const source of page.sources)
        assert.ok(
          TRUSTED_PUBLISHERS.includes(source.publisher) || PEER_REVIEWED_JOURNALS.includes(source.publisher),
          `${page.slug}: "${source.publisher}" is not a publisher the library trusts (src/learn/publishers.ts)`,
        );
      assert.doesNotMatch(page.markdown, /https?:\/\/|www\./i, `${page.slug} has a URL`);
      assert.doesNotMatch(page.html, /href="(?!\/)/, `${page.slug} links off the site`);
      if (page.review_status !== 'reviewed') assert.equal(page.reviewed_by, '', page.slug);
    }
  });

  test('search finds pages by a street name and by words in any order; no match is an empty list', () => {
    assert.equal(library.search('en', 'whoonga')[0]?.slug, 'local-drugs');
    assert.ok(library.search('en', 'hours 72 PEP').some((p) => p.slug === 'prep-pep'));
    assert.deepEqual(library.search('en', 'zzzqqq'), []);
    assert.equal(library.find('zu', 'local-drugs')?.lang, 'en', 'untranslated pages fall back to English');
  });
});

describe('parsePage refuses what the build check must catch', () => {
  const good = `---
title: A page
summary: What it is for.
tags: [a]
sources:
  - title: Some report
    publisher: World Health Organization
    year: 2014
review_status: needs_community_review
reviewed_by: ''
translation_of: null
updated_on: 2026-11-27
---
Some text. [Overdose](/overdose).
`;
  test('a good page parses', () => {
    const page = parsePage('x.md', 'en', 'a-page', good);
    assert.match(page.html, /<a href="\/overdose">Overdose<\/a>/);
  });
  const cases: [string, string][] = [
    ['no sources', good.replace(/sources:[\s\S]*?year: 2014\n/, 'sources: []\n')],
    ['an unknown field', good.replace('tags:', 'author: me\ntags:')],
    ['a link to another site', good.replace('(/overdose)', '(https://example.org/)')],
    ['a protocol-relative link', good.replace('(/overdose)', '(//example.org/)')],
    ['a backslash link browsers read as another site', good.replace('(/overdose)', '(/\\example.org/a)')],
    ['reviewed without a reviewer', good.replace('needs_community_review', 'reviewed')],
    ['an h1 in the body', good.replace('Some text.', '# Title again\n\nSome text.')],
    ['a bad date', good.replace('2026-11-27', '27 Nov')],
    ['an image', good.replace('Some text.', '![x](/assets/icon.svg)')],
  ];
  for (const [name, text] of cases)
    test(`refuses ${name}`, () => assert.throws(() => parsePage('x.md', 'en', 'a-page', text), ContentError));
  test('raw HTML in a page is shown as text, never run', () => {
    const page = parsePage('x.md', 'en', 'a-page', good.replace('Some text.', '<script>alert(1)</script>'));
    assert.doesNotMatch(page.html, /<script/);
  });
});
