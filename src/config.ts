/**
 * Configuration: read from the environment once, validated, then passed in. Nothing else in the
 * code reads `process.env`.
 */
import { DEFAULT_ENABLED_INSTRUMENTS, INSTRUMENT_IDS, isInstrumentId, type InstrumentId } from './instruments/index.ts';

export type SeedMode = 'demo' | 'none';

export interface Config {
  /** `sqlite:<path>` or `postgres://…` */
  databaseUrl: string;
  port: number;
  host: string;
  /** Public origin used for absolute links and cookie flags; null when not set. */
  publicUrl: string | null;
  /** IANA zone for schedule rows that carry no timezone and for displayed times. */
  timezone: string;
  seed: SeedMode;
  /** Log level for pino; `silent` in tests. */
  logLevel: string;
  /** Where quick exit sends a person (a neutral site). */
  quickExitUrl: string;
  /** The neutral name pages, the icon and the manifest use in discreet mode. */
  discreetName: string;
  /**
   * SQLite only: the file holding the master key when HARBOUR_MASTER_KEY is not set (created on
   * first start, mode 0600). Losing it makes encrypted data unreadable: back it up.
   */
  keyFile: string;
  /** HARBOUR_MASTER_KEY (base64 of 32 bytes): wraps the data keys. Required on PostgreSQL. */
  masterKey: Buffer | null;
  /** How long sign-ins last, in milliseconds: idle (since the last request) and absolute. */
  sessions: SessionLimits;
  /** Member accounts unused for this many days are deleted (default about 12 months). */
  memberInactiveDays: number;
  /** Numbers the overdose guide tells people to call, in the order shown, each with an optional label. */
  emergencyNumbers: EmergencyNumber[];
  /** Helplines the self-check's crisis box offers first (talk now), in the order shown. */
  crisisNumbers: EmergencyNumber[];
  /** The self-check instruments offered, in the order configured (HARBOUR_INSTRUMENTS). */
  instruments: InstrumentId[];
}

export interface SessionLimits {
  staffIdleMs: number;
  staffMaxMs: number;
  memberIdleMs: number;
  memberMaxMs: number;
}

/** A number to call in an emergency; `label` is the operator's own wording (null: Harbour's, translated). */
export interface EmergencyNumber {
  number: string;
  label: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DEFAULTS = {
  DATABASE_URL: 'sqlite:data/harbour.db',
  PORT: '3000',
  HOST: '127.0.0.1',
  HARBOUR_TIMEZONE: 'Africa/Johannesburg',
  LOG_LEVEL: 'info',
  HARBOUR_QUICK_EXIT_URL: 'https://www.weathersa.co.za/',
  HARBOUR_DISCREET_NAME: 'Notes',
  HARBOUR_KEY_FILE: 'data/harbour.key',
  // South Africa: 112 from any mobile phone first, then the public ambulance (see za-helplines.md).
  HARBOUR_EMERGENCY_NUMBERS: '112,10177',
  // za-helplines.md §2 (SADAG Suicide Crisis Helpline) and §3 (DSD Substance Abuse Helpline, run by
  // SADAG): both 24 h and toll-free on SADAG's own pages. Labels may not contain commas.
  HARBOUR_CRISIS_NUMBERS:
    '0800 567 567=Suicide Crisis Helpline (SADAG; 24 hours; free),0800 12 13 14=Substance Abuse Helpline (24 hours; free)',
  HARBOUR_INSTRUMENTS: DEFAULT_ENABLED_INSTRUMENTS.join(','),
  HARBOUR_STAFF_IDLE_MINUTES: '30',
  HARBOUR_STAFF_MAX_HOURS: '12',
  HARBOUR_MEMBER_IDLE_DAYS: '14',
  HARBOUR_MEMBER_MAX_DAYS: '90',
  HARBOUR_MEMBER_INACTIVE_DAYS: '365',
} as const;

/** Parses and validates configuration; throws one ConfigError listing every problem. */
export function loadConfig(env: Env, defaults: { seed: SeedMode }): Config {
  const problems: string[] = [];
  const get = (key: keyof typeof DEFAULTS): string => env[key]?.trim() || DEFAULTS[key];

  const databaseUrl = get('DATABASE_URL');
  if (!/^sqlite:.+/.test(databaseUrl) && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must be sqlite:<path> or postgres://…, got "${databaseUrl}"`);
  }

  const port = Number(get('PORT'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535, got "${env.PORT}"`);
  }

  const publicUrl = parsePublicUrl(env.HARBOUR_PUBLIC_URL, problems);
  const timezone = get('HARBOUR_TIMEZONE');
  if (!isValidZone(timezone)) problems.push(`HARBOUR_TIMEZONE is not an IANA time zone: "${timezone}"`);

  const seedRaw = env.HARBOUR_SEED?.trim() || defaults.seed;
  if (seedRaw !== 'demo' && seedRaw !== 'none') {
    problems.push(`HARBOUR_SEED must be "demo" or "none", got "${seedRaw}"`);
  }

  const quickExitUrl = get('HARBOUR_QUICK_EXIT_URL');
  if (!/^https?:\/\//.test(quickExitUrl)) problems.push('HARBOUR_QUICK_EXIT_URL must be an http(s) URL');

  const discreetName = get('HARBOUR_DISCREET_NAME');
  if (discreetName.length > 30) problems.push('HARBOUR_DISCREET_NAME must be at most 30 characters');
  const emergencyNumbers = parseEmergencyNumbers('HARBOUR_EMERGENCY_NUMBERS', get('HARBOUR_EMERGENCY_NUMBERS'), problems);
  const crisisNumbers = parseEmergencyNumbers('HARBOUR_CRISIS_NUMBERS', get('HARBOUR_CRISIS_NUMBERS'), problems);
  const instruments = parseInstruments(get('HARBOUR_INSTRUMENTS'), problems);
  const masterKey = parseMasterKey(env.HARBOUR_MASTER_KEY, problems);
  const positive = (key: keyof typeof DEFAULTS, unitMs: number): number => {
    const value = Number(get(key));
    if (!Number.isFinite(value) || value <= 0) problems.push(`${key} must be a positive number, got "${env[key]}"`);
    return value * unitMs;
  };
  const minute = 60_000;
  const sessions: SessionLimits = {
    staffIdleMs: positive('HARBOUR_STAFF_IDLE_MINUTES', minute),
    staffMaxMs: positive('HARBOUR_STAFF_MAX_HOURS', 60 * minute),
    memberIdleMs: positive('HARBOUR_MEMBER_IDLE_DAYS', 1440 * minute),
    memberMaxMs: positive('HARBOUR_MEMBER_MAX_DAYS', 1440 * minute),
  };
  const memberInactiveDays = positive('HARBOUR_MEMBER_INACTIVE_DAYS', 1);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    databaseUrl,
    port,
    host: get('HOST'),
    publicUrl,
    timezone,
    seed: seedRaw as SeedMode,
    logLevel: get('LOG_LEVEL'),
    quickExitUrl,
    discreetName,
    keyFile: get('HARBOUR_KEY_FILE'),
    masterKey,
    sessions,
    memberInactiveDays,
    emergencyNumbers,
    crisisNumbers,
    instruments,
  };
}

/** HARBOUR_MASTER_KEY: base64 (or base64url) of exactly 32 random bytes. */
function parseMasterKey(raw: string | undefined, problems: string[]): Buffer | null {
  if (!raw?.trim()) return null;
  // Node's decoder skips characters outside the alphabet: check them first, so a typo is caught.
  const text = raw.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    problems.push('HARBOUR_MASTER_KEY must be base64 of 32 random bytes (make one with: openssl rand -base64 32)');
    return null;
  }
  return key;
}

/**
 * `112,10177` or `112=Emergency from a mobile,10177=Ambulance`: digits, spaces and + only in numbers
 * (HARBOUR_EMERGENCY_NUMBERS and HARBOUR_CRISIS_NUMBERS, named by `key` in problems).
 */
function parseEmergencyNumbers(key: string, raw: string, problems: string[]): EmergencyNumber[] {
  const out: EmergencyNumber[] = [];
  for (const part of raw.split(',')) {
    const [number = '', ...label] = part.split('=');
    if (!/^\+?[0-9][0-9 ]{1,18}$/.test(number.trim())) {
      problems.push(`${key}: "${part.trim()}" is not a phone number (digits, spaces, a leading +)`);
      continue;
    }
    out.push({ number: number.trim(), label: label.join('=').trim() || null });
  }
  return out;
}

/** HARBOUR_INSTRUMENTS: comma-separated instrument ids, spelt as in src/instruments; each once. */
function parseInstruments(raw: string, problems: string[]): InstrumentId[] {
  const out: InstrumentId[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    if (!part) continue;
    if (!isInstrumentId(part))
      problems.push(`HARBOUR_INSTRUMENTS: "${part}" is not an instrument (known: ${INSTRUMENT_IDS.join(', ')})`);
    else if (!out.includes(part)) out.push(part);
  }
  // The mood questions carry PHQ-9's question 9, on thoughts of ending her life, and with it the
  // crisis step: a list without them would quietly remove the one question that must always be asked.
  if (!out.includes('PHQ-2') && !out.includes('PHQ-9'))
    problems.push(
      'HARBOUR_INSTRUMENTS must include PHQ-2 or PHQ-9: the mood questions ask PHQ-9 question 9 (thoughts of ending one’s life), which brings up the crisis options',
    );
  return out;
}

function parsePublicUrl(raw: string | undefined, problems: string[]): string | null {
  if (!raw?.trim()) return null;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url.origin;
  } catch {
    problems.push(`HARBOUR_PUBLIC_URL must be an http(s) origin such as https://harbour.example.org, got "${raw}"`);
    return null;
  }
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
