import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DialectAdapter } from './dialect.ts';
import type { Database } from './types.ts';
import * as initial from './migrations/0001-initial.ts';
import * as serviceFeedback from './migrations/0002-service-feedback.ts';
import * as identity from './migrations/0003-identity.ts';
import * as auditAppendOnly from './migrations/0004-audit-append-only.ts';
import * as memberBackup from './migrations/0005-member-backup.ts';

type Step = { up(db: Kysely<Database>, adapter: DialectAdapter): Promise<void> };

/** Every migration in order. Names sort; never rename or edit one that has shipped. */
const STEPS: Record<string, Step> = {
  '0001-initial': initial,
  '0002-service-feedback': serviceFeedback,
  '0003-identity': identity,
  '0004-audit-append-only': auditAppendOnly,
  '0005-member-backup': memberBackup,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly adapter: DialectAdapter) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, step] of Object.entries(STEPS)) {
      out[name] = { up: (db) => step.up(db as Kysely<Database>, this.adapter) };
    }
    return out;
  }
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<Database>, adapter: DialectAdapter): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in any schema unless told which: name ours.
  const schema = await adapter.migrationSchema(db);
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(adapter),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
