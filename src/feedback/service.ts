import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createHmac } from 'node:crypto';
import { assertNotThrottled, recordFailure, type ThrottlePolicy } from '../access/throttle.ts';
import type { Keyring } from '../keys/keyring.ts';
import type { Database } from '../db/types.ts';
import { AppError } from '../http/errors.ts';
import { insertFeedback, listFeedback } from './repo.ts';
import type { FeedbackInput, FeedbackKind, FeedbackReport } from './schema.ts';

/** Where a report's free text is kept, encrypted and bound to its row. */
const DETAIL_FIELD = { table: 'service_feedback', column: 'detail_sealed' } as const;

/** Reports one client may send about one service in an hour, and about all services. */
export const REPORTS_PER_SERVICE = 3;
/** Generous: South African carriers put many phones behind one address. */
export const REPORTS_PER_CLIENT = 30;

/** After `n` reports within an hour of each other, the next waits an hour: a throttle that starts at n. */
const afterReports = (n: number): ThrottlePolicy => ({ free: n - 1, baseSeconds: 3600, capSeconds: 3600 });

/**
 * Counts a report against the client and the client-and-service, keyed by an HMAC of the client
 * address (never the address) in the shared throttle table, so every instance agrees. Throws 429
 * `too_many_attempts` with the seconds to wait when over a limit.
 */
export async function takeReportSlot(
  db: Kysely<Database>,
  keys: Keyring,
  client: string,
  serviceId: string,
  now: Date,
): Promise<void> {
  const id = createHmac('sha256', keys.secret('report-limiter')).update(client).digest('base64url');
  const [perClient, perService] = [`r:${id}`, `r:${id}:${serviceId}`];
  try {
    await assertNotThrottled(db, [perClient, perService], now);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError('too_many_attempts', 'Thank you: we already have several reports from you. Try again later.', {
      ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    });
  }
  await recordFailure(db, perClient, afterReports(REPORTS_PER_CLIENT), now);
  await recordFailure(db, perService, afterReports(REPORTS_PER_SERVICE), now);
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
