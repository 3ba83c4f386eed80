// Starts one Sabali process (web, worker or both) from a config, and stops it in the right order.
import type { Server } from 'node:http';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/index.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../embedded/postgres.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../embedded/redis-server.ts';
import { seedCommittees } from './seed-demo.ts';
import type { SmsChannel } from '../channels/types.ts';
import { createProducerConnection, createWorkerConnection, waitForRedis } from '../jobs/redis.ts';
import type { Logger } from '../log.ts';
import { createApp } from '../web/app.ts';
import { providerWebhooks } from './webhooks.ts';
import { createContainer, type Container } from './container.ts';
import { createSessionConnection } from '../ussd/session-store.ts';
import { startWorkers, type Workers } from './workers.ts';
import { watchRedisLoss } from '../recovery/redis-loss.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { createOpsApp, listen, type OpsState } from '../web/ops.ts';
import { errorMiddleware } from '../web/errors.ts';

export interface Runtime {
  container: Container;
  db: Database;
  redisUrl: string;
  /** The embedded redis-server's data, for the start-up line; null with REDIS_URL. */
  redisWhere: string | null;
  server: Server | null;
  url: string | null;
  /** The separate metrics port's base URL, when METRICS_PORT is set. */
  metricsUrl: string | null;
  seeded: number;
  migrations: string[];
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Test hook: a pre-opened database (a test file's own) instead of the configured one. */
  db?: Database;
  channel?: SmsChannel;
  listen?: boolean;
}

export async function startRuntime(config: Config, log: Logger, opts: RuntimeOptions = {}): Promise<Runtime> {
  const metrics = createMetrics();
  // The metrics port answers from the start, so probes see "migrating" rather than nothing.
  const ops: OpsState = { phase: 'starting' };
  const opsServer = config.metrics
    ? await listen(
        createOpsApp({ adminToken: config.adminToken, metrics, state: ops, log, errors: errorMiddleware(log) }),
        config.metrics.port,
        config.metrics.host,
      )
    : null;
  const opsAddr = opsServer?.address();
  const metricsUrl = opsAddr && typeof opsAddr === 'object' ? `http://localhost:${opsAddr.port}` : null;
  let embeddedRedis: EmbeddedRedis | undefined;
  const redisUrl = config.redisUrl ?? (embeddedRedis = await startEmbeddedRedis({ dataDir: config.dataDir })).url;
  let embeddedPostgres: EmbeddedPostgres | undefined;
  const openConfigured = async () => {
    const url =
      config.databaseUrl ?? (embeddedPostgres = await startEmbeddedPostgres({ dataDir: config.dataDir, mode: 'server' })).url;
    return openDatabase({ databaseUrl: url, where: embeddedPostgres?.where, poolSize: config.databasePoolSize });
  };
  const db =
    opts.db ??
    (await openConfigured().catch(async (err: unknown) => {
      await embeddedPostgres?.stop();
      await embeddedRedis?.stop();
      throw err;
    }));
  ops.phase = 'migrating';
  const migrations = await db.migrate();
  const producerConnection = createProducerConnection(redisUrl);
  producerConnection.on('error', () => undefined); // reported by /healthz and by enqueue failures
  await waitForRedis(producerConnection, 10_000).catch((err: Error) =>
    log.warn({ err: err.message }, 'Redis not reachable yet; accepting callbacks anyway'),
  );
  const sessionConnection = config.role !== 'worker' ? await createSessionConnection(redisUrl) : undefined;
  const container = await createContainer({
    config,
    db,
    producerConnection,
    log,
    ...(opts.channel ? { channel: opts.channel } : {}),
    ...(sessionConnection ? { sessionConnection } : {}),
    metrics,
  });
  ops.health = container.health;
  ops.queues = container.producer.queues;

  let seeded = 0;
  if (config.seedDemo && (await container.repos.committees.count()) === 0) seeded = await seedCommittees(container.committees);
  // The embedded default opens the dashboard to a newcomer: one demo admin, password in secrets.json.
  if (config.seedDemo && config.demoAdmin && (await container.repos.users.count()) === 0) {
    await container.users.create({
      email: config.demoAdmin.email,
      role: 'admin',
      password: config.demoAdmin.password,
      name: 'Demo admin',
    });
  }

  // Speakers' accepted corrections of texts and lexicon, in every role: web processes render SMS too.
  await container.languages
    .refresh(true)
    .catch((err: Error) => log.warn({ err: err.message }, 'language corrections not loaded yet'));
  if (config.role !== 'web')
    await container.classifier
      .refresh(true)
      .catch((err: Error) => log.warn({ err: err.message }, 'classifier corrections not loaded yet'));

  let workers: Workers | undefined;
  let workerConnection: ReturnType<typeof createWorkerConnection> | undefined;
  let redisLoss: ReturnType<typeof watchRedisLoss> | undefined;
  if (config.role !== 'web') {
    workerConnection = createWorkerConnection(redisUrl);
    workerConnection.on('error', () => undefined);
    workers = startWorkers({
      connection: workerConnection,
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      sms: config.sms,
      sweepIntervalMs: config.sweep.intervalMs,
      lockMs: config.jobLockMs,
      ...container,
      log,
    });
    // A Redis that comes back empty has lost every job: re-enqueue at once rather than after SWEEP_AFTER_MS.
    redisLoss = watchRedisLoss({
      redis: workerConnection,
      watch: [workerConnection, producerConnection],
      key: `${config.queuePrefix}:alive`,
      intervalMs: config.sweep.intervalMs,
      recover: () => container.sweeper.sweep({ urgent: true }),
      log,
    });
  }

  let server: Server | null = null;
  let url: string | null = null;
  if (config.role !== 'worker' && opts.listen !== false) {
    const app = createApp({
      ...container,
      webhookKey: config.webhookKey,
      adminToken: config.adminToken,
      webhooks: providerWebhooks(config, container.channels, { ...container, log }),
      apiRatePerMinute: config.apiRatePerMinute,
      loginAttemptsPer15Min: config.loginAttemptsPer15Min,
      trustProxy: config.trustProxy,
      log,
      ops,
      serveAdmin: !config.metrics,
    });
    server = await listen(app, config.port, config.host);
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    url = `http://localhost:${port}`;
  }

  ops.phase = 'ready';
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      ops.phase = 'stopping';
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeAllConnections?.();
      }
      redisLoss?.stop();
      await workers?.close();
      await container.producer.close();
      producerConnection.disconnect();
      sessionConnection?.disconnect();
      workerConnection?.disconnect();
      if (!opts.db) await db.close();
      await embeddedPostgres?.stop();
      await embeddedRedis?.stop();
      if (opsServer) {
        opsServer.closeAllConnections?.();
        await new Promise<void>((resolve) => opsServer.close(() => resolve()));
      }
    })());

  return { container, db, redisUrl, redisWhere: embeddedRedis?.where ?? null, server, url, metricsUrl, seeded, migrations, stop };
}
