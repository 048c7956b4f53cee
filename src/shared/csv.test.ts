import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { seededRandom } from '../../test/helpers/random.ts';
import { CsvError, parseCsv, parseCsvRecords, writeCsv } from './csv.ts';

const PIECES = ['a', 'Z', '7', ' ', '\t', ',', '"', '""', '\r', '\n', '\r\n', 'é', 'Ā', '😀', '\ufeff', 'x y', ''];

function randomRows(next: () => number): string[][] {
  const rows: string[][] = [];
  const rowCount = Math.floor(next() * 8);
  for (let r = 0; r < rowCount; r++) {
    const fieldCount = 1 + Math.floor(next() * 5);
    const row: string[] = [];
    for (let f = 0; f < fieldCount; f++) {
      let field = '';
      const len = Math.floor(next() * 6);
      for (let k = 0; k < len; k++) field += PIECES[Math.floor(next() * PIECES.length)]!;
      row.push(field);
    }
    rows.push(row);
  }
  return rows;
}

function csvErrorAt(line: number, pattern: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof CsvError, `expected CsvError, got ${String(err)}`);
    assert.equal(err.line, line);
    assert.match(err.message, pattern);
    return true;
  };
}

describe('parseCsv', () => {
  it('parses simple rows with LF and CRLF row ends', () => {
    assert.deepEqual(parseCsv('a,b,c\n1,2,3\n'), [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    assert.deepEqual(parseCsv('a,b\r\n1,2\r\n'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('accepts a last line without a newline', () => {
    assert.deepEqual(parseCsv('a,b\n1,2'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('accepts lone CR row ends', () => {
    assert.deepEqual(parseCsv('a\rb\r'), [['a'], ['b']]);
  });

  it('returns no rows for empty input or a lone BOM', () => {
    assert.deepEqual(parseCsv(''), []);
    assert.deepEqual(parseCsv('\ufeff'), []);
  });

  it('strips a UTF-8 BOM only at the very start', () => {
    assert.deepEqual(parseCsv('\ufeffname,kind\nx,\ufeffy\n'), [
      ['name', 'kind'],
      ['x', '\ufeffy'],
    ]);
  });

  it('keeps empty fields, including leading and trailing ones', () => {
    assert.deepEqual(parseCsv(',a,,b,\n'), [['', 'a', '', 'b', '']]);
    assert.deepEqual(parseCsv('a,'), [['a', '']]);
  });

  it('reads an empty line as a row with one empty field', () => {
    assert.deepEqual(parseCsv('a\n\nb\n'), [['a'], [''], ['b']]);
  });

  it('handles quoted fields with commas, doubled quotes and line breaks', () => {
    const text = '"a,b","say ""hi""","line1\r\nline2","cr\rlf\n"\r\nnext,""\r\n';
    assert.deepEqual(parseCsv(text), [
      ['a,b', 'say "hi"', 'line1\r\nline2', 'cr\rlf\n'],
      ['next', ''],
    ]);
  });

  it('keeps spaces around unquoted fields', () => {
    assert.deepEqual(parseCsv(' a , b '), [[' a ', ' b ']]);
  });

  it('throws CsvError on an unterminated quote, at the line where it opened', () => {
    assert.throws(() => parseCsv('a,b\n1,"open\nstill open\n'), csvErrorAt(2, /unterminated/));
  });

  it('throws CsvError on a stray quote in an unquoted field', () => {
    assert.throws(() => parseCsv('a,b\nab"c,d\n'), csvErrorAt(2, /stray quote/));
    assert.throws(() => parseCsv('x\ny\nz,5"\n'), csvErrorAt(3, /stray quote/));
  });

  it('counts lines inside quoted fields when reporting later errors', () => {
    assert.throws(() => parseCsv('"multi\r\nline\rfield",ok\nbad"\n'), csvErrorAt(4, /stray quote/));
  });

  it('throws CsvError on text after a closing quote', () => {
    assert.throws(() => parseCsv('"a"b,c\n'), csvErrorAt(1, /after closing quote/));
  });

  it('throws CsvError objects that are Errors', () => {
    const err = new CsvError('boom', 7);
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'CsvError');
    assert.equal(err.line, 7);
  });
});

describe('parseCsvRecords', () => {
  it('uses the trimmed first row as header', () => {
    const { header, records } = parseCsvRecords(' name , kind\nSunnyside,suburb\n');
    assert.deepEqual(header, ['name', 'kind']);
    assert.deepEqual(records, [{ name: 'Sunnyside', kind: 'suburb' }]);
  });

  it('skips blank lines, including before the header', () => {
    const { header, records } = parseCsvRecords('\n\r\n  \nname,kind\n\na,b\r\n   \r\nc,d');
    assert.deepEqual(header, ['name', 'kind']);
    assert.deepEqual(records, [
      { name: 'a', kind: 'b' },
      { name: 'c', kind: 'd' },
    ]);
  });

  it('keeps a quoted empty value in a one-column file', () => {
    assert.deepEqual(parseCsvRecords('name\n""\nx\n').records, [{ name: '' }, { name: 'x' }]);
  });

  it('pads short rows with empty strings', () => {
    assert.deepEqual(parseCsvRecords('a,b,c\n1\n1,2\n').records, [
      { a: '1', b: '', c: '' },
      { a: '1', b: '2', c: '' },
    ]);
  });

  it('throws CsvError with the line number for a row longer than the header', () => {
    assert.throws(() => parseCsvRecords('a,b\n1,2\n\n"x\ny",2,3\n'), csvErrorAt(4, /3 fields but the header has 2/));
  });

  it('throws CsvError for duplicate header names', () => {
    assert.throws(() => parseCsvRecords('\nname,name \n'), csvErrorAt(2, /duplicate header/));
  });

  it('returns empty header and records for empty input', () => {
    assert.deepEqual(parseCsvRecords(''), { header: [], records: [] });
    assert.deepEqual(parseCsvRecords('\n\n'), { header: [], records: [] });
  });

  it('passes through parse errors', () => {
    assert.throws(() => parseCsvRecords('a\n"x'), csvErrorAt(2, /unterminated/));
  });
});

describe('writeCsv', () => {
  it('quotes only when needed and ends rows with CRLF', () => {
    const out = writeCsv([['plain', 'a,b', 'say "hi"', 'cr\r', 'lf\n', ' lead', 'trail ', 'in side', '']]);
    assert.equal(out, 'plain,"a,b","say ""hi""","cr\r","lf\n"," lead","trail ",in side,\r\n');
  });

  it('writes nothing for no rows', () => {
    assert.equal(writeCsv([]), '');
  });

  it('writes a lone empty field as "" so it is not a blank line', () => {
    assert.equal(writeCsv([['a'], [''], ['b']]), 'a\r\n""\r\nb\r\n');
    assert.deepEqual(parseCsv(writeCsv([['a'], [''], ['b']])), [['a'], [''], ['b']]);
  });

  it('quotes a leading U+FEFF in the very first field', () => {
    const rows = [['\ufeffx', '\ufeffy']];
    assert.equal(writeCsv(rows), '"\ufeffx",\ufeffy\r\n');
    assert.deepEqual(parseCsv(writeCsv(rows)), rows);
  });

  it('round-trips random data through parseCsv', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const rows = randomRows(seededRandom(seed));
      const text = writeCsv(rows);
      assert.deepEqual(parseCsv(text), rows, `seed ${seed}: ${JSON.stringify(text)}`);
      assert.deepEqual(parseCsv(`\ufeff${text}`), rows, `seed ${seed} with BOM`);
    }
  });

  it('parses a large file quickly', () => {
    const row = ['Sunnyside', 'Sunnyside Pretoria|Sunny', 'suburb', '-25.7530', '28.2060', 'a "quoted", value'];
    const text = writeCsv(Array.from({ length: 100_000 }, () => row));
    const start = performance.now();
    const rows = parseCsv(text);
    const ms = performance.now() - start;
    assert.equal(rows.length, 100_000);
    assert.deepEqual(rows[99_999], row);
    // About 7 MB; generous so slow CI machines pass, tight enough to catch quadratic behaviour.
    assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  });
});
