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
  textFingerprint?: string | null;
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
    /** Messages from one number in the last minute and hour, and new numbers sending the same text. */
    async abuseCounts(fromHash: string, fingerprint: string | null, at: Date, floodWindowMs: number) {
      const [lastMinute, lastHour, sameText] = await Promise.all([
        prisma.inboundMessage.count({ where: { fromHash, receivedAt: { gte: new Date(at.getTime() - 60_000), lte: at } } }),
        prisma.inboundMessage.count({ where: { fromHash, receivedAt: { gte: new Date(at.getTime() - 3_600_000), lte: at } } }),
        fingerprint
          ? prisma.inboundMessage.findMany({ where: { textFingerprint: fingerprint, receivedAt: { gte: new Date(at.getTime() - floodWindowMs), lte: at } }, select: { fromHash: true }, distinct: ['fromHash'] })
          : Promise.resolve([{ fromHash }]),
      ]);
      const hashes = sameText.map((r) => r.fromHash);
      // "New" numbers: no report older than a day. Known reporters saying the same thing are not a flood.
      const established = hashes.length > 1 ? await prisma.reporter.count({ where: { phoneHash: { in: hashes }, createdAt: { lt: new Date(at.getTime() - 86_400_000) } } }) : 0;
      return { lastMinute, lastHour, sameTextNewNumbers: hashes.length - established };
    },
    /** Texts sent by many distinct numbers recently: candidate coordinated floods, for coordinators. */
    async floods(since: Date, minNumbers: number) {
      const rows = await prisma.inboundMessage.groupBy({
        by: ['textFingerprint'],
        where: { textFingerprint: { not: null }, receivedAt: { gte: since } },
        _count: { _all: true },
        _min: { receivedAt: true },
        _max: { receivedAt: true },
      });
      const out = [];
      for (const r of rows) {
        if (r._count._all < minNumbers) continue;
        const senders = await prisma.inboundMessage.findMany({ where: { textFingerprint: r.textFingerprint, receivedAt: { gte: since } }, select: { fromHash: true }, distinct: ['fromHash'] });
        if (senders.length < minNumbers) continue;
        const sample = await prisma.inboundMessage.findFirst({ where: { textFingerprint: r.textFingerprint }, select: { text: true, report: { select: { reference: true, category: true, locationPcode: true } } } });
        out.push({ fingerprint: r.textFingerprint!, messages: r._count._all, numbers: senders.length, firstAt: r._min.receivedAt, lastAt: r._max.receivedAt, text: sample?.text ?? '', report: sample?.report ?? null });
      }
      return out.sort((a, b) => b.numbers - a.numbers);
    },
    count(where: { channel?: string; providerId?: string } = {}) {
      return prisma.inboundMessage.count({ where });
    },
  };
}
export type InboundRepository = ReturnType<typeof inboundRepository>;
