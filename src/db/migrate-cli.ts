// `npm run -s migrate`: applies pending migrations to the configured database and says which.
// (Every process also does it at start; this is for deploy pipelines that migrate first.)
import { loadConfig } from '../config.ts';
import { runCli } from './cli.ts';
import { openDatabase, pgliteDirFor } from './client.ts';

runCli('migrate', async () => {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirFor(config.dataDir), poolSize: config.databasePoolSize });
  try {
    const applied = await db.migrate();
    process.stdout.write(`${db.where}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}\n`);
    return 0;
  } finally {
    await db.close();
  }
});
