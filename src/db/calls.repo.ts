// Voice calls: one row per provider call session, and one per call back queued for a missed call.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation } from './errors.ts';
import { olderThan, type Page } from './reports.repo.ts';

export interface NewCall {
  sessionId: string | null;
  kind: 'inbound' | 'callback' | 'alert';
  state: string;
  phoneHash: string;
  phoneEnc: string | null;
  ourNumber: string | null;
  flags: string[];
  alertId?: string | null;
  focalPointId?: string | null;
}

export interface CallEnd {
  durationSeconds: number | null;
  currencyCode: string | null;
  amount: string | null;
  hangupCause: string | null;
}

export function callsRepository(prisma: PrismaClient) {
  return {
    /** Stores a call once per provider session; a repeat gives the row already there. */
    async open(data: NewCall): Promise<{ id: string; duplicate: boolean }> {
      try {
        return { id: (await prisma.call.create({ data, select: { id: true } })).id, duplicate: false };
      } catch (err) {
        if (!isUniqueViolation(err) || !data.sessionId) throw err;
        const row = await prisma.call.findUniqueOrThrow({ where: { sessionId: data.sessionId }, select: { id: true } });
        return { id: row.id, duplicate: true };
      }
    },

    bySession(sessionId: string) {
      return prisma.call.findUnique({ where: { sessionId } });
    },

    get(id: string) {
      return prisma.call.findUnique({ where: { id } });
    },

    /** The final callback: duration, cost, hang-up cause; a call we never saw before is stored with them. */
    async finish(open: NewCall & { sessionId: string }, end: CallEnd): Promise<void> {
      const data = { ...end, state: 'completed', endedAt: new Date() };
      await prisma.call.upsert({ where: { sessionId: open.sessionId }, create: { ...open, ...data }, update: data });
    },

    async update(
      id: string,
      data: {
        state?: string;
        sessionId?: string;
        reportReference?: string;
        recordingUrlEnc?: string;
        lastError?: string;
        placedAt?: Date;
        attempts?: { increment: number };
      },
    ) {
      await prisma.call.update({ where: { id }, data });
    },

    /** Calls and call backs of one number since `since` (limits and the one-call-back-per-10-minutes rule). */
    async recent(phoneHash: string, since: Date) {
      return prisma.call.findMany({
        where: { phoneHash, createdAt: { gte: since } },
        select: { id: true, kind: true, state: true, createdAt: true },
        orderBy: { createdAt: 'desc' },
      });
    },

    /** Whether a focal point was already called about this alert (the ladder calls once, then moves on). */
    async calledForAlert(alertId: string): Promise<boolean> {
      return (await prisma.call.count({ where: { alertId, kind: 'alert' } })) > 0;
    },

    list(page: Page) {
      return prisma.call.findMany({
        where: olderThan(page),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
        include: { recording: { select: { id: true, size: true, contentType: true, fetchedAt: true } } },
      });
    },
  };
}
export type CallsRepository = ReturnType<typeof callsRepository>;
