// Re-enqueues work that was stored but never processed (Redis down at the time, process killed),
// so nothing accepted is ever lost. Safe to run in every worker: every job is idempotent.
import type { Repositories } from '../db/index.ts';
import { priorityForSeverity, QUEUE, type Producer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';

export interface SweeperDeps {
  repos: Repositories;
  producer: Producer;
  log: Logger;
  /** Only touch work older than this, so the normal path has time to run. */
  afterMs: number;
  batch?: number;
}

export function createSweeper({ repos, producer, log, afterMs, batch = 500 }: SweeperDeps) {
  return {
    async sweep(now = new Date()): Promise<{ inbound: number; reports: number; outbound: number; escalations: number }> {
      const before = new Date(now.getTime() - afterMs);
      const inbound = await repos.inbound.stale(before, batch);
      for (const id of inbound) await producer.requeue(QUEUE.intake, id, { inboundId: id }, 2);
      const reports = await repos.reports.unrouted(before, batch);
      for (const r of reports) await producer.requeue(QUEUE.routing, r.id, { reportId: r.id }, priorityForSeverity(r.severity));
      const outbound = await repos.outbound.staleQueued(before, batch);
      for (const m of outbound) await producer.requeue(QUEUE.smsSend, m.id, { outboundId: m.id }, m.priority);
      const escalations = await repos.alerts.overdueEscalations(before, batch);
      for (const a of escalations) {
        const level = a.escalationLevel + 1;
        await producer.requeue(QUEUE.escalation, `${a.id}-${level}`, { alertId: a.id, level }, 1);
      }
      const counts = { inbound: inbound.length, reports: reports.length, outbound: outbound.length, escalations: escalations.length };
      if (counts.inbound + counts.reports + counts.outbound + counts.escalations > 0) log.info(counts, 'sweeper re-enqueued work left behind');
      return counts;
    },
  };
}
export type Sweeper = ReturnType<typeof createSweeper>;
