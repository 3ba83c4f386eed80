// A database of its own for one test file: CREATE DATABASE on the run's server (DATABASE_URL's, or
// the embedded one test/global-setup.ts started). Migrated by the project's migrator, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';

export interface TestDatabase {
  db: Database;
  /** Connection string of this file's own database. */
  url: string;
  drop(): Promise<void>;
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = inject('databaseUrl');
  const name = `sabali_test_${randomBytes(6).toString('hex')}`;
  await admin(base, `CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = await openDatabase({ databaseUrl: url });
  await db.migrate();
  return {
    db,
    url,
    async drop() {
      await db.close();
      await admin(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
