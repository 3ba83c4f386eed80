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
  /** Outbound webhooks: fan out events written but never fanned out (src/webhooks/webhooks.service.ts). */
  dispatchEvents?: (eventIds: string[]) => Promise<void>;
}

export function createSweeper({ repos, producer, log, afterMs, batch = 500, dispatchEvents }: SweeperDeps) {
  return {
    /**
     * `urgent`: Redis lost its data, so nothing stored is queued any more: take everything now, whatever its
     * age, and severity-3 work first (its routing jobs and priority-1 sends before the rest).
     */
    async sweep(
      opts: { now?: Date; urgent?: boolean } = {},
    ): Promise<{ inbound: number; reports: number; outbound: number; escalations: number; webhooks: number }> {
      const now = opts.now ?? new Date();
      const before = opts.urgent ? now : new Date(now.getTime() - afterMs);
      const [inbound, reports, outbound, escalations, events, deliveries] = await Promise.all([
        repos.inbound.stale(before, batch),
        repos.reports.unrouted(before, batch),
        repos.outbound.staleQueued(before, batch),
        repos.alerts.overdueEscalations(before, batch),
        repos.webhooks.eventsNotFannedOut(before, batch),
        repos.webhooks.stalePending(before, batch),
      ]);
      // Webhook events whose fan-out never ran (it enqueues their deliveries), then pending deliveries whose
      // job is gone: the queue keeps a waiting or backing-off job, so only lost ones are added again.
      if (events.length > 0) await dispatchEvents?.(events);
      const tasks: { first: boolean; run: () => Promise<void> }[] = [
        ...inbound.map((id) => ({ first: false, run: () => producer.requeue(QUEUE.intake, id, { inboundId: id }, 2) })),
        ...reports.map((r) => {
          const priority = priorityForSeverity(r.severity);
          return { first: priority === 1, run: () => producer.requeue(QUEUE.routing, r.id, { reportId: r.id }, priority) };
        }),
        ...outbound.map((m) => ({
          first: m.priority === 1,
          run: () => producer.requeue(QUEUE.smsSend, m.id, { outboundId: m.id }, m.priority),
        })),
        ...escalations.map((a) => {
          const level = a.escalationLevel + 1;
          return { first: false, run: () => producer.requeue(QUEUE.escalation, `${a.id}-${level}`, { alertId: a.id, level }, 1) };
        }),
        ...deliveries.map((id) => ({ first: false, run: () => producer.requeue(QUEUE.webhook, id, { deliveryId: id }, 4) })),
      ];
      const ordered = opts.urgent ? [...tasks.filter((t) => t.first), ...tasks.filter((t) => !t.first)] : tasks;
      for (const t of ordered) await t.run();
      const counts = {
        inbound: inbound.length,
        reports: reports.length,
        outbound: outbound.length,
        escalations: escalations.length,
        webhooks: events.length + deliveries.length,
      };
      if (Object.values(counts).some((n) => n > 0))
        log.info({ ...counts, urgent: opts.urgent === true }, 'sweeper re-enqueued work left behind');
      return counts;
    },
  };
}
export type Sweeper = ReturnType<typeof createSweeper>;
