import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';

/** One staff action. Never member personal data: members appear, if at all, as "a member". */
export interface AuditEntry {
  staffId: string | null;
  organizationId: string | null;
  action: string;
  objectType?: string;
  objectId?: string;
  detail?: Record<string, string | number | boolean | null>;
}

/** Appends to the audit log (nothing updates or deletes it). */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: now.toISOString(),
      staff_id: entry.staffId,
      organization_id: entry.organizationId,
      action: entry.action,
      object_type: entry.objectType ?? null,
      object_id: entry.objectId ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .execute();
}

export interface AuditView {
  id: number;
  at: string;
  staff_email: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  detail: Record<string, unknown> | null;
}

/** An organisation's audit log, newest first, with who acted by email (for its admins only). */
export async function listAudit(db: Kysely<Database>, organizationId: string, limit: number): Promise<AuditView[]> {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('staff', 'staff.id', 'audit_log.staff_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'staff.email',
      'audit_log.action',
      'audit_log.object_type',
      'audit_log.object_id',
      'audit_log.detail',
    ])
    .where('audit_log.organization_id', '=', organizationId)
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    staff_email: r.email,
    action: r.action,
    object_type: r.object_type,
    object_id: r.object_id,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
  }));
}
