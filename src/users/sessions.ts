// Dashboard sessions in Redis: a random id in an HttpOnly cookie, stored only as its SHA-256, with a
// CSRF token of its own and a sliding expiry.
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface Session {
  id: string;
  userId: string;
  csrf: string;
  createdAt: string;
}

export interface SessionStore {
  create(userId: string): Promise<Session>;
  /** The session behind a cookie value, its expiry pushed back; null when unknown or expired. */
  get(id: string): Promise<Session | null>;
  destroy(id: string): Promise<void>;
}

/** Redis refused or could not take a session read or write (down, or full at its maxmemory): the page answers 503. */
export class SessionStoreUnavailableError extends Error {
  readonly code = 'session_store_unavailable';
  constructor(cause: unknown) {
    // The cause's message only: a Redis error can quote the command, and its arguments are the session.
    super(`session store unavailable: ${cause instanceof Error ? cause.message.split('\n')[0]!.slice(0, 120) : 'error'}`);
  }
}

const unavailable = (err: unknown): never => {
  throw new SessionStoreUnavailableError(err);
};

export function createSessionStore(redis: Redis, opts: { prefix: string; ttlMs: number }): SessionStore {
  const key = (id: string) => `${opts.prefix}:web:session:${createHash('sha256').update(id).digest('base64url')}`;
  return {
    async create(userId) {
      const session: Session = {
        id: randomBytes(32).toString('base64url'),
        userId,
        csrf: randomBytes(24).toString('base64url'),
        createdAt: new Date().toISOString(),
      };
      const { id: _id, ...stored } = session;
      await redis.set(key(session.id), JSON.stringify(stored), 'PX', Math.round(opts.ttlMs)).catch(unavailable);
      return session;
    },
    async get(id) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(id)) return null;
      const raw = await redis.getex(key(id), 'PX', Math.round(opts.ttlMs)).catch(unavailable);
      if (!raw) return null;
      const stored = JSON.parse(raw) as Omit<Session, 'id'>;
      return { id, ...stored };
    },
    async destroy(id) {
      await redis.del(key(id)).catch(unavailable);
    },
  };
}
