// Starts one Sabali process (web, worker or both) from a config, and stops it in the right order.
import type { Server } from 'node:http';
import type { Config } from '../config.ts';
import { openDatabase, pgliteDirFor, type Database } from '../db/index.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../embedded/redis-server.ts';
import { seedCommittees } from '../embedded/seed.ts';
import type { SmsChannel } from '../channels/types.ts';
import { createProducerConnection, createWorkerConnection, waitForRedis } from '../jobs/redis.ts';
import type { Logger } from '../log.ts';
import { createApp } from '../web/app.ts';
import { createContainer, type Container } from './container.ts';
import { startWorkers, type Workers } from './workers.ts';

export interface Runtime {
  container: Container;
  db: Database;
  redisUrl: string;
  server: Server | null;
  url: string | null;
  seeded: number;
  migrations: string[];
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Test hook: a pre-opened database (e.g. an in-memory PGlite) instead of the configured one. */
  db?: Database;
  channel?: SmsChannel;
  listen?: boolean;
}

export async function startRuntime(config: Config, log: Logger, opts: RuntimeOptions = {}): Promise<Runtime> {
  let embeddedRedis: EmbeddedRedis | undefined;
  const redisUrl = config.redisUrl ?? (embeddedRedis = await startEmbeddedRedis()).url;
  const db = opts.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirFor(config.dataDir) }));
  const migrations = await db.migrate();
  const producerConnection = createProducerConnection(redisUrl);
  producerConnection.on('error', () => undefined); // reported by /healthz and by enqueue failures
  await waitForRedis(producerConnection, 10_000).catch((err: Error) => log.warn({ err: err.message }, 'Redis not reachable yet; accepting callbacks anyway'));
  const container = await createContainer({ config, db, producerConnection, log, ...(opts.channel ? { channel: opts.channel } : {}) });

  let seeded = 0;
  if (config.seedDemo && (await container.repos.committees.count()) === 0) seeded = await seedCommittees(container.repos, container.vault);

  let workers: Workers | undefined;
  let workerConnection: ReturnType<typeof createWorkerConnection> | undefined;
  if (config.role !== 'web') {
    workerConnection = createWorkerConnection(redisUrl);
    workerConnection.on('error', () => undefined);
    workers = startWorkers({
      connection: workerConnection,
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      sms: config.sms,
      sweepIntervalMs: config.sweep.intervalMs,
      ...container,
      log,
    });
  }

  let server: Server | null = null;
  let url: string | null = null;
  if (config.role !== 'worker' && opts.listen !== false) {
    const app = createApp({ ...container, webhookKey: config.webhookKey, adminToken: config.adminToken, shortCodes: config.shortCodes, log });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    url = `http://localhost:${port}`;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeAllConnections?.();
      }
      await workers?.close();
      await container.producer.close();
      producerConnection.disconnect();
      workerConnection?.disconnect();
      if (!opts.db) await db.close();
      await embeddedRedis?.stop();
    })());

  return { container, db, redisUrl, server, url, seeded, migrations, stop };
}
