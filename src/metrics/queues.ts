// Reads queue depths and the age of the oldest waiting job from Redis, for the metrics scrape.
import type { Queue } from 'bullmq';
import type { QueueSnapshot } from './metrics.ts';

const STATES = ['wait', 'prioritized', 'active', 'delayed', 'failed'] as const;
/** Every job gets a priority, so "waiting" is mostly the prioritized set; we look at the next 100 to run. */
const HEAD = 100;

export function queueSnapshot(queues: Readonly<Record<string, Queue>>): () => Promise<QueueSnapshot> {
  return async () => {
    const now = Date.now();
    const entries = await Promise.all(
      Object.entries(queues).map(async ([name, q]) => {
        const [counts, head] = await Promise.all([
          q.getJobCounts(...STATES),
          q.getJobs(['wait', 'prioritized'], 0, HEAD - 1, true),
        ]);
        const oldest = head.reduce((min, j) => Math.min(min, j.timestamp), Infinity);
        const byState = {
          waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
        };
        return [name, byState, Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : undefined] as const;
      }),
    );
    const snap: QueueSnapshot = { counts: {}, oldestWaitingSeconds: {} };
    for (const [name, byState, age] of entries) {
      snap.counts[name] = byState;
      if (age !== undefined) snap.oldestWaitingSeconds[name] = age;
    }
    return snap;
  };
}
