import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { countSyllables, findStigmatisingWords, fleschKincaidGrade, markdownToSentences, MAX_GRADE } from './readability.ts';

describe('countSyllables', () => {
  const known: [string, number][] = [
    ['water', 2],
    ['needle', 2],
    ['needles', 2],
    ['naloxone', 3],
    ['the', 1],
    ['be', 1],
    ['free', 1],
    ['you', 1],
    ['day', 1],
    ['eye', 1],
    ['whole', 1],
    ['table', 2],
    ['people', 2],
    ['use', 1],
    ['uses', 2],
    ['makes', 1],
    ['places', 2],
    ['syringe', 2],
    ['syringes', 3],
    ['used', 1],
    ['missed', 1],
    ['wanted', 2],
    ['needed', 2],
    ['being', 2],
    ['going', 2],
    ['opioid', 3],
    ['fentanyl', 3],
    ['nitazenes', 3],
    ['benzodiazepines', 6],
    ['tuberculosis', 5],
    ['contemplation', 4],
    ['precontemplation', 5],
    ['information', 4],
    ['serious', 3],
    ['anxious', 2],
    ['safely', 2],
    ['someone', 2],
    ['sometimes', 2],
  ];
  for (const [word, expected] of known) {
    it(`counts ${expected} in "${word}"`, () => assert.equal(countSyllables(word), expected));
  }

  it('ignores case and apostrophes', () => {
    assert.equal(countSyllables('WATER'), 2);
    assert.equal(countSyllables("don't"), 1);
    assert.equal(countSyllables('I’m'), 1);
  });

  it('adds up the parts of a hyphenated word', () => {
    assert.equal(countSyllables('harm-reduction'), 4);
  });

  it('counts one per digit group', () => {
    assert.equal(countSyllables('2024'), 1);
    assert.equal(countSyllables('24h'), 2);
    assert.equal(countSyllables('10-111'), 2);
  });

  it('never counts less than one for a word, and zero for nothing', () => {
    for (const word of ['a', 'I', 'hmm', 'tsk', 'sh', 'y']) assert.equal(countSyllables(word), 1, word);
    assert.equal(countSyllables(''), 0);
    assert.equal(countSyllables('--'), 0);
  });
});

describe('markdownToSentences', () => {
  it('ends a sentence at every heading, list item and paragraph', () => {
    const md = ['## Before you use', '', '- Use a new needle', '- Never use alone', '', 'Go slow', 'and test first'].join('\n');
    assert.deepEqual(markdownToSentences(md), [
      'Before you use',
      'Use a new needle',
      'Never use alone',
      'Go slow and test first',
    ]);
  });

  it('splits at . ! ? and : followed by a space or the end', () => {
    assert.deepEqual(markdownToSentences('One. Two! Three? Four: five'), ['One.', 'Two!', 'Three?', 'Four:', 'five']);
  });

  it('does not split inside numbers, times or words', () => {
    assert.deepEqual(markdownToSentences('Take 0.5 ml at 8:30 today. Then wait.'), ['Take 0.5 ml at 8:30 today.', 'Then wait.']);
  });

  it('does not make a sentence of a bare number', () => {
    assert.deepEqual(markdownToSentences('### 2. Thinking about it\n\nStep 3. Go'), ['2. Thinking about it', 'Step 3.', 'Go']);
  });

  it('keeps a closing quote or bracket with its sentence', () => {
    assert.deepEqual(markdownToSentences('They said "wait." (Then go.) Fine'), ['They said "wait."', '(Then go.)', 'Fine']);
  });

  it('strips emphasis, links, inline code and list numbers', () => {
    const md = '1. **Call** [an ambulance](/overdose) _now_.\n2. Use `naloxone` *fast*\n* Stay with them';
    assert.deepEqual(markdownToSentences(md), ['Call an ambulance now.', 'Use naloxone fast', 'Stay with them']);
  });

  it('keeps underscores and asterisks that do not wrap text', () => {
    assert.deepEqual(markdownToSentences('snake_case and 2*3 stay'), ['snake_case and 2*3 stay']);
  });

  it('drops empty sentences, rules, fenced code and front matter', () => {
    const md = ['---', 'title: Hidden', '---', '', '...', '', '---', '', '```', 'code here', '```', '', '> Quoted words'].join(
      '\n',
    );
    assert.deepEqual(markdownToSentences(md), ['Quoted words']);
  });

  it('handles Windows line endings', () => {
    assert.deepEqual(markdownToSentences('## Head\r\n\r\nBody text.\r\n'), ['Head', 'Body text.']);
  });

  it('returns nothing for an empty text', () => {
    assert.deepEqual(markdownToSentences(''), []);
    assert.deepEqual(markdownToSentences('\n\n  \n'), []);
  });
});

describe('fleschKincaidGrade', () => {
  it('scores an early-reader text below grade 4', () => {
    const easy = 'The cat sat on the mat. The dog ran to the park. I like my hat. We go out to play.';
    assert.ok(fleschKincaidGrade(easy) < 4, String(fleschKincaidGrade(easy)));
  });

  it('scores a dense academic sentence above grade 12', () => {
    const hard =
      'The epidemiological characterisation of polysubstance consumption necessitates comprehensive multidisciplinary ' +
      'interventions integrating pharmacological and psychosocial methodologies within decentralised community infrastructures.';
    assert.ok(fleschKincaidGrade(hard) > 12, String(fleschKincaidGrade(hard)));
  });

  it('matches the formula on a hand-counted text', () => {
    // 6 words, 2 sentences, 8 syllables (wa-ter, nee-dle).
    const grade = fleschKincaidGrade('Use new water. Get a needle.');
    assert.ok(Math.abs(grade - (0.39 * (6 / 2) + 11.8 * (8 / 6) - 15.59)) < 1e-9, String(grade));
  });

  it('counts a list item without a full stop as its own sentence', () => {
    const asList = '- Use a new needle\n- Use sterile water\n- Never use alone';
    const asOneLine = 'Use a new needle use sterile water never use alone';
    assert.ok(fleschKincaidGrade(asList) < fleschKincaidGrade(asOneLine));
  });

  it('keeps hyphenated and apostrophe words as one word', () => {
    // One sentence of 2 words: harm-reduction (4) + don't (1).
    assert.ok(Math.abs(fleschKincaidGrade("harm-reduction don't") - (0.39 * 2 + 11.8 * (5 / 2) - 15.59)) < 1e-9);
  });

  it('ignores Markdown syntax and link targets', () => {
    assert.equal(
      fleschKincaidGrade('**Go** to [the page](/learn/tuberculosis-and-hiv-information).'),
      fleschKincaidGrade('Go to the page.'),
    );
  });

  it('returns 0 for a text with no words', () => {
    assert.equal(fleschKincaidGrade(''), 0);
    assert.equal(fleschKincaidGrade('## \n\n- \n\n...'), 0);
  });

  it('has a maximum grade of 6', () => {
    assert.equal(MAX_GRADE, 6);
  });
});

describe('findStigmatisingWords', () => {
  const flagged = [
    'addict',
    'addicts',
    'abuser',
    'abusers',
    'junkie',
    'junkies',
    'junky',
    'prostitute',
    'prostitutes',
    'get clean',
    'stay clean',
    'be clean',
    'being clean',
    'am clean',
    "I'm clean",
    'I’m clean',
    'is clean',
    'are clean',
    'was clean',
    'clean time',
    'clean and sober',
    'clean from drugs',
  ];
  for (const phrase of flagged) {
    it(`flags "${phrase}"`, () => {
      const text = `Some text, ${phrase}, more text.`;
      assert.deepEqual(findStigmatisingWords(text), [{ word: phrase, index: 11 }]);
    });
  }

  it('is case-insensitive and reports the text as written', () => {
    assert.deepEqual(findStigmatisingWords('JUNKIE. Stay Clean.'), [
      { word: 'JUNKIE', index: 0 },
      { word: 'Stay Clean', index: 8 },
    ]);
  });

  it('gives indexes that slice back to the word', () => {
    const text = 'An addict is not a label. She wants to stay clean and sober. Prostitutes? No: sex workers.';
    const found = findStigmatisingWords(text);
    assert.equal(found.length, 3);
    for (const { word, index } of found) assert.equal(text.slice(index, index + word.length), word);
  });

  const allowed = [
    'Clean the wound with soap.',
    'Use clean needles and new syringes.',
    'Boil clean water first.',
    'Wash with clean hands.',
    'Is clean water there?',
    'Keep the wound clean and covered.',
    'Addiction is a health issue.',
    'Drug abuse and substance use.',
    'People who use drugs. Sex workers.',
    'Getting cleaner supplies.',
    'This clean cloth.',
    'A junkyard and an addictive game.',
    'cleaning the spoon',
  ];
  for (const text of allowed) {
    it(`does not flag "${text}"`, () => assert.deepEqual(findStigmatisingWords(text), []));
  }

  it('finds every match, not only the first', () => {
    assert.equal(findStigmatisingWords('addict addict addicts').length, 3);
  });
});
