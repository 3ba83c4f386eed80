// `npm start`: one process of the gateway, configured from the environment; stops cleanly on SIGINT/SIGTERM.
import './app/v8-flags.ts';
import { ConfigError, loadConfig } from './config.ts';
import { EmbeddedPostgresError } from './embedded/postgres.ts';
import { EmbeddedRedisInUseError, RedisBinaryMissingError } from './embedded/redis-server.ts';
import { createLogger } from './log.ts';
import { startRuntime } from './app/runtime.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const rt = await startRuntime(config, log);
  const secretFrom = (name: 'AT_WEBHOOK_KEY' | 'ADMIN_TOKEN') =>
    config.generatedSecrets.includes(name)
      ? `"${name === 'AT_WEBHOOK_KEY' ? 'webhookKey' : 'adminToken'}" in ${config.secretsFile}`
      : name;
  const lines = [
    `Sabali gateway started (role ${config.role})`,
    `  database: ${rt.db.where}${rt.migrations.length ? ` (applied ${rt.migrations.length} migration(s))` : ''}`,
    `  redis:    ${config.redisUrl ? 'REDIS_URL' : `embedded redis-server at ${rt.redisUrl} (${rt.redisWhere})`}`,
    `  sms:      ${config.channel} channel`,
    ...(rt.seeded ? [`  demo:     ${rt.seeded} committees seeded (Djenné, Bankass, Koro, Niono, Macina, Mopti, Ségou)`] : []),
    ...(rt.url
      ? [
          `  http:     ${rt.url}  (health: ${rt.url}/healthz)`,
          config.demoAdmin
            ? `  dashboard: ${rt.url}/  (log in as ${config.demoAdmin.email}, password "dashboardPassword" in ${config.secretsFile})`
            : `  dashboard: ${rt.url}/  (first admin: npm run -s users -- create --email you@example.org --role admin --password …)`,
          ...(config.simulatorEnabled
            ? [`  simulator: ${rt.url}/simulator  (send SMS and dial USSD as any phone, see every message sent)`]
            : []),
          `  webhooks: ${rt.url}/webhooks/africastalking/sms?key=…  (key: ${secretFrom('AT_WEBHOOK_KEY')})`,
          `  api:      ${rt.url}/api/reports with "Authorization: Bearer …" (token: ${secretFrom('ADMIN_TOKEN')})`,
        ]
      : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    // Ctrl-C under `npm start` arrives twice (from the terminal and relayed by tsx): a repeat must not end the process mid-way.
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    rt.stop().then(
      () => process.exit(0),
      (err: Error) => {
        log.error({ err: err.message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (
    err instanceof ConfigError ||
    err instanceof RedisBinaryMissingError ||
    err instanceof EmbeddedRedisInUseError ||
    err instanceof EmbeddedPostgresError
  ) {
    process.stderr.write(`sabali: ${err.message}\n`);
  } else {
    process.stderr.write(`sabali: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
