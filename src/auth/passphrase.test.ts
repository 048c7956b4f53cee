import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MIN_PASSPHRASE_LENGTH, checkPassphrase } from './passphrase.ts';

describe('checkPassphrase', () => {
  it('accepts a good passphrase for either kind of account', () => {
    assert.equal(checkPassphrase('river kettle lantern', 'staff'), null);
    assert.equal(checkPassphrase('kettle lantern', 'member'), null);
  });

  it('refuses common passwords, whatever their case', () => {
    assert.match(checkPassphrase('password1234', 'staff') ?? '', /common/);
    assert.match(checkPassphrase('iloveyou', 'member') ?? '', /common/);
    assert.match(checkPassphrase('ILoveYou', 'member') ?? '', /common/);
  });

  it('refuses passphrases shorter than the minimum for the kind', () => {
    assert.deepEqual(MIN_PASSPHRASE_LENGTH, { staff: 12, member: 8 });
    assert.equal(checkPassphrase('kettle lant', 'staff'), 'Use at least 12 characters.');
    assert.equal(checkPassphrase('kettle lant', 'member'), null);
    assert.equal(checkPassphrase('kettle7', 'member'), 'Use at least 8 characters.');
  });

  it('counts code points after NFKC, not UTF-16 units', () => {
    // Seven emoji are fourteen UTF-16 units but seven characters.
    assert.equal(checkPassphrase('🌊🐚🦀🐙🐠🦑🐡', 'member'), 'Use at least 8 characters.');
    // The ligature "ﬃ" is one code point that NFKC expands to three.
    assert.equal(checkPassphrase('ﬃcetea', 'member'), null);
  });

  it('refuses one character repeated', () => {
    assert.match(checkPassphrase('zzzzzzzzzzzzzzzz', 'staff') ?? '', /repeated/);
    assert.match(checkPassphrase('            ', 'staff') ?? '', /repeated/);
  });
});
