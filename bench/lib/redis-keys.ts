// A shared Redis (this machine's, CI's) keeps nothing of a bench or test run: each deployment's keys
// (queues, USSD sessions, dashboard sessions, replay guards) live under its QUEUE_PREFIX.
import { Redis } from 'ioredis';

/** Deletes every key under `prefix:`. */
export async function dropKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** dropKeys for each prefix, on a connection of its own; a Redis already gone (a test stopped it) has nothing left. */
export async function dropKeysAt(redisUrl: string, prefixes: readonly string[]): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    for (const prefix of prefixes) await dropKeys(redis, prefix);
  } catch {
    /* Redis gone already: nothing to clean */
  } finally {
    redis.disconnect();
  }
}
