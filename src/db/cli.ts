// Shared by the operator commands (audit, privacy, retrain, users, contacts): open the configured
// database (PostgreSQL or the embedded PGlite), migrate, run, close; one clear line on failure.
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, pgliteDirFor, type Database } from './client.ts';

export async function withConfiguredDatabase<T>(fn: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirFor(config.dataDir), poolSize: config.databasePoolSize });
  try {
    await db.migrate();
    return await fn(db, config);
  } finally {
    await db.close();
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
