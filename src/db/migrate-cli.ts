// `npm run -s migrate`: applies pending migrations to the configured database and says which.
// (Every process also does it at start; this is for deploy pipelines that migrate first.)
import { loadConfig } from '../config.ts';
import { openConfiguredDatabase, runCli } from './cli.ts';

runCli('migrate', async () => {
  const config = loadConfig();
  const { db, close } = await openConfiguredDatabase(config);
  try {
    const applied = await db.migrate();
    process.stdout.write(`${db.where}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}\n`);
    return 0;
  } finally {
    await close();
  }
});
