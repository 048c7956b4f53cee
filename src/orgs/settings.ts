import type { Kysely } from 'kysely';
import { recordAudit } from '../access/audit.ts';
import type { Database } from '../db/types.ts';
import { AppError } from '../http/errors.ts';
import { DEFAULT_SETTINGS, type OrgSettings } from './service.ts';

/** Shortest and longest retention an organisation may set, in days. */
export const RETENTION_DAYS = { min: 30, max: 3650 } as const;

/** An organisation's settings (the defaults when none were saved yet). */
export async function readSettings(db: Kysely<Database>, orgId: string): Promise<OrgSettings> {
  const row = await db.selectFrom('org_settings').select('settings').where('organization_id', '=', orgId).executeTakeFirst();
  return row ? { ...DEFAULT_SETTINGS, ...(JSON.parse(row.settings) as Partial<OrgSettings>) } : DEFAULT_SETTINGS;
}

/**
 * Saves the settings an admin changed. Areas must be gazetteer places, on-call responders the
 * organisation's own staff, retention within bounds; anything else is a 400 with a plain message.
 */
export async function updateSettings(
  db: Kysely<Database>,
  actorId: string,
  orgId: string,
  change: Partial<OrgSettings>,
  now: Date,
): Promise<OrgSettings> {
  const current = await readSettings(db, orgId);
  const next: OrgSettings = { ...current, ...change, retention_days: { ...current.retention_days, ...change.retention_days } };
  const areas = [...new Set(next.areas)];
  if (areas.length > 0) {
    const known = await db.selectFrom('place').select('id').where('id', 'in', areas).execute();
    const missing = areas.filter((a) => !known.some((k) => k.id === a));
    if (missing.length > 0) throw new AppError('invalid_request', `Not a place Harbour knows: ${missing.join(', ')}.`);
  }
  const onCall = [...new Set(next.on_call)];
  if (onCall.length > 0) {
    const staff = await db
      .selectFrom('staff_role')
      .select('staff_id')
      .where('organization_id', '=', orgId)
      .where('staff_id', 'in', onCall)
      .execute();
    if (staff.length !== onCall.length)
      throw new AppError('invalid_request', 'On-call responders must be staff of this organisation.');
  }
  for (const [kind, days] of Object.entries(next.retention_days)) {
    if (!Number.isInteger(days) || days < RETENTION_DAYS.min || days > RETENTION_DAYS.max)
      throw new AppError('invalid_request', `Keep ${kind} between ${RETENTION_DAYS.min} and ${RETENTION_DAYS.max} days.`);
  }
  const saved: OrgSettings = { areas, on_call: onCall, retention_days: next.retention_days };
  await db
    .insertInto('org_settings')
    .values({ organization_id: orgId, settings: JSON.stringify(saved), created_at: now.toISOString() })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ settings: JSON.stringify(saved) }))
    .execute();
  await recordAudit(
    db,
    {
      staffId: actorId,
      organizationId: orgId,
      action: 'organization.settings_changed',
      objectType: 'organization',
      objectId: orgId,
    },
    now,
  );
  return saved;
}
