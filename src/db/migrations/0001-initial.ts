import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.ts';
import type { Database } from '../types.ts';

/** HSDS record tables, the derived search index, the gazetteer and a key-value table. */
export async function up(db: Kysely<Database>, adapter: DialectAdapter): Promise<void> {
  const serial = adapter.serialType;
  await db.schema
    .createTable('organization')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('service')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('service_term')
    .addColumn('term_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_term_pk', ['term_id', 'service_id'])
    .execute();
  await db.schema.createIndex('service_term_service').on('service_term').column('service_id').execute();
  await db.schema.createIndex('service_organization').on('service').column('organization_id').execute();
  await db.schema.createIndex('service_last_modified').on('service').column('last_modified').execute();
  await db.schema
    .createTable('location')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text')
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('confidential', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('postal_codes', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createTable('service_at_location')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text')
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sal_service').on('service_at_location').column('service_id').execute();
  await db.schema.createIndex('sal_location').on('service_at_location').column('location_id').execute();
  await db.schema
    .createTable('taxonomy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('taxonomy_term')
    .addColumn('key', serial, (c) => (serial === 'integer' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('taxonomy_id', 'text')
    .addColumn('code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('taxonomy_term_taxonomy').on('taxonomy_term').column('taxonomy_id').execute();
  await db.schema
    .createTable('place')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('aliases', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await createSearchTables(db, serial);
  await adapter.createDialectStructures(db);
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

async function createSearchTables(db: Kysely<Database>, serial: 'integer' | 'serial'): Promise<void> {
  await db.schema
    .createTable('search_item')
    .addColumn('rid', serial, (c) => (serial === 'integer' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sal_id', 'text', (c) => c.unique())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text')
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('confidential', 'integer', (c) => c.notNull())
    .addColumn('flags', 'integer', (c) => c.notNull())
    .addColumn('genders', 'integer', (c) => c.notNull())
    .addColumn('sched_id', 'integer')
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organization_name', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_item_service').on('search_item').column('service_id').execute();
  await db.schema.createIndex('search_item_kind').on('search_item').columns(['kind', 'rid']).execute();
  await db.schema
    .createTable('search_term')
    .addColumn('rid', 'integer', (c) => c.notNull())
    .addColumn('term', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_term_pk', ['rid', 'term'])
    .execute();
  await db.schema
    .createTable('schedule_set')
    .addColumn('id', serial, (c) => (serial === 'integer' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('rows', 'text', (c) => c.notNull())
    .addColumn('holiday_hours', 'text')
    .execute();
}
