/**
 * Time-zone conversion between instants (UTC ms) and local wall time (local ms: day number × DAY_MS
 * + ms of day). Fixed offsets are plain arithmetic; IANA zones ask Intl.DateTimeFormat once per UTC
 * hour and cache the answer, so evaluation rarely touches Intl.
 */
import { DAY_MS, pad2, toYmd } from './dates.ts';

const HOUR_MS = 3_600_000;
const MAX_CACHE = 50_000;

/** A time zone: offsets in ms east of UTC. */
export interface Zone {
  /** The offset in force at an instant. */
  getOffset(utcMs: number): number;
  /** The instant of a local wall time; nonexistent times move forward, repeated ones take the first. */
  toUtc(localMs: number): number;
}

class FixedZone implements Zone {
  constructor(private readonly offsetMs: number) {}
  getOffset(): number {
    return this.offsetMs;
  }
  toUtc(localMs: number): number {
    return localMs - this.offsetMs;
  }
}

/** An hour of UTC time holding an offset transition. */
interface Transition {
  at: number;
  before: number;
  after: number;
}

class IanaZone implements Zone {
  private readonly hours = new Map<number, number | Transition>();
  /** Local day → its single offset, or NaN when a transition falls near it. */
  private readonly days = new Map<number, number>();
  private lastHour = NaN;
  private lastHourEntry: number | Transition = 0;
  private lastDay = NaN;
  private lastDayOffset = 0;

  constructor(private readonly format: Intl.DateTimeFormat) {}

  getOffset(utcMs: number): number {
    const h = Math.floor(utcMs / HOUR_MS);
    let e: number | Transition;
    if (h === this.lastHour) e = this.lastHourEntry;
    else {
      const cached = this.hours.get(h);
      e = cached === undefined ? this.cacheHour(h) : cached;
      this.lastHour = h;
      this.lastHourEntry = e;
    }
    if (typeof e === 'number') return e;
    return utcMs < e.at ? e.before : e.after;
  }

  toUtc(localMs: number): number {
    const day = Math.floor(localMs / DAY_MS);
    let off: number;
    if (day === this.lastDay) off = this.lastDayOffset;
    else {
      const cached = this.days.get(day);
      off = cached === undefined ? this.cacheDay(day) : cached;
      this.lastDay = day;
      this.lastDayOffset = off;
    }
    return Number.isNaN(off) ? this.resolveNearTransition(localMs) : localMs - off;
  }

  private cacheHour(h: number): number | Transition {
    const start = h * HOUR_MS;
    const a = readIntlOffset(this.format, start);
    const b = readIntlOffset(this.format, start + HOUR_MS - 1000);
    let entry: number | Transition = a;
    if (a !== b) {
      // Offsets change on whole seconds and at most once an hour: bisect to the second.
      let lo = start;
      let hi = start + HOUR_MS - 1000;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (readIntlOffset(this.format, mid) === a) lo = mid;
        else hi = mid;
      }
      entry = { at: hi, before: a, after: b };
    }
    if (this.hours.size >= MAX_CACHE) this.hours.clear();
    this.hours.set(h, entry);
    return entry;
  }

  /** The day's offset when every UTC hour that can map into it shares one offset, else NaN. */
  private cacheDay(day: number): number {
    const start = day * DAY_MS;
    const off = this.getOffset(start - this.getOffset(start));
    let uniform = off;
    const first = Math.floor((start - off) / HOUR_MS) - 1;
    const last = Math.floor((start + DAY_MS - off) / HOUR_MS) + 1;
    for (let h = first; h <= last; h++) {
      const cached = this.hours.get(h);
      const e = cached === undefined ? this.cacheHour(h) : cached;
      if (e !== off) uniform = NaN;
    }
    if (this.days.size >= MAX_CACHE) this.days.clear();
    this.days.set(day, uniform);
    return uniform;
  }

  private resolveNearTransition(localMs: number): number {
    const before = this.getOffset(localMs - DAY_MS);
    const after = this.getOffset(localMs + DAY_MS);
    const u1 = localMs - before;
    const u2 = localMs - after;
    const ok1 = this.getOffset(u1) === before;
    const ok2 = this.getOffset(u2) === after;
    if (ok1 && ok2) return Math.min(u1, u2);
    if (ok1) return u1;
    if (ok2) return u2;
    // In a gap (spring forward): read with the earlier offset, which lands after the gap.
    return u1;
  }
}

function readIntlOffset(format: Intl.DateTimeFormat, utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(whole)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const d = new Date(0);
  d.setUTCFullYear(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1);
  d.setUTCHours((p.hour ?? 0) % 24, p.minute ?? 0, p.second ?? 0, 0);
  return d.getTime() - whole;
}

const ianaZones = new Map<string, Zone>();
const fixedZones = new Map<number, Zone>();

/** A zone with a constant offset in ms. */
export function getFixedZone(offsetMs: number): Zone {
  let z = fixedZones.get(offsetMs);
  if (!z) {
    z = new FixedZone(offsetMs);
    fixedZones.set(offsetMs, z);
  }
  return z;
}

/** The zone for an IANA name (cached); throws RangeError for a name Intl does not know. */
export function getZone(name: string): Zone {
  let z = ianaZones.get(name);
  if (z) return z;
  if (name === 'UTC' || name === 'Etc/UTC' || name === 'Etc/GMT') z = getFixedZone(0);
  else {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    z = new IanaZone(format);
  }
  ianaZones.set(name, z);
  return z;
}

/** Local day number of an instant in a zone. */
export function getLocalDay(zone: Zone, utcMs: number): number {
  return Math.floor((utcMs + zone.getOffset(utcMs)) / DAY_MS);
}

/** RFC 3339 with the zone's offset at that instant, whole seconds: `2026-11-27T16:00:00+02:00`. */
export function formatInstant(utcMs: number, zone: Zone): string {
  // RFC 3339 offsets have no seconds (old LMT offsets do): round, and shift the wall time to match.
  const offMin = Math.round(zone.getOffset(utcMs) / 60_000);
  const local = Math.floor(utcMs / 1000) * 1000 + offMin * 60_000;
  const day = Math.floor(local / DAY_MS);
  const ymd = toYmd(day);
  const secs = Math.floor((local - day * DAY_MS) / 1000);
  const abs = Math.abs(offMin);
  const sign = offMin < 0 ? '-' : '+';
  const y = String(Math.floor(ymd / 10_000)).padStart(4, '0');
  const date = `${y}-${pad2(Math.floor(ymd / 100) % 100)}-${pad2(ymd % 100)}`;
  const time = `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}`;
  return `${date}T${time}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
