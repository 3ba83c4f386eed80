// Outbound SMS, each send attempt, and the delivery-report history.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation } from './errors.ts';
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

export type OutboundState = 'queued' | 'sent' | 'delivered' | 'failed';

export function outboundRepository(prisma: PrismaClient) {
  return {
    /** One row per dedupe key: queuing the same message twice returns the first. */
    async insert(data: NewOutbound): Promise<{ id: string; priority: number; created: boolean }> {
      try {
        const row = await prisma.outboundMessage.create({ data, select: { id: true, priority: true } });
        return { ...row, created: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const row = await prisma.outboundMessage.findUniqueOrThrow({ where: { dedupeKey: data.dedupeKey }, select: { id: true, priority: true } });
        return { ...row, created: false };
      }
    },
    /** The message with its first retried failure (when failing over started to count). */
    get(id: string) {
      return prisma.outboundMessage.findUnique({ where: { id }, include: { sendAttempts: { where: { outcome: 'retry' }, orderBy: { at: 'asc' }, take: 1 } } });
    },
    async recordAttempt(
      id: string,
      attempt: { outcome: 'sent' | 'retry' | 'failed'; errorCode?: string | null; providerStatus?: string | null },
      update: { state?: OutboundState; providerMessageId?: string | null; sentAt?: Date; lastError?: string | null; channel?: string },
    ) {
      await prisma.$transaction(async (tx) => {
        const row = await tx.outboundMessage.update({ where: { id }, data: { ...update, attempts: { increment: 1 } } });
        await tx.sendAttempt.create({
          data: { outboundId: id, attempt: row.attempts, outcome: attempt.outcome, errorCode: attempt.errorCode ?? null, providerStatus: attempt.providerStatus ?? null },
        });
      });
    },
    findByProviderId(channel: string, providerMessageId: string) {
      return prisma.outboundMessage.findUnique({ where: { channel_providerMessageId: { channel, providerMessageId } } });
    },
    /**
     * Records a delivery report once per (message, raw status) and moves the state only from one of
     * `movableFrom` (checked in the same statement, so concurrent reports cannot move it backwards).
     */
    async recordStatus(
      id: string,
      event: { rawStatus: string; state: OutboundState; failureReason: string | null },
      movableFrom: OutboundState[],
    ): Promise<{ repeat: boolean; applied: boolean }> {
      try {
        return await prisma.$transaction(async (tx) => {
          const moved = await tx.outboundMessage.updateMany({ where: { id, state: { in: movableFrom } }, data: { state: event.state } });
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
        orderBy: { createdAt: 'asc' },
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
