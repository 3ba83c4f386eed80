// A shared Redis (this machine's, CI's) keeps nothing of a bench or test run: each deployment's keys
// (queues, USSD sessions, dashboard sessions, replay guards) live under its QUEUE_PREFIX.
import type { Redis } from 'ioredis';

/** Deletes every key under `prefix:`. */
export async function dropKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
