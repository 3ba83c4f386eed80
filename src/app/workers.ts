// Wires each queue to its handler (the composition root's half for jobs) and runs the sweeper.
// Refuses to start when a queue has no handler or two.
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { SendError } from '../channels/types.ts';
import { QUEUE, type JobData, type QueueName } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import type { IntakeService } from '../intake/intake.service.ts';
import type { OutboundService } from '../outbound/outbound.service.ts';
import type { RoutingService } from '../routing/routing.service.ts';
import type { Sweeper } from '../recovery/sweeper.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import type { PrivacyService } from '../safety/privacy.service.ts';
import type { ClassifierService } from '../learning/classifier.service.ts';
import type { LanguagesService } from '../languages/languages.service.ts';
import { observeJob } from '../metrics/hooks.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Repositories } from '../db/index.ts';
import type { WebhooksService } from '../webhooks/webhooks.service.ts';
import type { CallBacksService } from '../voice/call-backs.service.ts';
import type { RecordingsService } from '../voice/recordings.service.ts';
import type { CheckinsService } from '../checkins/checkins.service.ts';

/** How often a worker links new audit entries into the hash chain. */
const AUDIT_SEAL_INTERVAL_MS = 1000;

export interface WorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  sms: { ratePerSecond: number };
  sweepIntervalMs: number;
  repos: Repositories;
  intake: IntakeService;
  routing: RoutingService;
  outbound: OutboundService;
  alerts: AlertsService;
  privacy: PrivacyService;
  classifier: ClassifierService;
  /** Speakers' accepted corrections of texts and lexicon. */
  languages: LanguagesService;
  callBacks: CallBacksService;
  recordings: RecordingsService;
  /** Reminds committees that missed their check-in, once per silence. */
  checkins: CheckinsService;
  sweeper: Sweeper;
  /** Outbound webhooks (their subscriptions and deliveries). */
  subscriptions: WebhooksService;
  log: Logger;
  metrics?: Metrics;
  /** BullMQ lockDuration and stalledInterval: a killed worker's jobs run again within about twice this. */
  lockMs?: number;
}

export interface Workers {
  close(): Promise<void>;
}

type Handlers = { [Q in QueueName]: (job: Job<JobData[Q]>) => Promise<unknown> };

export function startWorkers(deps: WorkerDeps): Workers {
  const handlers: Handlers = {
    intake: (job) => deps.intake.process(job.data.inboundId),
    routing: (job) => deps.routing.route(job.data.reportId),
    'sms-send': (job) => deps.outbound.send(job.data.outboundId, { number: job.attemptsMade + 1, max: job.opts.attempts ?? 1 }),
    escalation: (job) => deps.alerts.escalate(job.data.alertId, job.data.level),
    webhook: (job) => deps.subscriptions.deliver(job.data.deliveryId),
    'voice-call': (job) => deps.callBacks.place(job.data.callId),
    'voice-recording': (job) => deps.recordings.fetch(job.data.callId),
  };
  const names = Object.values(QUEUE);
  const missing = names.filter((q) => typeof handlers[q] !== 'function');
  if (missing.length > 0 || Object.keys(handlers).length !== names.length) {
    throw new Error(`job registry mismatch: queues ${names.join(', ')} vs handlers ${Object.keys(handlers).join(', ')}`);
  }

  const workers = names.map((name) => {
    const handler = handlers[name] as (job: Job) => Promise<unknown>;
    const worker = new Worker(name, deps.metrics ? observeJob(deps.metrics, name, handler) : handler, {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency,
      ...(deps.lockMs ? { lockDuration: deps.lockMs, stalledInterval: deps.lockMs } : {}),
      ...(name === QUEUE.smsSend ? { limiter: { max: Math.max(1, Math.round(deps.sms.ratePerSecond)), duration: 1000 } } : {}),
    });
    // A provider's refusal quotes its answer, which can name the recipient's number: log its code only.
    worker.on('failed', (job, err) =>
      deps.log.warn(
        {
          queue: name,
          jobId: job?.id,
          attempts: job?.attemptsMade,
          err: err instanceof SendError ? `${err.kind}: ${err.code}` : err.message,
        },
        'job failed',
      ),
    );
    worker.on('error', (err) => deps.log.error({ queue: name, err: err.message }, 'worker error'));
    return worker;
  });

  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    deps.sweeper
      .sweep()
      .then(() => deps.privacy.maintain())
      .then(() => deps.checkins.remind())
      .then(() => deps.classifier.refresh()) // corrections made in triage retrain the model, no code change
      .then(() => deps.languages.refresh()) // a speaker's accepted correction reaches every worker
      .catch((err: Error) => deps.log.warn({ err: err.message }, 'sweep failed; will try again'))
      .finally(() => (sweeping = false));
  }, deps.sweepIntervalMs);
  timer.unref();

  // Audit entries are linked into the hash chain soon after they commit (src/db/audit.repo.ts).
  let sealing = false;
  const sealTimer = setInterval(() => {
    if (sealing) return;
    sealing = true;
    deps.repos.alerts
      .sealAudit()
      .catch((err: Error) => deps.log.warn({ err: err.message }, 'audit sealing failed; will try again'))
      .finally(() => (sealing = false));
  }, AUDIT_SEAL_INTERVAL_MS);
  sealTimer.unref();

  return {
    async close() {
      clearInterval(timer);
      clearInterval(sealTimer);
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
