import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { checkWorkingName, workingNameKey } from './working-name.ts';

describe('workingNameKey', () => {
  it('gives one key across case, width, composition and spacing', () => {
    const key = workingNameKey('Lerato');
    assert.equal(key, 'lerato');
    for (const variant of ['LERATO', 'ｌｅｒａｔｏ', '  Lerato ', 'lErAtO']) assert.equal(workingNameKey(variant), key, variant);
    assert.equal(workingNameKey('Le\u0301rato'), workingNameKey('L\u00e9rato'));
    assert.equal(workingNameKey('LE\u0301RATO'), 'l\u00e9rato');
    assert.notEqual(workingNameKey('Lérato'), key);
  });

  it('collapses inner whitespace and folds the sharp s and sigma', () => {
    assert.equal(workingNameKey('Mama\u00a0 \u3000Thandi'), 'mama thandi');
    assert.equal(workingNameKey('Straße'), workingNameKey('STRASSE'));
    assert.equal(workingNameKey('STRAẞE'), workingNameKey('strasse'));
    assert.equal(workingNameKey('ΟΔΟΣ'), workingNameKey('οδοσ'));
    assert.equal(workingNameKey('O’Brien'), workingNameKey("o'brien"));
  });
});

describe('checkWorkingName', () => {
  it('accepts names in any script with the allowed punctuation', () => {
    for (const ok of ['Lerato', 'Mama T.', "Thandi-O'Neil_2", 'Zoë', 'सुनीता', '李娜', 'Jo', 'O’Brien']) {
      assert.equal(checkWorkingName(ok), null, ok);
    }
  });

  it('counts characters after trimming, in code points', () => {
    assert.equal(checkWorkingName('  J  '), 'Use at least 2 characters.');
    assert.equal(checkWorkingName(''), 'Use at least 2 characters.');
    assert.equal(checkWorkingName('a'.repeat(40)), null);
    assert.equal(checkWorkingName('a'.repeat(41)), 'Use 40 characters or fewer.');
    assert.equal(checkWorkingName('𠀀'.repeat(20)), null); // 20 code points, 40 UTF-16 units
  });

  it('refuses control characters, symbols and punctuation-only names', () => {
    for (const bad of ['Le\nrato', 'Le\trato', 'Le\u0000rato', 'Lerato!', 'Le@rato', 'Lerato 😀', 'Le\u200brato']) {
      assert.match(checkWorkingName(bad) ?? '', /^Use only letters/, JSON.stringify(bad));
    }
    assert.equal(checkWorkingName("..-'"), 'Include at least one letter or number.');
  });
});
