import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { parseCsvRecords } from '../shared/csv.ts';

const FILE = new URL('../../seed/gazetteer/tshwane.csv', import.meta.url);
const HEADER = ['name', 'aliases', 'kind', 'lat', 'lng', 'source'];
const KINDS = new Set(['suburb', 'township', 'taxi_rank', 'station', 'hospital', 'clinic', 'landmark', 'area']);
// City of Tshwane bounding box, as documented in seed/gazetteer/README.md.
const BOUNDS = { latMin: -26.1, latMax: -25.1, lngMin: 27.85, lngMax: 29.1 };
const MIN_ROWS = 180;
const REQUIRED_PLACES = [
  'Sunnyside',
  'Mamelodi',
  'Hatfield',
  'Atteridgeville',
  'Soshanguve',
  'Marabastad',
  'Centurion',
  'Pretoria CBD',
];

/** Comparison key: accents removed, case folded, inner whitespace collapsed. */
function key(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function aliasesOf(record: Record<string, string>): string[] {
  return record.aliases === '' ? [] : record.aliases!.split('|');
}

/** Rows as "line N: name (kind)" for failure messages; data rows start on line 2. */
function describeRows(rows: { index: number; record: Record<string, string> }[]): string {
  return rows.map(({ index, record }) => `  line ${index + 2}: ${JSON.stringify(record)}`).join('\n');
}

const { header, records } = parseCsvRecords(readFileSync(FILE, 'utf8'));
const indexed = records.map((record, index) => ({ index, record }));

describe('seed/gazetteer/tshwane.csv', () => {
  it('has exactly the expected header', () => {
    assert.deepEqual(header, HEADER);
  });

  it(`has at least ${MIN_ROWS} rows`, () => {
    assert.ok(records.length >= MIN_ROWS, `only ${records.length} rows`);
  });

  it('uses only the allowed kinds', () => {
    const bad = indexed.filter(({ record }) => !KINDS.has(record.kind!));
    assert.equal(bad.length, 0, `rows with an unknown kind:\n${describeRows(bad)}`);
  });

  it('has non-empty names without surrounding spaces', () => {
    const bad = indexed.filter(({ record }) => record.name === '' || record.name !== record.name!.trim());
    assert.equal(bad.length, 0, `rows with an empty or padded name:\n${describeRows(bad)}`);
  });

  it('has lat/lng as finite decimals with 4-5 places inside the Tshwane bounds', () => {
    const decimal = /^-?\d{1,3}\.\d{4,5}$/;
    const bad = indexed.filter(({ record }) => {
      const lat = Number(record.lat);
      const lng = Number(record.lng);
      return (
        !decimal.test(record.lat!) ||
        !decimal.test(record.lng!) ||
        !Number.isFinite(lat) ||
        !Number.isFinite(lng) ||
        lat < BOUNDS.latMin ||
        lat > BOUNDS.latMax ||
        lng < BOUNDS.lngMin ||
        lng > BOUNDS.lngMax
      );
    });
    assert.equal(
      bad.length,
      0,
      `rows with bad coordinates (bounds lat ${BOUNDS.latMin}..${BOUNDS.latMax}, ` +
        `lng ${BOUNDS.lngMin}..${BOUNDS.lngMax}):\n${describeRows(bad)}`,
    );
  });

  it('has names unique per kind, ignoring case and accents', () => {
    const seen = new Map<string, number>();
    const dupes: string[] = [];
    for (const { index, record } of indexed) {
      const k = `${record.kind}\u0000${key(record.name!)}`;
      const first = seen.get(k);
      if (first === undefined) seen.set(k, index);
      else dupes.push(`  "${record.name}" (${record.kind}) on lines ${first + 2} and ${index + 2}`);
    }
    assert.equal(dupes.length, 0, `duplicate names:\n${dupes.join('\n')}`);
  });

  it('has well-formed aliases that never repeat the name or each other', () => {
    const bad = indexed.filter(({ record }) => {
      const aliases = aliasesOf(record);
      const keys = aliases.map(key);
      return (
        aliases.some((a) => a === '' || a !== a.trim()) || keys.includes(key(record.name!)) || new Set(keys).size !== keys.length
      );
    });
    assert.equal(bad.length, 0, `rows with empty, padded or duplicate aliases:\n${describeRows(bad)}`);
  });

  it('has a non-empty source on every row', () => {
    const bad = indexed.filter(({ record }) => record.source!.trim() === '');
    assert.equal(bad.length, 0, `rows without a source:\n${describeRows(bad)}`);
  });

  it("spells the 'approximate' marker exactly, so the app can recognise it", () => {
    const bad = indexed.filter(({ record }) => /^\s*approx/i.test(record.source!) && record.source !== 'approximate');
    assert.equal(bad.length, 0, `rows with a misspelt approximate marker:\n${describeRows(bad)}`);
  });

  it('includes the core places as a name or alias', () => {
    const known = new Set<string>();
    for (const record of records) {
      known.add(key(record.name!));
      for (const alias of aliasesOf(record)) known.add(key(alias));
    }
    const missing = REQUIRED_PLACES.filter((place) => !known.has(key(place)));
    assert.deepEqual(missing, [], `missing places: ${missing.join(', ')}`);
  });
});
