import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { HSDS20_NAMESPACE, isUuid, uuidv5 } from '../shared/uuid.ts';
import { HSDS20_TABLES, lookupLanguage, mapHsds20, splitLanguages, type Tables } from './legacy-20.ts';
import type { HsdsType } from './model.ts';
import { validateRecord } from './validate.ts';

type Input = Record<string, Record<string, string>[]>;

/** Rows from space-separated field names and one array of cells per row ('' = empty). */
function rows(fields: string, ...cells: string[][]): Record<string, string>[] {
  const names = fields.split(' ');
  return cells.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i] ?? ''])));
}

const SRC = 'test-feed';
const id = (table: string, raw: string): string => uuidv5(`${SRC}:${table}:${raw}`, HSDS20_NAMESPACE);

/** A small Pretoria feed touching every 2.0.1 table. */
function feed(): Input {
  return {
    organization: rows(
      'id name alternate_name description email url tax_status tax_id year_incorporated legal_status',
      [
        'org-1',
        'Silverleaf Community Clinic',
        '',
        'A clinic.',
        'clinic@example.org',
        'https://example.org/s',
        '',
        '',
        '2009',
        '',
      ],
      ['org-2', 'Moonflower Drop-in Centre', '', '', '', 'www.example.org/m', '', '', '2015-03-01', ''],
    ),
    program: rows('id organization_id name alternate_name', ['prog-1', 'org-1', 'Key Populations Programme', '']),
    service: rows(
      'id organization_id program_id name alternate_name description url email status interpretation_services application_process wait_time fees accreditations licenses',
      ['svc-1', 'org-1', 'prog-1', 'HIV testing', '', 'Rapid tests.', '', '', 'active', '', '', '', 'Free', '', ''],
      ['svc-2', 'org-1', '', 'STI treatment', '', '', '', '', 'Active', '', '', '', 'R50 consultation', '', ''],
      ['svc-3', 'org-2', 'prog-9', 'Drop-in', '', '', '', '', '', '', '', '', '', '', ''],
    ),
    service_attribute: rows('id service_id taxonomy_term_id', ['sa-1', 'svc-1', 'tt-hiv'], ['sa-2', 'svc-2', '']),
    other_attribute: rows(
      'id link_id link_type taxonomy_term_id',
      ['oa-1', 'a-1', 'physical_address', 'tt-peer'],
      ['oa-2', 'el-2', 'eligibility', 'tt-adults'],
      ['oa-3', 'nope', 'location', 'tt-peer'],
    ),
    service_at_location: rows(
      'id service_id location_id description',
      ['sal-1', 'svc-1', 'loc-1', ''],
      ['sal-2', 'svc-3', 'loc-2', ''],
    ),
    location: rows(
      'id organization_id name alternate_name description transportation latitude longitude',
      ['loc-1', 'org-1', 'Silverleaf clinic', '', '', '', '-25.7530', '28.2045'],
      ['loc-2', 'org-2', 'Moonflower drop-in', '', '', '', '', ''],
      ['loc-3', 'org-2', 'Moonflower post', '', '', '', '', ''],
      ['loc-4', 'org-2', 'Moonflower chat line', '', '', '', '', ''],
    ),
    phone: rows(
      'id location_id service_id organization_id contact_id service_at_location_id number extension type language description department',
      ['ph-1', 'loc-1', '', '', '', '', '+27 00 000 0101', '', 'voice', 'English, isiZulu and Sesotho sa Leboa', 'Reception', ''],
      ['ph-2', '', 'svc-3', '', '', '', '+27 00 000 0102', '12', 'cell', 'Ndebele; Klingon', '', 'Outreach team'],
      ['ph-3', 'loc-99', '', '', '', '', '+27 00 000 0199', '', 'voice', '', '', ''],
      ['ph-4', '', '', '', 'con-1', '', '+27 00 000 0104', '', 'voice', '', '', ''],
    ),
    contact: rows('id organization_id service_id service_at_location_id name title department email', [
      'con-1',
      'org-1',
      '',
      '',
      'Naledi Khumalo',
      'Nurse in charge',
      '',
      'not-an-email',
    ]),
    physical_address: rows(
      'id location_id attention address_1 address_2 address_3 address_4 city region state_province postal_code country',
      [
        'a-1',
        'loc-1',
        '',
        '14 Demonstration Avenue',
        'Ground floor',
        'Block B',
        'Wing 2',
        'Pretoria',
        'Sunnyside',
        'Gauteng',
        '0132',
        'South Africa',
      ],
      ['a-2', 'loc-2', '', '3 Fixture Street', '', '', '', 'Pretoria', '', 'Gauteng', '', ''],
    ),
    postal_address: rows(
      'id location_id attention address_1 address_2 address_3 address_4 city region state_province postal_code country',
      ['a-1', 'loc-1', 'The Manager', 'PO Box 0001', '', '', '', 'Pretoria', '', 'Gauteng', '0132', 'za'],
      ['a-3', 'loc-3', '', 'Private Bag X0002', '', '', '', 'Pretoria', '', 'Gauteng', '0083', 'ZA'],
    ),
    schedule: rows(
      'id service_id location_id service_at_location_id valid_from valid_to dtstart timezone until count wkst freq interval byday byweekno bymonthday byyearday description opens_at closes_at',
      ['sch-1', '', 'loc-1', '', '', '', '', '2', '', '', 'mo', 'WEEKLY', '', 'MO, TU', '', '', '', '', '08:00', '16:30'],
      ['sch-2', '', '', 'sal-1', '', '', '', '2', '', '6', '', 'MONTHLY', '', '', '', '-1', '', '', '09:00', '12:00'],
      ['sch-3', 'svc-3', '', '', '', '', '', '', '', '', '', 'DAILY', '', '', '', '', '', '', '10:00', '14:00'],
      ['sch-4', 'svc-1', '', '', '', '', '', '', '', '', '', 'YEARLY', '', '', '', '', '100', '', '09:00', '10:00'],
    ),
    funding: rows('id organization_id service_id source', ['fu-1', 'org-1', '', 'Grant']),
    eligibility: rows(
      'id service_id eligibility',
      ['el-1', 'svc-1', 'Adults 18+'],
      ['el-3', 'svc-1', 'Sex workers'],
      ['el-2', 'svc-3', ''],
      ['el-4', 'svc-2', ''],
    ),
    service_area: rows('id service_id service_area description', ['ar-1', 'svc-3', 'City of Tshwane', 'Inner city']),
    required_document: rows('id service_id document', ['rd-1', 'svc-2', 'Clinic card']),
    payment_accepted: rows(
      'id service_id payment',
      ['pay-1', 'svc-2', 'Cash'],
      ['pay-2', 'svc-2', 'Card'],
      ['pay-3', 'svc-3', 'Cash'],
    ),
    language: rows(
      'id service_id location_id language',
      ['la-1', 'svc-1', '', 'Xitsonga'],
      ['la-2', '', 'loc-2', 'isiXhosa/Tshivenda'],
    ),
    accessibility_for_disabilities: rows('id location_id accessibility details', ['ac-1', 'loc-1', 'Ramp', 'Accessible toilet']),
    taxonomy_term: rows(
      'id term description parent_id taxonomy language',
      ['tt-health', 'Health care', 'Health services', '', 'Fixture services', 'en'],
      ['tt-hiv', 'HIV testing', '', 'tt-health', 'Fixture services', 'en'],
      ['tt-adults', 'Adults 18+', 'Aged 18 and older', '', 'Fixture eligibility', 'en'],
      ['tt-peer', 'Peer-led', 'Run by peers', 'tt-gone', '', ''],
    ),
    metadata: rows(
      'id resource_id resource_type last_action_date last_action_type field_name previous_value replacement_value updated_by',
      ['md-1', 'svc-1', 'service', '2024-05-02T09:00:00Z', 'update', 'fees', 'R20', 'Free', 'editor'],
      ['md-2', 'a-1', 'postal_address', '2024-05-02T09:00:00Z', 'create', 'address_1', '', 'PO Box 0001', 'editor'],
      ['md-3', 'svc-404', 'service', '2024-05-02T09:00:00Z', 'update', 'name', 'a', 'b', 'editor'],
    ),
    meta_table_description: rows('id name language character_set', ['mt-1', 'Test feed', 'en', 'UTF-8']),
  };
}

function byId(tables: Tables, table: string, rawTable: string, raw: string): Record<string, unknown> {
  const row = (tables[table] ?? []).find((r) => r.id === id(rawTable, raw));
  assert.ok(row, `${table} row for ${rawTable} ${raw}`);
  return row;
}

function warningAt(warnings: { path: string; reason: string }[], path: string): string {
  return warnings.find((w) => w.path === path)?.reason ?? '';
}

test('ids are UUIDv5 of source:table:id, and foreign keys map with their parent table so links survive', () => {
  const { tables } = mapHsds20(feed(), SRC);
  const service = byId(tables, 'service', 'service', 'svc-1');
  assert.equal(service.organization_id, id('organization', 'org-1'));
  assert.equal(service.program_id, id('program', 'prog-1'));
  const sal = byId(tables, 'service_at_location', 'service_at_location', 'sal-1');
  assert.deepEqual([sal.service_id, sal.location_id], [id('service', 'svc-1'), id('location', 'loc-1')]);
  assert.equal(byId(tables, 'phone', 'phone', 'ph-4').contact_id, id('contact', 'con-1'));
  assert.equal(byId(tables, 'schedule', 'schedule', 'sch-2').service_at_location_id, id('service_at_location', 'sal-1'));
  for (const list of Object.values(tables)) for (const row of list) assert.ok(isUuid(String(row.id)), `uuid ${String(row.id)}`);
  const other = mapHsds20(feed(), 'another-feed').tables;
  assert.notEqual(other.service![0]!.id, tables.service![0]!.id, 'the source is part of the id');
});

test('mapping is deterministic: two runs give deep-equal output', () => {
  assert.deepEqual(mapHsds20(feed(), SRC), mapHsds20(feed(), SRC));
});

test('every mapped row is valid HSDS 3.0 for its table', () => {
  const { tables } = mapHsds20(feed(), SRC);
  for (const [table, list] of Object.entries(tables)) {
    for (const row of list) assert.equal(validateRecord(table as HsdsType, row), null, `${table} ${JSON.stringify(row)}`);
  }
  assert.equal(tables.cost_option, undefined, 'payments become text, not cost options');
});

test('a phone whose location_id names no location is dropped with a warning, and so is what hangs from a dropped row', () => {
  const input = feed();
  input.phone!.push(...rows('id contact_id number', ['ph-5', 'con-9', '+27 00 000 0105']));
  const { tables, warnings } = mapHsds20(input, SRC);
  assert.equal(warningAt(warnings, 'phones.csv:row 3'), 'location_id loc-99 names no location in this package: row dropped');
  assert.ok(!tables.phone!.some((p) => p.id === id('phone', 'ph-3')));
  assert.match(warningAt(warnings, 'phones.csv:row 5'), /contact_id con-9 names no contact/);
  assert.match(warningAt(warnings, 'service_attributes.csv:row 2'), /taxonomy_term_id is empty: row dropped/);
  // A dangling optional link is removed, not the row.
  assert.equal(byId(tables, 'service', 'service', 'svc-3').program_id, undefined);
  assert.match(warningAt(warnings, 'services.csv:row 3'), /program_id prog-9 names no program in this package: link removed/);
});

test('physical and postal addresses become address rows with address_type, address_3/4 joined into address_2', () => {
  const { tables, warnings } = mapHsds20(feed(), SRC);
  const physical = byId(tables, 'address', 'physical_address', 'a-1');
  assert.deepEqual(physical, {
    id: id('physical_address', 'a-1'),
    location_id: id('location', 'loc-1'),
    address_1: '14 Demonstration Avenue',
    address_2: 'Ground floor, Block B, Wing 2',
    city: 'Pretoria',
    region: 'Sunnyside',
    state_province: 'Gauteng',
    postal_code: '0132',
    country: 'ZA',
    address_type: 'physical',
  });
  const postal = byId(tables, 'address', 'postal_address', 'a-1');
  assert.notEqual(postal.id, physical.id, 'the same 2.0 id in two tables gives two ids');
  assert.deepEqual([postal.address_type, postal.attention, postal.country], ['postal', 'The Manager', 'ZA']);
  const gaps = byId(tables, 'address', 'physical_address', 'a-2');
  assert.deepEqual([gaps.postal_code, gaps.country], ['', '']);
  assert.equal(
    warningAt(warnings, 'physical_addresses.csv:row 2'),
    'postal_code, country empty but required by HSDS 3.0: set to ""',
  );
});

test('location_type: physical with coordinates or a physical address, postal with only a postal address, else virtual', () => {
  const { tables, warnings } = mapHsds20(feed(), SRC);
  const type = (raw: string) => byId(tables, 'location', 'location', raw).location_type;
  assert.deepEqual([type('loc-1'), type('loc-2'), type('loc-3'), type('loc-4')], ['physical', 'physical', 'postal', 'virtual']);
  assert.equal(byId(tables, 'location', 'location', 'loc-1').latitude, -25.753);
  assert.match(warningAt(warnings, 'locations.csv:row 4'), /location_type virtual/);
});

test('eligibility rows become the service eligibility_description, joined with "; "', () => {
  const { tables, warnings } = mapHsds20(feed(), SRC);
  assert.equal(byId(tables, 'service', 'service', 'svc-1').eligibility_description, 'Adults 18+; Sex workers');
  // 2.0.1 eligibility has only id and service_id: the text comes from the terms other_attribute links to it.
  assert.equal(byId(tables, 'service', 'service', 'svc-3').eligibility_description, 'Adults 18+');
  const relinked = byId(tables, 'attribute', 'other_attribute', 'oa-2');
  assert.deepEqual(
    [relinked.link_id, relinked.link_entity, relinked.link_type],
    [id('service', 'svc-3'), 'service', 'eligibility'],
  );
  assert.equal(byId(tables, 'service', 'service', 'svc-2').eligibility_description, undefined);
  assert.match(warningAt(warnings, 'eligibility.csv:row 4'), /no criteria .*row dropped/);
  assert.equal(warningAt(warnings, 'eligibility.csv'), '', 'the legacy eligibility column is read, not reported');
});

test('payment_accepted rows are appended to fees_description', () => {
  const { tables } = mapHsds20(feed(), SRC);
  assert.equal(byId(tables, 'service', 'service', 'svc-2').fees_description, 'R50 consultation. Payment accepted: Cash, Card.');
  assert.equal(byId(tables, 'service', 'service', 'svc-3').fees_description, 'Payment accepted: Cash.');
  assert.equal(byId(tables, 'service', 'service', 'svc-1').fees_description, 'Free');
  assert.equal(byId(tables, 'service', 'service', 'svc-1').fees, undefined, '2.0 fees go to fees_description only');
});

test('phone language text becomes language rows with ISO 639 codes, ids derived from the phone', () => {
  const { tables, warnings } = mapHsds20(feed(), SRC);
  const phoneId = id('phone', 'ph-1');
  const langs = tables.language!.filter((l) => l.phone_id === phoneId);
  assert.deepEqual(
    langs.map((l) => [l.name, l.code]),
    [
      ['English', 'en'],
      ['isiZulu', 'zu'],
      ['Sesotho sa Leboa', 'nso'],
    ],
  );
  assert.equal(langs[2]!.id, uuidv5(`${SRC}:phone.language:ph-1:2`, HSDS20_NAMESPACE));
  const other = tables.language!.filter((l) => l.phone_id === id('phone', 'ph-2'));
  assert.deepEqual(other, [
    { id: uuidv5(`${SRC}:phone.language:ph-2:0`, HSDS20_NAMESPACE), phone_id: id('phone', 'ph-2'), name: 'Ndebele', code: 'nr' },
    { id: uuidv5(`${SRC}:phone.language:ph-2:1`, HSDS20_NAMESPACE), phone_id: id('phone', 'ph-2'), name: 'Klingon' },
  ]);
  const ph2 = byId(tables, 'phone', 'phone', 'ph-2');
  assert.deepEqual([ph2.extension, ph2.description, ph2.language], [12, 'Department: Outreach team', undefined]);
  assert.match(
    warningAt(warnings, 'phones.csv:row 2'),
    /department has no HSDS 3.0 phone field.*language "Klingon" has no known ISO 639 code/,
  );
});

test('language table rows: name and code, split when a cell names several', () => {
  const { tables } = mapHsds20(feed(), SRC);
  assert.deepEqual(byId(tables, 'language', 'language', 'la-1'), {
    id: id('language', 'la-1'),
    service_id: id('service', 'svc-1'),
    name: 'Xitsonga',
    code: 'ts',
  });
  const split = tables.language!.filter((l) => l.location_id === id('location', 'loc-2'));
  assert.deepEqual(
    split.map((l) => [l.id, l.code]),
    [
      [id('language', 'la-2'), 'xh'],
      [uuidv5(`${SRC}:language.language:la-2:1`, HSDS20_NAMESPACE), 've'],
    ],
  );
});

test('lookupLanguage knows the South African languages by name, alternative name and code', () => {
  const cases: [string, string][] = [
    ['English', 'en'],
    ['Afrikaans', 'af'],
    ['isiZulu', 'zu'],
    ['Zulu', 'zu'],
    ['isiXhosa', 'xh'],
    ['Xhosa', 'xh'],
    ['Sesotho', 'st'],
    ['Southern Sotho', 'st'],
    ['Sepedi', 'nso'],
    ['Northern Sotho', 'nso'],
    ['Sesotho sa Leboa', 'nso'],
    ['Setswana', 'tn'],
    ['Tswana', 'tn'],
    ['Xitsonga', 'ts'],
    ['Tsonga', 'ts'],
    ['siSwati', 'ss'],
    ['Swati', 'ss'],
    ['Tshivenda', 've'],
    ['Tshivenḓa', 've'],
    ['Venda', 've'],
    ['isiNdebele', 'nr'],
    ['Ndebele', 'nr'],
    ['Spanish', 'es'],
    ['French', 'fr'],
    ['Portuguese', 'pt'],
    ['zu', 'zu'],
    ['ZUL', 'zu'],
    ['nso', 'nso'],
    ['Sepedi (Northern Sotho)', 'nso'],
  ];
  for (const [text, code] of cases) assert.equal(lookupLanguage(text)?.code, code, text);
  assert.equal(lookupLanguage('zu')?.name, 'isiZulu', 'a bare code gets a readable name');
  assert.equal(lookupLanguage('Zulu')?.name, 'Zulu', 'a written name is kept as written');
  assert.equal(lookupLanguage('Klingon'), null);
  assert.deepEqual(splitLanguages('English, isiZulu and Sepedi; Afrikaans/Setswana'), [
    'English',
    'isiZulu',
    'Sepedi',
    'Afrikaans',
    'Setswana',
  ]);
});

test('schedules: RRULE parts typed for 3.0, DAILY becomes WEEKLY, YEARLY becomes text only', () => {
  const { tables, warnings } = mapHsds20(feed(), SRC);
  const weekly = byId(tables, 'schedule', 'schedule', 'sch-1');
  assert.deepEqual([weekly.freq, weekly.byday, weekly.wkst, weekly.timezone], ['WEEKLY', 'MO,TU', 'MO', 2]);
  const monthly = byId(tables, 'schedule', 'schedule', 'sch-2');
  assert.deepEqual([monthly.freq, monthly.count, monthly.bymonthday], ['MONTHLY', 6, '-1']);
  const daily = byId(tables, 'schedule', 'schedule', 'sch-3');
  assert.deepEqual([daily.freq, daily.byday, daily.opens_at], ['WEEKLY', 'MO,TU,WE,TH,FR,SA,SU', '10:00']);
  const yearly = byId(tables, 'schedule', 'schedule', 'sch-4');
  assert.deepEqual(yearly, {
    id: id('schedule', 'sch-4'),
    service_id: id('service', 'svc-1'),
    description: 'Hours given as a rule HSDS 3.0 cannot express: FREQ=YEARLY;BYYEARDAY=100 09:00–10:00',
  });
  assert.match(warningAt(warnings, 'schedules.csv:row 4'), /freq YEARLY .* hours read as unknown/);
});

test('holiday_schedule rows (pre-2.0.1) become text-only schedule rows for their dates, with a warning', () => {
  const input = feed();
  input.holiday_schedule = rows(
    'id service_id location_id closed opens_at closes_at start_date end_date',
    ['h-1', 'svc-1', '', 'true', '', '', '2025-12-25', '2025-12-26'],
    ['h-2', '', 'loc-1', 'false', '10:00', '14:00', '2025-12-31', ''],
    ['h-3', 'svc-1', '', 'true', '', '', '', ''],
  );
  const { tables, warnings } = mapHsds20(input, SRC);
  assert.deepEqual(byId(tables, 'schedule', 'holiday_schedule', 'h-1'), {
    id: id('holiday_schedule', 'h-1'),
    service_id: id('service', 'svc-1'),
    valid_from: '2025-12-25',
    valid_to: '2025-12-26',
    description: 'Holiday: closed',
  });
  const hours = byId(tables, 'schedule', 'holiday_schedule', 'h-2');
  assert.deepEqual(
    [hours.valid_from, hours.valid_to, hours.description],
    ['2025-12-31', '2025-12-31', 'Holiday hours 10:00–14:00'],
  );
  assert.equal(hours.freq, undefined);
  assert.equal(hours.opens_at, undefined);
  assert.match(warningAt(warnings, 'holiday_schedule.csv:row 1'), /text-only schedule/);
  assert.match(warningAt(warnings, 'holiday_schedule.csv:row 3'), /without start_date .*row dropped/);
});

test('organizations, programs and services: renamed fields and filled 3.0 requirements', () => {
  const input = feed();
  input.service!.push(...rows('id organization_id name status', ['svc-4', 'org-1', 'Old service', 'closed']));
  const { tables, warnings } = mapHsds20(input, SRC);
  const org = byId(tables, 'organization', 'organization', 'org-2');
  assert.deepEqual(
    [org.website, org.description, org.year_incorporated],
    ['https://www.example.org/m', 'Moonflower Drop-in Centre', 2015],
  );
  assert.equal(byId(tables, 'organization', 'organization', 'org-1').website, 'https://example.org/s');
  assert.match(warningAt(warnings, 'organizations.csv:row 2'), /https:\/\/ assumed.*only the year.*set to the name/);
  assert.equal(byId(tables, 'program', 'program', 'prog-1').description, 'Key Populations Programme');
  const status = (raw: string) => byId(tables, 'service', 'service', raw).status;
  assert.deepEqual(
    [status('svc-1'), status('svc-2'), status('svc-3'), status('svc-4')],
    ['active', 'active', 'active', 'inactive'],
  );
  assert.match(warningAt(warnings, 'services.csv:row 3'), /status empty .*set to active/);
  assert.match(warningAt(warnings, 'services.csv:row 4'), /status "closed" is not an HSDS 3.0 status: set to inactive/);
  assert.equal(byId(tables, 'contact', 'contact', 'con-1').email, undefined);
});

test('taxonomy terms: term → name, description defaulted, one taxonomy row per distinct taxonomy name', () => {
  const { tables, warnings } = mapHsds20(feed(), SRC);
  const hiv = byId(tables, 'taxonomy_term', 'taxonomy_term', 'tt-hiv');
  const taxonomyId = uuidv5(`${SRC}:taxonomy:Fixture services`, HSDS20_NAMESPACE);
  assert.deepEqual(hiv, {
    id: id('taxonomy_term', 'tt-hiv'),
    name: 'HIV testing',
    description: 'HIV testing',
    parent_id: id('taxonomy_term', 'tt-health'),
    taxonomy: 'Fixture services',
    language: 'en',
    taxonomy_id: taxonomyId,
  });
  assert.deepEqual(
    tables.taxonomy!.map((t) => [t.id, t.name]),
    [
      [taxonomyId, 'Fixture services'],
      [uuidv5(`${SRC}:taxonomy:Fixture eligibility`, HSDS20_NAMESPACE), 'Fixture eligibility'],
    ],
  );
  assert.equal(byId(tables, 'taxonomy_term', 'taxonomy_term', 'tt-peer').parent_id, undefined);
  assert.match(warningAt(warnings, 'taxonomy_terms.csv:row 4'), /parent_id tt-gone .*link removed/);
});

test('attributes: service_attribute links a service, other_attribute links its entity under the 3.0 table name', () => {
  const { tables, warnings } = mapHsds20(feed(), SRC);
  assert.deepEqual(byId(tables, 'attribute', 'service_attribute', 'sa-1'), {
    id: id('service_attribute', 'sa-1'),
    link_id: id('service', 'svc-1'),
    link_entity: 'service',
    taxonomy_term_id: id('taxonomy_term', 'tt-hiv'),
  });
  const onAddress = byId(tables, 'attribute', 'other_attribute', 'oa-1');
  assert.deepEqual(
    [onAddress.link_id, onAddress.link_entity, onAddress.link_type],
    [id('physical_address', 'a-1'), 'address', undefined],
  );
  assert.match(warningAt(warnings, 'other_attributes.csv:row 3'), /link_id nope names no location in this package: row dropped/);
});

test('metadata: resource_id mapped when it names a row here, resource_type renamed to the 3.0 table', () => {
  const { tables, warnings } = mapHsds20(feed(), SRC);
  const update = byId(tables, 'metadata', 'metadata', 'md-1');
  assert.deepEqual([update.resource_id, update.resource_type, update.previous_value], [id('service', 'svc-1'), 'service', 'R20']);
  const create = byId(tables, 'metadata', 'metadata', 'md-2');
  assert.deepEqual(
    [create.resource_id, create.resource_type, create.previous_value],
    [id('postal_address', 'a-1'), 'address', ''],
  );
  assert.equal(warningAt(warnings, 'metadata.csv:row 2'), '', 'an empty previous_value on a create is normal');
  assert.match(warningAt(warnings, 'metadata.csv:row 3'), /resource_id svc-404 names no service in this package: row dropped/);
  assert.deepEqual(tables.meta_table_description, [
    { id: id('meta_table_description', 'mt-1'), name: 'Test feed', language: 'en', character_set: 'UTF-8' },
  ]);
});

test('simple tables: funding, service_area, required_document, accessibility', () => {
  const { tables } = mapHsds20(feed(), SRC);
  assert.deepEqual(tables.funding, [
    { id: id('funding', 'fu-1'), organization_id: id('organization', 'org-1'), source: 'Grant' },
  ]);
  assert.deepEqual(tables.service_area, [
    { id: id('service_area', 'ar-1'), service_id: id('service', 'svc-3'), name: 'City of Tshwane', description: 'Inner city' },
  ]);
  assert.deepEqual(tables.required_document, [
    { id: id('required_document', 'rd-1'), service_id: id('service', 'svc-2'), document: 'Clinic card' },
  ]);
  assert.deepEqual(tables.accessibility, [
    {
      id: id('accessibility_for_disabilities', 'ac-1'),
      location_id: id('location', 'loc-1'),
      description: 'Ramp',
      details: 'Accessible toilet',
    },
  ]);
});

test('tables and columns outside HSDS 2.0.1 are reported, not imported; duplicate and missing ids drop the row', () => {
  const input = feed();
  input.regular_schedule = rows('id service_id weekday opens_at closes_at', ['rs-1', 'svc-1', '1', '09:00', '17:00']);
  input.organization!.push(...rows('id name description shoe_size', ['org-1', 'Twin', 'Dup', '42'], ['', 'No id', 'x', '']));
  const { tables, warnings } = mapHsds20(input, SRC);
  assert.match(warningAt(warnings, 'regular_schedule.csv:row 1'), /not an HSDS 2.0.1 table .*HSDS 1\.x/);
  assert.equal(warningAt(warnings, 'organizations.csv'), 'columns not in HSDS 2.0.1, not imported: shoe_size');
  assert.match(warningAt(warnings, 'organizations.csv:row 3'), /duplicate id org-1: row dropped/);
  assert.match(warningAt(warnings, 'organizations.csv:row 4'), /no id: row dropped/);
  assert.equal(tables.organization!.length, 2);
});

const FIXTURE = new URL('../../test/fixtures/hsds-2.0/', import.meta.url);

test("the fixture datapackage names every 2.0.1 table, and each CSV header is that table's 2.0.1 fields", () => {
  const descriptor = JSON.parse(readFileSync(new URL('datapackage.json', FIXTURE), 'utf8')) as {
    resources: { name: string; path: string }[];
  };
  const listed = new Map(descriptor.resources.map((r) => [r.name, r.path]));
  assert.deepEqual([...listed.keys()].sort(), Object.keys(HSDS20_TABLES).sort());
  for (const [name, path] of listed) {
    const spec = HSDS20_TABLES[name]!;
    assert.equal(path, spec.file, name);
    const file = new URL(path, FIXTURE);
    assert.ok(existsSync(file), `${path} exists`);
    const [header = '', ...data] = readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l !== '');
    assert.deepEqual(header.split(','), spec.fields, `${path} header`);
    assert.ok(data.length >= 1, `${path} has a row`);
  }
});

const SPEC_201 = new URL('../../test/fixtures/hsds-2.0.1-spec/datapackage.json', import.meta.url);

test('HSDS20_TABLES matches the 2.0.1 datapackage', () => {
  const spec = JSON.parse(readFileSync(SPEC_201, 'utf8')) as {
    resources: { name: string; path: string; schema: { fields: { name: string }[] } }[];
  };
  const expected = Object.fromEntries(
    spec.resources.map((r) => [r.name, { file: r.path, fields: r.schema.fields.map((f) => f.name) }]),
  );
  assert.deepEqual(HSDS20_TABLES, expected);
});
