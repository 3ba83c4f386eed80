// `npm run -s users -- create --email a@b.ml --role admin --password '…' [--regions ML05,ML04] [--name …]`,
// `list`, `update --email … [--role …] [--regions …] [--password …] [--unlock] [--disable|--enable]`; `--help` prints the usage.
import { parseArgs } from 'node:util';
import { runCli, withConfiguredDatabase } from '../db/cli.ts';
import { createRepositories } from '../db/index.ts';
import { createLogger } from '../log.ts';
import { createUsersService } from './users.service.ts';

const USAGE = `usage:
  npm run -s users -- create --email EMAIL --role admin|coordinator|viewer --password PASSWORD [--regions ML05,ML04] [--name NAME]
  npm run -s users -- list
  npm run -s users -- update --email EMAIL [--role ROLE] [--regions ML05,...|all] [--password PASSWORD] [--unlock] [--disable|--enable]
In the embedded default (no DATABASE_URL), stop \`npm start\` first: the embedded database takes one process at a time.
`;

const OPTIONS = {
  email: { type: 'string' },
  role: { type: 'string' },
  password: { type: 'string' },
  regions: { type: 'string' },
  name: { type: 'string' },
  unlock: { type: 'boolean' },
  disable: { type: 'boolean' },
  enable: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (err) {
    // A mistyped option: say which, then how to use the command (not parseArgs' advice about '--').
    process.stderr.write(`users: ${(err as Error).message.split('. ')[0]}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = positionals[0];
  // Checked before the database opens: a usage mistake should not start (or wait for) the embedded one.
  if (
    !command ||
    !['create', 'list', 'update'].includes(command) ||
    (command !== 'list' && !values.email) ||
    (command === 'create' && (!values.role || !values.password))
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  return withConfiguredDatabase(async (db) => {
    const users = createUsersService({ repos: createRepositories(db), log: createLogger('warn') });
    const regions =
      values.regions === undefined
        ? undefined
        : values.regions === 'all'
          ? []
          : values.regions
              .split(',')
              .map((r) => r.trim().toUpperCase())
              .filter(Boolean);
    if (command === 'list') {
      for (const u of await users.list()) {
        const locked = u.lockedUntil && u.lockedUntil > new Date() ? ` locked until ${u.lockedUntil.toISOString()}` : '';
        process.stdout.write(
          `${u.email}\t${u.role}\t${u.regions.join(',') || 'all regions'}${u.disabledAt ? '\tdisabled' : ''}${locked}\n`,
        );
      }
      return 0;
    }
    if (command === 'create') {
      const u = await users.create({
        email: values.email!,
        role: values.role!,
        password: values.password!,
        regions: regions ?? [],
        name: values.name ?? null,
      });
      process.stdout.write(`created ${u.email} (${u.role}${u.regions.length ? `, regions ${u.regions.join(',')}` : ''})\n`);
      return 0;
    }
    const u = await users.update(values.email!, {
      ...(values.role ? { role: values.role } : {}),
      ...(regions ? { regions } : {}),
      ...(values.password ? { password: values.password } : {}),
      ...(values.unlock ? { unlock: true } : {}),
      ...(values.disable ? { disabled: true } : values.enable ? { disabled: false } : {}),
    });
    process.stdout.write(`updated ${u.email} (${u.role})\n`);
    return 0;
  });
}

runCli('users', main);
