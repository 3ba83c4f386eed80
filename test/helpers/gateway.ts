// Starts the real gateway (HTTP on port 0, workers, sweeper) against this file's own database and
// the shared Redis under a unique queue prefix, with logs captured so tests can read them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import supertest from 'supertest';
import { inject } from 'vitest';
import { dropKeysAt } from '../../bench/lib/redis-keys.ts';
import { startRuntime, type Runtime } from '../../src/app/runtime.ts';
import type { ChannelProvider } from '../../src/channels/contract.ts';
import type { SmsChannel } from '../../src/channels/types.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

/** What the processes of one deployment share. */
export interface Deployment {
  QUEUE_PREFIX: string;
  PHONE_KEY: string;
  AT_WEBHOOK_KEY: string;
  ADMIN_TOKEN: string;
  [name: string]: string;
}

export interface TestGateway {
  rt: Runtime;
  http: ReturnType<typeof supertest>;
  webhookKey: string;
  adminToken: string;
  logs: string[];
  database: TestDatabase;
  /** The secrets and Redis prefix its processes share. */
  deployment: Deployment;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  env?: Record<string, string>;
  channel?: SmsChannel;
  redisUrl?: string;
  database?: TestDatabase;
  /** The SMS providers the config is read with (src/channels/index.ts's list when not given). */
  providers?: readonly ChannelProvider[];
  /** Another process of that gateway's deployment (web processes behind one balancer): same database, Redis keys and secrets. */
  joining?: TestGateway;
}

export async function startGateway(opts: GatewayOptions = {}): Promise<TestGateway> {
  const joined = opts.joining;
  const database = opts.database ?? joined?.database ?? (await createTestDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'sabali-test-'));
  const deployment: Deployment = joined?.deployment ?? {
    QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
    PHONE_KEY: randomBytes(32).toString('hex'),
    AT_WEBHOOK_KEY: randomBytes(18).toString('base64url'),
    ADMIN_TOKEN: randomBytes(18).toString('base64url'),
  };
  const { AT_WEBHOOK_KEY: webhookKey, ADMIN_TOKEN: adminToken } = deployment;
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url ?? 'postgresql://unused-when-a-test-database-is-given',
      REDIS_URL: opts.redisUrl ?? joined?.rt.redisUrl ?? inject('redisUrl'),
      ...deployment,
      SEED_DEMO: 'true',
      SWEEP_INTERVAL_MS: '500',
      SWEEP_AFTER_MS: '1000',
      SMS_BACKOFF_MS: '100',
      LOG_LEVEL: 'debug',
      API_RATE_PER_MINUTE: '100000',
      LOGIN_ATTEMPTS_PER_15_MIN: '100000',
      ...opts.env,
    },
    opts.providers,
  );
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const rt = await startRuntime(config, createLogger(config.logLevel, sink), {
    db: database.db,
    ...(opts.channel ? { channel: opts.channel } : {}),
  });
  return {
    rt,
    http: supertest(rt.url!),
    webhookKey,
    adminToken,
    logs,
    database,
    deployment,
    async stop() {
      await rt.stop();
      if (joined) return rmSync(dataDir, { recursive: true, force: true }); // the first process clears what they share
      // The machine's Redis (CI's too) keeps nothing of the test: every key of it is under its prefix.
      await dropKeysAt(rt.redisUrl, [config.queuePrefix]);
      if (!opts.database) await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a truthy value or `ms` pass. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, ms = 5000, step = 50): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, step));
  }
  throw new Error(`condition not met within ${ms} ms${last ? `: ${(last as Error).message}` : ''}`);
}

let counter = 0;
/** A unique Malian mobile number and provider id per call, so tests never collide. */
export function uniquePhone(): string {
  counter++;
  return `+2237${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}${String(counter % 10000).padStart(4, '0')}`;
}
export function uniqueId(prefix = 'ATXid_'): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
}
