// USSD state in Redis: the dial (by session id, a few minutes), the phone's unfinished dial (a pointer by
// phone hash, offered for resuming), and the phone's profile (language, last place) so a menu hop never waits on PostgreSQL.
import type { Redis } from 'ioredis';
import type { Reply } from './screens.ts';
import type { Profile, Resumable, UssdState } from './types.ts';

export interface StoredSession {
  phoneHash: string;
  /** The state before any input: a hop that does not extend `text` is replayed from it. */
  start: UssdState;
  /** The `text` of the last hop answered, and its answer (a repeated hop gets the same one). */
  text: string;
  state: UssdState;
  reply: Reply;
  /** This dial wrote the phone's dropped-dial key. */
  ownsDropped?: boolean;
}

export interface Dropped extends Resumable {
  sessionId: string;
}

/** How long the phone's pointer to its unfinished dial lives after the last hop; the dial itself lives longer. */

export interface SessionStoreOptions {
  prefix: string;
  sessionTtlSeconds: number;
  droppedTtlSeconds: number;
}

export interface SaveWrites {
  /** Keep (undefined), point at this session (its id), or delete (null) the phone's unfinished dial. */
  unfinished?: string | null;
  profile?: { value: Profile; ttlSeconds: number };
}

function parse<T>(raw: string | null | undefined): T | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function createSessionStore(redis: Redis, o: SessionStoreOptions) {
  const sessionKey = (id: string) => `${o.prefix}:ussd:s:${id}`;
  const droppedKey = (hash: string) => `${o.prefix}:ussd:d:${hash}`;
  const profileKey = (hash: string) => `${o.prefix}:ussd:p:${hash}`;

  return {
    async session(sessionId: string): Promise<StoredSession | null> {
      return parse<StoredSession>(await redis.get(sessionKey(sessionId)));
    },

    /** What the first hop of a dial needs: the phone's profile and the state of its unfinished dial (another session). */
    async beginning(phoneHash: string, sessionId: string): Promise<{ dropped: Dropped | null; profile: Profile | null }> {
      const [unfinished, profile] = await redis.mget(droppedKey(phoneHash), profileKey(phoneHash));
      const earlier = unfinished && unfinished !== sessionId ? parse<StoredSession>(await redis.get(sessionKey(unfinished))) : null;
      const dropped = earlier && !earlier.state.reference ? { sessionId: unfinished!, lang: earlier.state.lang, frame: earlier.state.frame, history: earlier.state.history } : null;
      return { dropped, profile: parse<Profile>(profile) };
    },

    async save(sessionId: string, session: StoredSession, writes: SaveWrites = {}): Promise<void> {
      const value = JSON.stringify(session);
      if (writes.unfinished === undefined && !writes.profile) {
        await redis.set(sessionKey(sessionId), value, 'EX', o.sessionTtlSeconds);
        return;
      }
      const batch = redis.pipeline().set(sessionKey(sessionId), value, 'EX', o.sessionTtlSeconds);
      if (writes.unfinished === null) batch.del(droppedKey(session.phoneHash));
      else if (writes.unfinished) batch.set(droppedKey(session.phoneHash), writes.unfinished, 'EX', o.droppedTtlSeconds);
      if (writes.profile) batch.set(profileKey(session.phoneHash), JSON.stringify(writes.profile.value), 'EX', writes.profile.ttlSeconds);
      const results = await batch.exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw failed?.[0] ?? new Error('USSD session not saved');
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;

/** Its own connection: fails fast when Redis is down (the hop answers at once), batches commands under load. */
export async function createSessionConnection(url: string): Promise<Redis> {
  const { Redis: Client } = await import('ioredis');
  const redis = new Client(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, enableAutoPipelining: true, retryStrategy: (times) => Math.min(times * 200, 2000) });
  redis.on('error', () => undefined); // a hop that cannot reach Redis answers "unavailable" and logs it
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      redis.once('ready', () => (clearTimeout(timer), resolve()));
    });
  }
  return redis;
}
