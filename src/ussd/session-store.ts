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

/** Dials whose last state a process keeps in memory; the least recently saved go first. */
const RECENT_MAX = 10_000;

/** `text` is the hop whose text was `last`, or the next one (a single input more, so no '*' in what it adds). */
export function nextHop(last: string, text: string): boolean {
  if (text === last) return true;
  if (last === '') return !text.includes('*');
  return text.startsWith(`${last}*`) && !text.includes('*', last.length + 1);
}

export function createSessionStore(redis: Redis, o: SessionStoreOptions) {
  const sessionKey = (id: string) => `${o.prefix}:ussd:s:${id}`;
  const droppedKey = (hash: string) => `${o.prefix}:ussd:d:${hash}`;
  const profileKey = (hash: string) => `${o.prefix}:ussd:p:${hash}`;
  // The dials this process saved last, so the next hop of one skips the read. Redis stays the record: every
  // hop is written there, for resuming and for the other web processes of a deployment.
  const recent = new Map<string, { session: StoredSession; until: number }>();
  const remember = (sessionId: string, session: StoredSession) => {
    recent.delete(sessionId);
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
    recent.set(sessionId, { session, until: Date.now() + o.sessionTtlSeconds * 1000 });
  };
  const stored = async (sessionId: string) => parse<StoredSession>(await redis.get(sessionKey(sessionId)));

  return {
    /** The dial as Redis has it. */
    session: stored,

    /**
     * The dial as this process last saved it when `text` is that hop again or the one right after it, else as
     * Redis has it. Two inputs or more since the copy mean another process answered in between, and replaying
     * them from the copy could split a free text (which may hold a '*') otherwise than that process did.
     */
    async latest(sessionId: string, text: string): Promise<StoredSession | null> {
      const copy = recent.get(sessionId);
      if (copy && copy.until > Date.now() && nextHop(copy.session.text, text)) return copy.session;
      return stored(sessionId);
    },

    /** What the first hop of a dial needs: the phone's profile and the state of its unfinished dial (another session). */
    async beginning(phoneHash: string, sessionId: string): Promise<{ dropped: Dropped | null; profile: Profile | null }> {
      const [unfinished, profile] = await redis.mget(droppedKey(phoneHash), profileKey(phoneHash));
      const earlier =
        unfinished && unfinished !== sessionId ? parse<StoredSession>(await redis.get(sessionKey(unfinished))) : null;
      const dropped =
        earlier && !earlier.state.reference
          ? { sessionId: unfinished!, lang: earlier.state.lang, frame: earlier.state.frame, history: earlier.state.history }
          : null;
      return { dropped, profile: parse<Profile>(profile) };
    },

    async save(sessionId: string, session: StoredSession, writes: SaveWrites = {}): Promise<void> {
      remember(sessionId, session);
      // Separate commands, not a pipeline: the connection auto-pipelines, so the writes of every hop answered
      // in the same tick leave in one socket write (an explicit pipeline is a write of its own, per hop).
      const done: Promise<unknown>[] = [redis.set(sessionKey(sessionId), JSON.stringify(session), 'EX', o.sessionTtlSeconds)];
      if (writes.unfinished === null) done.push(redis.del(droppedKey(session.phoneHash)));
      else if (writes.unfinished)
        done.push(redis.set(droppedKey(session.phoneHash), writes.unfinished, 'EX', o.droppedTtlSeconds));
      if (writes.profile)
        done.push(
          redis.set(profileKey(session.phoneHash), JSON.stringify(writes.profile.value), 'EX', writes.profile.ttlSeconds),
        );
      await Promise.all(done);
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;

/** Its own connection: fails fast when Redis is down (the hop answers at once), batches commands under load. */
export async function createSessionConnection(url: string): Promise<Redis> {
  const { Redis: Client } = await import('ioredis');
  const redis = new Client(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    enableAutoPipelining: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('error', () => undefined); // a hop that cannot reach Redis answers "unavailable" and logs it
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      redis.once('ready', () => (clearTimeout(timer), resolve()));
    });
  }
  return redis;
}
