// Notices that Redis lost its data (restarted without persistence, flushed): a marker key the deployment
// keeps there is gone. Every job it held is gone with it, so the sweeper re-enqueues everything stored at
// once, severity 3 first, instead of waiting for the usual age threshold.
import type { Redis } from 'ioredis';
import type { Logger } from '../log.ts';

export interface RedisLossDeps {
  /** The connection that reads and writes the marker. */
  redis: Redis;
  /** Connections whose reconnection ("ready") triggers a check at once. */
  watch: readonly Redis[];
  key: string;
  /** Also checked this often (a flush without a reconnect). */
  intervalMs: number;
  /** Re-enqueues everything stored; retried until it succeeds. */
  recover: () => Promise<unknown>;
  log: Logger;
}

export function watchRedisLoss({ redis, watch, key, intervalMs, recover, log }: RedisLossDeps): {
  check(): Promise<void>;
  stop(): void;
} {
  let owed = false; // the marker was found missing and recovery has not succeeded yet
  let running: Promise<void> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  const check = () =>
    (running ??= (async () => {
      if (stopped) return;
      try {
        // SET NX: only the one process that finds the marker missing recovers.
        if ((await redis.set(key, new Date().toISOString(), 'NX')) === 'OK') {
          log.warn({ key }, 'Redis lost its data (the marker key was missing): re-enqueuing all stored work now');
          owed = true;
        }
        if (owed) {
          await recover();
          owed = false;
        }
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'Redis loss check failed; will try again');
      } finally {
        running = undefined;
        if (owed && !stopped) retry ??= setTimeout(() => ((retry = undefined), void check()), 500).unref();
      }
    })());
  const onReady = () => void check();
  for (const c of watch) c.on('ready', onReady);
  const timer = setInterval(onReady, intervalMs).unref();
  if (redis.status === 'ready') onReady();
  return {
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
      if (retry) clearTimeout(retry);
      for (const c of watch) c.off('ready', onReady);
    },
  };
}
