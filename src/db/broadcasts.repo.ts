// Prevention broadcasts: drafts, state changes (conditional, so two clicks never send twice), the
// delivery counts of their SMS, and radio hosts' on-air confirmations.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation } from './errors.ts';

export interface NewBroadcast {
  incidentId: string | null;
  alertId: string | null;
  audience: string;
  zones: string[];
  budget: number;
  texts: Record<string, string>;
  draftedById: string | null;
}

export interface BroadcastCounts {
  messages: number;
  segments: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  /** Of the failed: never sent because the number opted out meanwhile, or because the broadcast was cancelled. */
  optedOut: number;
  cancelled: number;
}

const WITH_PEOPLE = {
  draftedBy: { select: { id: true, email: true, name: true } },
  approvedBy: { select: { id: true, email: true, name: true } },
  alert: { select: { id: true, reference: true, state: true } },
  incident: { select: { id: true, category: true, locationPcode: true } },
} as const;

/** Verified information: an alert of the incident was confirmed, refuted or closed. */
const VERIFIED = ['confirmed', 'refuted', 'resolved'];

export function broadcastsRepository(prisma: PrismaClient) {
  /** The counts of several broadcasts in two queries (one broadcast's page, or the dashboard's list). */
  async function countsOf(ids: readonly string[]): Promise<Map<string, BroadcastCounts>> {
    const where = { broadcastId: { in: [...ids] } };
    const [byState, special] = await Promise.all([
      prisma.outboundMessage.groupBy({ by: ['broadcastId', 'state'], where, _count: { _all: true }, _sum: { segments: true } }),
      prisma.outboundMessage.groupBy({
        by: ['broadcastId', 'lastError'],
        where: { ...where, state: 'failed', lastError: { in: ['opted_out', 'cancelled'] } },
        _count: { _all: true },
      }),
    ]);
    const out = new Map<string, BroadcastCounts>();
    for (const id of ids) {
      const rows = byState.filter((r) => r.broadcastId === id);
      const n = (state: string) => rows.find((r) => r.state === state)?._count._all ?? 0;
      const why = (error: string) => special.find((r) => r.broadcastId === id && r.lastError === error)?._count._all ?? 0;
      out.set(id, {
        messages: rows.reduce((a, r) => a + r._count._all, 0),
        segments: rows.reduce((a, r) => a + (r._sum.segments ?? 0), 0),
        queued: n('queued'),
        sent: n('sent'),
        delivered: n('delivered'),
        failed: n('failed'),
        optedOut: why('opted_out'),
        cancelled: why('cancelled'),
      });
    }
    return out;
  }

  return {
    async create(data: NewBroadcast, reference: () => string) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await prisma.broadcast.create({ data: { ...data, reference: reference() }, include: WITH_PEOPLE });
        } catch (err) {
          if (!isUniqueViolation(err) || attempt > 20) throw err;
        }
      }
    },
    get(id: string) {
      return prisma.broadcast.findUnique({ where: { id }, include: WITH_PEOPLE });
    },
    byReference(reference: string) {
      return prisma.broadcast.findUnique({ where: { reference }, include: WITH_PEOPLE });
    },
    /** Newest first, only those with a zone in one of `regions` (region P-codes; empty: all). */
    async list(limit: number, regions: readonly string[] = []) {
      const order = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
      if (regions.length === 0) return prisma.broadcast.findMany({ orderBy: order, take: limit, include: WITH_PEOPLE });
      const ids = await prisma.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM broadcasts WHERE EXISTS (SELECT 1 FROM unnest(zones) z WHERE substr(z, 1, 4) = ANY(string_to_array($1, ',')))
          ORDER BY created_at DESC, id DESC LIMIT $2`,
        regions.join(','),
        limit,
      );
      return prisma.broadcast.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: order, include: WITH_PEOPLE });
    },
    /** Moves the state only from one of `from`; false when someone else moved it first. */
    async move(
      id: string,
      from: string[],
      to: string,
      data: {
        approvedById?: string;
        approvedAt?: Date;
        sendStartedAt?: Date;
        sentAt?: Date;
        cancelledAt?: Date;
        folded?: boolean;
      } = {},
    ): Promise<boolean> {
      const moved = await prisma.broadcast.updateMany({ where: { id, state: { in: from } }, data: { ...data, state: to } });
      return moved.count > 0;
    },
    async incidentIsVerified(incidentId: string): Promise<boolean> {
      return (await prisma.alert.count({ where: { incidentId, state: { in: VERIFIED } } })) > 0;
    },
    incident(id: string) {
      return prisma.incident.findUnique({ where: { id }, select: { id: true, locationPcode: true, category: true } });
    },
    async counts(broadcastId: string): Promise<BroadcastCounts> {
      return (await countsOf([broadcastId])).get(broadcastId)!;
    },
    countsOf,
    /** A cancelled broadcast's messages still waiting: failed, never sent. */
    async cancelQueued(broadcastId: string): Promise<number> {
      const r = await prisma.outboundMessage.updateMany({
        where: { broadcastId, state: 'queued' },
        data: { state: 'failed', lastError: 'cancelled' },
      });
      return r.count;
    },
    /** Sending → sent once no message of it waits any more. */
    async settle(broadcastId: string): Promise<boolean> {
      const waiting = await prisma.outboundMessage.count({ where: { broadcastId, state: 'queued' } });
      if (waiting > 0) return false;
      const moved = await prisma.broadcast.updateMany({
        where: { id: broadcastId, state: 'sending' },
        data: { state: 'sent', sentAt: new Date() },
      });
      return moved.count > 0;
    },
    /** One airing per inbound SMS: a repeated callback records nothing more. */
    async addAiring(a: {
      broadcastId: string;
      contactId: string;
      station: string | null;
      times: number;
      inboundId: string;
    }): Promise<{ created: boolean }> {
      try {
        await prisma.broadcastAiring.create({ data: a });
        return { created: true };
      } catch (err) {
        if (isUniqueViolation(err)) return { created: false };
        throw err;
      }
    },
    airings(broadcastId: string) {
      return prisma.broadcastAiring.findMany({
        where: { broadcastId },
        orderBy: { at: 'asc' },
        include: { contact: { select: { id: true, name: true, station: true } } },
      });
    },
    /** Broadcasts this number was sent (sending or sent) since a date, newest first. */
    sentTo(phoneHash: string, since: Date) {
      return prisma.broadcast.findMany({
        where: { state: { in: ['sending', 'sent'] }, sendStartedAt: { gte: since }, outbound: { some: { toHash: phoneHash } } },
        orderBy: { sendStartedAt: 'desc' },
        select: { id: true, reference: true },
      });
    },
  };
}
export type BroadcastsRepository = ReturnType<typeof broadcastsRepository>;
