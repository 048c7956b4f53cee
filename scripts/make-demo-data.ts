/**
 * Writes seed/demo/tshwane-demo.json: invented HSDS 3.0 services for Tshwane, in the shape of the
 * HSDS API's `GET /services/{id}`, then checks them (scripts/check-demo-data.ts).
 *
 * Run from the repository root: `node --import tsx scripts/make-demo-data.ts`.
 * Deterministic: ids are UUIDv5 of `demo:<kind>:<slug>`, dates are fixed, phone numbers are
 * numbered in table order. Every record is invented and carries the "demonstration" attribute.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HARBOUR_NAMESPACE, uuidv5 } from '../src/shared/uuid.ts';
import { checkDemoData } from './check-demo-data.ts';

type Json = Record<string, unknown>;
type Kind =
  | 'organization'
  | 'service'
  | 'location'
  | 'sal'
  | 'phone'
  | 'schedule'
  | 'address'
  | 'attribute'
  | 'language'
  | 'cost_option'
  | 'required_document'
  | 'service_area'
  | 'contact';
type Holiday = 'open' | 'closed';

/** A phone: `number` only for the public emergency numbers; others get a fake `+27 00 000 0NNN`. */
interface PhoneRow {
  type?: 'voice' | 'sms' | 'text';
  note?: string;
  number?: string;
}

/** A service at a location: hours and holiday_hours here when this site differs. */
interface SiteRow {
  loc: string;
  hours?: string[];
  holiday?: Holiday;
  note?: string;
  tel?: PhoneRow[];
}

interface ServiceRow {
  slug: string;
  org: string;
  name: string;
  /** Without the closing demonstration sentence, which is added. */
  desc: string;
  /** Space-separated category aliases (see CATEGORY). */
  cats: string;
  /** Space-separated flag aliases (see FLAG); an empty string means none. */
  flags: string;
  /** Space-separated gender aliases (see GENDER); absent means everyone. */
  gender?: string;
  at?: (string | SiteRow)[];
  /** A remote service (no location): the area it serves. */
  area?: 'tshwane' | 'za';
  /** Service-level hours, in the mini-language of `schedule()`. */
  hours?: string[];
  holiday?: Holiday;
  /** Space-separated language codes; English when absent. */
  langs?: string;
  /** Service-level phones; one voice line when absent. */
  tel?: PhoneRow[];
  apply?: string;
  fees?: string;
  fee?: { option: string; amount: number; note?: string }[];
  docs?: string[];
  elig?: string;
  minAge?: number;
  /** assured_date: when the listing was last checked. */
  checked?: string;
  alert?: string;
  status?: 'temporarily closed' | 'inactive';
  interp?: string;
  contact?: [name: string, title: string];
  rehab?: { status: 'registered' | 'pending' | 'not_registered'; number: string | null; expiry: string | null };
}

interface LocationRow {
  slug: string;
  name: string;
  area: keyof typeof AREAS;
  address: string;
  lat: number;
  lng: number;
  desc?: string;
  transport?: string;
  langs?: string;
  hours?: string[];
  holiday?: Holiday;
  tel?: PhoneRow[];
  confidential?: true;
}

const DEMO_SENTENCE = 'Demonstration listing: invented for testing Harbour, not a real service.';
const FRONT_GATE = 'Front gate: call first, staff will meet you';

const CATEGORY: Record<string, string> = {
  nsp: 'needle_syringe_programme',
  ost: 'opioid_substitution',
  scs: 'supervised_consumption',
  nalox: 'naloxone',
  check: 'drug_checking',
  hiv: 'hiv_testing',
  prep: 'prep_pep',
  sti: 'sti_care',
  contra: 'contraception',
  tb: 'tb',
  wound: 'wound_care',
  mh: 'mental_health',
  crisis: 'crisis_line',
  rehab: 'rehab',
  group: 'support_group',
  legal: 'legal_aid',
  shelter: 'shelter',
  food: 'food',
  econ: 'economic_support',
  dropin: 'drop_in',
};
const FLAG: Record<string, string> = {
  free: 'free',
  no_id: 'no_id',
  walk_in: 'walk_in',
  sw: 'sex_worker_friendly',
  hr: 'harm_reduction',
};
const GENDER: Record<string, string> = { women: 'women', men: 'men', trans: 'trans_and_gender_diverse' };
const ALL5 = 'free no_id walk_in sw hr';

const LANGUAGE: Record<string, string> = {
  en: 'English',
  zu: 'isiZulu',
  af: 'Afrikaans',
  nso: 'Sepedi',
  tn: 'Setswana',
  ts: 'Xitsonga',
  st: 'Sesotho',
  xh: 'isiXhosa',
  nr: 'isiNdebele',
};

/** [city, region (suburb or township), 4-digit street postal code]. */
// prettier-ignore
const AREAS = {
  sunnyside: ['Pretoria', 'Sunnyside', '0132'],
  arcadia: ['Pretoria', 'Arcadia', '0083'],
  hatfield: ['Pretoria', 'Hatfield', '0083'],
  central: ['Pretoria', 'Pretoria Central', '0002'],
  marabastad: ['Pretoria', 'Marabastad', '0002'],
  salvokop: ['Pretoria', 'Salvokop', '0002'],
  muckleneuk: ['Pretoria', 'Muckleneuk', '0002'],
  pretoriawest: ['Pretoria', 'Pretoria West', '0183'],
  gezina: ['Pretoria', 'Gezina', '0084'],
  lynnwood: ['Pretoria', 'Lynnwood', '0081'],
  pretorianorth: ['Pretoria', 'Pretoria North', '0182'],
  silverton: ['Pretoria', 'Silverton', '0184'],
  eersterust: ['Pretoria', 'Eersterust', '0022'],
  mamelodiwest: ['Mamelodi', 'Mamelodi West', '0122'],
  mamelodieast: ['Mamelodi', 'Mamelodi East', '0122'],
  atteridgeville: ['Atteridgeville', 'Atteridgeville', '0008'],
  laudium: ['Laudium', 'Laudium', '0037'],
  centurion: ['Centurion', 'Centurion Central', '0157'],
  olievenhoutbosch: ['Centurion', 'Olievenhoutbosch', '0175'],
  soshanguve: ['Soshanguve', 'Soshanguve Block H', '0152'],
  mabopane: ['Mabopane', 'Mabopane', '0190'],
  garankuwa: ['Ga-Rankuwa', 'Ga-Rankuwa', '0208'],
  hammanskraal: ['Hammanskraal', 'Hammanskraal', '0400'],
} as const satisfies Record<string, readonly [string, string, string]>;

// Compact on purpose: one record per few lines.
// prettier-ignore
const ORGANIZATIONS: [slug: string, name: string, description: string][] = [
  ['jacaranda', 'Jacaranda Harm Reduction Collective', 'A peer-led harm-reduction organisation in the inner city: needle and syringe services, naloxone, methadone and drop-in centres for people who use drugs.'],
  ['apies', 'Apies River Outreach Trust', 'Night and day outreach by peers along the Apies River and in the inner city, with HIV testing and linkage to care.'],
  ['kudu', 'Kudu Lane Community Health', 'A community health organisation running nurse-led clinics for HIV, PrEP, STIs, TB and family planning in the inner city, Mamelodi and Atteridgeville, and a mobile clinic.'],
  ['nightlily', 'Night Lily Sex Worker Health Project', 'A health project run with and for sex workers: evening clinics, a night van, counselling and peer navigators.'],
  ['meintjies', 'Meintjieskop Rights Desk', 'Paralegals and lawyers giving free legal help to sex workers and people who use drugs.'],
  ['aloe', 'Aloe Trans Peer Network', 'A trans-led network offering peer support, a monthly health day and a shelter for trans and gender-diverse people.'],
  ['umbrella', 'Umbrella Tree Women\'s Refuge', 'A refuge for women and their children escaping abuse.'],
  ['fevertree', 'Fever Tree Safe House Trust', 'Emergency accommodation, a safety line and counselling for people of any gender escaping violence.'],
  ['nightjar', 'Nightjar Peer Support Trust', 'Phone, SMS and chat lines staffed by people with lived experience of drug use.'],
  ['emergency', 'Public emergency numbers', 'The national emergency numbers, listed so that they are always one tap away.'],
  ['hornbill', 'Hornbill Ridge Recovery Centre', 'A private residential treatment centre with an abstinence-based 12-step programme.'],
  ['thorntree', 'Thorntree Recovery Farm', 'A farm-based residential programme for men north of Hammanskraal.'],
  ['acacia', 'Acacia Outpatient Recovery Programme', 'Outpatient counselling and groups for people who want to stop or cut down, in the evenings and on Saturdays.'],
  ['soshpeer', 'Soshanguve Peer Harm Reduction Project', 'People from Soshanguve who use or used drugs, running needle and syringe services, opioid substitution and outreach in the north of the city.'],
  ['wonderboom', 'Wonderboom Opioid Treatment Practice', 'A private medical practice offering opioid substitution treatment.'],
  ['kameel', 'Kameeldoring Street Medics', 'Volunteer nurses and medics giving wound care and health checks on the street.'],
  ['kiepersol', 'Kiepersol Drug Checking Project', 'A drug-checking service that tests samples and gives safer-use advice.'],
  ['koppie', 'Koppie View Community Kitchen', 'A community kitchen and advice desk in Mamelodi East.'],
  ['openpot', 'Open Pot Community Kitchen', 'Volunteers cooking evening and weekend meals in Salvokop and Eersterust.'],
  ['baobab', 'Baobab Skills and Savings Co-op', 'A co-operative offering skills training, a savings circle and job-readiness help.'],
  ['olive', 'Olive Branch Recovery Meetings', 'Volunteer-run peer recovery meetings across the city.'],
  ['highveld', 'Highveld Sunrise Counselling Rooms', 'A private group practice of psychologists, counsellors and a psychiatrist.'],
];

// Compact on purpose: one record per few lines.
// prettier-ignore
const LOCATIONS: LocationRow[] = [
  { slug: 'jac-sunnyside', name: 'Jacaranda Sunnyside drop-in', area: 'sunnyside', address: 'Corner of Esselen and Celliers streets', lat: -25.7528, lng: 28.2041,
    desc: 'Ground-floor drop-in centre with a green door. Ring the bell if it is closed.', transport: 'Minibus taxis along Esselen Street; A Re Yeng bus stop on Nelson Mandela Drive, 5 minutes\' walk.',
    langs: 'en zu nso', hours: ['MO-FR 09:00-17:00', 'SA 09:00-13:00'], holiday: 'closed' },
  { slug: 'jac-arcadia', name: 'Jacaranda Arcadia site', area: 'arcadia', address: 'Corner of Hamilton and Pretorius streets', lat: -25.7455, lng: 28.212,
    transport: 'Minibus taxis along Pretorius Street; 15 minutes\' walk from Sunnyside.' },
  { slug: 'jac-pretoriawest', name: 'Jacaranda Pretoria West drop-in', area: 'pretoriawest', address: 'Mitchell Street, near Pretoria West station', lat: -25.7502, lng: 28.1478,
    transport: 'Metrorail to Pretoria West station; taxis along Mitchell Street.' },
  { slug: 'burgers-park', name: 'Outreach point beside Burgers Park', area: 'central', address: 'Lilian Ngoyi Street, beside Burgers Park', lat: -25.7527, lng: 28.1903,
    desc: 'A meeting point on the pavement where outreach teams park. There is no building.', transport: 'Taxis and A Re Yeng buses along Lilian Ngoyi Street.' },
  { slug: 'sunnyside-corner', name: 'Outreach point, Esselen and Troye', area: 'sunnyside', address: 'Corner of Esselen and Troye streets', lat: -25.7536, lng: 28.2003,
    desc: 'A street-corner meeting point for night outreach.' },
  { slug: 'marabastad-rank', name: 'Outreach point, Marabastad', area: 'marabastad', address: 'Boom Street, near the Marabastad taxi rank', lat: -25.7418, lng: 28.1768,
    desc: 'A meeting point on the street near the taxi rank.', transport: 'Any taxi to the Marabastad rank; Belle Ombre station is 10 minutes\' walk.' },
  { slug: 'apies-base', name: 'Apies River outreach base', area: 'central', address: 'Off Nelson Mandela Drive, near the Apies River footbridge', lat: -25.7505, lng: 28.1982,
    desc: 'A small office with a kitchen, up one flight of stairs.', transport: 'A Re Yeng bus along Nelson Mandela Drive.', langs: 'en zu nso' },
  { slug: 'kudu-sunnyside', name: 'Kudu Lane Clinic, Sunnyside', area: 'sunnyside', address: 'Leyds Street, near the corner of Jorissen Street', lat: -25.756, lng: 28.2072,
    transport: 'Minibus taxis along Jorissen Street.', langs: 'en zu nso ts' },
  { slug: 'kudu-mamelodi', name: 'Kudu Lane Clinic, Mamelodi', area: 'mamelodiwest', address: 'Off Tsamaya Road, near Denneboom station', lat: -25.7105, lng: 28.3568,
    transport: 'Metrorail to Denneboom station, then 5 minutes\' walk; taxis to the Denneboom rank.', langs: 'nso zu ts en' },
  { slug: 'kudu-atteridgeville', name: 'Kudu Lane Clinic, Atteridgeville', area: 'atteridgeville', address: 'Off Maunde Street', lat: -25.7735, lng: 28.0745,
    transport: 'Taxis along Maunde Street from the city.', langs: 'tn nso en' },
  { slug: 'kudu-olievenhoutbosch', name: 'Mobile clinic stop, Olievenhoutbosch', area: 'olievenhoutbosch', address: 'Olievenhoutbosch Road, near the taxi rank', lat: -25.9135, lng: 28.0935,
    desc: 'The clinic truck parks here; look for the white truck with a blue stripe.' },
  { slug: 'kudu-hammanskraal', name: 'Mobile clinic stop, Hammanskraal', area: 'hammanskraal', address: 'Near the Hammanskraal taxi rank, off the R101', lat: -25.402, lng: 28.2795,
    desc: 'The clinic truck parks here; look for the white truck with a blue stripe.', transport: 'Metrorail to Hammanskraal station; taxis from the city.' },
  { slug: 'nightlily-cbd', name: 'Night Lily clinic rooms', area: 'central', address: 'Off Madiba Street, two blocks east of Church Square', lat: -25.7463, lng: 28.193,
    desc: 'First-floor clinic rooms; the entrance is at the side of the building.', transport: 'A Re Yeng and taxis to Church Square.', langs: 'en zu st xh' },
  { slug: 'pretoriawest-point', name: 'Outreach point, Pretoria West', area: 'pretoriawest', address: 'Mitchell Street, near the corner of Charlotte Maxeke Street', lat: -25.7518, lng: 28.153,
    desc: 'A meeting point on the street; teams park here by day and by night.' },
  { slug: 'meintjies-office', name: 'Meintjieskop Rights Desk office', area: 'arcadia', address: 'Corner of Beatrix and Madiba streets', lat: -25.7446, lng: 28.2085,
    desc: 'Office on the ground floor; wheelchair ramp at the back.', transport: 'Taxis along Madiba Street.' },
  { slug: 'aloe-hub', name: 'Aloe trans peer hub', area: 'hatfield', address: 'Corner of Hilda and Park streets', lat: -25.7495, lng: 28.2362,
    desc: 'A room above a row of shops; the door is on the side street.', transport: 'Gautrain to Hatfield station, 10 minutes\' walk; taxis along Park Street.' },
  { slug: 'aloe-shelter', name: 'Aloe House', area: 'gezina', address: '5 Demonstration Avenue', lat: -25.721, lng: 28.2125, confidential: true,
    desc: 'A private house. We give directions after you phone.', tel: [{ note: FRONT_GATE }] },
  { slug: 'umbrella-refuge', name: 'Umbrella Tree refuge', area: 'lynnwood', address: '12 Demonstration Crescent', lat: -25.7668, lng: 28.2795, confidential: true,
    desc: 'A private house. We give directions after you phone.', tel: [{ note: FRONT_GATE }] },
  { slug: 'fevertree-house', name: 'Fever Tree safe house', area: 'pretorianorth', address: '3 Demonstration Close', lat: -25.6795, lng: 28.181, confidential: true,
    desc: 'A private house. We give directions after you phone.', tel: [{ note: FRONT_GATE }] },
  { slug: 'hornbill-centre', name: 'Hornbill Ridge Recovery Centre', area: 'pretorianorth', address: 'Off Lavender Road, at the foot of the ridge', lat: -25.6705, lng: 28.1955,
    transport: 'No taxi route passes the gate; the centre can fetch you from Pretoria North station.' },
  { slug: 'thorntree-farm', name: 'Thorntree Recovery Farm', area: 'hammanskraal', address: 'Smallholding off the R101, north of Hammanskraal', lat: -25.384, lng: 28.271 },
  { slug: 'acacia-centurion', name: 'Acacia Outpatient Recovery rooms', area: 'centurion', address: 'Near the corner of Jean Avenue and Gerhard Street', lat: -25.8575, lng: 28.1885,
    transport: 'Gautrain to Centurion station, 10 minutes\' walk.', langs: 'en af' },
  { slug: 'sosh-base', name: 'Soshanguve Peer Project base', area: 'soshanguve', address: 'Block H, off Aubrey Matlala Road', lat: -25.5235, lng: 28.1055,
    transport: 'Taxis along Aubrey Matlala Road; Soshanguve station is 15 minutes\' walk.', langs: 'tn nso ts zu', holiday: 'closed' },
  { slug: 'garankuwa-point', name: 'Outreach point, Ga-Rankuwa', area: 'garankuwa', address: 'Near the Ga-Rankuwa taxi rank', lat: -25.6165, lng: 27.9985,
    desc: 'The outreach bakkie parks here.' },
  { slug: 'mabopane-point', name: 'OST dosing point, Mabopane', area: 'mabopane', address: 'Near Mabopane station', lat: -25.501, lng: 28.072,
    desc: 'A container clinic beside the station car park.', transport: 'Metrorail to Mabopane station.' },
  { slug: 'wonderboom-rooms', name: 'Wonderboom Opioid Treatment Practice', area: 'pretorianorth', address: 'Gerrit Maritz Street, near the corner of Burger Street', lat: -25.6762, lng: 28.1742,
    transport: 'Taxis along Gerrit Maritz Street.' },
  { slug: 'kiepersol-hatfield', name: 'Kiepersol drug-checking room', area: 'hatfield', address: 'Festival Street, near the corner of Burnett Street', lat: -25.75, lng: 28.2388,
    transport: 'Gautrain to Hatfield station, 5 minutes\' walk.' },
  { slug: 'koppie-kitchen', name: 'Koppie View Community Kitchen', area: 'mamelodieast', address: 'Extension 5, near the main taxi rank', lat: -25.7215, lng: 28.4015,
    langs: 'nso zu nr' },
  { slug: 'openpot-salvokop', name: 'Open Pot, Salvokop', area: 'salvokop', address: 'Salvokop, five minutes\' walk from Pretoria station', lat: -25.7603, lng: 28.1852,
    transport: 'Metrorail or Gautrain to Pretoria station.' },
  { slug: 'openpot-eersterust', name: 'Open Pot, Eersterust', area: 'eersterust', address: 'Off Hans Coverdale Road North', lat: -25.716, lng: 28.3065 },
  { slug: 'baobab-silverton', name: 'Baobab Co-op workshop', area: 'silverton', address: 'Off Pretoria Road, Silverton', lat: -25.7325, lng: 28.2975,
    transport: 'Taxis along Pretoria Road from the city.' },
  { slug: 'olive-laudium', name: 'Olive Branch meeting room, Laudium', area: 'laudium', address: 'Near the Laudium taxi rank', lat: -25.786, lng: 28.101 },
  { slug: 'olive-centurion', name: 'Olive Branch meeting room, Centurion', area: 'centurion', address: 'Off Jean Avenue, near Centurion Lake', lat: -25.863, lng: 28.184 },
  { slug: 'highveld-rooms', name: 'Highveld Sunrise Counselling Rooms', area: 'muckleneuk', address: 'Off Walker Street', lat: -25.7642, lng: 28.2188,
    transport: 'Taxis along Walker Street; 20 minutes\' walk from Sunnyside.' },
];

// Compact on purpose: one record per few lines.
// prettier-ignore
const SERVICES: ServiceRow[] = [
  // Jacaranda Harm Reduction Collective
  { slug: 'jac-nsp', org: 'jacaranda', name: 'Needle and syringe service', cats: 'nsp nalox hiv', flags: ALL5, langs: 'en zu nso', minAge: 18,
    elig: 'Adults 18+ who inject drugs, and their partners', checked: '2026-10-02',
    at: ['jac-sunnyside', { loc: 'jac-arcadia', hours: ['TU,TH 10:00-15:00'] }],
    desc: 'Sterile needles, syringes, cookers, filters and water, and a safe bin for used ones. Bring back what you can, but you get equipment either way. Staff also give naloxone and do HIV tests if you ask.' },
  { slug: 'jac-dropin', org: 'jacaranda', name: 'Sunnyside drop-in centre', cats: 'dropin', flags: ALL5, langs: 'en zu nso st', checked: '2026-10-02',
    at: ['jac-sunnyside'],
    desc: 'Come in off the street: rest, shower, wash clothes, charge your phone and have tea. Peer workers are there to talk if you want to, and no one will ask you to stop using.' },
  { slug: 'jac-overdose-room', org: 'jacaranda', name: 'Overdose-watch room', cats: 'scs nalox', flags: ALL5, minAge: 18, elig: 'Adults 18+', checked: '2026-09-18',
    at: ['jac-sunnyside'],
    desc: 'A quiet room at the drop-in where you can use with a trained peer nearby who has naloxone and oxygen. You bring your own drugs; we give sterile equipment and watch for overdose. Nobody rushes you.' },
  { slug: 'jac-naloxone', org: 'jacaranda', name: 'Naloxone and overdose training', cats: 'nalox', flags: ALL5, langs: 'en zu', checked: '2026-11-03',
    alert: 'Naloxone stock is low this week: one kit per person until Friday.',
    at: ['jac-sunnyside', { loc: 'jac-arcadia', hours: ['WE 10:00-15:00'] }],
    desc: 'Free naloxone nasal spray or injection, and a 15-minute lesson on spotting an overdose and using it. Take extra for friends who use alone.' },
  { slug: 'jac-wound', org: 'jacaranda', name: 'Wound and abscess care', cats: 'wound', flags: ALL5, hours: ['TU,TH 09:00-13:00'], holiday: 'closed', checked: '2026-08-21',
    at: ['jac-sunnyside'],
    desc: 'A nurse cleans and dresses wounds and abscesses, including injection-site infections, and refers you to a doctor if you need antibiotics. Come early if it is hot, red or spreading.' },
  { slug: 'jac-arcadia-dropin', org: 'jacaranda', name: 'Arcadia drop-in', cats: 'dropin nsp', flags: ALL5, langs: 'en af zu', checked: '2026-10-02',
    at: [{ loc: 'jac-arcadia', hours: ['MO-FR 10:00-16:00'], holiday: 'closed' }],
    desc: 'A smaller drop-in with a couch, tea, a phone charger and a needle and syringe exchange desk.' },
  { slug: 'jac-pretoriawest', org: 'jacaranda', name: 'Pretoria West drop-in', cats: 'dropin nsp', flags: ALL5, langs: 'en af tn', checked: '2026-11-10',
    status: 'temporarily closed', alert: 'Closed for renovations until 15 December; go to our Arcadia site.',
    at: [{ loc: 'jac-pretoriawest', hours: ['MO,WE,FR 09:00-15:00'] }],
    desc: 'A drop-in with tea, a shower and a needle and syringe exchange for people in Pretoria West.' },
  { slug: 'jac-night-van', org: 'jacaranda', name: 'Jacaranda night van', cats: 'nsp nalox contra', flags: ALL5, langs: 'en zu', checked: '2026-10-15',
    at: [
      { loc: 'jac-sunnyside', hours: ['FR,SA 22:00-04:00'], note: 'The van parks outside the drop-in.' },
      { loc: 'burgers-park', hours: ['WE 22:00-03:00'] },
    ],
    desc: 'Our van goes out at night with needles, syringes, foils and pipes, naloxone, condoms and lube. Stop by for supplies or just to check in.' },
  { slug: 'jac-ost', org: 'jacaranda', name: 'Community methadone programme', cats: 'ost hiv', flags: 'free sw hr', langs: 'en zu nso', minAge: 18,
    elig: 'Adults 18+ who use opioids, including nyaope', docs: ['South African ID, passport or asylum seeker permit'], checked: '2026-09-05',
    apply: 'Come to the Arcadia site on a weekday morning for an assessment with the nurse and doctor. You can start the same week.',
    contact: ['OST intake desk', 'Intake nurse'],
    at: [{ loc: 'jac-arcadia', hours: ['MO-FR 07:30-11:00', 'SA 08:00-10:00'], holiday: 'open' }],
    desc: 'Methadone for people who use heroin or nyaope, with no demand to stop using other drugs. Daily dosing on site, with take-home doses once you are stable. We also test for HIV and hepatitis.' },
  { slug: 'jac-hiv', org: 'jacaranda', name: 'HIV and hepatitis C testing', cats: 'hiv', flags: ALL5, checked: '2026-06-30',
    at: [{ loc: 'jac-arcadia', hours: ['MO,WE 10:00-15:00'] }],
    desc: 'Finger-prick tests for HIV and hepatitis C with results in 20 minutes, and help to start treatment the same day if you want it. HIV self-test kits to take away.' },
  { slug: 'jac-peer-group', org: 'jacaranda', name: 'Peer group for people who use drugs', cats: 'group', flags: ALL5, langs: 'en zu nso', checked: '2026-10-02',
    at: [{ loc: 'jac-sunnyside', hours: ['FR 10:00-11:30'] }],
    desc: 'A Friday morning group run by people who use drugs, for people who use drugs: swap tips, talk about what is going on, no pressure to change.' },

  // Apies River Outreach Trust
  { slug: 'apies-night', org: 'apies', name: 'Apies River night outreach', cats: 'nsp nalox hiv contra', flags: ALL5, langs: 'en zu nso xh', checked: '2026-10-20',
    at: [
      { loc: 'burgers-park', hours: ['TH,FR,SA 20:00-02:00'] },
      { loc: 'sunnyside-corner', hours: ['WE 20:00-02:00'] },
      { loc: 'marabastad-rank', hours: ['TU 20:00-01:00'] },
    ],
    desc: 'Peer outreach workers on foot with needles, syringes, condoms, lube and naloxone. They can do an HIV self-test with you, walk you to a clinic the next day, or just talk. Look for the green bibs.' },
  { slug: 'apies-hiv', org: 'apies', name: 'HIV self-tests and linkage to care', cats: 'hiv prep', flags: ALL5, hours: ['MO-FR 08:00-16:30'], holiday: 'closed', checked: '2026-09-29',
    at: ['apies-base'],
    desc: 'Pick up HIV self-test kits for you and your partners, and get help to start ARVs or PrEP at a clinic that will not judge you. A peer can go with you.' },
  { slug: 'apies-circle', org: 'apies', name: 'Women\'s peer circle', cats: 'group mh', flags: ALL5, gender: 'women', langs: 'en zu st', checked: '2026-08-12',
    elig: 'Women and trans women who sell sex',
    at: [{ loc: 'apies-base', hours: ['every2w@2026-01-07 WE 14:00-16:00'] }],
    desc: 'A fortnightly circle run by women who have done sex work. Talk about work, safety, using, relationships, whatever is on your mind. Tea and snacks; what is said stays in the room.' },
  { slug: 'apies-tea-stop', org: 'apies', name: 'Marabastad morning tea stop', cats: 'dropin food', flags: ALL5, status: 'inactive', checked: '2025-02-10',
    at: [{ loc: 'marabastad-rank', hours: ['MO-FR 06:00-09:00'] }],
    desc: 'Tea, bread and a chat for people finishing a night shift. This stop has ended; the night outreach team still passes here on Tuesdays.' },

  // Kudu Lane Community Health
  { slug: 'kudu-prep', org: 'kudu', name: 'PrEP and PEP clinic', cats: 'prep hiv', flags: ALL5, holiday: 'closed', langs: 'en zu nso ts', minAge: 15,
    elig: 'Anyone aged 15+', checked: '2026-10-28', alert: 'Long queues on Monday mornings; mid-week is quicker.',
    at: [
      { loc: 'kudu-sunnyside', hours: ['MO-FR 07:30-16:00'], tel: [{ note: 'Sunnyside reception' }] },
      { loc: 'kudu-mamelodi', hours: ['TU,TH 08:00-15:00'], tel: [{ note: 'Mamelodi reception' }] },
    ],
    desc: 'Daily PrEP pills to prevent HIV, and PEP if you may have been exposed in the last 72 hours: come straight away, PEP works best the sooner you start. Includes an HIV test and a follow-up plan.' },
  { slug: 'kudu-sti', org: 'kudu', name: 'STI clinic', cats: 'sti contra', flags: ALL5, hours: ['MO-FR 07:30-16:00'], holiday: 'closed', langs: 'en zu tn nso', checked: '2026-07-14',
    interp: 'Nurses can call a telephone interpreter for French, Portuguese and Shona.',
    at: ['kudu-sunnyside', 'kudu-atteridgeville'],
    desc: 'Testing and treatment for STIs such as syphilis, gonorrhoea and chlamydia, usually the same day. Condoms, lube and contraception while you are here. Ask for a sex-worker-friendly nurse and you will get one.' },
  { slug: 'kudu-tb', org: 'kudu', name: 'TB screening and treatment', cats: 'tb hiv', flags: 'free walk_in hr', hours: ['MO-FR 07:30-16:00'], holiday: 'closed', checked: '2025-11-20',
    docs: ['South African ID or passport'],
    at: ['kudu-sunnyside', 'kudu-mamelodi', 'kudu-atteridgeville'],
    desc: 'Tell us if you have had a cough for two weeks, night sweats, fever or weight loss. We test your sputum, start TB treatment and help you keep going with it.' },
  { slug: 'kudu-family', org: 'kudu', name: 'Family planning clinic', cats: 'contra', flags: 'free no_id walk_in hr', holiday: 'closed', langs: 'nso zu ts en', checked: '2026-09-09',
    at: [{ loc: 'kudu-mamelodi', hours: ['MO-FR 07:30-16:00', 'monthly@1SA 08:00-12:00'] }],
    desc: 'The pill, the injection, implants, IUDs and the morning-after pill, plus pregnancy tests. The first Saturday of each month is for people who cannot come on weekdays.' },
  { slug: 'kudu-mobile', org: 'kudu', name: 'Mobile clinic', cats: 'hiv sti tb contra', flags: ALL5, holiday: 'closed', langs: 'en nso tn zu', checked: '2026-06-17',
    at: [
      { loc: 'kudu-olievenhoutbosch', hours: ['monthly@-1FR 09:00-14:00'] },
      { loc: 'kudu-hammanskraal', hours: ['monthly@3TH 09:00-14:00'] },
    ],
    desc: 'A clinic in a truck that visits places far from a fixed clinic: HIV and STI tests, TB screening, condoms and contraception.' },
  { slug: 'kudu-counselling', org: 'kudu', name: 'Counselling with a nurse counsellor', cats: 'mh', flags: 'free no_id hr', holiday: 'closed', checked: '2026-08-03',
    apply: 'Ask at reception or phone to book a 45-minute session. You can come back every week.',
    at: [{ loc: 'kudu-sunnyside', hours: ['MO,WE 09:00-15:00'] }],
    desc: 'Short-term counselling for stress, low mood, grief, or worries about drinking or drug use. You set the goals.' },

  // Night Lily Sex Worker Health Project
  { slug: 'nl-clinic', org: 'nightlily', name: 'Night Lily evening clinic', cats: 'sti hiv prep contra', flags: ALL5, holiday: 'closed', langs: 'en zu st xh', checked: '2026-10-09',
    elig: 'Sex workers of any gender, and their partners', interp: 'Peer educators can interpret in Shona and Chichewa.',
    at: [{ loc: 'nightlily-cbd', hours: ['MO-TH 16:00-21:00'] }],
    desc: 'A clinic run with sex workers, open in the evening so you can come before work: STI and HIV tests, PrEP, contraception, condoms and lube. No one asks why you are here.' },
  { slug: 'nl-night-van', org: 'nightlily', name: 'Night Lily night van', cats: 'contra hiv nalox wound', flags: ALL5, langs: 'en zu', checked: '2026-10-09',
    at: [
      { loc: 'burgers-park', hours: ['TU,TH 20:00-02:00'] },
      { loc: 'pretoriawest-point', hours: ['FR 21:00-03:00'] },
    ],
    desc: 'A van with a nurse and two peer educators out at night: condoms, lube, HIV tests, naloxone and first aid for wounds. Stop, talk, go; five minutes is fine.' },
  { slug: 'nl-navigators', org: 'nightlily', name: 'Peer navigators', cats: 'group legal', flags: 'free no_id sw hr', area: 'tshwane', hours: ['MO-FR 09:00-17:00'],
    langs: 'en zu nso ts', checked: '2026-09-22', tel: [{ note: 'Call or leave a message' }, { type: 'text', note: 'WhatsApp or SMS' }],
    apply: 'Call or send a message and a peer navigator will call you back the same day.',
    desc: 'A peer navigator is a sex worker trained to help you through the system: they can go with you to a clinic, the police station, a court date or Home Affairs, and make sure you are treated with respect.' },
  { slug: 'nl-counselling', org: 'nightlily', name: 'Counselling for sex workers', cats: 'mh', flags: 'free no_id sw hr', holiday: 'closed', checked: '2026-10-09',
    apply: 'Book through a peer educator or phone the clinic. If you are in crisis, come in and we will make time.',
    at: [{ loc: 'nightlily-cbd', hours: ['TU,TH 10:00-15:00'] }],
    desc: 'One-to-one counselling with a counsellor who has worked with sex workers for years. Bad dates, violence, using, family, money: bring what you need to.' },
  { slug: 'nl-mamelodi', org: 'nightlily', name: 'Night Lily Mamelodi clinic day', cats: 'sti hiv prep', flags: ALL5, holiday: 'closed', langs: 'nso zu ts en', checked: '2026-07-01',
    at: [{ loc: 'kudu-mamelodi', hours: ['WE 10:00-15:00'] }],
    desc: 'Once a week Night Lily uses a room at the Kudu Lane clinic in Mamelodi: STI and HIV testing and PrEP, with staff who know sex work.' },

  // Meintjieskop Rights Desk
  { slug: 'mk-clinic', org: 'meintjies', name: 'Legal advice clinic', cats: 'legal', flags: ALL5, hours: ['MO-FR 09:00-16:00'], holiday: 'closed', langs: 'en af zu nso',
    checked: '2026-09-15', contact: ['Paralegal on duty', 'Paralegal'],
    at: ['meintjies-office'],
    desc: 'Free legal advice from paralegals and a lawyer: arrests and fines, police abuse, unpaid wages, eviction, getting your ID or your child\'s birth certificate, and protection orders. Sex work and drug use are never a reason to turn you away.' },
  { slug: 'mk-hotline', org: 'meintjies', name: 'Sex worker legal hotline', cats: 'legal crisis', flags: 'free no_id sw hr', area: 'za', hours: ['MO-FR 08:00-17:00'], holiday: 'closed',
    langs: 'en zu af', checked: '2026-10-01', tel: [{ note: 'Weekdays 08:00 to 17:00' }],
    apply: 'Call the number. If no one answers, leave a message with a safe time to call you back.',
    desc: 'Phone if you have been arrested, if police took your money or phone, or if you were assaulted. A paralegal explains your rights and what to do next, and can call the police station for you.' },
  { slug: 'mk-rights', org: 'meintjies', name: 'Know-your-rights workshop', cats: 'legal group', flags: ALL5, langs: 'en zu', checked: '2026-08-25',
    at: [{ loc: 'jac-sunnyside', hours: ['every2w@2026-01-05 MO 14:00-16:00'] }],
    desc: 'A two-hour workshop every second Monday at the Sunnyside drop-in: what police may and may not do, what to say when arrested, and how to report abuse. Bring your questions.' },

  // Aloe Trans Peer Network
  { slug: 'aloe-group', org: 'aloe', name: 'Trans peer support group', cats: 'group mh', flags: ALL5, gender: 'trans', langs: 'en zu af', minAge: 16, checked: '2026-09-30',
    elig: 'Trans and gender-diverse people aged 16+',
    at: [{ loc: 'aloe-hub', hours: ['WE 18:00-20:00'] }],
    desc: 'A trans-led group every Wednesday evening. Talk with people who get it: transition, family, work, using, staying safe. You do not have to speak.' },
  { slug: 'aloe-health', org: 'aloe', name: 'Trans health day', cats: 'hiv prep sti', flags: ALL5, gender: 'trans', checked: '2026-09-30',
    at: [{ loc: 'aloe-hub', hours: ['monthly@2SA 10:00-14:00'] }],
    desc: 'On the second Saturday of each month a friendly nurse sees trans and gender-diverse people at the hub: HIV and STI tests, PrEP, and advice about hormones.' },
  { slug: 'aloe-house', org: 'aloe', name: 'Aloe House trans shelter', cats: 'shelter food', flags: 'free no_id sw hr', gender: 'trans', hours: ['24/7'], holiday: 'open',
    minAge: 18, elig: 'Trans and gender-diverse adults 18+', checked: '2026-10-30', langs: 'en zu',
    apply: 'Phone first. We talk for a few minutes, then tell you where to meet.',
    at: ['aloe-shelter'],
    desc: 'A safe place to stay for up to three months for trans and gender-diverse people with nowhere safe to sleep. Meals, a locker and support to find what comes next. You are welcome if you use drugs; we ask that you do not use in shared rooms.' },

  // Umbrella Tree Women's Refuge
  { slug: 'ut-refuge', org: 'umbrella', name: 'Women\'s refuge', cats: 'shelter food mh', flags: 'free no_id sw hr', gender: 'women', hours: ['24/7'], holiday: 'open',
    minAge: 18, elig: 'Women and trans women 18+, with their children', langs: 'en zu nso', checked: '2026-11-04',
    apply: 'Phone any time, day or night. We talk first, then arrange to meet you somewhere safe.',
    at: ['umbrella-refuge'],
    desc: 'A safe house for women and their children escaping abuse: beds, meals, counselling and help with a protection order. You do not have to stop using to stay; staff help you manage withdrawal or use more safely.' },
  { slug: 'ut-court', org: 'umbrella', name: 'Court support for survivors', cats: 'legal mh', flags: 'free no_id sw hr', checked: '2026-06-11',
    at: [{ loc: 'meintjies-office', hours: ['TH 09:00-13:00'] }],
    desc: 'A counsellor helps you apply for a protection order or get ready for court after rape or assault, and can come with you on the day.' },

  // Fever Tree Safe House Trust
  { slug: 'ft-house', org: 'fevertree', name: 'Fever Tree safe house', cats: 'shelter', flags: 'free no_id sw hr', hours: ['24/7'], holiday: 'open', minAge: 18, checked: '2026-07-22',
    elig: 'Adults 18+ of any gender escaping violence, with children under 12',
    apply: 'Phone the safety line first. We agree a meeting place and bring you in.',
    at: ['fevertree-house'],
    desc: 'Emergency accommodation for up to 14 days for anyone escaping violence from a partner, pimp, client or family. Safe and private, with a social worker on weekdays.' },
  { slug: 'ft-line', org: 'fevertree', name: 'Fever Tree safety line', cats: 'crisis shelter', flags: 'free no_id sw hr', area: 'tshwane', hours: ['24/7'], holiday: 'open',
    langs: 'en zu nso af', checked: '2026-07-22',
    desc: 'Call any time if you are in danger or need to leave where you are. We help you plan, find a bed tonight, and stay on the phone until you are safe. If you are in danger right now, call 112.' },
  { slug: 'ft-counselling', org: 'fevertree', name: 'Phone counselling after violence', cats: 'mh', flags: 'free no_id sw hr', area: 'tshwane', hours: ['MO-FR 09:00-16:00'],
    holiday: 'closed', langs: 'en zu', checked: '2026-07-22',
    apply: 'Phone and ask for a counsellor; you can book a regular time each week.',
    desc: 'Weekly counselling by phone with a trauma counsellor, for anyone who has lived through violence, recently or long ago.' },

  // Nightjar Peer Support Trust
  { slug: 'nj-24h', org: 'nightjar', name: 'Nightjar 24-hour harm-reduction line', cats: 'crisis mh', flags: 'free no_id sw hr', area: 'za', hours: ['24/7'], holiday: 'open',
    langs: 'en zu xh st', checked: '2026-10-26',
    desc: 'A free line answered day and night by people with lived experience of drug use. Talk through a bad comedown, mixing drugs, a friend who will not wake up (we stay on the line while you call an ambulance), or where to get help tomorrow.' },
  { slug: 'nj-sms', org: 'nightjar', name: 'Nightjar SMS line', cats: 'crisis', flags: 'free no_id sw hr', area: 'za', hours: ['MO-SU 08:00-22:00'], checked: '2026-10-26',
    tel: [{ type: 'sms', note: 'SMS only' }],
    desc: 'Send an SMS and a peer replies, usually within an hour. Good when you cannot talk out loud or have no data.' },
  { slug: 'nj-text', org: 'nightjar', name: 'Nightjar WhatsApp and text line', cats: 'crisis mh', flags: 'free no_id sw hr', area: 'za', hours: ['MO-SU 10:00-22:00'],
    langs: 'en zu af', checked: '2026-06-05', tel: [{ type: 'text', note: 'WhatsApp or text message' }],
    desc: 'Chat on WhatsApp or by text with a trained peer about using more safely, bad batches, overdose and how you are feeling. Send a voice note if typing is hard.' },
  { slug: 'nj-counselling', org: 'nightjar', name: 'Nightjar counselling line', cats: 'mh crisis', flags: 'free no_id sw hr', area: 'za', checked: '2025-09-30',
    hours: ['MO-FR 18:00-22:00', 'SA 10:00-14:00'],
    desc: 'Longer phone counselling with a registered counsellor on weekday evenings and Saturday mornings. Outside these hours, call the 24-hour line.' },

  // Public emergency numbers
  { slug: 'emergency', org: 'emergency', name: 'Emergency services', cats: 'crisis', flags: 'free no_id', area: 'za', hours: ['24/7'], holiday: 'open', checked: '2026-11-01',
    tel: [
      { number: '112', note: 'Emergency number from any mobile phone' },
      { number: '10177', note: 'Ambulance' },
      { number: '10111', note: 'Police (SAPS)' },
    ],
    apply: 'Call and say where you are and what is happening.',
    desc: 'The public emergency numbers for police and ambulance. For an overdose, say that someone is not breathing and give the address. Give naloxone if you have it, stay with the person, and tell the paramedics what was taken if you know.' },

  // Hornbill Ridge Recovery Centre
  { slug: 'hr-residential', org: 'hornbill', name: 'Residential rehab programme (28 days)', cats: 'rehab mh', flags: '', hours: ['MO-FR 08:00-16:00'], langs: 'en af',
    minAge: 18, elig: 'Adults 18+ who want to stop using alcohol or drugs', checked: '2026-08-19',
    docs: ['South African ID or passport', 'Referral letter from a social worker or doctor'],
    fee: [{ option: '28-day programme', amount: 9500, note: 'Some medical aids pay part of it' }],
    fees: 'R 9 500 for the 28-day programme. Some medical aids pay part of it.',
    apply: 'Phone the admissions office for an assessment. Admission is usually within two weeks.',
    contact: ['Admissions office', 'Admissions social worker'],
    rehab: { status: 'registered', number: 'DSD/GP/2024/0123', expiry: '2027-03-31' },
    at: ['hornbill-centre'],
    desc: 'A 28-day live-in programme based on the 12 steps, with a medically supervised detox, group and individual therapy, and family sessions. The programme is abstinence-based: you are asked to stop all drugs and alcohol while you stay.' },
  { slug: 'hr-aftercare', org: 'hornbill', name: 'Aftercare group', cats: 'group', flags: 'no_id walk_in',
    fee: [{ option: 'Per session', amount: 80, note: 'Free for people who finished our residential programme' }],
    fees: 'R 80 per session; free if you finished our residential programme.',
    at: [{ loc: 'hornbill-centre', hours: ['TH 18:00-19:30'] }],
    desc: 'A weekly group for people who have finished a rehab programme and want support to stay stopped.' },

  // Thorntree Recovery Farm
  { slug: 'thorn-farm', org: 'thorntree', name: 'Thorntree residential programme', cats: 'rehab', flags: '', gender: 'men', langs: 'en af tn nso', minAge: 18,
    elig: 'Men 18+', checked: '2025-08-14', docs: ['South African ID or passport'],
    fee: [{ option: 'Per month', amount: 4000 }], fees: 'R 4 000 a month, paid in advance.',
    apply: 'Phone to ask about a place.',
    rehab: { status: 'not_registered', number: null, expiry: null },
    at: ['thorntree-farm'],
    desc: 'A farm-based programme of work, prayer and group meetings for men who want to stop using drugs. It is not registered with the Department of Social Development and has no medical staff on site, so it cannot manage withdrawal safely: see a clinic first.' },

  // Acacia Outpatient Recovery Programme
  { slug: 'acacia-outpatient', org: 'acacia', name: 'Outpatient recovery programme', cats: 'rehab mh group', flags: 'no_id sw hr', holiday: 'closed', minAge: 18, elig: 'Adults 18+',
    checked: '2025-10-06',
    fee: [{ option: 'Sliding scale per month', amount: 600, note: 'R 0 to R 600 a month, depending on income' }],
    fees: 'Sliding scale from R 0 to R 600 a month, depending on what you earn.',
    apply: 'Phone for a first appointment. You can keep working while you come.',
    rehab: { status: 'registered', number: 'DSD/GP/2021/0457', expiry: '2025-09-30' },
    at: [{ loc: 'acacia-centurion', hours: ['MO,WE 17:30-19:30', 'SA 09:00-12:00'] }],
    desc: 'Evening and Saturday sessions so you can keep working: counselling, a weekly group and a plan you set, whether that is stopping or using less. Counsellors use motivational interviewing and CBT.' },

  // Soshanguve Peer Harm Reduction Project
  { slug: 'sosh-nsp', org: 'soshpeer', name: 'Soshanguve needle and syringe service', cats: 'nsp nalox check', flags: ALL5, langs: 'tn nso ts zu en', checked: '2026-09-12',
    at: [
      { loc: 'sosh-base', hours: ['MO-FR 08:00-15:00'] },
      { loc: 'garankuwa-point', hours: ['TU,TH 09:00-12:00'] },
    ],
    desc: 'Needles, syringes and other equipment, safe disposal, naloxone, and fentanyl test strips. Run by people from Soshanguve who use or used drugs.' },
  { slug: 'sosh-ost', org: 'soshpeer', name: 'Soshanguve OST site', cats: 'ost nsp nalox', flags: 'free sw hr', holiday: 'closed', minAge: 18, langs: 'tn nso zu', checked: '2026-09-12',
    docs: ['South African ID, passport or clinic card'],
    apply: 'Come in any weekday morning for an assessment. A peer will explain how it works.',
    at: [
      { loc: 'sosh-base', hours: ['MO-FR 07:00-12:00'] },
      { loc: 'mabopane-point', hours: ['TU,TH 08:00-11:00'] },
    ],
    desc: 'Methadone and buprenorphine for people who use nyaope or heroin, with daily or take-home doses, and sterile equipment for people who still inject.' },
  { slug: 'sosh-treatment', org: 'soshpeer', name: 'Community-based treatment programme', cats: 'rehab group', flags: 'free no_id sw hr', langs: 'tn nso en', checked: '2026-06-20',
    rehab: { status: 'pending', number: 'DSD/GP/2026/0871', expiry: null },
    at: [{ loc: 'sosh-base', hours: ['TU,TH 10:00-13:00'] }],
    desc: 'A 12-week programme you do while living at home: group sessions twice a week, a counsellor, and goals you choose. Our registration with the Department of Social Development is being processed.' },
  { slug: 'sosh-night', org: 'soshpeer', name: 'Soshanguve night outreach', cats: 'nsp contra hiv', flags: ALL5, langs: 'tn nso ts', checked: '2026-09-12',
    at: [{ loc: 'sosh-base', hours: ['FR,SA 20:00-02:00'], note: 'The outreach team leaves from the base and walks the usual spots.' }],
    desc: 'Peer outreach on Friday and Saturday nights around Soshanguve: needles, condoms, lube, HIV self-tests and someone to talk to.' },
  { slug: 'sosh-soup', org: 'soshpeer', name: 'Pay-day soup kitchen', cats: 'food', flags: ALL5, langs: 'tn nso', checked: '2026-08-30',
    at: [{ loc: 'sosh-base', hours: ['monthday@-1 11:00-14:00'] }],
    desc: 'On the last day of every month, when money runs out before pay-day, we serve soup and bread and hand out food parcels while they last.' },
  { slug: 'sosh-safer-use', org: 'soshpeer', name: 'Safer-use room', cats: 'scs nalox', flags: ALL5, minAge: 18, elig: 'Adults 18+', checked: '2026-09-12',
    at: [{ loc: 'sosh-base', hours: ['MO-FR 09:00-15:00'] }],
    desc: 'A room at the base where you can smoke or inject with a trained peer nearby, so that if you overdose someone is there with naloxone. Sterile equipment provided.' },

  // Wonderboom Opioid Treatment Practice
  { slug: 'wb-ost', org: 'wonderboom', name: 'Methadone and buprenorphine treatment', cats: 'ost', flags: 'hr', hours: ['MO-FR 07:00-13:00', 'SA 08:00-10:00'], holiday: 'closed',
    minAge: 18, elig: 'Adults 18+', langs: 'en af', checked: '2026-07-28', docs: ['South African ID or passport'],
    fee: [{ option: 'Per month, including medication', amount: 1200 }],
    fees: 'R 1 200 a month including medication. Some medical aids pay part.',
    apply: 'Phone for an appointment with the doctor. Bring any medicines you take.',
    at: ['wonderboom-rooms'],
    desc: 'A private doctor\'s practice offering opioid substitution treatment with methadone or buprenorphine, and counselling. Saturday morning dosing for people who work on weekdays.' },

  // Kameeldoring Street Medics
  { slug: 'km-street', org: 'kameel', name: 'Street wound care', cats: 'wound tb', flags: ALL5, langs: 'en nso tn', checked: '2026-07-07',
    at: [
      { loc: 'marabastad-rank', hours: ['MO,WE,FR 09:00-13:00'] },
      { loc: 'pretoriawest-point', hours: ['TU,TH 09:00-13:00'] },
    ],
    desc: 'Volunteer nurses and medics on the street: wound and abscess dressing, TB cough checks, blood pressure, and referrals. Come as you are.' },

  // Kiepersol Drug Checking Project
  { slug: 'kp-check', org: 'kiepersol', name: 'Drug checking', cats: 'check nalox', flags: ALL5, minAge: 18, langs: 'en af', checked: '2026-10-12',
    at: [
      { loc: 'jac-sunnyside', hours: ['WE 14:00-18:00'] },
      { loc: 'kiepersol-hatfield', hours: ['FR 16:00-20:00'] },
    ],
    desc: 'Bring a small sample and we test it while you wait, including for fentanyl and nitazenes, then tell you what we found and how to use more safely. We do not keep your drugs or your name. Free fentanyl test strips to take away.' },
  { slug: 'kp-events', org: 'kiepersol', name: 'Festival and event drug checking', cats: 'check', flags: 'free no_id walk_in hr', checked: '2025-12-01',
    at: ['kiepersol-hatfield'],
    desc: 'A drug-checking tent at some festivals and parties around Tshwane. Dates change; phone or ask at the Hatfield room.' },

  // Koppie View Community Kitchen
  { slug: 'kv-meals', org: 'koppie', name: 'Community meals', cats: 'food dropin', flags: ALL5, hours: ['MO-FR 12:00-14:00'], langs: 'nso zu ts nr', checked: '2026-10-16',
    at: ['koppie-kitchen'],
    desc: 'A hot lunch on weekdays, and somewhere to sit, charge your phone and use the toilet. Everyone is fed; no questions asked.' },
  { slug: 'kv-grants', org: 'koppie', name: 'Help with grants and ID documents', cats: 'econ legal', flags: ALL5, langs: 'nso zu ts en', checked: '2026-10-16',
    at: [{ loc: 'koppie-kitchen', hours: ['TH 09:00-13:00'] }],
    desc: 'A volunteer helps you apply for SASSA grants (child support, disability, the SRD grant), replace a lost ID or birth certificate, and open a bank account.' },

  // Open Pot Community Kitchen
  { slug: 'op-salvokop', org: 'openpot', name: 'Open Pot evening meals, Salvokop', cats: 'food', flags: ALL5, hours: ['MO,WE,FR 17:00-19:00'], langs: 'en zu af', checked: '2026-09-01',
    at: ['openpot-salvokop'],
    desc: 'A plate of food three evenings a week before the night starts. Takeaway containers if you cannot stay.' },
  { slug: 'op-eersterust', org: 'openpot', name: 'Open Pot Saturday kitchen, Eersterust', cats: 'food', flags: 'free no_id walk_in hr', langs: 'af en', checked: '2025-05-20',
    alert: 'These hours may be out of date: phone before you go.',
    at: [{ loc: 'openpot-eersterust', hours: ['SA 10:00-13:00 valid@2024-03-01..2025-06-30'] }],
    desc: 'Saturday brunch and food parcels for families.' },

  // Baobab Skills and Savings Co-op
  { slug: 'bb-skills', org: 'baobab', name: 'Skills training', cats: 'econ', flags: 'free walk_in sw hr', holiday: 'closed', minAge: 18, langs: 'en zu nso', checked: '2026-07-30',
    docs: ['South African ID, passport or asylum seeker permit (for the certificate)'],
    apply: 'Come on a Monday to sign up for the next course; courses start every six weeks.',
    at: [{ loc: 'baobab-silverton', hours: ['MO-TH 09:00-14:00'] }],
    desc: 'Six-week courses in sewing, hair and nails, baking and basic computer skills, with a certificate and money for transport. Sex workers and people who use drugs are welcome; come as you are.' },
  { slug: 'bb-savings', org: 'baobab', name: 'Savings circle', cats: 'econ group', flags: 'free no_id sw hr', checked: '2026-07-30',
    apply: 'Come to two meetings, then you can join.',
    at: [{ loc: 'baobab-silverton', hours: ['every2w@2026-01-10 SA 10:00-12:00'] }],
    desc: 'A members\' savings group (stokvel) that meets every second Saturday. Save a small amount each time, borrow at low cost, and take turns to receive a payout.' },
  { slug: 'bb-jobs', org: 'baobab', name: 'Job-readiness and CV help', cats: 'econ', flags: ALL5,
    at: [{ loc: 'baobab-silverton', hours: ['FR 09:00-12:00'] }],
    desc: 'Help to write a CV, look for work and prepare for interviews, with a phone and a printer you can use.' },

  // Olive Branch Recovery Meetings
  { slug: 'ob-laudium', org: 'olive', name: 'Recovery meeting, Laudium', cats: 'group', flags: 'free no_id walk_in', langs: 'en af',
    at: [{ loc: 'olive-laudium', hours: ['TU 18:30-20:00'] }],
    desc: 'A 12-step style meeting for anyone who wants to stop using drugs or alcohol. Sit at the back and listen if you like.' },
  { slug: 'ob-sunnyside', org: 'olive', name: 'Recovery meeting, Sunnyside', cats: 'group', flags: ALL5, checked: '2026-10-02',
    at: [{ loc: 'jac-sunnyside', hours: ['MO,TH 17:30-19:00'] }],
    desc: 'An open meeting for people who want to stop or cut down, held at the Sunnyside drop-in after it closes. Come whether you used today or not.' },
  { slug: 'ob-men', org: 'olive', name: 'Men\'s recovery circle', cats: 'group mh', flags: 'free no_id walk_in hr', gender: 'men', checked: '2026-06-24',
    at: [{ loc: 'olive-centurion', hours: ['WE 19:00-20:30'] }],
    desc: 'A weekly circle for men to talk about using, anger, work and family, with a trained facilitator.' },

  // Highveld Sunrise Counselling Rooms
  { slug: 'hs-counselling', org: 'highveld', name: 'Counselling and therapy', cats: 'mh', flags: 'no_id hr', hours: ['MO-FR 08:00-17:00', 'SA 08:00-12:00'], holiday: 'closed',
    langs: 'en af st', checked: '2026-09-03', interp: 'A South African Sign Language interpreter can be booked a week ahead.',
    fee: [{ option: 'Per session', amount: 350, note: 'Sliding scale from R 100 if you cannot afford it' }],
    fees: 'R 350 per session; sliding scale from R 100.',
    apply: 'Phone to book. First appointments are usually within a week.',
    at: ['highveld-rooms'],
    desc: 'Psychologists and counsellors for depression, anxiety, trauma and substance use, using CBT and motivational interviewing. You do not have to stop using to come here.' },
  { slug: 'hs-psychiatry', org: 'highveld', name: 'Psychiatrist clinic', cats: 'mh', flags: '', checked: '2026-09-03',
    docs: ['South African ID or passport', 'Referral letter from a doctor or clinic'],
    fee: [{ option: 'Per consultation', amount: 900 }], fees: 'R 900 per consultation; medical aid accepted.',
    apply: 'Ask your clinic or doctor for a referral letter, then phone to book.',
    at: [{ loc: 'highveld-rooms', hours: ['WE 13:00-16:00'] }],
    desc: 'Assessment and medication for depression, psychosis, bipolar disorder and other mental illness, by appointment with a psychiatrist.' },
];

// ---------------------------------------------------------------------------------------------
// Builders

const ROOT = new URL('../', import.meta.url);

interface Taxonomy {
  code: string;
  terms: { id: string; code: string }[];
}
const TAXONOMIES = JSON.parse(readFileSync(new URL('seed/taxonomies.json', ROOT), 'utf8')) as Taxonomy[];

function termId(taxonomy: string, code: string): string {
  const term = TAXONOMIES.find((t) => t.code === taxonomy)?.terms.find((t) => t.code === code);
  if (!term) throw new Error(`no term "${code}" in taxonomy "${taxonomy}"`);
  return term.id;
}

function id(kind: Kind, slug: string): string {
  return uuidv5(`demo:${kind}:${slug}`, HARBOUR_NAMESPACE);
}

function words(list: string | undefined): string[] {
  return (list ?? '').split(' ').filter(Boolean);
}

function lookup(table: Record<string, string>, key: string, what: string): string {
  const value = table[key];
  if (value === undefined) throw new Error(`unknown ${what} "${key}"`);
  return value;
}

/** An attribute linking `owner` (e.g. `service/jac-nsp`) to a term. */
function attribute(owner: string, taxonomy: string, code: string, entity: 'service' | 'organization'): Json {
  return { id: id('attribute', `${owner}:${code}`), taxonomy_term_id: termId(taxonomy, code), link_entity: entity };
}

function languages(owner: string, codes: string[]): Json[] | undefined {
  if (codes.length === 0) return undefined;
  return codes.map((code) => ({
    id: id('language', `${owner}:${code}`),
    name: lookup(LANGUAGE, code, 'language'),
    code,
  }));
}

let phoneCounter = 0;

/** Fake numbers `+27 00 000 0NNN`: area code 00 does not exist, so no one real is ever called. */
function phones(owner: string, rows: PhoneRow[] | undefined): Json[] | undefined {
  if (!rows || rows.length === 0) return undefined;
  return rows.map((row, i) => ({
    id: id('phone', `${owner}:${i + 1}`),
    number: row.number ?? `+27 00 000 0${String(++phoneCounter).padStart(3, '0')}`,
    type: row.type ?? 'voice',
    description: row.note,
  }));
}

const WEEK = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const DAY_NAME: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const ORDINAL: Record<string, string> = { '1': 'First', '2': 'Second', '3': 'Third', '4': 'Fourth', '-1': 'Last' };

function dayName(code: string): string {
  return lookup(DAY_NAME, code, 'day');
}

/** 'MO-FR' → ['MO', ..., 'FR']; 'FR,SA' → ['FR', 'SA']. */
function expandDays(token: string): string[] {
  return token.split(',').flatMap((part) => {
    const [from, to] = part.split('-');
    if (!to) return [part];
    return WEEK.slice(WEEK.indexOf(from!), WEEK.indexOf(to) + 1);
  });
}

function describeDays(token: string, days: string[]): string {
  if (days.length === 7) return 'Every day';
  if (token.includes('-'))
    return token
      .split(',')
      .map((p) => p.split('-').map(dayName).join(' to '))
      .join(', ');
  const names = days.map(dayName);
  return names.length === 1 ? `Every ${names[0]}` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * One HSDS schedule row from a small spec, tokens separated by spaces:
 * `MO-FR 07:30-16:00` weekly; `every2w@2026-01-05 MO 14:00-16:00` fortnightly from a date;
 * `monthly@1SA 08:00-12:00` (first Saturday), `monthly@-1FR`; `monthday@-1 11:00-14:00` (last day
 * of the month); `valid@2024-03-01..2025-06-30` validity; `24/7` open all day every day.
 * A closing time before the opening time means the session ends the next morning.
 */
function schedule(scheduleId: string, spec: string): Json {
  if (spec === '24/7') {
    return {
      id: scheduleId,
      timezone: 2,
      freq: 'WEEKLY',
      byday: WEEK.join(','),
      description: 'Open 24 hours, every day.',
      opens_at: '00:00',
      closes_at: '23:59',
    };
  }
  const s: Record<string, string | number | undefined> = {};
  let when = '';
  for (const token of spec.split(' ')) {
    let m: RegExpExecArray | null;
    if ((m = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(token))) [s.opens_at, s.closes_at] = [m[1], m[2]];
    else if ((m = /^every2w@(\d{4}-\d\d-\d\d)$/.exec(token))) [s.interval, s.dtstart] = [2, m[1]];
    else if ((m = /^valid@(\S+)\.\.(\S+)$/.exec(token))) [s.valid_from, s.valid_to] = [m[1], m[2]];
    else if ((m = /^monthly@(-?\d)([A-Z]{2})$/.exec(token))) {
      [s.freq, s.byday] = ['MONTHLY', token.slice('monthly@'.length)];
      when = `${lookup(ORDINAL, m[1]!, 'ordinal')} ${dayName(m[2]!)} of each month`;
    } else if ((m = /^monthday@(-1)$/.exec(token))) {
      [s.freq, s.bymonthday] = ['MONTHLY', m[1]];
      when = 'Last day of each month';
    } else if (/^[A-Z]{2}([-,][A-Z]{2})*$/.test(token)) {
      const days = expandDays(token);
      s.byday = days.join(',');
      when =
        s.interval === 2
          ? `Every second ${dayName(days[0]!)} (fortnightly, counting from ${s.dtstart})`
          : describeDays(token, days);
    } else throw new Error(`bad hours token "${token}" in "${spec}"`);
  }
  if (!s.opens_at || !s.closes_at || !when) throw new Error(`incomplete hours "${spec}"`);
  const overnight = s.closes_at < s.opens_at ? ' the next morning' : '';
  return {
    id: scheduleId,
    valid_from: s.valid_from,
    valid_to: s.valid_to,
    dtstart: s.dtstart,
    timezone: 2,
    freq: s.freq ?? 'WEEKLY',
    interval: s.interval,
    byday: s.byday,
    bymonthday: s.bymonthday,
    description: `${when}, ${s.opens_at} to ${s.closes_at}${overnight}.`,
    opens_at: s.opens_at,
    closes_at: s.closes_at,
  };
}

function schedules(owner: string, specs: string[] | undefined): Json[] | undefined {
  if (!specs || specs.length === 0) return undefined;
  return specs.map((spec, i) => schedule(id('schedule', `${owner}:${i + 1}`), spec));
}

function buildLocation(row: LocationRow): Json {
  const [city, region, postal] = AREAS[row.area];
  const owner = `location/${row.slug}`;
  return {
    id: id('location', row.slug),
    location_type: 'physical',
    name: row.name,
    description: row.desc,
    transportation: row.transport,
    latitude: row.lat,
    longitude: row.lng,
    languages: languages(owner, words(row.langs)),
    addresses: [
      {
        id: id('address', row.slug),
        address_1: row.address,
        city,
        region,
        state_province: 'Gauteng',
        postal_code: postal,
        country: 'ZA',
        address_type: 'physical',
      },
    ],
    phones: phones(owner, row.tel),
    schedules: schedules(owner, row.hours),
    confidential: row.confidential,
    holiday_hours: row.holiday,
  };
}

function buildOrganization([slug, name, description]: (typeof ORGANIZATIONS)[number]): Json {
  return {
    id: id('organization', slug),
    name,
    description: `${description} Invented for Harbour's demonstration data.`,
    attributes: [attribute(`organization/${slug}`, 'harbour-record', 'demonstration', 'organization')],
  };
}

function buildSal(service: string, site: SiteRow, location: Json): Json {
  const owner = `sal/${service}@${site.loc}`;
  return {
    id: id('sal', `${service}@${site.loc}`),
    description: site.note,
    phones: phones(owner, site.tel),
    schedules: schedules(owner, site.hours),
    location,
    holiday_hours: site.holiday,
  };
}

function serviceAttributes(row: ServiceRow): Json[] {
  const owner = `service/${row.slug}`;
  return [
    attribute(owner, 'harbour-record', 'demonstration', 'service'),
    ...words(row.cats).map((c) => attribute(owner, 'harbour-categories', lookup(CATEGORY, c, 'category'), 'service')),
    ...words(row.flags).map((f) => attribute(owner, 'harbour-flags', lookup(FLAG, f, 'flag'), 'service')),
    ...words(row.gender).map((g) => attribute(owner, 'harbour-gender', lookup(GENDER, g, 'gender'), 'service')),
  ];
}

function costOptions(row: ServiceRow, free: boolean): Json[] {
  if (free) return [{ id: id('cost_option', `${row.slug}:1`), option: 'Free', amount: 0, currency: 'ZAR' }];
  if (!row.fee) throw new Error(`${row.slug}: not free, so it needs a fee`);
  return row.fee.map((f, i) => ({
    id: id('cost_option', `${row.slug}:${i + 1}`),
    option: f.option,
    currency: 'ZAR',
    amount: f.amount,
    amount_description: f.note,
  }));
}

/** Fixed, distinct timestamps: the day the listing was checked (or a fixed day), varied by row. */
function lastModified(row: ServiceRow, index: number): string {
  const day = row.checked ?? '2026-02-16';
  const hh = String(7 + (index % 10)).padStart(2, '0');
  const mm = String((index * 7) % 60).padStart(2, '0');
  return `${day}T${hh}:${mm}:00.000Z`;
}

function buildService(row: ServiceRow, index: number, orgs: Map<string, Json>, locations: Map<string, Json>): Json {
  const flags = words(row.flags);
  const free = flags.includes('free');
  const noId = flags.includes('no_id');
  const walkIn = flags.includes('walk_in');
  const owner = `service/${row.slug}`;
  const organization = orgs.get(row.org);
  if (!organization) throw new Error(`${row.slug}: unknown organisation ${row.org}`);
  if (!row.fees && !free) throw new Error(`${row.slug}: not free, so it needs fees`);
  if (!!row.at === !!row.area) throw new Error(`${row.slug}: needs exactly one of "at" and "area"`);
  const docs = row.docs ?? (noId ? [] : ['South African ID or passport']);
  if (noId && docs.length > 0) throw new Error(`${row.slug}: no_id but documents listed`);

  const sals = row.at?.map((entry) => {
    const site = typeof entry === 'string' ? { loc: entry } : entry;
    const location = locations.get(site.loc);
    if (!location) throw new Error(`${row.slug}: unknown location ${site.loc}`);
    return buildSal(row.slug, site, location);
  });
  const areaName = row.area === 'za' ? 'South Africa' : 'City of Tshwane';

  return {
    id: id('service', row.slug),
    name: row.name,
    description: `${row.desc} ${DEMO_SENTENCE}`,
    status: row.status ?? 'active',
    interpretation_services: row.interp,
    application_process:
      row.apply ??
      (walkIn
        ? 'Walk in during opening hours. No appointment needed.'
        : row.area
          ? 'Call or message the number below.'
          : 'Phone first to arrange a time.'),
    fees_description: row.fees ?? 'Free.',
    eligibility_description: row.elig,
    minimum_age: row.minAge,
    assured_date: row.checked,
    alert: row.alert,
    last_modified: lastModified(row, index),
    phones: phones(owner, row.tel ?? [{}]),
    schedules: schedules(owner, row.hours),
    service_areas: row.area ? [{ id: id('service_area', row.slug), name: areaName }] : undefined,
    service_at_locations: sals,
    languages: languages(owner, words(row.langs ?? 'en')),
    organization,
    cost_options: costOptions(row, free),
    required_documents: docs.length
      ? docs.map((document, i) => ({ id: id('required_document', `${row.slug}:${i + 1}`), document }))
      : undefined,
    contacts: row.contact
      ? [
          {
            id: id('contact', row.slug),
            name: row.contact[0],
            title: row.contact[1],
            phones: phones(`contact/${row.slug}`, [{}]),
          },
        ]
      : undefined,
    attributes: serviceAttributes(row),
    holiday_hours: row.holiday,
    rehab_registration: row.rehab,
  };
}

/** Every demonstration service, fully nested, in table order. */
export function buildDemoServices(): Json[] {
  phoneCounter = 0;
  const orgs = new Map(ORGANIZATIONS.map((o) => [o[0], buildOrganization(o)]));
  const locations = new Map(LOCATIONS.map((l) => [l.slug, buildLocation(l)]));
  return SERVICES.map((row, i) => buildService(row, i, orgs, locations));
}

function main(): void {
  const services = buildDemoServices();
  const out = new URL('seed/demo/tshwane-demo.json', ROOT);
  mkdirSync(new URL('.', out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(services, null, 2)}\n`);
  console.log(`wrote ${services.length} services to ${fileURLToPath(out)}`);
  const problems = checkDemoData(services);
  for (const p of problems) console.error(`problem: ${p}`);
  if (problems.length > 0) process.exit(1);
  console.log('all checks passed');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
