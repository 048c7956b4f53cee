import type { Db } from '../../db/connection.ts';
import { findScheduleWarnings } from '../../shared/schedule/index.ts';
import { isObject } from '../canonical.ts';
import { FIELDS, type HsdsType, type Json } from '../model.ts';
import { emptyParts, splitLocation, splitOrganization, splitSal, splitService, splitTerm, type StoredParts } from '../records.ts';
import { bumpDataVersion, saveParts } from '../store.ts';
import { repairCoordinates, validateRecord } from '../validate.ts';
import { readSource } from './readers.ts';
import type { ImportItem } from './types.ts';
import { canonicalize } from '../canonical.ts';

export interface ImportSummary {
  imported: number;
  rejected: number;
  warnings: number;
}

export interface ImportOptions {
  /** Receives each rejection `{path, reason}` and warning `{path, warning}` as it happens. */
  report: (line: Json) => void;
  /** Records per transaction (2000: fewer, larger commits write shared index pages fewer times). */
  batchSize?: number;
  /** HSDS 2.0 only: the source name in mapped ids (default: the folder's name). */
  source?: string;
}

/** Splits one validated record into stored parts; services listed in `replace` get exactly these SALs. */
function partsOf(item: ImportItem): { parts: StoredParts; replace: Set<string> } {
  const parts = emptyParts();
  const replace = new Set<string>();
  const r = item.record;
  switch (item.type) {
    case 'service':
      splitService(r, parts);
      replace.add(String(r.id));
      break;
    case 'organization':
      splitOrganization(r, parts);
      for (const s of Array.isArray(r.services) ? r.services.filter(isObject) : []) replace.add(String(s.id));
      break;
    case 'location':
      splitLocation(r, parts);
      break;
    case 'service_at_location':
      splitSal(r, parts);
      break;
    case 'taxonomy':
      parts.taxonomies.push(canonicalize('taxonomy', r));
      break;
    case 'taxonomy_term':
      splitTerm(r, parts);
      break;
  }
  return { parts, replace };
}

/** Schedule rows anywhere in a record, with their paths (for the timezone and unsupported-rule warnings). */
function scheduleRows(type: HsdsType, obj: Json, at: string, out: { at: string; row: Json }[]): void {
  for (const field of FIELDS[type]) {
    const value = obj[field.name];
    if (field.kind === 'children' && Array.isArray(value)) {
      value.forEach((v, i) => {
        if (!isObject(v)) return;
        if (field.type === 'schedule') out.push({ at: `${at}.${field.name}[${i}]`, row: v });
        else scheduleRows(field.type!, v, `${at}.${field.name}[${i}]`, out);
      });
    } else if (field.kind === 'child' && isObject(value)) {
      scheduleRows(field.type!, value, `${at}.${field.name}`, out);
    }
  }
  if (type === 'organization' && Array.isArray(obj.services)) {
    obj.services.forEach((s, i) => isObject(s) && scheduleRows('service', s, `${at}.services[${i}]`, out));
  }
  if (type === 'service_at_location' && isObject(obj.service)) scheduleRows('service', obj.service, `${at}.service`, out);
}

/** A validated record waiting to be written with its batch. */
interface Pending {
  path: string;
  parts: StoredParts;
  replace: Set<string>;
  warnings: { at: string; warning: string }[];
}

/** One record's parts added to a batch: a later copy of a service replaces an earlier one's SALs. */
function mergeInto(batch: StoredParts, replaceAll: Set<string>, p: Pending): void {
  if (p.replace.size > 0) batch.sals = batch.sals.filter((s) => !p.replace.has(String(s.service_id)));
  for (const key of Object.keys(batch) as (keyof StoredParts)[]) batch[key].push(...p.parts[key]);
  for (const id of p.replace) replaceAll.add(id);
}

/**
 * Writes a batch in one transaction with multi-row statements. If anything fails, the batch is
 * rolled back and written again one record at a time, each in its own savepoint, so only the
 * record at fault is rejected and nothing is half-written.
 */
async function flush(handle: Db, batch: Pending[], summary: ImportSummary, report: (line: Json) => void): Promise<void> {
  if (batch.length === 0) return;
  const done = (p: Pending): void => {
    for (const { at, warning } of p.warnings) {
      summary.warnings++;
      report({ path: `${p.path}${at}`, warning });
    }
    summary.imported++;
  };
  const merged = emptyParts();
  const replaceAll = new Set<string>();
  for (const p of batch) mergeInto(merged, replaceAll, p);
  try {
    await handle.db.transaction().execute(async (trx) => {
      await saveParts(trx, handle.adapter, merged, { replaceSalsOf: replaceAll });
      await bumpDataVersion(trx);
    });
    batch.forEach(done);
    return;
  } catch {
    // Fall through: find the record at fault.
  }
  const trx = await handle.db.startTransaction().execute();
  try {
    for (const p of batch) {
      const sp = await trx.savepoint('record').execute();
      try {
        await saveParts(sp, handle.adapter, p.parts, { replaceSalsOf: p.replace });
        await sp.releaseSavepoint('record').execute();
        done(p);
      } catch (e) {
        await sp.rollbackToSavepoint('record').execute();
        summary.rejected++;
        report({ path: p.path, reason: `could not be stored: ${(e as Error).message}` });
      }
    }
    await bumpDataVersion(trx);
    await trx.commit().execute();
  } catch (e) {
    await trx.rollback().execute();
    throw e;
  }
}

/**
 * Imports every record of a source. Each record is validated, then written with its index in
 * batches (see `flush`); a record is never half-written, and a bad record never stops the rest.
 */
export async function importSource(handle: Db, path: string, options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, rejected: 0, warnings: 0 };
  const batchSize = options.batchSize ?? 2000;
  let batch: Pending[] = [];
  for await (const event of readSource(path, options.source)) {
    if ('rejected' in event) {
      summary.rejected++;
      options.report(event.rejected as unknown as Json);
      continue;
    }
    if ('warning' in event) {
      summary.warnings++;
      options.report(event.warning as unknown as Json);
      continue;
    }
    const warnings: { at: string; warning: string }[] = [];
    repairCoordinates(event.type, event.record, '', warnings);
    const problem = validateRecord(event.type, event.record);
    if (problem) {
      summary.rejected++;
      options.report({ path: `${event.path}${problem.at}`, reason: problem.reason });
      continue;
    }
    const rows: { at: string; row: Json }[] = [];
    scheduleRows(event.type, event.record, '', rows);
    for (const { at, row } of rows) for (const warning of findScheduleWarnings(row)) warnings.push({ at, warning });
    batch.push({ path: event.path, ...partsOf(event), warnings });
    if (batch.length >= batchSize) {
      await flush(handle, batch, summary, options.report);
      batch = [];
    }
  }
  await flush(handle, batch, summary, options.report);
  handle.adapter.invalidate();
  return summary;
}
