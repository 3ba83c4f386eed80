// Inbound messages: the durable record of every accepted callback.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation } from './errors.ts';

export interface NewInbound {
  channel: string;
  providerId: string;
  fromHash: string;
  fromEnc: string;
  fromIsNumber: boolean;
  to: string | null;
  text: string;
  providerDate: Date | null;
  linkId: string | null;
  networkCode: string | null;
  flags: string[];
  preset?: Preset | null;
}

/** What a structured channel already fixed about a report; the classifier fills the rest. */
export interface Preset {
  category?: string;
  severity?: number;
  pcode?: string;
  language?: string;
}

export function inboundRepository(prisma: PrismaClient) {
  return {
    /** Stores a callback once per (channel, provider id); a repeat returns the first one. */
    async insert(data: NewInbound): Promise<{ id: string; duplicate: boolean }> {
      try {
        const { preset, ...rest } = data;
        const row = await prisma.inboundMessage.create({ data: { ...rest, ...(preset ? { preset: { ...preset } } : {}) }, select: { id: true } });
        return { id: row.id, duplicate: false };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const row = await prisma.inboundMessage.findUniqueOrThrow({
          where: { channel_providerId: { channel: data.channel, providerId: data.providerId } },
          select: { id: true },
        });
        return { id: row.id, duplicate: true };
      }
    },
    get(id: string) {
      return prisma.inboundMessage.findUnique({ where: { id }, include: { report: { select: { id: true, severity: true } } } });
    },
    markProcessed(id: string, reporterId: string | null) {
      return prisma.inboundMessage.update({ where: { id }, data: { state: 'processed', processedAt: new Date(), reporterId } });
    },
    markAttemptFailed(id: string, error: string) {
      return prisma.inboundMessage.update({ where: { id }, data: { attempts: { increment: 1 }, lastError: error.slice(0, 500) } });
    },
    async stale(olderThan: Date, limit: number): Promise<string[]> {
      const rows = await prisma.inboundMessage.findMany({
        where: { state: 'received', receivedAt: { lt: olderThan } },
        select: { id: true },
        orderBy: { receivedAt: 'asc' },
        take: limit,
      });
      return rows.map((r) => r.id);
    },
    count(where: { channel?: string; providerId?: string } = {}) {
      return prisma.inboundMessage.count({ where });
    },
  };
}
export type InboundRepository = ReturnType<typeof inboundRepository>;
