// Queue names, job payloads (ids only, never personal data), deterministic job ids and the producer.
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { microBatch } from '../lib/micro-batch.ts';

export const QUEUE = {
  intake: 'intake',
  routing: 'routing',
  smsSend: 'sms-send',
  escalation: 'escalation',
  webhook: 'webhook',
  voiceCall: 'voice-call',
  voiceRecording: 'voice-recording',
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export interface JobData {
  intake: { inboundId: string };
  routing: { reportId: string };
  'sms-send': { outboundId: string };
  escalation: { alertId: string; level: number };
  webhook: { deliveryId: string };
  'voice-call': { callId: string };
  'voice-recording': { callId: string };
}

/** BullMQ priority: 1 runs first. Severity-3 alerts overtake everything else. */
const JOB_ID_PREFIX: Record<QueueName, string> = {
  intake: 'in-',
  routing: 'rt-',
  'sms-send': 'sms-',
  escalation: 'esc-',
  webhook: 'wh-',
  'voice-call': 'vc-',
  'voice-recording': 'vr-',
};

export function priorityForSeverity(severity: number): number {
  return Math.max(1, 4 - Math.min(3, Math.max(0, severity)));
}
export const RECEIPT_PRIORITY = 5;
/** A call back for a missed call: whatever was reported, after every alert. */
export const CALL_BACK_PRIORITY = 4;

export class QueueUnavailableError extends Error {
  readonly code = 'queue_unavailable';
}

export interface Producer {
  intake(inboundId: string): Promise<void>;
  send(outboundId: string, priority: number): Promise<void>;
  /**
   * A delayed escalation check; one job per alert and level, so it never fires twice. `retimedFor`: the
   * severity an alert was raised to, for a sooner check beside the one already waiting (whichever runs
   * first escalates; the other finds the level moved and does nothing).
   */
  escalation(alertId: string, level: number, delayMs: number, retimedFor?: number, tag?: string): Promise<void>;
  /** One outbound webhook delivery (one job per delivery row), retried with exponential backoff. */
  webhook(deliveryId: string): Promise<void>;
  /** Places the call back of a stored call-back row (one job per row). */
  callBack(callId: string): Promise<void>;
  /** Places a call to a focal point about an alert (one job per row), after `delayMs`; alerts' priority. */
  alertCall(callId: string, delayMs: number): Promise<void>;
  /** Fetches the recording of a call from the provider (one job per call), retried with exponential backoff. */
  recording(callId: string): Promise<void>;
  /** Re-enqueues work left behind: a finished or failed job with the same id is replaced. */
  requeue<Q extends QueueName>(queue: Q, key: string, data: JobData[Q], priority: number): Promise<void>;
  /** The queues themselves, for the dashboard and the metrics (read-only use). */
  readonly queues: Readonly<Record<QueueName, Queue>>;
  close(): Promise<void>;
}

export interface ProducerOptions {
  connection: Redis;
  prefix: string;
  sms: { maxAttempts: number; backoffMs: number };
  /** Outbound webhook deliveries (OUTBOUND_WEBHOOK_MAX_ATTEMPTS, …_BACKOFF_MS); 10 attempts from 10 s when not given. */
  webhook?: { maxAttempts: number; backoffMs: number };
  /** Recording fetches: first retry after this long, doubling (VOICE_RECORDING_BACKOFF_MS); 10 s when not given. */
  recordingBackoffMs?: number;
  /** Give up on Redis after this long so callers can answer quickly. */
  timeoutMs?: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new QueueUnavailableError(`queue did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(new QueueUnavailableError(e instanceof Error ? e.message : String(e)))),
    );
  });
}

export function createProducer(opts: ProducerOptions): Producer {
  const common = { connection: opts.connection, prefix: opts.prefix };
  const keep: JobsOptions = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } };
  const queues = {
    intake: new Queue<JobData['intake']>(QUEUE.intake, {
      ...common,
      defaultJobOptions: { ...keep, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    }),
    routing: new Queue<JobData['routing']>(QUEUE.routing, {
      ...common,
      defaultJobOptions: { ...keep, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    }),
    smsSend: new Queue<JobData['sms-send']>(QUEUE.smsSend, {
      ...common,
      defaultJobOptions: { ...keep, attempts: opts.sms.maxAttempts, backoff: { type: 'exponential', delay: opts.sms.backoffMs } },
    }),
    escalation: new Queue<JobData['escalation']>(QUEUE.escalation, {
      ...common,
      defaultJobOptions: { ...keep, attempts: 10, backoff: { type: 'exponential', delay: 2000 } },
    }),
    webhook: new Queue<JobData['webhook']>(QUEUE.webhook, {
      ...common,
      defaultJobOptions: {
        ...keep,
        attempts: opts.webhook?.maxAttempts ?? 10,
        backoff: { type: 'exponential', delay: opts.webhook?.backoffMs ?? 10_000 },
      },
    }),
    voiceCall: new Queue<JobData['voice-call']>(QUEUE.voiceCall, {
      ...common,
      defaultJobOptions: { ...keep, attempts: 3, backoff: { type: 'exponential', delay: 5000 } },
    }),
    voiceRecording: new Queue<JobData['voice-recording']>(QUEUE.voiceRecording, {
      ...common,
      defaultJobOptions: {
        ...keep,
        attempts: 6,
        backoff: { type: 'exponential', delay: opts.recordingBackoffMs ?? 10_000 },
      },
    }),
  };
  const byName: Record<QueueName, Queue> = {
    intake: queues.intake,
    routing: queues.routing,
    'sms-send': queues.smsSend,
    escalation: queues.escalation,
    webhook: queues.webhook,
    'voice-call': queues.voiceCall,
    'voice-recording': queues.voiceRecording,
  } as Record<QueueName, Queue>;
  for (const q of Object.values(queues)) q.on('error', () => undefined); // surfaced through add() instead
  const ms = opts.timeoutMs ?? 1500;
  // Jobs added together are enqueued together: one Redis round trip (MULTI) per queue for the lot, for
  // callbacks accepted in the same turn and for the sends and escalation checks of reports routed together.
  const bulk = <T>(queue: Queue, name: QueueName, job: (item: T) => { data: object; opts: JobsOptions }) =>
    microBatch<T, void>({
      maxItems: 200,
      run: async (items) => {
        await queue.addBulk(items.map((item) => ({ name, ...job(item) })));
        return items.map(() => undefined);
      },
    });
  const intakeBatch = bulk<string>(queues.intake, QUEUE.intake, (inboundId) => ({
    data: { inboundId },
    opts: { jobId: `${JOB_ID_PREFIX.intake}${inboundId}`, priority: 2 },
  }));
  const sendBatch = bulk<{ outboundId: string; priority: number }>(queues.smsSend, QUEUE.smsSend, ({ outboundId, priority }) => ({
    data: { outboundId },
    opts: { jobId: `${JOB_ID_PREFIX['sms-send']}${outboundId}`, priority },
  }));
  const escalationBatch = bulk<{
    alertId: string;
    level: number;
    delayMs: number;
    retimedFor?: number | undefined;
    tag?: string | undefined;
  }>(queues.escalation, QUEUE.escalation, ({ alertId, level, delayMs, retimedFor, tag }) => ({
    data: { alertId, level },
    opts: {
      jobId: `${JOB_ID_PREFIX.escalation}${alertId}-${level}${retimedFor ? `-s${retimedFor}` : ''}${tag ? `-${tag}` : ''}`,
      priority: 1,
      delay: Math.max(0, Math.round(delayMs)),
    },
  }));
  return {
    queues: byName,
    intake: async (inboundId) => void (await withTimeout(intakeBatch.push(inboundId), ms)),
    send: async (outboundId, priority) => void (await withTimeout(sendBatch.push({ outboundId, priority }), ms)),
    escalation: async (alertId, level, delayMs, retimedFor, tag) =>
      void (await withTimeout(escalationBatch.push({ alertId, level, delayMs, retimedFor, tag }), ms)),
    webhook: async (deliveryId) =>
      void (await withTimeout(
        queues.webhook.add(QUEUE.webhook, { deliveryId }, { jobId: `${JOB_ID_PREFIX.webhook}${deliveryId}`, priority: 4 }),
        ms,
      )),
    callBack: async (callId) =>
      void (await withTimeout(
        queues.voiceCall.add(
          QUEUE.voiceCall,
          { callId },
          { jobId: `${JOB_ID_PREFIX['voice-call']}${callId}`, priority: CALL_BACK_PRIORITY },
        ),
        ms,
      )),
    alertCall: async (callId, delayMs) =>
      void (await withTimeout(
        queues.voiceCall.add(
          QUEUE.voiceCall,
          { callId },
          { jobId: `${JOB_ID_PREFIX['voice-call']}${callId}`, priority: 1, delay: Math.max(0, Math.round(delayMs)) },
        ),
        ms,
      )),
    recording: async (callId) =>
      void (await withTimeout(
        queues.voiceRecording.add(
          QUEUE.voiceRecording,
          { callId },
          { jobId: `${JOB_ID_PREFIX['voice-recording']}${callId}`, priority: CALL_BACK_PRIORITY },
        ),
        ms,
      )),
    async requeue(queue, key, data, priority) {
      const q = byName[queue];
      const jobId = `${JOB_ID_PREFIX[queue]}${key}`;
      await withTimeout(
        (async () => {
          const existing = await q.getJob(jobId);
          if (existing) {
            const state = await existing.getState();
            if (state !== 'completed' && state !== 'failed') return;
            await existing.remove();
          }
          await q.add(queue, data, { jobId, priority });
        })(),
        ms,
      );
    },
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}
