// A PostgreSQL database several processes can share: on the run's server (DATABASE_URL's or the
// embedded one), or in a private throwaway cluster a test may stop and restart. Tests that need the
// private cluster skip, saying why, when the machine has no PostgreSQL binaries for it.
import { inject } from 'vitest';
import { postgresBinDir, startPrivatePostgres, type PrivatePostgres } from '../../bench/lib/postgres.ts';
import { openDatabase } from '../../src/db/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

export function sharedPostgresUnavailable(): string | null {
  if (inject('databaseUrl')) return null;
  return postgresBinDir() ? null : 'no DATABASE_URL and no PostgreSQL binaries (initdb, pg_ctl) to start a private cluster';
}

export function privatePostgresUnavailable(): string | null {
  return postgresBinDir() ? null : 'no PostgreSQL binaries (initdb, pg_ctl) to start a private cluster it may restart';
}

export interface SharedDatabase extends TestDatabase {
  url: string;
  cluster: PrivatePostgres | null;
}

async function onCluster(cluster: PrivatePostgres): Promise<SharedDatabase> {
  const url = await cluster.createDatabase('sabali');
  const db = await openDatabase({ databaseUrl: url });
  await db.migrate();
  return {
    db,
    url,
    cluster,
    async drop() {
      await db.close().catch(() => undefined);
      cluster.close();
    },
  };
}

/** A database on a private cluster this test may stop and start. */
export async function privateDatabase(): Promise<SharedDatabase> {
  const cluster = await startPrivatePostgres();
  if (!cluster) throw new Error(privatePostgresUnavailable() ?? 'private PostgreSQL unavailable');
  return onCluster(cluster);
}

/** A database other processes can open: on DATABASE_URL's server, else on a private cluster. */
export async function sharedDatabase(): Promise<SharedDatabase> {
  if (inject('databaseUrl')) {
    const t = await createTestDatabase();
    return { ...t, url: t.url!, cluster: null };
  }
  return privateDatabase();
}
