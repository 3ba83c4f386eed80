// Failed logins counted per account AND source address (in Redis): five wrong passwords from one
// address lock that account for that address only, so a stranger cannot lock its owner out.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SessionStoreUnavailableError } from './sessions.ts';

export interface LoginGuard {
  /** Failed logins on this account from this source within the window. */
  failures(userId: string, source: string): Promise<number>;
  /** Counts one more failure; the window (of every source of this account) starts again. */
  recordFailure(userId: string, source: string): Promise<number>;
  /** A correct login from this source forgets its failures. */
  clear(userId: string, source: string): Promise<void>;
  /** When the last lock on this account (from any source) ends; null when none is locked. */
  lockedUntil(userId: string, lockAfter: number): Promise<Date | null>;
  /** An admin's unlock: every source's failures on this account. */
  clearAll(userId: string): Promise<void>;
}

const unavailable = (err: unknown): never => {
  throw new SessionStoreUnavailableError(err);
};

export function createLoginGuard(redis: Redis, opts: { prefix: string; windowMs: number }): LoginGuard {
  const key = (userId: string) => `${opts.prefix}:web:login-failures:${userId}`;
  // The address is hashed with the account id: no raw client address is kept in Redis.
  const field = (userId: string, source: string) =>
    createHash('sha256').update(`${userId}|${source}`).digest('base64url').slice(0, 22);
  return {
    async failures(userId, source) {
      return Number((await redis.hget(key(userId), field(userId, source)).catch(unavailable)) ?? 0);
    },
    async recordFailure(userId, source) {
      const res = await redis
        .multi()
        .hincrby(key(userId), field(userId, source), 1)
        .pexpire(key(userId), opts.windowMs)
        .exec()
        .catch(unavailable);
      const [err, count] = res?.[0] ?? [new Error('transaction discarded'), 0];
      if (err) unavailable(err);
      return Number(count);
    },
    async clear(userId, source) {
      await redis.hdel(key(userId), field(userId, source)).catch(unavailable);
    },
    async lockedUntil(userId, lockAfter) {
      const res = await redis.multi().hvals(key(userId)).pttl(key(userId)).exec().catch(unavailable);
      const counts = (res?.[0]?.[1] as string[] | undefined) ?? [];
      const ttl = Number(res?.[1]?.[1] ?? -2);
      return ttl > 0 && counts.some((c) => Number(c) >= lockAfter) ? new Date(Date.now() + ttl) : null;
    },
    async clearAll(userId) {
      await redis.del(key(userId)).catch(unavailable);
    },
  };
}
