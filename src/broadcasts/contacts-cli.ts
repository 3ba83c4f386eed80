// `npm run -s contacts -- import file.csv`: imports radio hosts, subscribers and focal points from a
// CSV file and prints the rows it rejected, with why. Exit 0 when every row went in, 1 otherwise.
import { readFileSync } from 'node:fs';
import { runCli, withConfiguredDatabase } from '../db/cli.ts';
import { createRepositories } from '../db/index.ts';
import { createLogger } from '../log.ts';
import { createPhoneVault } from '../security/phone-vault.ts';
import { MACHINE } from '../users/roles.ts';
import { createContactsService } from './contacts.service.ts';

const USAGE =
  'usage: npm run -s contacts -- import <file.csv>\n  columns: phone,name,role,station,languages,zones,language (comma or semicolon separated)';

async function main(): Promise<number> {
  const [command, file] = process.argv.slice(2);
  if (command !== 'import' || !file) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const csv = readFileSync(file, 'utf8');
  return withConfiguredDatabase(async (db, config) => {
    const contacts = createContactsService({
      repos: createRepositories(db),
      vault: createPhoneVault(config.phoneKeys),
      log: createLogger('warn'),
    });
    const report = await contacts.import(csv, MACHINE);
    process.stdout.write(
      `${report.created} contact(s) created, ${report.updated} updated, ${report.rejected.length} row(s) rejected\n`,
    );
    for (const r of report.rejected) process.stdout.write(`  line ${r.line}: ${r.reasons.join('; ')}\n`);
    return report.rejected.length === 0 ? 0 : 1;
  });
}

runCli('contacts', main);
