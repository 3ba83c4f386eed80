// The embedded default's redis-server keeps its data under DATA_DIR: a restart keeps dashboard
// sessions and delayed escalation jobs (which then fire on their own time, not the sweeper's).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis } from '../src/embedded/redis-server.ts';
import { createProducer, QUEUE } from '../src/jobs/queues.ts';
import { createSessionStore } from '../src/users/sessions.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'sabali-redis-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function withRedis<T>(fn: (redis: Redis) => Promise<T>): Promise<T> {
  const server = await startEmbeddedRedis({ dataDir });
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  try {
    return await fn(redis);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

describe('embedded redis-server under DATA_DIR', () => {
  it('keeps a dashboard session and a delayed escalation job across a restart', async () => {
    const sessionOpts = { prefix: 'kept', ttlMs: 3_600_000 };
    const enqueuedAt = Date.now();
    const sessionId = await withRedis(async (redis) => {
      const session = await createSessionStore(redis, sessionOpts).create('user-1');
      const producer = createProducer({ connection: redis, prefix: 'kept', sms: { maxAttempts: 3, backoffMs: 100 } });
      await producer.escalation('alert-kept', 1, 15 * 60_000);
      await producer.close();
      return session.id;
    });
    expect(existsSync(join(dataDir, 'redis', 'appendonlydir'))).toBe(true);

    await withRedis(async (redis) => {
      expect(await createSessionStore(redis, sessionOpts).get(sessionId)).toMatchObject({ userId: 'user-1' });
      const producer = createProducer({ connection: redis, prefix: 'kept', sms: { maxAttempts: 3, backoffMs: 100 } });
      try {
        const job = await producer.queues[QUEUE.escalation].getJob('esc-alert-kept-1');
        expect(job?.data).toEqual({ alertId: 'alert-kept', level: 1 });
        expect(await job!.getState()).toBe('delayed');
        // due 15 minutes after it was enqueued, as before the restart
        expect(job!.timestamp + job!.delay).toBeGreaterThanOrEqual(enqueuedAt + 15 * 60_000);
        expect(job!.timestamp + job!.delay).toBeLessThan(Date.now() + 15 * 60_000);
      } finally {
        await producer.close();
      }
    });
  }, 60_000);

  it('shuts down a redis-server a killed gateway left on the data and starts over it, data kept', async () => {
    const orphan = await startEmbeddedRedis({ dataDir });
    const client = new Redis(orphan.url);
    await client.set('left-behind', 'yes');
    client.disconnect();
    // this process "restarts": the owner file names us, as it would a dead gateway's pid
    await withRedis(async (redis) => expect(await redis.get('left-behind')).toBe('yes'));
    await orphan.stop();
  }, 60_000);

  it('stays in memory only without a data dir (tests, benches)', async () => {
    const server = await startEmbeddedRedis();
    try {
      expect(server.where).toBe('in memory only');
    } finally {
      await server.stop();
    }
  });
});
