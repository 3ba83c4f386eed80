// `npm run -s users -- create --email a@b.ml --role admin --password '…' [--regions ML05,ML04] [--name …]`,
// `list`, `update --email … [--role …] [--regions …] [--password …] [--unlock] [--disable|--enable]`,
// `token create|list|revoke` (personal API tokens); `--help` prints the usage.
import { parseArgs } from 'node:util';
import { runCli, withConfiguredDatabase } from '../db/cli.ts';
import { createRepositories, type Repositories } from '../db/index.ts';
import { ApiTokenError, createApiTokensService } from './api-tokens.service.ts';
import { createLogger } from '../log.ts';
import { createUsersService, LOCKOUT_MS, type UsersService } from './users.service.ts';
import { createLoginGuard } from './login-guard.ts';
import { createProducerConnection, waitForRedis } from '../jobs/redis.ts';
import { loadConfig } from '../config.ts';

const USAGE = `usage:
  npm run -s users -- create --email EMAIL --role admin|coordinator|viewer --password PASSWORD [--regions ML05,ML04] [--name NAME]
  npm run -s users -- list
  npm run -s users -- update --email EMAIL [--role ROLE] [--regions ML05,...|all] [--password PASSWORD] [--unlock] [--disable|--enable]
  npm run -s users -- token create EMAIL [--label LABEL]   (prints the token once: copy it then)
  npm run -s users -- token list EMAIL
  npm run -s users -- token revoke ID|PREFIX
In the embedded default (no DATABASE_URL) it uses the database of the running \`npm start\`, or starts it for the command.
`;

const OPTIONS = {
  email: { type: 'string' },
  role: { type: 'string' },
  label: { type: 'string' },
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
  const tokenUsage =
    command === 'token' &&
    (!['create', 'list', 'revoke'].includes(positionals[1] ?? '') || !positionals[2] || positionals.length > 3);
  // Checked before the database opens: a usage mistake should not start (or wait for) the embedded one.
  if (
    !command ||
    tokenUsage ||
    !['create', 'list', 'update', 'token'].includes(command) ||
    (command === 'token' && values.label !== undefined && positionals[1] !== 'create') ||
    (command !== 'list' && command !== 'token' && !values.email) ||
    (command === 'create' && (!values.role || !values.password))
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (values.unlock && !loadConfig().redisUrl) {
    // The locks live in the gateway's Redis; the embedded one is private to the running gateway.
    process.stderr.write("users: --unlock needs REDIS_URL (the embedded default: unlock on the dashboard's Accounts page)\n");
    return 2;
  }
  return withConfiguredDatabase(async (db, config) => {
    const repos = createRepositories(db);
    if (command === 'token') return token(repos, positionals[1]!, positionals[2]!, values.label);
    // Failed-login locks (per account and address) are in Redis: `list` shows them and `--unlock` lifts them
    // when REDIS_URL names the gateway's Redis.
    const redis = config.redisUrl && command !== 'create' ? createProducerConnection(config.redisUrl) : undefined;
    try {
      if (redis) await waitForRedis(redis);
      const guard = redis && createLoginGuard(redis, { prefix: config.queuePrefix, windowMs: LOCKOUT_MS });
      return await accounts(createUsersService({ repos, log: createLogger('warn'), ...(guard ? { guard } : {}) }));
    } finally {
      redis?.disconnect();
    }
  });

  async function accounts(users: UsersService): Promise<number> {
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
  }
}

/** Personal API tokens at the command line: audited as the operator's. */
async function token(repos: Repositories, action: string, arg: string, label: string | undefined): Promise<number> {
  const tokens = createApiTokensService({ repos, log: createLogger('warn') });
  if (action === 'revoke') {
    const r = await tokens.revoke(arg, 'operator:cli');
    process.stdout.write(`${r.revoked ? 'revoked' : 'already revoked:'} sab_${r.prefix} of ${r.email}\n`);
    return 0;
  }
  const user = await repos.users.byEmail(arg.trim().toLowerCase());
  if (!user) throw new ApiTokenError('not_found', `no user ${arg.slice(0, 100)}`);
  if (action === 'create') {
    const made = await tokens.create(user.id, label ?? null, 'operator:cli');
    process.stdout.write(
      `${made.token}\nAPI token sab_${made.prefix} for ${user.email} (${user.role}${user.regions.length ? `, regions ${user.regions.join(',')}` : ''}): copy it now, it is not shown again\n`,
    );
    return 0;
  }
  for (const k of await tokens.list(user.id)) {
    const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'live';
    const used = k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : 'never used';
    process.stdout.write(`${k.id}\tsab_${k.prefix}\t${k.label ?? ''}\tcreated ${k.createdAt.toISOString()}\t${used}\t${state}\n`);
  }
  return 0;
}

runCli('users', main);
