// Prometheus metrics of one process (prom-client), on a registry of its own so that several runtimes
// can share a process (tests) and each process reports only what it does. Labels are bounded sets:
// never a phone number, a text, an id or a raw path.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Jobs per queue and state, and the age of the oldest job waiting to run, read from Redis at scrape time. */
export interface QueueSnapshot {
  counts: Record<string, Record<string, number>>;
  /** Seconds; absent when nothing waits. */
  oldestWaitingSeconds: Record<string, number>;
}

/** When the oldest stored work not yet done at each stage came in, read from the database (null when none waits). */
export interface Backlog {
  intake: Date | null;
  routing: Date | null;
}

export interface MetricsSources {
  queues?: () => Promise<QueueSnapshot>;
  /** `redis` is false when Redis is unreachable or refuses writes (full). */
  health?: () => Promise<{ database: boolean; redis: boolean }>;
  backlog?: () => Promise<Backlog>;
}

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const PIPELINE_BUCKETS = [0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10, 30, 60, 300, 900, 3600];

export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  const registers = [registry];
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry }); // RSS, heap, event-loop lag, GC
  const sources: MetricsSources = {};

  // One read of Redis per scrape, shared by the two queue gauges.
  let snapshot: { at: number; value: Promise<QueueSnapshot | null> } | undefined;
  const readQueues = () => {
    if (!sources.queues) return Promise.resolve(null);
    if (!snapshot || Date.now() - snapshot.at > 1000) snapshot = { at: Date.now(), value: sources.queues().catch(() => null) };
    return snapshot.value;
  };

  const metrics = {
    registry,
    sources,
    httpRequests: new Counter({
      name: 'sabali_http_requests_total',
      help: 'HTTP requests answered, by route (path pattern) and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'sabali_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route',
      labelNames: ['method', 'route'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    smsSends: new Counter({
      name: 'sabali_sms_sends_total',
      help: 'Send attempts handed to an SMS channel, by channel, purpose and outcome (sent, retry, failed; unknown: an earlier attempt died mid-call)',
      labelNames: ['channel', 'purpose', 'outcome'] as const,
      registers,
    }),
    reportToAlertSent: new Histogram({
      name: 'sabali_report_to_alert_sent_seconds',
      help: 'From the callback that brought a report to each alert SMS for it handed to the channel',
      buckets: PIPELINE_BUCKETS,
      registers,
    }),
    jobWait: new Histogram({
      name: 'sabali_queue_wait_seconds',
      help: 'Time a job waited in its queue before a worker took it (delay excluded), by queue and priority (1 runs first)',
      labelNames: ['queue', 'priority'] as const,
      buckets: PIPELINE_BUCKETS,
      registers,
    }),
    jobs: new Counter({
      name: 'sabali_jobs_total',
      help: 'Jobs run by this process, by queue and outcome (completed, failed)',
      labelNames: ['queue', 'outcome'] as const,
      registers,
    }),
    escalations: new Counter({
      name: 'sabali_escalations_total',
      help: 'Escalation checks of unanswered alerts, by outcome (escalated, expired, skipped)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    queueJobs: new Gauge({
      name: 'sabali_queue_jobs',
      help: 'Jobs in each queue by state (waiting counts prioritized jobs too), read from Redis',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        const snap = await readQueues();
        this.reset();
        for (const [queue, byState] of Object.entries(snap?.counts ?? {})) {
          for (const [state, n] of Object.entries(byState)) this.set({ queue, state }, n);
        }
      },
    }),
    queueOldest: new Gauge({
      name: 'sabali_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job among the next 100 to run in each queue (0 when none waits)',
      labelNames: ['queue'] as const,
      registers,
      async collect() {
        const snap = await readQueues();
        this.reset();
        for (const queue of Object.keys(snap?.counts ?? {})) this.set({ queue }, snap?.oldestWaitingSeconds[queue] ?? 0);
      },
    }),
    backlogOldest: new Gauge({
      name: 'sabali_backlog_oldest_seconds',
      help: 'Age of the oldest stored work not yet done, by stage (intake: messages not yet made reports; routing: reports not yet routed), read from the database whatever Redis holds (0 when none waits)',
      labelNames: ['stage'] as const,
      registers,
      async collect() {
        if (!sources.backlog) return;
        const b = await sources.backlog().catch(() => null);
        this.reset();
        if (!b) return;
        const now = Date.now();
        for (const stage of ['intake', 'routing'] as const)
          this.set({ stage }, b[stage] ? Math.max(0, (now - b[stage].getTime()) / 1000) : 0);
      },
    }),
    dependencyUp: new Gauge({
      name: 'sabali_dependency_up',
      help: 'Whether this process can use its database and Redis (1) or not (0); a Redis that refuses writes (full) counts as 0',
      labelNames: ['dependency'] as const,
      registers,
      async collect() {
        if (!sources.health) return;
        const h = await sources.health().catch(() => ({ database: false, redis: false }));
        this.set({ dependency: 'database' }, h.database ? 1 : 0);
        this.set({ dependency: 'redis' }, h.redis ? 1 : 0);
      },
    }),
  };
  return metrics;
}
export type Metrics = ReturnType<typeof createMetrics>;
