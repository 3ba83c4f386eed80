// Outbound SMS: queue once (dedupe key), send through the channel with an "already sent?" guard,
// record every attempt, and apply delivery reports without ever going backwards.
import type { Repositories } from '../db/index.ts';
import type { OutboundState } from '../db/outbound.repo.ts';
import { SendError, type SmsChannel } from '../channels/types.ts';
import type { Producer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { foldToGsm7, measureSms } from '../sms/encoding.ts';

export interface QueueSms {
  dedupeKey: string;
  purpose: 'alert' | 'update' | 'receipt' | 'help' | 'reply';
  to: string;
  text: string;
  language: string;
  priority: number;
  alertId?: string;
  reportId?: string;
  focalPointId?: string;
}

export interface DeliveryReport {
  providerMessageId: string;
  rawStatus: string;
  state: 'sent' | 'delivered' | 'failed';
  failureReason: string | null;
}

export class UnknownMessageError extends Error {
  readonly code = 'unknown_message';
}

const RANK: Record<OutboundState, number> = { queued: 0, sent: 1, delivered: 2, failed: 2 };

/** A delivery state may only move forward, and a final state (delivered, failed) never changes. */
export function canMove(from: OutboundState, to: OutboundState): boolean {
  return RANK[to] > RANK[from];
}

export interface OutboundDeps {
  repos: Repositories;
  vault: PhoneVault;
  producer: Producer;
  channel: SmsChannel;
  log: Logger;
}

export function createOutboundService({ repos, vault, producer, channel, log }: OutboundDeps) {
  return {
    /** Stores the message (once per dedupe key) and enqueues its send job; Redis trouble is left to the sweeper. */
    async queue(sms: QueueSms): Promise<string> {
      const text = foldToGsm7(sms.text);
      const { encoding, segments } = measureSms(text);
      const row = await repos.outbound.insert({
        dedupeKey: sms.dedupeKey,
        purpose: sms.purpose,
        channel: channel.name,
        toHash: vault.hash(sms.to),
        toEnc: vault.encrypt(sms.to),
        text,
        language: sms.language,
        encoding,
        segments,
        priority: sms.priority,
        alertId: sms.alertId ?? null,
        reportId: sms.reportId ?? null,
        focalPointId: sms.focalPointId ?? null,
      });
      try {
        await producer.send(row.id, row.priority);
      } catch (err) {
        log.warn({ outboundId: row.id, err: (err as Error).message }, 'send job not enqueued; the sweeper will retry');
      }
      return row.id;
    },

    /**
     * Sends one queued message. Throws only when the job should be retried (retryable failure with
     * attempts left); permanent failures and exhausted retries are recorded as failed.
     */
    async send(outboundId: string, attempt: { number: number; max: number }): Promise<'sent' | 'skipped' | 'failed'> {
      const msg = await repos.outbound.get(outboundId);
      if (!msg) {
        log.error({ outboundId }, 'outbound message not found');
        return 'skipped';
      }
      if (msg.state !== 'queued') return 'skipped'; // already sent: never twice
      try {
        const outcome = await channel.send({ to: vault.decrypt(msg.toEnc), text: msg.text });
        await repos.outbound.recordAttempt(
          outboundId,
          { outcome: 'sent', providerStatus: outcome.providerStatus },
          { state: 'sent', providerMessageId: outcome.providerMessageId, sentAt: new Date(), lastError: null },
        );
        log.info({ outboundId, purpose: msg.purpose, channel: channel.name }, 'sms sent');
        return 'sent';
      } catch (err) {
        const e = err instanceof SendError ? err : new SendError('unexpected', 'retryable', { message: (err as Error).message });
        const lastTry = attempt.number >= attempt.max;
        if (e.kind !== 'permanent' && !lastTry) {
          await repos.outbound.recordAttempt(outboundId, { outcome: 'retry', errorCode: e.code, providerStatus: e.providerStatus ?? null }, { lastError: e.code });
          log.warn({ outboundId, code: e.code, kind: e.kind, attempt: attempt.number }, 'sms send failed; will retry');
          throw e;
        }
        await repos.outbound.recordAttempt(
          outboundId,
          { outcome: 'failed', errorCode: e.code, providerStatus: e.providerStatus ?? null },
          { state: 'failed', lastError: e.code },
        );
        log.error({ outboundId, code: e.code, kind: e.kind, attempt: attempt.number }, 'sms send failed for good');
        return 'failed';
      }
    },

    /** Applies a delivery report: history kept, repeats are no-ops, never backwards. */
    async applyDeliveryReport(channelName: string, dlr: DeliveryReport): Promise<{ state: OutboundState; changed: boolean; alertId: string | null }> {
      const msg = await repos.outbound.findByProviderId(channelName, dlr.providerMessageId);
      if (!msg) throw new UnknownMessageError(`no message sent with id ${dlr.providerMessageId} on ${channelName}`);
      const movableFrom = (Object.keys(RANK) as OutboundState[]).filter((from) => canMove(from, dlr.state));
      const { applied } = await repos.outbound.recordStatus(msg.id, { rawStatus: dlr.rawStatus, state: dlr.state, failureReason: dlr.failureReason }, movableFrom);
      return { state: applied ? dlr.state : msg.state, changed: applied, alertId: msg.alertId };
    },
  };
}
export type OutboundService = ReturnType<typeof createOutboundService>;
