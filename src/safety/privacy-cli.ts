// `npm run -s privacy -- purge | forget <number> | rekey`: retention, erasure on request, re-encryption.
import { createRepositories } from '../db/index.ts';
import { runCli, withConfiguredDatabase } from '../db/cli.ts';
import { createLogger } from '../log.ts';
import { createPhoneVault } from '../security/phone-vault.ts';
import { createPrivacyService } from './privacy.service.ts';

const USAGE = 'usage: npm run -s privacy -- purge | forget <phone number> | rekey';

runCli('privacy', async () => {
  const [command, arg] = process.argv.slice(2);
  if (!command || !['purge', 'forget', 'rekey'].includes(command) || (command === 'forget' && !arg)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return withConfiguredDatabase(async (db, config) => {
    const privacy = createPrivacyService({
      repos: createRepositories(db),
      vault: createPhoneVault(config.phoneKeys),
      retentionDays: config.retentionDays,
      log: createLogger('warn'),
    });
    if (command === 'purge') {
      process.stdout.write(
        `purged the numbers of ${await privacy.purge()} reporter(s) older than ${config.retentionDays} days with no open incident\n`,
      );
    } else if (command === 'forget') {
      const r = await privacy.forget(arg!, 'operator:cli');
      process.stdout.write(
        `erased: ${r.messages} message(s) received, ${r.sent} sent, reporter ${r.reporter ? 'deleted' : 'not found'}\n`,
      );
    } else {
      let total = 0;
      for (let n = -1; n !== 0; total += n) n = await privacy.rekey(500);
      process.stdout.write(`re-encrypted ${total} phone number(s) under the current key\n`);
    }
    return 0;
  });
});
