import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { keyedHash, openText, sealText } from '../crypto/seal.ts';
import type { Database } from '../db/types.ts';
import { AppError } from '../http/errors.ts';
import { insertFeedback, listFeedback } from './repo.ts';
import type { FeedbackForm, FeedbackKind, FeedbackReport } from './schema.ts';

/** Reports one client may send in a window: enough for honest use, too few to flood staff. */
export const REPORTS_PER_WINDOW = 5;
export const WINDOW_MS = 60 * 60_000;

/**
 * Counts reports per client, keyed by an HMAC of the client address (never the address itself),
 * forgotten after the window. One process only: several instances each allow their own count.
 */
export class ReportLimiter {
  private readonly seen = new Map<string, number[]>();
  constructor(private readonly key: Buffer) {}

  /** Records an attempt; throws 429 `too_many_attempts` with the seconds to wait when over the limit. */
  take(client: string, now: number): void {
    const id = keyedHash(this.key, 'feedback-client', client);
    const recent = (this.seen.get(id) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length >= REPORTS_PER_WINDOW) {
      this.seen.set(id, recent);
      const retryAfter = Math.ceil((recent[0]! + WINDOW_MS - now) / 1000);
      throw new AppError('too_many_attempts', 'Thank you: we already have several reports from you. Try again later.', {
        retryAfter,
      });
    }
    recent.push(now);
    this.seen.set(id, recent);
    if (this.seen.size > 10_000)
      for (const [k, times] of this.seen) if (times.every((t) => now - t >= WINDOW_MS)) this.seen.delete(k);
  }
}

/** Stores one report; the detail is sealed before it reaches the database. */
export async function recordFeedback(
  db: Kysely<Database>,
  key: Buffer,
  serviceId: string,
  form: FeedbackForm,
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
    detail_sealed: detail ? sealText(key, detail) : null,
    created_at: now.toISOString(),
  });
  return id;
}

/** Reports for staff, newest first, the detail opened. */
export async function readFeedback(
  db: Kysely<Database>,
  key: Buffer,
  filter: { organizationId?: string; limit: number },
): Promise<FeedbackReport[]> {
  const rows = await listFeedback(db, filter);
  return rows.map((r) => ({
    id: r.id,
    service_id: r.service_id,
    service_name: r.service_name,
    organization_id: r.organization_id,
    kind: r.kind as FeedbackKind,
    detail: r.detail_sealed ? openText(key, r.detail_sealed) : null,
    created_at: r.created_at,
  }));
}
