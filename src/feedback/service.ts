import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createHmac } from 'node:crypto';
import type { Keyring } from '../keys/keyring.ts';
import type { Database } from '../db/types.ts';
import { AppError } from '../http/errors.ts';
import { insertFeedback, listFeedback } from './repo.ts';
import type { FeedbackInput, FeedbackKind, FeedbackReport } from './schema.ts';

/** Where a report's free text is kept, encrypted and bound to its row. */
const DETAIL_FIELD = { table: 'service_feedback', column: 'detail_sealed' } as const;

/** Reports one client may send about one service in a window, and about all services. */
export const REPORTS_PER_SERVICE = 3;
/** Generous: South African carriers put many phones behind one address. */
export const REPORTS_PER_CLIENT = 30;
export const WINDOW_MS = 60 * 60_000;
/** Most clients remembered at once; the least recently seen are forgotten first. */
const MAX_TRACKED = 20_000;

/**
 * Counts reports per client and per client and service, keyed by an HMAC of the client address
 * (never the address itself), forgotten after the window or when too many are tracked. One process
 * only: several instances each allow their own count.
 */
export class ReportLimiter {
  private readonly seen = new Map<string, number[]>();
  constructor(private readonly key: Buffer) {}

  /** Records an attempt; throws 429 `too_many_attempts` with the seconds to wait when over a limit. */
  take(client: string, serviceId: string, now: number): void {
    const id = createHmac('sha256', this.key).update(client).digest('base64url');
    const checks: [string, number][] = [
      [id, REPORTS_PER_CLIENT],
      [`${id}:${serviceId}`, REPORTS_PER_SERVICE],
    ];
    const recents = checks.map(([k]) => (this.seen.get(k) ?? []).filter((t) => now - t < WINDOW_MS));
    checks.forEach(([, limit], i) => {
      const recent = recents[i]!;
      if (recent.length < limit) return;
      const retryAfter = Math.ceil((recent[0]! + WINDOW_MS - now) / 1000);
      throw new AppError('too_many_attempts', 'Thank you: we already have several reports from you. Try again later.', {
        retryAfter,
      });
    });
    checks.forEach(([k], i) => {
      // Delete and set again, so the map's order is least recently seen first.
      this.seen.delete(k);
      this.seen.set(k, [...recents[i]!, now]);
    });
    while (this.seen.size > MAX_TRACKED) this.seen.delete(this.seen.keys().next().value!);
  }

  /** How many clients and client-service pairs are remembered (for tests). */
  get size(): number {
    return this.seen.size;
  }
}

/** Stores one report; the detail is sealed before it reaches the database. */
export async function recordFeedback(
  db: Kysely<Database>,
  keys: Keyring,
  serviceId: string,
  form: FeedbackInput,
  now: Date,
): Promise<string> {
  const service = await db.selectFrom('service').select(['id', 'organization_id']).where('id', '=', serviceId).executeTakeFirst();
  if (!service) throw new AppError('not_found', 'There is no service at this address. It may have been removed.');
  const detail = form.detail?.trim() ?? '';
  const id = randomUUID();
  await insertFeedback(db, {
    id,
    service_id: service.id,
    organization_id: service.organization_id,
    kind: form.kind,
    detail_sealed: detail ? keys.encrypt({ ...DETAIL_FIELD, id }, detail) : null,
    created_at: now.toISOString(),
    client_ref: form.client_ref ?? null,
  });
  return id;
}

/** Reports for staff, newest first, the detail opened. */
export async function readFeedback(
  db: Kysely<Database>,
  keys: Keyring,
  filter: { organizationId?: string; limit: number },
): Promise<FeedbackReport[]> {
  const rows = await listFeedback(db, filter);
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      service_id: r.service_id,
      service_name: r.service_name,
      organization_id: r.organization_id,
      kind: r.kind as FeedbackKind,
      detail: r.detail_sealed ? await keys.decrypt(db, { ...DETAIL_FIELD, id: r.id }, r.detail_sealed) : null,
      created_at: r.created_at,
    })),
  );
}
