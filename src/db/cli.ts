// Shared by the operator commands (audit, privacy, retrain, users, contacts, migrate): open the
// configured database (DATABASE_URL, else the embedded PostgreSQL: the running gateway's, or started
// for the command), migrate, run, close; one clear line on failure.
import { loadConfig, type Config } from '../config.ts';
import { startEmbeddedPostgres } from '../embedded/postgres.ts';
import { openDatabase, type Database } from './client.ts';

export interface ConfiguredDatabase {
  db: Database;
  close(): Promise<void>;
}

export async function openConfiguredDatabase(config: Config): Promise<ConfiguredDatabase> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir, mode: 'client' });
  try {
    const db = await openDatabase({
      databaseUrl: config.databaseUrl ?? embedded!.url,
      where: embedded?.where,
      poolSize: config.databasePoolSize,
    });
    return {
      db,
      async close() {
        await db.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

export async function withConfiguredDatabase<T>(fn: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { db, close } = await openConfiguredDatabase(config);
  try {
    await db.migrate();
    return await fn(db, config);
  } finally {
    await close();
  }
}

/** Runs a command's main and exits with its code; an error becomes `name: message` and `failureCode`. */
export function runCli(name: string, main: () => Promise<number>, failureCode = 1): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(failureCode);
    },
  );
}
