/**
 * The benchmark data: 1 000 000 services-at-locations over South Africa's metros (fixed seed),
 * 1 000 query points with times and categories, and the databases loaded through the real import
 * path. Everything lands in `.cache/bench/` and is reused while the fingerprint matches.
 *
 * Run alone: `node --import tsx bench/generate.ts` (add BENCH_PG_URL to load PostgreSQL too).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ensureHarbourTaxonomies } from '../src/directory/seed.ts';
import { CATEGORIES, FLAGS, GENDERS } from '../src/directory/taxonomies.ts';
import type { Json } from '../src/hsds/model.ts';
import { importSource } from '../src/hsds/import/run-import.ts';
import { haversineM } from '../src/shared/geo.ts';
import { compileSchedule, evaluateOpen, type ScheduleRow } from '../src/shared/schedule/index.ts';
import { CACHE_DIR, fmt, log, nowMs, Rng, ROOT, stats, table } from './lib.ts';

/** Bump when the generated data changes: cached files and databases are rebuilt. */
export const GENERATOR_VERSION = 1;
export const SEED = 0x4a5b2026;
/** 1 000 000; BENCH_SALS makes a smaller set (its own files) for a quick trial of the benchmarks. */
export const TOTAL_SALS = Number(process.env.BENCH_SALS ?? 1_000_000);
export const QUERY_POINTS = 1_000;
/** Services per NDJSON part (and per progress line while loading). */
export const PART_SIZE = 50_000;
/** A Tshwane query point's 10 km circle must hold at least this many SALs. */
export const MIN_SALS_IN_10KM = 20_000;

const SET_NAME = TOTAL_SALS === 1_000_000 ? 'sal-1m' : `sal-${TOTAL_SALS}`;
export const DATASET_DIR = join(CACHE_DIR, SET_NAME);
export const MANIFEST_PATH = join(DATASET_DIR, 'manifest.json');
export const SQLITE_PATH = join(CACHE_DIR, `${SET_NAME}.db`);
export const SQLITE_URL = `sqlite:${SQLITE_PATH}`;

// ---------------------------------------------------------------------------------------------
// Geography

interface SubCentre {
  name: string;
  lat: number;
  lng: number;
}

interface Metro {
  name: string;
  city: string;
  province: string;
  lat: number;
  lng: number;
  /** Radius (km) of the uniform part of the spread. */
  radiusKm: number;
  share: number;
  languages: string[];
  dialCode: string;
  subs: SubCentre[];
  /** Tshwane only: outlying townships outside the dense disc. */
  outer?: SubCentre[];
}

const sub = (name: string, lat: number, lng: number): SubCentre => ({ name, lat, lng });

/** Rough centres and spreads; Tshwane gets 40% of all SALs, 35% within 25 km of its centre. */
export const METROS: Metro[] = [
  {
    name: 'Tshwane',
    city: 'Pretoria',
    province: 'Gauteng',
    lat: -25.7479,
    lng: 28.1878,
    radiusKm: 25,
    share: 0.4,
    languages: ['nso', 'tn', 'zu', 'af', 'ts'],
    dialCode: '12',
    subs: [
      sub('Pretoria Central', -25.7479, 28.1878),
      sub('Sunnyside', -25.7528, 28.2041),
      sub('Arcadia', -25.7449, 28.2091),
      sub('Hatfield', -25.7487, 28.238),
      sub('Mamelodi', -25.72, 28.395),
      sub('Atteridgeville', -25.774, 28.07),
      sub('Centurion', -25.86, 28.189),
      sub('Pretoria West', -25.752, 28.15),
      sub('Silverton', -25.733, 28.297),
      sub('Eersterust', -25.71, 28.32),
      sub('Laudium', -25.785, 28.098),
      sub('Garsfontein', -25.793, 28.296),
      sub('Wonderboom', -25.68, 28.195),
      sub('Akasia', -25.675, 28.1),
      sub('Capital Park', -25.722, 28.19),
      sub('Marabastad', -25.742, 28.176),
    ],
    outer: [
      sub('Soshanguve', -25.52, 28.1),
      sub('Mabopane', -25.5, 28.07),
      sub('Hammanskraal', -25.4, 28.28),
      sub('Ga-Rankuwa', -25.61, 27.99),
      sub('Winterveld', -25.43, 27.98),
      sub('Cullinan', -25.67, 28.52),
    ],
  },
  {
    name: 'Johannesburg',
    city: 'Johannesburg',
    province: 'Gauteng',
    lat: -26.2041,
    lng: 28.0473,
    radiusKm: 22,
    share: 0.2,
    languages: ['zu', 'st', 'xh', 'tn'],
    dialCode: '11',
    subs: [
      sub('Hillbrow', -26.1878, 28.0497),
      sub('Braamfontein', -26.1929, 28.0305),
      sub('Soweto', -26.2485, 27.854),
      sub('Yeoville', -26.1833, 28.0667),
      sub('Alexandra', -26.103, 28.096),
      sub('Randburg', -26.0941, 28.0012),
      sub('Diepsloot', -25.9333, 28.0167),
      sub('Berea', -26.1833, 28.0583),
      sub('Rosettenville', -26.25, 28.05),
      sub('Orlando', -26.235, 27.91),
    ],
  },
  {
    name: 'Ekurhuleni',
    city: 'Germiston',
    province: 'Gauteng',
    lat: -26.17,
    lng: 28.3,
    radiusKm: 20,
    share: 0.1,
    languages: ['zu', 'st', 'xh', 'ts'],
    dialCode: '11',
    subs: [
      sub('Germiston', -26.2235, 28.1707),
      sub('Benoni', -26.1885, 28.3207),
      sub('Kempton Park', -26.1, 28.2333),
      sub('Tembisa', -25.998, 28.227),
      sub('Boksburg', -26.2125, 28.2625),
      sub('Springs', -26.255, 28.44),
      sub('Vosloorus', -26.35, 28.2),
      sub('Katlehong', -26.33, 28.15),
    ],
  },
  {
    name: 'Cape Town',
    city: 'Cape Town',
    province: 'Western Cape',
    lat: -33.96,
    lng: 18.56,
    radiusKm: 18,
    share: 0.12,
    languages: ['af', 'xh'],
    dialCode: '21',
    subs: [
      sub('Khayelitsha', -34.04, 18.68),
      sub('Mitchells Plain', -34.05, 18.62),
      sub('Gugulethu', -33.98, 18.57),
      sub('Bellville', -33.9, 18.63),
      sub('Woodstock', -33.928, 18.447),
      sub('Observatory', -33.937, 18.472),
      sub('Athlone', -33.96, 18.5),
      sub('Nyanga', -33.99, 18.58),
      sub('Delft', -33.97, 18.64),
    ],
  },
  {
    name: 'eThekwini',
    city: 'Durban',
    province: 'KwaZulu-Natal',
    lat: -29.8587,
    lng: 30.98,
    radiusKm: 18,
    share: 0.09,
    languages: ['zu', 'xh'],
    dialCode: '31',
    subs: [
      sub('Durban Central', -29.8587, 31.0218),
      sub('Umlazi', -29.97, 30.88),
      sub('KwaMashu', -29.74, 30.98),
      sub('Pinetown', -29.817, 30.857),
      sub('Chatsworth', -29.91, 30.88),
      sub('Phoenix', -29.7, 31.0),
      sub('Inanda', -29.68, 30.95),
    ],
  },
  {
    name: 'Nelson Mandela Bay',
    city: 'Gqeberha',
    province: 'Eastern Cape',
    lat: -33.9,
    lng: 25.57,
    radiusKm: 14,
    share: 0.04,
    languages: ['xh', 'af'],
    dialCode: '41',
    subs: [
      sub('Gqeberha Central', -33.9608, 25.6022),
      sub('Motherwell', -33.81, 25.6),
      sub('New Brighton', -33.9, 25.6),
      sub('KwaZakhele', -33.87, 25.59),
      sub('Kariega', -33.77, 25.4),
    ],
  },
  {
    name: 'Buffalo City',
    city: 'East London',
    province: 'Eastern Cape',
    lat: -32.98,
    lng: 27.85,
    radiusKm: 12,
    share: 0.03,
    languages: ['xh'],
    dialCode: '43',
    subs: [sub('East London Central', -33.0153, 27.9116), sub('Mdantsane', -32.95, 27.73), sub('Duncan Village', -32.99, 27.88)],
  },
  {
    name: 'Mangaung',
    city: 'Bloemfontein',
    province: 'Free State',
    lat: -29.1,
    lng: 26.2,
    radiusKm: 12,
    share: 0.02,
    languages: ['st', 'af', 'tn'],
    dialCode: '51',
    subs: [sub('Bloemfontein Central', -29.0852, 26.1596), sub('Heidedal', -29.13, 26.25), sub('Batho', -29.14, 26.22)],
  },
];

const TSHWANE = METROS[0]!;
const KM_PER_DEG = 111.195;

function offset(lat: number, lng: number, dxKm: number, dyKm: number): [number, number] {
  return [lat + dyKm / KM_PER_DEG, lng + dxKm / (KM_PER_DEG * Math.cos((lat * Math.PI) / 180))];
}

function inDisc(rng: Rng, lat: number, lng: number, radiusKm: number): [number, number] {
  const r = radiusKm * Math.sqrt(rng.float());
  const a = rng.float() * 2 * Math.PI;
  return offset(lat, lng, r * Math.cos(a), r * Math.sin(a));
}

function around(rng: Rng, c: SubCentre, sigmaKm: number): [number, number] {
  return offset(c.lat, c.lng, rng.gauss() * sigmaKm, rng.gauss() * sigmaKm);
}

function nearestSub(metro: Metro, lat: number, lng: number): SubCentre {
  let best = metro.subs[0]!;
  let bestD = Infinity;
  for (const s of [...metro.subs, ...(metro.outer ?? [])]) {
    const d = (s.lat - lat) ** 2 + (s.lng - lng) ** 2;
    if (d < bestD) {
      bestD = d;
      best = s;
    }
  }
  return best;
}

/** A site's point: Tshwane 87.5% inside the dense 25 km disc, the rest in outlying townships. */
function sitePoint(rng: Rng, metro: Metro): [number, number] {
  if (metro === TSHWANE) {
    if (rng.chance(0.125)) return around(rng, rng.pick(metro.outer!), 4);
    for (;;) {
      const p = rng.chance(0.6) ? inDisc(rng, metro.lat, metro.lng, metro.radiusKm) : around(rng, rng.pick(metro.subs), 3);
      if (haversineM(metro.lat, metro.lng, p[0], p[1]) <= metro.radiusKm * 1000) return p;
    }
  }
  return rng.chance(0.5) ? inDisc(rng, metro.lat, metro.lng, metro.radiusKm) : around(rng, rng.pick(metro.subs), 2.5);
}

// ---------------------------------------------------------------------------------------------
// Words

const CATEGORY_WEIGHTS: [string, number][] = [
  ['hiv_testing', 12],
  ['sti_care', 8],
  ['prep_pep', 7],
  ['contraception', 7],
  ['tb', 5],
  ['mental_health', 6],
  ['drop_in', 6],
  ['needle_syringe_programme', 5],
  ['opioid_substitution', 4],
  ['naloxone', 5],
  ['wound_care', 4],
  ['food', 5],
  ['support_group', 5],
  ['legal_aid', 3],
  ['shelter', 3],
  ['economic_support', 3],
  ['rehab', 4],
  ['drug_checking', 2],
  ['supervised_consumption', 1],
  ['crisis_line', 1],
];

/** Name words per category: a category's words appear only in its own services' text. */
const NOUNS: Record<string, string[]> = {
  needle_syringe_programme: ['Needle Exchange', 'Needle and Syringe', 'Clean Needles'],
  opioid_substitution: ['Methadone', 'Opioid Substitution', 'OST'],
  supervised_consumption: ['Safe Use Site', 'Supervised Consumption'],
  naloxone: ['Naloxone', 'Overdose Response'],
  drug_checking: ['Drug Checking', 'Test Strips'],
  hiv_testing: ['HIV Testing', 'HIV Test', 'Wellness'],
  prep_pep: ['PrEP', 'PrEP and PEP'],
  sti_care: ['STI', 'Sexual Health'],
  contraception: ['Family Planning', 'Contraception'],
  tb: ['TB', 'TB Screening'],
  wound_care: ['Wound Care', 'Wound Dressing'],
  mental_health: ['Counselling', 'Mental Health'],
  crisis_line: ['Crisis', 'Helpline'],
  rehab: ['Rehab', 'Recovery'],
  support_group: ['Support Group', 'Peer Support'],
  legal_aid: ['Legal Aid', 'Legal Advice'],
  shelter: ['Shelter', 'Safe House'],
  food: ['Soup Kitchen', 'Food Parcels'],
  economic_support: ['Skills', 'Livelihoods'],
  drop_in: ['Drop-in', 'Drop-in Centre'],
};

const SENTENCES: Record<string, string[]> = {
  needle_syringe_programme: [
    'Sterile needles, syringes, cookers and filters, and a safe bin for used ones.',
    'Needle exchange: bring back what you can, you get clean equipment either way.',
  ],
  opioid_substitution: [
    'Methadone and buprenorphine for people who use opioids, with daily dosing.',
    'Opioid substitution: start methadone the same week, no waiting list.',
  ],
  supervised_consumption: ['A clean, supervised space to use, with staff trained to respond to overdoses.'],
  naloxone: [
    'Naloxone kits and training: learn to reverse an overdose in ten minutes.',
    'Take-home naloxone for you and your friends.',
  ],
  drug_checking: ['Drug checking with test strips: know what is in your batch before you use it.'],
  hiv_testing: [
    'HIV testing with results in twenty minutes and same-day treatment.',
    'HIV self-test kits and counselling before and after the test.',
  ],
  prep_pep: ['PrEP to stay negative and PEP within 72 hours after a risk.', 'Start PrEP on the day you ask.'],
  sti_care: [
    'Testing and treatment for sexually transmitted infections, no judgement.',
    'Syndromic STI treatment and partner notification.',
  ],
  contraception: ['Condoms, lube, injections, implants and the pill.', 'Family planning and emergency contraception.'],
  tb: ['TB screening, sputum tests and treatment support.', 'Coughing for two weeks? Get screened for TB.'],
  wound_care: ['Wound care for abscesses and injection sores, with dressings to take home.'],
  mental_health: [
    'Counselling with a trained counsellor; bring a friend if you like.',
    'Support for depression, anxiety and trauma.',
  ],
  crisis_line: ['Talk to someone now, day or night.'],
  rehab: ['Residential and outpatient rehabilitation programmes.', 'Recovery programme with aftercare groups.'],
  support_group: ['Peer support group led by people with lived experience.', 'A weekly support group: come as you are.'],
  legal_aid: [
    'Legal advice after arrest, police harassment or unfair treatment.',
    'Paralegals help with ID documents and court dates.',
  ],
  shelter: ['Emergency beds for the night; call first, the address is shared on the phone.'],
  food: ['Hot meals and food parcels.', 'Soup kitchen: a warm meal, no questions asked.'],
  economic_support: ['Skills training, CV help and small grants.', 'Help with grants and savings groups.'],
  drop_in: ['A drop-in space to rest, shower, wash clothes and charge your phone.'],
};

const GENERIC = [
  'Staff speak several languages.',
  'Friendly staff and a private room.',
  'Bring a friend if you like.',
  'Services are confidential.',
  'Ask at reception for the nurse.',
  'A peer educator is on site most days.',
];

const SUFFIXES = ['Clinic', 'Centre', 'Project', 'Point', 'Hub', 'Service', 'Outreach', 'Programme', 'Team'];
const ORG_WORDS_1 = [
  'Ubuntu',
  'Ithemba',
  'Siyakhana',
  'Khanya',
  'Thuthuzela',
  'Lesedi',
  'Tshepo',
  'Kagiso',
  'Masakhane',
  'Bophelo',
  'Sinethemba',
  'Phakamisa',
  'Tirisano',
  'Vukuzenzele',
  'Thembeka',
  'Rethabile',
  'Lerato',
  'Nokuthula',
  'Sizanani',
  'Zibuthe',
];
const ORG_WORDS_2 = [
  'Health',
  'Community',
  'Care',
  'Wellness',
  'Harm Reduction',
  'Outreach',
  'Youth',
  'Women',
  'Hope',
  'Dignity',
];
const ORG_TYPES = ['Trust', 'Project', 'Network', 'Foundation', 'Collective', 'Association', 'Initiative', 'Alliance'];
const LOCATION_NOUNS = [
  'site',
  'community centre',
  'hall',
  'container',
  'mobile stop',
  'church hall',
  'office',
  'house',
  'clinic rooms',
];
const STREETS = [
  'Church',
  'Main',
  'Station',
  'Market',
  'Nelson Mandela',
  'Oliver Tambo',
  'Steve Biko',
  'Albertina Sisulu',
  'Park',
  'Voortrekker',
  'Jacaranda',
  'Protea',
  'Aloe',
];
/**
 * Rare words, only ever in service names: no other word in the data starts with one of them, so
 * a `q` for them matches exactly the services whose names hold them.
 */
export const RARE_WORDS = ['zephyrine', 'quillonix', 'vantablu', 'kestrelmoor', 'obsidiane'];
const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  zu: 'isiZulu',
  xh: 'isiXhosa',
  af: 'Afrikaans',
  nso: 'Sepedi',
  tn: 'Setswana',
  st: 'Sesotho',
  ts: 'Xitsonga',
};

const termByCode = new Map([...CATEGORIES.terms, ...FLAGS.terms, ...GENDERS.terms].map((t) => [t.code, t.id]));
function termId(code: string): string {
  const id = termByCode.get(code);
  if (!id) throw new Error(`no Harbour term ${code}`);
  return id;
}

// ---------------------------------------------------------------------------------------------
// Schedules

type Row = Record<string, string | number>;

function quarterHours(from: string, to: string): string[] {
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  const out: string[] = [];
  for (let m = toMin(from); m <= toMin(to); m += 15)
    out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  return out;
}

/** Every organisation picks its own hours: thousands of distinct schedules, as in real listings. */
const OPENS = quarterHours('06:30', '10:00');
const CLOSES = quarterHours('14:00', '18:00');
const SATURDAY_CLOSES = quarterHours('11:00', '14:00');
const WEEKDAYS = 'MO,TU,WE,TH,FR';

/** Schedule templates and their shares (%): returns rows without ids, or null for no schedule. */
const TEMPLATES: [string, number, (rng: Rng) => Row[] | null][] = [
  ['none', 15, () => null],
  ['office', 27, (r) => [{ freq: 'WEEKLY', byday: WEEKDAYS, opens_at: r.pick(OPENS), closes_at: r.pick(CLOSES) }]],
  [
    'office+saturday',
    11,
    (r) => [
      { freq: 'WEEKLY', byday: WEEKDAYS, opens_at: r.pick(OPENS), closes_at: r.pick(CLOSES) },
      { freq: 'WEEKLY', byday: 'SA', opens_at: r.pick(['08:00', '08:30', '09:00']), closes_at: r.pick(SATURDAY_CLOSES) },
    ],
  ],
  ['24h', 7, () => [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '23:59' }]],
  [
    'night outreach',
    6,
    (r) => [
      {
        freq: 'WEEKLY',
        byday: r.pick(['TU,TH', 'MO,WE,FR', 'TH,FR,SA', WEEKDAYS]),
        ...(r.chance(0.7) ? { opens_at: '22:00', closes_at: '04:00' } : { opens_at: '20:00', closes_at: '02:00' }),
      },
    ],
  ],
  [
    'fortnightly',
    6,
    (r) => [
      // dtstart is the first occurrence: a Tuesday, Wednesday or Thursday of one of two weeks.
      ((day, week) => ({
        freq: 'WEEKLY',
        interval: 2,
        dtstart: `2026-01-${String(6 + day + 7 * week).padStart(2, '0')}`,
        byday: ['TU', 'WE', 'TH'][day]!,
        opens_at: '09:00',
        closes_at: '15:00',
      }))(r.int(3), r.int(2)),
    ],
  ],
  ['monthly 1SA', 4, () => [{ freq: 'MONTHLY', byday: '1SA', opens_at: '09:00', closes_at: '13:00' }]],
  ['monthly -1FR', 3, () => [{ freq: 'MONTHLY', byday: '-1FR', opens_at: '10:00', closes_at: '14:00' }]],
  ['mon-wed-fri', 7, (r) => [{ freq: 'WEEKLY', byday: 'MO,WE,FR', opens_at: r.pick(OPENS), closes_at: r.pick(CLOSES) }]],
  [
    'tue-sat',
    5,
    (r) => [
      {
        freq: 'WEEKLY',
        byday: 'TU,WE,TH,FR,SA',
        opens_at: r.pick(['09:00', '10:00', '11:00']),
        closes_at: r.pick(['17:00', '18:00', '19:00']),
      },
    ],
  ],
  [
    'mon-thu+fri half',
    6,
    (r) => [
      { freq: 'WEEKLY', byday: 'MO,TU,WE,TH', opens_at: r.pick(OPENS), closes_at: r.pick(CLOSES) },
      { freq: 'WEEKLY', byday: 'FR', opens_at: r.pick(OPENS), closes_at: r.pick(SATURDAY_CLOSES) },
    ],
  ],
  [
    'out of date',
    3,
    (r) => [
      {
        freq: 'WEEKLY',
        byday: WEEKDAYS,
        opens_at: r.pick(OPENS),
        closes_at: '16:00',
        valid_from: '2024-01-01',
        valid_to: r.pick(['2025-06-30', '2025-12-31']),
      },
    ],
  ],
];

// ---------------------------------------------------------------------------------------------
// Query times

export type TimeClass = 'weekday daytime' | 'evening' | 'weekend';

export interface QueryTime {
  at: string;
  label: string;
  cls: TimeClass;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function queryTime(local: string, cls: TimeClass): QueryTime {
  const at = `${local}:00+02:00`;
  const day = new Date(`${local.slice(0, 10)}T12:00:00Z`).getUTCDay();
  const weekend = day === 0 || day === 6;
  if ((cls === 'weekend') !== weekend) throw new Error(`${local} is not a ${cls}`);
  return { at, label: `${DAY_NAMES[day]} ${local.slice(5, 10)} ${local.slice(11)}`, cls };
}

/** Sampled instants (no public holidays among them; 2026-03-07 is a first Saturday, 02-27 a last Friday). */
export const QUERY_TIMES: QueryTime[] = [
  queryTime('2026-02-10T10:00', 'weekday daytime'),
  queryTime('2026-02-11T14:30', 'weekday daytime'),
  queryTime('2026-02-12T11:15', 'weekday daytime'),
  queryTime('2026-02-16T09:30', 'weekday daytime'),
  queryTime('2026-02-20T15:00', 'weekday daytime'),
  queryTime('2026-02-26T13:20', 'weekday daytime'),
  queryTime('2026-02-27T11:00', 'weekday daytime'),
  queryTime('2026-03-04T12:00', 'weekday daytime'),
  queryTime('2026-03-10T08:45', 'weekday daytime'),
  queryTime('2026-02-10T19:30', 'evening'),
  queryTime('2026-02-12T22:30', 'evening'),
  queryTime('2026-02-20T23:15', 'evening'),
  queryTime('2026-03-03T18:15', 'evening'),
  queryTime('2026-02-14T10:30', 'weekend'),
  queryTime('2026-03-07T11:00', 'weekend'),
  queryTime('2026-02-15T12:00', 'weekend'),
  queryTime('2026-02-21T20:00', 'weekend'),
];

const TIME_CLASS_WEIGHTS: [TimeClass, number][] = [
  ['weekday daytime', 0.6],
  ['evening', 0.2],
  ['weekend', 0.2],
];

export interface QueryPoint {
  lat: number;
  lng: number;
  metro: string;
  /** Index into QUERY_TIMES. */
  time: number;
  /** Category code for the "one category" query. */
  category: string;
  /** SALs within 10 km (all categories), computed by the generator. */
  within10km: number;
}

export interface Manifest {
  fingerprint: string;
  seed: number;
  parts: string[];
  services: number;
  remoteServices: number;
  sals: number;
  points: QueryPoint[];
  times: QueryTime[];
  rareWords: string[];
  /** Share of SALs open at each query time (index-aligned with times). */
  openShare: number[];
  generatedSeconds: number;
}

export const FINGERPRINT = `harbour-bench:v${GENERATOR_VERSION}:seed=${SEED}:sals=${TOTAL_SALS}:points=${QUERY_POINTS}`;

/**
 * Files that decide what the stored index holds (its schema, the rows built per SAL, the term
 * ids): a loaded database is reused only while these are unchanged, so a benchmark never times
 * an index the product no longer builds. Speed-only changes elsewhere keep the cache.
 */
const INDEX_DEFINITION = [
  'src/directory/index-builder.ts',
  'src/directory/taxonomies.ts',
  'seed/taxonomies.json',
  ...readdirSync(join(ROOT, 'src/db/migrations'))
    .sort()
    .map((f) => `src/db/migrations/${f}`),
];

/** The fingerprint a loaded database must hold: the generation plus the index definition. */
export function databaseFingerprint(manifest: Manifest): string {
  const hash = createHash('sha256');
  for (const f of INDEX_DEFINITION) hash.update(f).update(readFileSync(join(ROOT, f)));
  return `${manifest.fingerprint}:index=${hash.digest('hex').slice(0, 12)}`;
}

// ---------------------------------------------------------------------------------------------
// The generator

interface Org {
  id: string;
  name: string;
  description: string;
}

/** Growable typed columns of what the generator made, for the density and open-share checks. */
class SalColumns {
  lat = new Float64Array(1 << 16);
  lng = new Float64Array(1 << 16);
  sched = new Int32Array(1 << 16);
  n = 0;

  push(lat: number, lng: number, sched: number): void {
    if (this.n === this.lat.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.lat = grow(this.lat);
      this.lng = grow(this.lng);
      this.sched = grow(this.sched);
    }
    this.lat[this.n] = lat;
    this.lng[this.n] = lng;
    this.sched[this.n] = sched;
    this.n++;
  }
}

/** Makes full HSDS 3.0 services one at a time, deterministically from the seed. */
export class ServiceGenerator {
  readonly rng: Rng;
  readonly cols = new SalColumns();
  /** Distinct effective schedules (rows without ids + holiday hours) → index. */
  readonly schedules = new Map<string, number>();
  readonly scheduleList: { rows: Row[]; holiday: string | null }[] = [];
  private readonly orgs = new Map<Metro, Org[]>();
  services = 0;

  constructor(seed: number) {
    this.rng = new Rng(seed);
    for (const metro of METROS) {
      const list: Org[] = [];
      const count = Math.round(metro.share * 60_000);
      for (let i = 0; i < count; i++) {
        const name = `${this.rng.pick(ORG_WORDS_1)} ${this.rng.pick(ORG_WORDS_2)} ${this.rng.pick(ORG_TYPES)} ${metro.name}`;
        list.push({ id: this.rng.uuid(), name, description: `A non-profit working in ${metro.name}.` });
      }
      this.orgs.set(metro, list);
    }
  }

  private scheduleIndex(rows: Row[] | null, holiday: string | null): number {
    if (rows === null) return -1;
    const key = JSON.stringify([rows, holiday]);
    let i = this.schedules.get(key);
    if (i === undefined) {
      i = this.scheduleList.length;
      this.schedules.set(key, i);
      this.scheduleList.push({ rows, holiday });
    }
    return i;
  }

  private withIds(rows: Row[]): Json[] {
    return rows.map((r) => ({ id: this.rng.uuid(), timezone: 2, ...r }));
  }

  private categories(): string[] {
    const n = this.rng.weighted([
      [1, 45],
      [2, 35],
      [3, 20],
    ] as const);
    const out = new Set<string>();
    while (out.size < n) out.add(this.rng.weighted(CATEGORY_WEIGHTS));
    return [...out];
  }

  private flags(categories: string[]): string[] {
    const hr = categories.some((c) =>
      ['needle_syringe_programme', 'opioid_substitution', 'naloxone', 'supervised_consumption', 'drug_checking'].includes(c),
    );
    const out: string[] = [];
    if (this.rng.chance(0.65)) out.push('free');
    if (this.rng.chance(0.3)) out.push('no_id');
    if (this.rng.chance(0.5)) out.push('walk_in');
    if (this.rng.chance(hr ? 0.6 : 0.2)) out.push('sex_worker_friendly');
    if (this.rng.chance(hr ? 0.85 : 0.15)) out.push('harm_reduction');
    const g = this.rng.float();
    if (g < 0.1) out.push('women');
    else if (g < 0.13) out.push('men');
    else if (g < 0.16) out.push('trans_and_gender_diverse');
    return out;
  }

  private languages(metro: Metro): Json[] {
    const codes = new Set(['en']);
    const extra = this.rng.int(3);
    for (let i = 0; i < extra; i++) codes.add(this.rng.pick(metro.languages));
    return [...codes].map((code) => ({ id: this.rng.uuid(), name: LANGUAGE_NAMES[code]!, code }));
  }

  private phone(metro: Metro): string {
    return `+27 ${metro.dialCode} ${String(100 + this.rng.int(900))} ${String(1000 + this.rng.int(9000))}`;
  }

  private description(categories: string[], flags: string[]): string {
    const parts = categories.map((c) => this.rng.pick(SENTENCES[c]!));
    if (flags.includes('free')) parts.push('Free of charge.');
    if (flags.includes('no_id')) parts.push('No ID document needed.');
    if (flags.includes('walk_in')) parts.push('Walk in, no appointment.');
    if (flags.includes('sex_worker_friendly')) parts.push('Sex workers are welcome here.');
    parts.push(this.rng.pick(GENERIC));
    return parts.join(' ');
  }

  private template(): Row[] | null {
    return this.rng.weighted(TEMPLATES.map(([, w, f]) => [f, w] as const))(this.rng);
  }

  /** A remote service (phone or online help): no SALs. */
  remote(): Json {
    const metro = this.rng.weighted(METROS.map((m) => [m, m.share] as const));
    const org = this.rng.pick(this.orgs.get(metro)!);
    const categories = this.rng.chance(0.5)
      ? ['crisis_line']
      : ['crisis_line', this.rng.pick(['mental_health', 'legal_aid', 'hiv_testing'])];
    const rows = this.rng.chance(0.5)
      ? [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '23:59' }]
      : [{ freq: 'WEEKLY', byday: WEEKDAYS, opens_at: '08:00', closes_at: '20:00' }];
    const area = this.rng.weighted<string | null>([
      [null, 4],
      ['South Africa', 2],
      ['Gauteng', 2],
      [metro.province, 1],
    ]);
    this.services++;
    return {
      id: this.rng.uuid(),
      name: `${this.rng.pick(NOUNS[categories[0]!]!)} ${this.rng.pick(['Line', 'Helpline', 'Chat'])}`,
      description: `${categories.map((c) => this.rng.pick(SENTENCES[c]!)).join(' ')} Call or send a WhatsApp message.`,
      status: 'active',
      organization: { ...org },
      phones: [
        {
          id: this.rng.uuid(),
          number: `0800 ${String(100 + this.rng.int(900))} ${String(100 + this.rng.int(900))}`,
          type: 'voice',
        },
      ],
      languages: this.languages(metro),
      attributes: categories.map((c) => ({ id: this.rng.uuid(), taxonomy_term_id: termId(c), link_entity: 'service' })),
      schedules: this.withIds(rows),
      ...(area ? { service_areas: [{ id: this.rng.uuid(), name: area }] } : {}),
    };
  }

  /** A service with `sites` SALs (1–3) in one metro. */
  service(sites: number): Json {
    const rng = this.rng;
    const metro = rng.weighted(METROS.map((m) => [m, m.share] as const));
    const org = rng.pick(this.orgs.get(metro)!);
    const categories = this.categories();
    const flags = this.flags(categories);
    const confidentialSites = categories.includes('shelter') && rng.chance(0.8);
    const holiday = rng.weighted<string | null>([
      ['closed', 40],
      ['open', 10],
      [null, 50],
    ]);
    const serviceRows = this.template();
    const points: [number, number][] = [];
    for (let i = 0; i < sites; i++) {
      points.push(
        i > 0 && rng.chance(0.5) ? around(rng, nearestSub(metro, points[0]![0], points[0]![1]), 2) : sitePoint(rng, metro),
      );
    }
    const firstSub = nearestSub(metro, points[0]![0], points[0]![1]);
    const noun = rng.pick(NOUNS[categories[0]!]!);
    const style = rng.float();
    let name =
      style < 0.2
        ? `${org.name.split(' ')[0]} ${noun}`
        : style < 0.8
          ? `${firstSub.name} ${noun} ${rng.pick(SUFFIXES)}`
          : `${noun} ${rng.pick(SUFFIXES)}`;
    if (rng.chance(0.003)) name = `${rng.pick(RARE_WORDS).replace(/^./, (c) => c.toUpperCase())} ${name}`;
    const sals: Json[] = points.map(([lat, lng], i) => {
      const place = nearestSub(metro, lat, lng);
      // Some second and third sites keep their own hours.
      const ownRows = i > 0 && rng.chance(0.3) ? this.template() : undefined;
      const effective = ownRows !== undefined ? ownRows : serviceRows;
      this.cols.push(lat, lng, this.scheduleIndex(effective, holiday));
      const latitude = Math.round(lat * 1e5) / 1e5;
      const longitude = Math.round(lng * 1e5) / 1e5;
      return {
        id: rng.uuid(),
        ...(ownRows ? { schedules: this.withIds(ownRows) } : {}),
        location: {
          id: rng.uuid(),
          location_type: 'physical',
          name: `${place.name} ${rng.pick(LOCATION_NOUNS)}`,
          latitude,
          longitude,
          ...(confidentialSites ? { confidential: true } : {}),
          addresses: [
            {
              id: rng.uuid(),
              address_1: `${1 + rng.int(400)} ${rng.pick(STREETS)} Street`,
              city: metro.city,
              region: place.name,
              state_province: metro.province,
              postal_code: String(rng.int(10_000)).padStart(4, '0'),
              country: 'ZA',
              address_type: 'physical',
            },
          ],
        },
      };
    });
    this.services++;
    return {
      id: rng.uuid(),
      name,
      description: this.description(categories, flags),
      status: 'active',
      organization: { ...org },
      ...(holiday ? { holiday_hours: holiday } : {}),
      ...(rng.chance(0.6) ? { phones: [{ id: rng.uuid(), number: this.phone(metro), type: 'voice' }] } : {}),
      languages: this.languages(metro),
      attributes: [...categories, ...flags].map((c) => ({ id: rng.uuid(), taxonomy_term_id: termId(c), link_entity: 'service' })),
      ...(serviceRows ? { schedules: this.withIds(serviceRows) } : {}),
      service_at_locations: sals,
    };
  }

  /** Sites for the next service: 1 (55%), 2 (30%) or 3 (15%). */
  siteCount(): number {
    return this.rng.weighted([
      [1, 55],
      [2, 30],
      [3, 15],
    ] as const);
  }
}

/** Buffered line writer (synchronous: the generator is CPU-bound anyway). */
class LineWriter {
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.buf.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** SALs within `radiusM` of each point, counted exactly with a coarse grid. */
function countWithin(cols: SalColumns, points: { lat: number; lng: number }[], radiusM: number): number[] {
  const cell = 0.05;
  const grid = new Map<number, number[]>();
  const key = (r: number, c: number) => r * 100_000 + c;
  for (let i = 0; i < cols.n; i++) {
    const k = key(Math.floor(cols.lat[i]! / cell), Math.floor(cols.lng[i]! / cell));
    let list = grid.get(k);
    if (!list) grid.set(k, (list = []));
    list.push(i);
  }
  return points.map((p) => {
    const dLat = radiusM / 1000 / KM_PER_DEG;
    const dLng = dLat / Math.cos((p.lat * Math.PI) / 180);
    let n = 0;
    for (let r = Math.floor((p.lat - dLat) / cell); r <= Math.floor((p.lat + dLat) / cell); r++) {
      for (let c = Math.floor((p.lng - dLng) / cell); c <= Math.floor((p.lng + dLng) / cell); c++) {
        for (const i of grid.get(key(r, c)) ?? []) if (haversineM(p.lat, p.lng, cols.lat[i]!, cols.lng[i]!) <= radiusM) n++;
      }
    }
    return n;
  });
}

/** Share of SALs open at each query time (SALs with no schedule count as not open). */
function openShares(gen: ServiceGenerator): number[] {
  const counts = new Float64Array(gen.scheduleList.length);
  for (let i = 0; i < gen.cols.n; i++) if (gen.cols.sched[i]! >= 0) counts[gen.cols.sched[i]!]!++;
  const compiled = gen.scheduleList.map((s) =>
    compileSchedule(s.rows.map((r) => ({ timezone: 2, ...r })) as ScheduleRow[], {
      defaultZone: 'Africa/Johannesburg',
      holidayHours: s.holiday as 'open' | 'closed' | null,
    }),
  );
  return QUERY_TIMES.map((t) => {
    const at = new Date(t.at);
    let open = 0;
    compiled.forEach((c, i) => {
      if (evaluateOpen(c, at).open === true) open += counts[i]!;
    });
    return open / gen.cols.n;
  });
}

function queryPoints(rng: Rng): Omit<QueryPoint, 'within10km'>[] {
  const categories = CATEGORIES.terms.map((t) => t.code).filter((c) => c !== 'crisis_line');
  const out: Omit<QueryPoint, 'within10km'>[] = [];
  for (let i = 0; i < QUERY_POINTS; i++) {
    let metro = TSHWANE;
    let p: [number, number];
    if (rng.chance(0.85)) {
      p = rng.chance(0.5) ? inDisc(rng, TSHWANE.lat, TSHWANE.lng, 15) : around(rng, rng.pick(TSHWANE.subs), 2);
    } else {
      metro = rng.weighted(METROS.slice(1).map((m) => [m, m.share] as const));
      p = around(rng, rng.pick(metro.subs), 2);
    }
    const cls = rng.weighted(TIME_CLASS_WEIGHTS);
    const times = QUERY_TIMES.map((t, idx) => [t, idx] as const).filter(([t]) => t.cls === cls);
    out.push({
      lat: Math.round(p[0] * 1e5) / 1e5,
      lng: Math.round(p[1] * 1e5) / 1e5,
      metro: metro.name,
      time: rng.pick(times)[1],
      category: rng.pick(categories),
    });
  }
  return out;
}

export function readManifest(): Manifest | null {
  if (!existsSync(MANIFEST_PATH)) return null;
  try {
    return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** Writes the 1M-SAL NDJSON parts and the manifest, unless the cached ones match the fingerprint. */
export async function ensureDataset(): Promise<Manifest> {
  const cached = readManifest();
  if (cached?.fingerprint === FINGERPRINT && cached.parts.every((p) => existsSync(join(DATASET_DIR, p)))) {
    log(`dataset: cached (${FINGERPRINT})`);
    return cached;
  }
  rmSync(DATASET_DIR, { recursive: true, force: true });
  mkdirSync(DATASET_DIR, { recursive: true });
  log(`dataset: generating ${fmt(TOTAL_SALS, 0)} SALs into ${DATASET_DIR} …`);
  const t0 = nowMs();
  const gen = new ServiceGenerator(SEED);
  const parts: string[] = [];
  let writer: LineWriter | null = null;
  let inPart = 0;
  const REMOTE = 200;
  let remote = 0;
  while (gen.cols.n < TOTAL_SALS || remote < REMOTE) {
    if (!writer || inPart >= PART_SIZE) {
      writer?.close();
      const name = `part-${String(parts.length).padStart(3, '0')}.ndjson`;
      parts.push(name);
      writer = new LineWriter(join(DATASET_DIR, name));
      inPart = 0;
    }
    // Remote services are spread through the file, one every 3 000 services.
    const record =
      gen.cols.n >= TOTAL_SALS || (remote < REMOTE && gen.services % 3000 === 1500)
        ? (remote++, gen.remote())
        : gen.service(Math.min(gen.siteCount(), TOTAL_SALS - gen.cols.n));
    writer.write(`${JSON.stringify(record)}\n`);
    inPart++;
    if (gen.services % 100_000 === 0)
      log(`  ${fmt(gen.services, 0)} services, ${fmt(gen.cols.n, 0)} SALs, ${fmt((nowMs() - t0) / 1000, 1)} s`);
  }
  writer!.close();
  const points = queryPoints(new Rng(SEED ^ 0x5eed));
  const within = countWithin(gen.cols, points, 10_000);
  const openShare = openShares(gen);
  const manifest: Manifest = {
    fingerprint: FINGERPRINT,
    seed: SEED,
    parts,
    services: gen.services,
    remoteServices: remote,
    sals: gen.cols.n,
    points: points.map((p, i) => ({ ...p, within10km: within[i]! })),
    times: QUERY_TIMES,
    rareWords: RARE_WORDS,
    openShare,
    generatedSeconds: (nowMs() - t0) / 1000,
  };
  writeFileSync(MANIFEST_PATH, JSON.stringify(manifest, null, 1));
  log(
    `dataset: ${fmt(manifest.services, 0)} services (${remote} remote), ${fmt(manifest.sals, 0)} SALs, ` +
      `${gen.scheduleList.length} distinct schedules, ${parts.length} parts, ${fmt(manifest.generatedSeconds, 1)} s`,
  );
  describeManifest(manifest);
  return manifest;
}

/** Prints the density and open-share checks. */
export function describeManifest(m: Manifest): void {
  const tshwane = m.points.filter((p) => p.metro === 'Tshwane').map((p) => p.within10km);
  const others = m.points.filter((p) => p.metro !== 'Tshwane').map((p) => p.within10km);
  const t = stats(tshwane);
  const o = stats(others);
  const below = tshwane.filter((n) => n < MIN_SALS_IN_10KM).length;
  log(
    `query points: ${tshwane.length} in Tshwane, SALs within 10 km: min ${fmt(Math.min(...tshwane), 0)}, ` +
      `p50 ${fmt(t.p50, 0)}, max ${fmt(t.max, 0)}; below ${fmt(MIN_SALS_IN_10KM, 0)}: ${below}` +
      ` | ${others.length} elsewhere: min ${fmt(Math.min(...others), 0)}, p50 ${fmt(o.p50, 0)}`,
  );
  const byClass = new Map<string, number[]>();
  m.times.forEach((time, i) => byClass.set(time.cls, [...(byClass.get(time.cls) ?? []), m.openShare[i]!]));
  const weighted = m.points.reduce((s, p) => s + m.openShare[p.time]!, 0) / m.points.length;
  log(
    table(
      ['query time', 'class', 'SALs open'],
      m.times.map((time, i) => [time.label, time.cls, `${fmt(m.openShare[i]! * 100, 1)}%`]),
    ),
  );
  log(
    `open share by class: ${[...byClass].map(([c, v]) => `${c} ${fmt((v.reduce((a, b) => a + b, 0) / v.length) * 100, 1)}%`).join(', ')}; ` +
      `over the 1 000 sampled (point, time) pairs: ${fmt(weighted * 100, 1)}% (target 30–50%)`,
  );
}

/** Writes `count` generated services (a different seed) as NDJSON and as a JSON array, for the import benchmark. */
export function ensureImportFiles(count: number): { ndjson: string; json: string; sals: number } {
  const ndjson = join(CACHE_DIR, `import-${count / 1000}k.ndjson`);
  const json = join(CACHE_DIR, `import-${count / 1000}k.json`);
  const stamp = join(CACHE_DIR, `import-${count / 1000}k.fingerprint`);
  const fingerprint = `harbour-bench-import:v${GENERATOR_VERSION}:seed=${SEED + 1}:services=${count}`;
  if (existsSync(stamp) && existsSync(ndjson) && existsSync(json)) {
    const [fp, sals] = readFileSync(stamp, 'utf8').split('\n');
    if (fp === fingerprint) return { ndjson, json, sals: Number(sals) };
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const gen = new ServiceGenerator(SEED + 1);
  const a = new LineWriter(ndjson);
  const b = new LineWriter(json);
  b.write('[\n');
  for (let i = 0; i < count; i++) {
    const text = JSON.stringify(gen.service(gen.siteCount()));
    a.write(`${text}\n`);
    b.write(`${i > 0 ? ',\n' : ''}${text}`);
  }
  b.write('\n]\n');
  a.close();
  b.close();
  writeFileSync(stamp, `${fingerprint}\n${gen.cols.n}\n`);
  return { ndjson, json, sals: gen.cols.n };
}

// ---------------------------------------------------------------------------------------------
// Loading

async function storedFingerprint(handle: Db): Promise<string | null> {
  try {
    const row = await handle.db.selectFrom('meta').select('value').where('key', '=', 'bench_fingerprint').executeTakeFirst();
    return row?.value ?? null;
  } catch {
    return null; // no meta table yet
  }
}

/** Drops every table of the bench PostgreSQL database's current schema (it is the bench's own database). */
async function resetPostgres(handle: Db): Promise<void> {
  const tables = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`.execute(handle.db);
  for (const { tablename } of tables.rows) await sql.raw(`DROP TABLE IF EXISTS "${tablename}" CASCADE`).execute(handle.db);
}

export interface LoadResult {
  url: string;
  cached: boolean;
  seconds: number;
  servicesPerSecond: number;
  salsPerSecond: number;
}

/**
 * Loads the dataset into `url` through the real import path (`importSource`, one call per part),
 * unless the database already holds this generation (meta `bench_fingerprint`).
 */
export async function ensureLoaded(url: string, manifest: Manifest): Promise<LoadResult> {
  const label = url.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL';
  const isSqlite = url.startsWith('sqlite:');
  const wanted = databaseFingerprint(manifest);
  if (isSqlite && existsSync(url.slice('sqlite:'.length))) {
    const probe = openDatabase(url);
    const fp = await storedFingerprint(probe);
    await probe.close();
    if (fp === wanted) {
      log(`${label}: cached database holds ${fp}`);
      return { url, cached: true, seconds: 0, servicesPerSecond: NaN, salsPerSecond: NaN };
    }
    if (fp) log(`${label}: cached database holds ${fp}, not ${wanted}: reloading`);
  }
  if (isSqlite) {
    const file = url.slice('sqlite:'.length);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
  const handle = openDatabase(url, { poolSize: 2 });
  try {
    if (!isSqlite) {
      const fp = await storedFingerprint(handle);
      if (fp === wanted) {
        log(`${label}: cached database holds ${fp}`);
        return { url, cached: true, seconds: 0, servicesPerSecond: NaN, salsPerSecond: NaN };
      }
      if (fp) log(`${label}: cached database holds ${fp}, not ${wanted}: reloading`);
      await resetPostgres(handle);
    }
    await migrateToLatest(handle.db, handle.adapter);
    await ensureHarbourTaxonomies(handle);
    log(`${label}: loading ${fmt(manifest.services, 0)} services (${fmt(manifest.sals, 0)} SALs) through importSource …`);
    const t0 = nowMs();
    let imported = 0;
    let rejected = 0;
    let warnings = 0;
    const firstRejections: unknown[] = [];
    let salsSoFar = 0;
    for (const [i, part] of manifest.parts.entries()) {
      const tp = nowMs();
      const summary = await importSource(handle, join(DATASET_DIR, part), {
        report: (line) => {
          if ('reason' in line && firstRejections.length < 5) firstRejections.push(line);
        },
      });
      imported += summary.imported;
      rejected += summary.rejected;
      warnings += summary.warnings;
      // SALs per part are not in the manifest: estimate from the total share.
      salsSoFar = Math.round((manifest.sals * imported) / manifest.services);
      const partS = (nowMs() - tp) / 1000;
      const totalS = (nowMs() - t0) / 1000;
      log(
        `  [${label}] part ${i + 1}/${manifest.parts.length}: ${fmt(imported, 0)} services (~${fmt(salsSoFar, 0)} SALs) in ${fmt(totalS, 0)} s; ` +
          `this part ${fmt(summary.imported / partS, 0)} services/s, overall ${fmt(imported / totalS, 0)} services/s ` +
          `(~${fmt(salsSoFar / totalS, 0)} SALs/s); rejected ${rejected}, warnings ${warnings}`,
      );
    }
    for (const r of firstRejections) log(`  rejected: ${JSON.stringify(r)}`);
    const seconds = (nowMs() - t0) / 1000;
    if (!isSqlite) {
      // Autovacuum would analyze the fresh tables within minutes; do it now so the planner sees them.
      await sql`VACUUM (ANALYZE)`.execute(handle.db);
    }
    const count = await handle.db
      .selectFrom('search_item')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'sal')
      .executeTakeFirstOrThrow();
    log(`${label}: loaded in ${fmt(seconds, 0)} s; search_item holds ${fmt(Number(count.n), 0)} SALs`);
    await handle.db
      .insertInto('meta')
      .values({ key: 'bench_fingerprint', value: wanted })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: wanted }))
      .execute();
    return { url, cached: false, seconds, servicesPerSecond: imported / seconds, salsPerSecond: manifest.sals / seconds };
  } finally {
    await handle.close();
  }
}

/** The PostgreSQL URL to benchmark, when set. */
export function pgUrl(): string | null {
  return process.env.BENCH_PG_URL?.trim() || null;
}

// Run alone: `generate.ts [sqlite|pg]` (default both; pg only when BENCH_PG_URL is set).
if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv[2];
  const manifest = await ensureDataset();
  if (only !== 'pg') await ensureLoaded(SQLITE_URL, manifest);
  const pg = pgUrl();
  if (pg && only !== 'sqlite') await ensureLoaded(pg, manifest);
}
