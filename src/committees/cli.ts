// `npm run -s committees -- list | import FILE.csv [--reason WHY] | export [FILE.csv]`: the directory
// from the command line, through the same service (and audit) as the API. Export and import share a format.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCli, withConfiguredDatabase } from '../db/cli.ts';
import { createRepositories } from '../db/index.ts';
import { createLogger } from '../log.ts';
import { createPhoneVault } from '../security/phone-vault.ts';
import { MACHINE } from '../users/roles.ts';
import { createCommitteesService } from './committees.service.ts';
import { CSV_HEADER } from './committees-csv.ts';

const USAGE = `usage:
  npm run -s committees -- list
  npm run -s committees -- import FILE.csv [--reason WHY]
  npm run -s committees -- export [FILE.csv]      (to standard output without a file; numbers in clear)
  CSV columns: ${CSV_HEADER.join(';')} (level optional; comma or semicolon; one line per focal point;
  places in the coverage cell separated by |). See docs/operations.md.
`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { reason: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    process.stderr.write(`committees: ${(err as Error).message.split('. ')[0]}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [command, file] = positionals;
  if (!command || !['list', 'import', 'export'].includes(command) || (command === 'import' && !file)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const csv = command === 'import' ? readFileSync(file!, 'utf8') : '';
  return withConfiguredDatabase(async (db, config) => {
    const committees = createCommitteesService({
      repos: createRepositories(db),
      vault: createPhoneVault(config.phoneKeys),
      log: createLogger('warn'),
    });
    const who = { principal: MACHINE, channel: 'cli', reason: values.reason };
    if (command === 'list') {
      const items = await committees.list(MACHINE);
      if (items.length === 0) process.stdout.write('no committee yet: import a CSV (npm run -s committees -- import FILE.csv)\n');
      for (const c of items)
        process.stdout.write(
          `${c.name}\t${c.type}\t${c.level}\t${c.places.map((p) => `${p.name} (${p.pcode})`).join(' | ')}\t${c.focalPoints.length} focal point(s)\n`,
        );
      return 0;
    }
    if (command === 'export') {
      const text = await committees.export(who);
      if (file) writeFileSync(file, text, { mode: 0o600 });
      else process.stdout.write(text);
      return 0;
    }
    const report = await committees.import(csv, who);
    process.stdout.write(
      `${report.created} committee(s) created, ${report.updated} updated, ${report.rejected.length} line(s) rejected\n`,
    );
    for (const r of report.rejected) process.stdout.write(`  line ${r.line}: ${r.reason}\n`);
    return report.rejected.length === 0 ? 0 : 1;
  });
}

runCli('committees', main);
