// Outbound SMS: queue once (dedupe key), send through the channel with an "already sent?" guard,
// record every attempt, and apply delivery reports without ever going backwards or past a final state.
import type { Repositories } from '../db/index.ts';
import { randomUUID } from 'node:crypto';
import type { NewOutbound, OutboundState } from '../db/outbound.repo.ts';
import { SendError, type SendOutcome } from '../channels/types.ts';
import type { ChannelRegistry } from '../channels/registry.ts';
import type { Producer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { foldToGsm7, measureSms } from '../sms/encoding.ts';

export interface QueueSms {
  dedupeKey: string;
  purpose: 'alert' | 'update' | 'receipt' | 'help' | 'reply' | 'reminder' | 'broadcast';
  to: string;
  text: string;
  language: string;
  priority: number;
  alertId?: string;
  reportId?: string;
  focalPointId?: string;
  broadcastId?: string;
  /** Fold to GSM-7 (the default); a broadcast sent as written keeps ɛ ɔ and pays for UCS-2. */
  fold?: boolean;
}

export interface DeliveryReport {
  /** The provider's id for the message, or our outbound id when the provider echoes it (Orange's callbackData). */
  providerMessageId: string;
  rawStatus: string;
  state: 'sent' | 'delivered' | 'failed';
  /** The provider's word that no later report will change it; a failure the network may still retry is not final. */
  final: boolean;
  failureReason: string | null;
}

export class UnknownMessageError extends Error {
  readonly code = 'unknown_message';
}

/** How far a message has gone, among states a report may still move; a final state (see canMove) moves no more. */
const RANK: Record<OutboundState, number> = { queued: 0, sent: 1, unknown: 1, failed: 2, delivered: 3 };

/**
 * A delivery state only moves forward, and never from a final one. A failure that is not final (the
 * handset was off, the network keeps trying) still moves to delivered, or to failed for good.
 */
export function canMove(from: { state: OutboundState; final: boolean }, to: { state: OutboundState; final: boolean }): boolean {
  if (from.final) return false;
  const rank = (s: { state: OutboundState; final: boolean }) => (s.final ? 3 : RANK[s.state]);
  return rank(to) > rank(from);
}

export interface OutboundDeps {
  repos: Repositories;
  vault: PhoneVault;
  producer: Producer;
  /** Which channel (with failover) sends each purpose. */
  channels: ChannelRegistry;
  log: Logger;
  /** Told of every send attempt's outcome (metrics); must not throw. */
  onSend?: (e: SendEvent) => void;
}

export interface SendEvent {
  channel: string;
  purpose: string;
  /** 'unknown': an earlier attempt died mid-call (sent again only where the provider deduplicates). */
  outcome: 'sent' | 'retry' | 'failed' | 'unknown';
  alertId: string | null;
  /** For an alert SMS (not an escalation): when the report behind it came in. */
  reportReceivedAt: Date | null;
  at: Date;
}

export function createOutboundService({ repos, vault, producer, channels, log, onSend }: OutboundDeps) {
  function rowFor(sms: QueueSms): NewOutbound {
    const text = sms.fold === false ? sms.text : foldToGsm7(sms.text);
    const { encoding, segments } = measureSms(text);
    return {
      dedupeKey: sms.dedupeKey,
      purpose: sms.purpose,
      channel: channels.forPurpose(sms.purpose).name,
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
      broadcastId: sms.broadcastId ?? null,
    };
  }
  const prepare = (sms: QueueSms): NewOutbound & { id: string } => ({ ...rowFor(sms), id: randomUUID() });

  /** All at once, so the producer adds them in one round trip. */
  async function enqueue(rows: { id: string; priority: number }[]): Promise<void> {
    await Promise.all(
      rows.map((row) =>
        producer
          .send(row.id, row.priority)
          .catch((err: Error) =>
            log.warn({ outboundId: row.id, err: err.message }, 'send job not enqueued; the sweeper will retry'),
          ),
      ),
    );
  }

  return {
    /** Stores the message (once per dedupe key) and enqueues its send job; Redis trouble is left to the sweeper. */
    async queue(sms: QueueSms): Promise<string> {
      const row = await repos.outbound.insert(rowFor(sms));
      await enqueue([row]);
      return row.id;
    },

    /** The row queue() would store, with a new id: for a caller that stores it in its own transaction, then calls enqueue(). */
    prepare,

    /** Enqueues the send jobs of stored messages; Redis trouble is left to the sweeper. */
    enqueue,

    /**
     * Sends one queued message. Throws only when the job should be retried (retryable failure with
     * attempts left); permanent failures and exhausted retries are recorded as failed.
     */
    async send(outboundId: string, attempt: { number: number; max: number }): Promise<'sent' | 'skipped' | 'failed' | 'unknown'> {
      // Marked as started in the same statement when nothing stands in the way (the usual case).
      const msg = await repos.outbound.claim(outboundId);
      if (!msg) {
        log.error({ outboundId }, 'outbound message not found');
        return 'skipped';
      }
      if (msg.state !== 'queued') return 'skipped'; // already sent: never twice
      // A broadcast queued before its recipient said STOP is never sent (checked here, at send time).
      if (msg.purpose === 'broadcast' && (await repos.optOuts.isOptedOut(msg.toHash))) {
        await repos.optOuts.suppressQueued(outboundId, 'opted_out');
        log.info({ outboundId }, 'broadcast not sent: the number opted out');
        return 'skipped';
      }
      const channel = channels.forPurpose(msg.purpose);
      const event = (outcome: SendEvent['outcome'], name = channel.name): SendEvent => ({
        channel: name,
        purpose: msg.purpose,
        outcome,
        alertId: msg.alertId,
        reportReceivedAt: msg.reportReceivedAt,
        at: new Date(),
      });
      if (msg.sendStartedAt) {
        // An earlier attempt called the provider and never recorded how it went (its worker died mid-call):
        // the provider may have the message. Send again only where it drops a repeat of our id.
        const again = channel.deduplicates === true;
        await repos.outbound.recordAttempt(
          outboundId,
          { outcome: 'unknown' },
          again ? { lastError: 'outcome_unknown' } : { state: 'unknown', lastError: 'outcome_unknown' },
        );
        log.warn(
          { outboundId, purpose: msg.purpose, channel: channel.name, sendAgain: again },
          'an earlier send attempt died mid-call; its outcome is unknown',
        );
        onSend?.(event('unknown'));
        if (!again) return 'unknown';
      }
      // Recorded before the provider call, so a worker killed during it leaves a trace the next attempt sees.
      if (!msg.claimed && !(await repos.outbound.startAttempt(outboundId))) return 'skipped';
      let outcome: SendOutcome;
      try {
        const firstFailedAt = msg.firstRetryAt;
        outcome = await channel.send({
          to: vault.decrypt(msg.toEnc),
          text: msg.text,
          key: msg.id,
          ...(firstFailedAt ? { firstFailedAt } : {}),
        });
      } catch (err) {
        const e = err instanceof SendError ? err : new SendError('unexpected', 'retryable', { message: (err as Error).message });
        const lastTry = attempt.number >= attempt.max;
        if (e.kind !== 'permanent' && !lastTry) {
          await repos.outbound.recordAttempt(
            outboundId,
            { outcome: 'retry', errorCode: e.code, providerStatus: e.providerStatus ?? null },
            { lastError: e.code },
          );
          log.warn({ outboundId, code: e.code, kind: e.kind, attempt: attempt.number }, 'sms send failed; will retry');
          onSend?.(event('retry'));
          throw e;
        }
        await repos.outbound.recordAttempt(
          outboundId,
          { outcome: 'failed', errorCode: e.code, providerStatus: e.providerStatus ?? null },
          { state: 'failed', lastError: e.code },
        );
        log.error({ outboundId, code: e.code, kind: e.kind, attempt: attempt.number }, 'sms send failed for good');
        onSend?.(event('failed'));
        return 'failed';
      }
      // Delivery reports come from the channel that actually sent it (after a failover, not the first one).
      const sentBy = outcome.channel ?? channel.name;
      // The provider has it now: wait out a database outage. Should that fail too, the job fails with the
      // attempt still marked started, and the next attempt treats its outcome as unknown (never a blind resend).
      const sentAt = new Date();
      await persistently(() =>
        repos.outbound.recordAttempt(
          outboundId,
          { outcome: 'sent', providerStatus: outcome.providerStatus },
          { state: 'sent', providerMessageId: outcome.providerMessageId, sentAt, lastError: null, channel: sentBy },
        ),
      );
      log.info({ outboundId, purpose: msg.purpose, channel: sentBy }, 'sms sent');
      onSend?.(event('sent', sentBy));
      return 'sent';
    },

    /** Applies a delivery report: history kept, repeats are no-ops, never backwards. */
    async applyDeliveryReport(
      channelName: string,
      dlr: DeliveryReport,
    ): Promise<{ state: OutboundState; changed: boolean; alertId: string | null }> {
      const msg = await repos.outbound.findSentMessage(channelName, dlr.providerMessageId);
      if (!msg) throw new UnknownMessageError(`no message sent with id ${dlr.providerMessageId} on ${channelName}`);
      const to = { state: dlr.state, final: dlr.final };
      // Checked again in the update's WHERE (only from a state that is not final), so concurrent reports cannot move it backwards.
      const movableFrom = (Object.keys(RANK) as OutboundState[]).filter((from) => canMove({ state: from, final: false }, to));
      const event = { rawStatus: dlr.rawStatus, state: dlr.state, final: dlr.final, failureReason: dlr.failureReason };
      const { applied } = await repos.outbound.recordStatus(msg.id, event, movableFrom);
      return { state: applied ? dlr.state : msg.state, changed: applied, alertId: msg.alertId };
    },
  };
}
export type OutboundService = ReturnType<typeof createOutboundService>;

/** Retries a write with backoff (0.1 s doubling to 2 s) for up to `ms`, then gives up with its error. */
async function persistently<T>(write: () => Promise<T>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await write();
    } catch (err) {
      if (Date.now() + delay > deadline) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
