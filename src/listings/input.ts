import { AppError } from '../http/errors.ts';
import { addDays, localToday, parseDay } from './dates.ts';
import type { DetailsBody, LocationBody } from './schema.ts';

/** Longest closure staff may set at once, in days. */
export const MAX_CLOSURE_DAYS = 365;

function problem(message: string): AppError {
  return new AppError('invalid_request', message);
}

function limit(label: string, value: string, max: number): string {
  if (value.length > max) throw problem(`${label} is too long: at most ${max} characters (it has ${value.length}).`);
  return value;
}

/** Checked service details: trimmed; a field left out of the form is left unchanged (undefined). */
export function checkDetails(body: DetailsBody): DetailsBody {
  const t = (v: string | undefined): string | undefined => v?.trim();
  const out: DetailsBody = {
    name: t(body.name),
    description: t(body.description),
    alert: t(body.alert),
    email: t(body.email),
    url: t(body.url),
    phone: t(body.phone),
  };
  if (out.name !== undefined) {
    if (out.name === '') throw problem('The service needs a name.');
    limit('The name', out.name, 200);
  }
  if (out.description !== undefined) limit('The description', out.description, 4000);
  if (out.alert !== undefined) limit('The alert', out.alert, 500);
  if (out.email) {
    limit('The email address', out.email, 254);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(out.email))
      throw problem(`"${out.email}" is not an email address. Write it like info@example.org, or leave it empty.`);
  }
  if (out.url) {
    limit('The website address', out.url, 2000);
    if (!isWebAddress(out.url))
      throw problem('The website address must be a full address starting with https:// (or http://), or empty.');
  }
  if (out.phone) {
    if (!/^\+?[0-9][0-9 ()-]{1,28}[0-9]$/.test(out.phone))
      throw problem(
        `"${out.phone}" is not a phone number. Use digits, spaces and an optional + in front, for example +27 12 345 6789.`,
      );
  }
  return out;
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** A checked location form: name, one physical address (all three lines or none), a map point (both or none). */
export interface LocationInput {
  name: string;
  address: { address_1: string; city: string; postal_code: string } | null;
  point: { latitude: number; longitude: number } | null;
}

function coordinate(label: string, text: string, max: number): number {
  if (!/^-?\d{1,3}(\.\d{1,10})?$/.test(text) || Math.abs(Number(text)) > max)
    throw problem(
      `The ${label} "${text}" is not valid: write a decimal number between -${max} and ${max}, for example ${label === 'latitude' ? '-25.7479' : '28.2293'}.`,
    );
  return Number(text);
}

export function checkLocation(body: LocationBody): LocationInput {
  const name = (body.name ?? '').trim();
  if (name === '') throw problem('The location needs a name.');
  limit('The location name', name, 200);
  const lines = {
    address_1: (body.address_1 ?? '').trim(),
    city: (body.city ?? '').trim(),
    postal_code: (body.postal_code ?? '').trim(),
  };
  limit('The street address', lines.address_1, 200);
  limit('The town or city', lines.city, 100);
  const filled = Object.values(lines).filter((v) => v !== '').length;
  if (filled > 0 && filled < 3)
    throw problem('Give the street address, the town or city and the postal code, or leave all three empty.');
  if (lines.postal_code !== '' && !/^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/.test(lines.postal_code))
    throw problem(`"${lines.postal_code}" is not a postal code: use 2 to 10 letters or digits, for example 0002.`);
  const lat = (body.latitude ?? '').trim();
  const lng = (body.longitude ?? '').trim();
  if ((lat === '') !== (lng === '')) throw problem('Give both the latitude and the longitude, or leave both empty.');
  return {
    name,
    address: filled === 3 ? lines : null,
    point: lat === '' ? null : { latitude: coordinate('latitude', lat, 90), longitude: coordinate('longitude', lng, 180) },
  };
}

/** A closure's last day: a real date, from today to a year ahead (in the configured zone). */
export function checkUntil(text: string, zone: string, now: Date): string {
  const until = text.trim();
  if (parseDay(until) === null)
    throw problem(`"${until}" is not a date. Choose a day, written as YYYY-MM-DD (for example 2025-06-30).`);
  const today = localToday(zone, now);
  if (until < today) throw problem(`${until} has already passed. Choose today or a later day.`);
  const last = addDays(today, MAX_CLOSURE_DAYS);
  if (until > last)
    throw problem(
      `A temporary closure can last at most a year: choose a day up to ${last}, and set a new date then if it is still closed.`,
    );
  return until;
}
