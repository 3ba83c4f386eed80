// Turns what the services report (send outcomes, job runs) into metrics, so the services know nothing
// of Prometheus. "Report to alert sent" comes with the send event (read with the message it sent).
import type { Job } from 'bullmq';
import type { SendEvent } from '../outbound/outbound.service.ts';
import type { Metrics } from './metrics.ts';

export function sendObserver(metrics: Metrics): (e: SendEvent) => void {
  return (e) => {
    metrics.smsSends.inc({ channel: e.channel, purpose: e.purpose, outcome: e.outcome });
    // Escalations wait by design (reportReceivedAt is null for them): not pipeline latency.
    if (e.outcome !== 'sent' || e.purpose !== 'alert' || !e.reportReceivedAt) return;
    metrics.reportToAlertSent.observe(Math.max(0, e.at.getTime() - e.reportReceivedAt.getTime()) / 1000);
  };
}

/** Wraps a job handler: time waited in the queue, outcome, and escalation outcomes. */
export function observeJob<T>(
  metrics: Metrics,
  queue: string,
  handler: (job: Job<T>) => Promise<unknown>,
): (job: Job<T>) => Promise<unknown> {
  return async (job) => {
    if (job.attemptsMade === 0) {
      const ready = job.timestamp + (job.opts.delay ?? 0);
      metrics.jobWait.observe({ queue, priority: String(job.opts.priority ?? 0) }, Math.max(0, Date.now() - ready) / 1000);
    }
    try {
      const result = await handler(job);
      metrics.jobs.inc({ queue, outcome: 'completed' });
      if (queue === 'escalation' && typeof result === 'string') metrics.escalations.inc({ outcome: result });
      return result;
    } catch (err) {
      metrics.jobs.inc({ queue, outcome: 'failed' });
      throw err;
    }
  };
}
