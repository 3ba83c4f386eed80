// The real Sabali gateway for bench/ussd.bench.ts, in a process of its own: ROLE=web (the HTTP edge; in
// production the intake workers run apart), Redis from REDIS_URL, PostgreSQL from DATABASE_URL or an embedded one in a temp dir.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startRuntime } from '../../src/app/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { dropKeys } from '../lib/redis-keys.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'sabali-bench-'));
const webhookKey = randomBytes(18).toString('base64url');
const config = loadConfig({
  NODE_ENV: 'production',
  PORT: '0',
  HOST: '127.0.0.1',
  ROLE: 'web',
  DATA_DIR: dataDir,
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  REDIS_URL: process.env.REDIS_URL,
  QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
  PHONE_KEY: randomBytes(32).toString('hex'),
  AT_WEBHOOK_KEY: webhookKey,
  ADMIN_TOKEN: randomBytes(18).toString('base64url'),
  SEED_DEMO: 'true',
  LOG_LEVEL: 'warn',
});
const rt = await startRuntime(config, createLogger(config.logLevel, process.stderr));
process.stdout.write(
  `${JSON.stringify({ url: `${rt.url}/webhooks/africastalking/ussd?key=${webhookKey}`, database: rt.db.where })}\n`,
);

process.on('SIGTERM', async () => {
  const inbound = await rt.db.prisma.inboundMessage.count({ where: { channel: 'africastalking-ussd' } });
  process.stdout.write(`${JSON.stringify({ reportsStored: inbound })}\n`);
  const redis = new Redis(rt.redisUrl, { maxRetriesPerRequest: 1 });
  await dropKeys(redis, config.queuePrefix).catch(() => undefined); // a shared Redis keeps nothing of the run
  redis.disconnect();
  await rt.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
