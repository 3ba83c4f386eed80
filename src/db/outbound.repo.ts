// Outbound SMS, each send attempt, and the delivery-report history.
import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation, rethrowWithoutValues } from './errors.ts';
import { olderThan, type Page } from './reports.repo.ts';

export interface NewOutbound {
  dedupeKey: string;
  purpose: string;
  channel: string;
  toHash: string;
  toEnc: string;
  text: string;
  language: string;
  encoding: string;
  segments: number;
  priority: number;
  alertId?: string | null;
  reportId?: string | null;
  focalPointId?: string | null;
  broadcastId?: string | null;
}

/** 'unknown': an attempt died mid-call and the provider cannot deduplicate on our id, so it was not sent again (see the README). */
export type OutboundState = 'queued' | 'sent' | 'delivered' | 'failed' | 'unknown';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OutboundToSend {
  id: string;
  state: OutboundState;
  purpose: string;
  toHash: string;
  toEnc: string;
  text: string;
  alertId: string | null;
  priority: number;
  /** When its first retried failure happened (null when none). */
  firstRetryAt: Date | null;
  /** Set when an attempt called the provider and never recorded how it went (its worker died mid-call). */
  sendStartedAt: Date | null;
  /** For an alert's first SMS (not an escalation): when the report's SMS came in, for the latency metric. */
  reportReceivedAt: Date | null;
}

export function outboundRepository(prisma: PrismaClient) {
  return {
    /** One row per dedupe key: queuing the same message twice returns the first. */
    async insert(data: NewOutbound): Promise<{ id: string; priority: number; created: boolean }> {
      try {
        const row = await prisma.outboundMessage.create({ data, select: { id: true, priority: true } });
        return { ...row, created: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const row = await prisma.outboundMessage.findUniqueOrThrow({
          where: { dedupeKey: data.dedupeKey },
          select: { id: true, priority: true },
        });
        return { ...row, created: false };
      }
    },
    /**
     * What sending needs, in one statement (the hot path of the send worker): the message as it was, when its
     * first retried failure was (when failing over started to count), for an alert when its report came in,
     * and whether this call marked the send as started (`claimed`): only a queued message with no attempt in
     * flight, and never a broadcast (its recipient's opt-out is checked first, then `startAttempt`).
     */
    async claim(id: string): Promise<(OutboundToSend & { claimed: boolean }) | null> {
      const rows = await prisma.$queryRaw<(OutboundToSend & { claimed: boolean })[]>`
        WITH claimed AS (
          UPDATE outbound_messages SET send_started_at = ${new Date()}::timestamptz, updated_at = ${new Date()}::timestamptz
           WHERE id = ${id}::uuid AND state = 'queued' AND send_started_at IS NULL AND purpose <> 'broadcast'
          RETURNING id)
        SELECT o.id::text AS id, o.state::text AS state, o.purpose, o.to_hash AS "toHash", o.to_enc AS "toEnc", o.text,
               o.alert_id::text AS "alertId", o.priority, o.send_started_at AS "sendStartedAt",
               (SELECT min(s.at) FROM send_attempts s WHERE s.outbound_id = o.id AND s.outcome = 'retry') AS "firstRetryAt",
               CASE WHEN a.escalation_level = 0 THEN i.received_at END AS "reportReceivedAt",
               EXISTS (SELECT 1 FROM claimed) AS claimed
          FROM outbound_messages o
          LEFT JOIN alerts a ON a.id = o.alert_id AND o.purpose = 'alert'
          LEFT JOIN reports r ON r.id = a.report_id
          LEFT JOIN inbound_messages i ON i.id = r.inbound_id
         WHERE o.id = ${id}::uuid`.catch(rethrowWithoutValues);
      return rows[0] ?? null;
    },
    /**
     * Marks a send as started, before the provider is called; false when the message is no longer queued
     * or another attempt is already in flight.
     */
    async startAttempt(id: string): Promise<boolean> {
      const n = await prisma.outboundMessage.updateMany({
        where: { id, state: 'queued', sendStartedAt: null },
        data: { sendStartedAt: new Date() },
      });
      return n.count === 1;
    },
    /**
     * Counts the attempt, records it, clears the in-flight mark and applies `update`: one statement, so all
     * or nothing. Outcome 'unknown': an earlier attempt died mid-call.
     */
    async recordAttempt(
      id: string,
      attempt: { outcome: 'sent' | 'retry' | 'failed' | 'unknown'; errorCode?: string | null; providerStatus?: string | null },
      update: {
        state?: OutboundState;
        providerMessageId?: string | null;
        sentAt?: Date;
        lastError?: string | null;
        channel?: string;
      },
    ) {
      const set: Prisma.Sql[] = [
        Prisma.sql`attempts = attempts + 1`,
        Prisma.sql`updated_at = ${new Date()}::timestamptz`,
        Prisma.sql`send_started_at = NULL`,
      ];
      // A send that failed for good is final: no delivery report will follow.
      if (update.state !== undefined)
        set.push(Prisma.sql`state = ${update.state}::"OutboundState"`, Prisma.sql`state_final = ${update.state === 'failed'}`);
      if (update.providerMessageId !== undefined) set.push(Prisma.sql`provider_message_id = ${update.providerMessageId}`);
      if (update.sentAt !== undefined) set.push(Prisma.sql`sent_at = ${update.sentAt}::timestamptz`);
      if (update.lastError !== undefined) set.push(Prisma.sql`last_error = ${update.lastError}`);
      if (update.channel !== undefined) set.push(Prisma.sql`channel = ${update.channel}`);
      const n = await prisma.$executeRaw(Prisma.sql`
        WITH moved AS (UPDATE outbound_messages SET ${Prisma.join(set)} WHERE id = ${id}::uuid RETURNING attempts)
        INSERT INTO send_attempts (id, outbound_id, attempt, outcome, error_code, provider_status, at)
        SELECT ${randomUUID()}::uuid, ${id}::uuid, attempts, ${attempt.outcome}, ${attempt.errorCode ?? null}, ${attempt.providerStatus ?? null}, ${new Date()}::timestamptz FROM moved`);
      if (n !== 1) throw new Error(`outbound message ${id} not found`);
    },
    /** The message a delivery report names on `channel`: by the provider's id, else by our own id when the provider echoes it back. */
    async findSentMessage(channel: string, id: string) {
      // PostgreSQL cannot even compare a NUL character, and no provider gave us an id with one: not ours.
      if (id.includes('\u0000')) return null;
      const byProvider = await prisma.outboundMessage.findUnique({
        where: { channel_providerMessageId: { channel, providerMessageId: id } },
      });
      if (byProvider || !UUID.test(id)) return byProvider;
      return prisma.outboundMessage.findFirst({ where: { id, channel, sentAt: { not: null } } });
    },
    /**
     * Records a delivery report once per (message, raw status) and moves the state only from one of
     * `movableFrom` that is not final (checked in the same statement, so concurrent reports cannot move it backwards).
     */
    async recordStatus(
      id: string,
      event: { rawStatus: string; state: OutboundState; final: boolean; failureReason: string | null },
      movableFrom: OutboundState[],
    ): Promise<{ repeat: boolean; applied: boolean }> {
      try {
        return await prisma.$transaction(async (tx) => {
          const moved = await tx.outboundMessage.updateMany({
            where: { id, stateFinal: false, state: { in: movableFrom } },
            data: { state: event.state, stateFinal: event.final },
          });
          await tx.messageStatusEvent.create({ data: { outboundId: id, ...event, applied: moved.count > 0 } });
          return { repeat: false, applied: moved.count > 0 };
        });
      } catch (err) {
        if (isUniqueViolation(err)) return { repeat: true, applied: false };
        throw err;
      }
    },
    async staleQueued(olderThanDate: Date, limit: number) {
      return prisma.outboundMessage.findMany({
        where: { state: 'queued', createdAt: { lt: olderThanDate } },
        select: { id: true, priority: true },
        orderBy: [{ priority: 'asc' }, { createdAt: 'asc' }], // a backlog larger than a batch: alerts first
        take: limit,
      });
    },
    list(page: Page) {
      return prisma.outboundMessage.findMany({
        where: olderThan(page),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
      });
    },
  };
}
export type OutboundRepository = ReturnType<typeof outboundRepository>;
