// Once per PostgreSQL test run: the contrib extensions live in `public`, shared by every test schema.
import pg from 'pg';

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
for (const ext of ['cube', 'btree_gist', 'pg_trgm']) await client.query(`CREATE EXTENSION IF NOT EXISTS ${ext} SCHEMA public`);
// Schemas left behind by an interrupted run.
const stale = await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'test\\_%'`);
for (const row of stale.rows) await client.query(`DROP SCHEMA "${row.nspname}" CASCADE`);
await client.end();
