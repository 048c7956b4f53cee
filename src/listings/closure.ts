import type { Db } from '../db/connection.ts';
import type { Json } from '../hsds/model.ts';
import { AppError } from '../http/errors.ts';
import { changeService, setText, textOf, type Actor, type ChangeContext } from './change.ts';
import { endOfDay, longDate, parseDay } from './dates.ts';
import { checkUntil } from './input.ts';
import { CLOSED_UNTIL_FIELD, latestValue, type FieldChange } from './metadata.ts';
import { deletePendingClosure, listPendingClosures, putPendingClosure, type PendingClosure } from './repo.ts';

/**
 * "Temporarily closed until <date>". HSDS has the status but no date for it, so the date (the last
 * closed day, in HARBOUR_TIMEZONE) is recorded where HSDS records changes: a `metadata` entry with
 * field_name `closed_until` on the service (replacement_value the date; '' when reopened). The
 * service stays closed while its status is "temporarily closed" and its newest such entry holds a
 * date; from the next midnight it is active again (see reopenExpiredClosures).
 */
export function closedUntilOf(doc: Json): string | null {
  if (doc.status !== 'temporarily closed') return null;
  const until = latestValue(doc, CLOSED_UNTIL_FIELD);
  return until && parseDay(until) !== null ? until : null;
}

/** The alert members see while it is closed, unless staff wrote their own. */
export function closureAlert(until: string): string {
  return `Temporarily closed up to and including ${longDate(until)}.`;
}

/** Closes an active service up to and including `until` (or moves the date of a closure). */
export async function closeListing(ctx: ChangeContext, serviceId: string, actor: Actor, untilText: string): Promise<void> {
  const until = checkUntil(untilText, ctx.timezone, ctx.now);
  await changeService(ctx, serviceId, actor, { action: 'listing.closed', detail: { until } }, async (doc, tx) => {
    if (doc.status !== 'active' && doc.status !== 'temporarily closed')
      throw new AppError(
        'invalid_request',
        `This service is ${textOf(doc.status)}: only an active service can be closed for a while.`,
      );
    const current = closedUntilOf(doc);
    const changes: FieldChange[] = [];
    setText(doc, 'status', 'temporarily closed', changes);
    if (current !== until) changes.push({ field: CLOSED_UNTIL_FIELD, previous: current ?? '', replacement: until });
    const alert = textOf(doc.alert);
    if (alert === '' || (current !== null && alert === closureAlert(current)))
      setText(doc, 'alert', closureAlert(until), changes);
    await putPendingClosure(tx, { serviceId, until, zone: ctx.timezone, endsAt: endOfDay(until, ctx.timezone).toISOString() });
    return changes;
  });
}

/**
 * Makes a temporarily closed service active again. With `ended` (the automatic reopening), only if
 * that closure is still the one in force: one set or moved since is left alone.
 */
export async function reopenListing(
  ctx: ChangeContext,
  serviceId: string,
  actor: Actor,
  ended?: PendingClosure,
): Promise<FieldChange[]> {
  const detail = { automatic: ended !== undefined };
  return changeService(ctx, serviceId, actor, { action: 'listing.reopened', detail }, async (doc, tx) => {
    const current = closedUntilOf(doc);
    if (ended) {
      await deletePendingClosure(tx, serviceId, ended);
      if (current !== ended.until) return [];
    } else {
      if (doc.status !== 'temporarily closed') throw new AppError('invalid_request', 'This service is not closed.');
      await deletePendingClosure(tx, serviceId);
    }
    const changes: FieldChange[] = [];
    setText(doc, 'status', 'active', changes);
    if (current !== null) {
      changes.push({ field: CLOSED_UNTIL_FIELD, previous: current, replacement: '' });
      if (textOf(doc.alert) === closureAlert(current)) setText(doc, 'alert', '', changes);
    }
    return changes;
  });
}

/** Closures ended per call at most (a job calls again; the request-time sweep goes on next time). */
const BATCH = 100;

async function reopenEnded(handle: Db, closure: PendingClosure, now: Date): Promise<boolean> {
  const ctx: ChangeContext = { handle, timezone: closure.zone, now };
  try {
    return (await reopenListing(ctx, closure.serviceId, { staffId: null }, closure)).length > 0;
  } catch (e) {
    // The service is gone: nothing to reopen.
    if (!(e instanceof AppError && e.code === 'not_found')) throw e;
    await deletePendingClosure(handle.db, closure.serviceId, closure);
    return false;
  }
}

/** Reopens what has ended; says when the next pending closure ends (null: none pending). */
export async function sweepClosures(handle: Db, now: Date): Promise<{ reopened: number; nextAt: number | null }> {
  const pending = await listPendingClosures(handle.db);
  const ended = pending.filter((p) => Date.parse(p.endsAt) <= now.getTime());
  let reopened = 0;
  for (const closure of ended.slice(0, BATCH)) if (await reopenEnded(handle, closure, now)) reopened++;
  const next = pending.find((p) => Date.parse(p.endsAt) > now.getTime());
  return {
    reopened,
    nextAt: ended.length > BATCH ? now.getTime() : next ? Date.parse(next.endsAt) : null,
  };
}

/**
 * Writes the end of every temporary closure whose last day has passed: the service is active again,
 * with the change in its metadata (by the organisation) and the audit log (by nobody). Idempotent
 * and bounded (at most 100 per call); returns how many were reopened. Requests do the same on their
 * own (see ClosureSweeper), so a listing reopens on time even when no job runs.
 */
export async function reopenExpiredClosures(handle: Db, now: Date): Promise<number> {
  return (await sweepClosures(handle, now)).reopened;
}
