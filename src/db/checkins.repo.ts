// Check-ins (RAS) of committees' focal points, and each active committee's last signs of life for the
// cadence rule (src/checkins/cadence.ts): its last check-in and its focal points' last answer to an alert.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Page } from './reports.repo.ts';

/** A committee seated in one of the regions (empty: all of Mali). */
const seatedIn = (regions: readonly string[]) =>
  regions.length ? { committee: { OR: regions.map((r) => ({ pcode: { startsWith: r } })) } } : {};

export interface CommitteeSigns {
  id: string;
  name: string;
  pcode: string;
  coverage: string[];
  checkinDays: number;
  createdAt: Date;
  lastCheckin: Date | null;
  lastAnswer: Date | null;
  /** Active primary focal points: whom a reminder goes to. */
  primaries: { id: string; phoneEnc: string; language: string }[];
}

export function checkinsRepository(prisma: PrismaClient) {
  return {
    /** The active committees this number is an active focal point of. */
    focalCommittees(phoneHash: string) {
      return prisma.focalPoint.findMany({
        where: { phoneHash, active: true, committee: { retiredAt: null } },
        select: { id: true, language: true, committeeId: true, committee: { select: { name: true, checkinDays: true } } },
        orderBy: { rank: 'asc' },
      });
    },

    /** One row per committee; a provider's retry of the same SMS adds nothing. */
    async record(rows: { committeeId: string; focalPointId: string; inboundId: string }[]): Promise<number> {
      const { count } = await prisma.checkin.createMany({ data: rows, skipDuplicates: true });
      return count;
    },

    /** Newest first, committees seated in the regions. */
    list(page: Page, regions: readonly string[]) {
      const before = page.before;
      return prisma.checkin.findMany({
        where: {
          AND: [
            seatedIn(regions),
            before ? { OR: [{ at: { lt: before.createdAt } }, { at: before.createdAt, id: { lt: before.id } }] } : {},
          ],
        },
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        take: page.limit,
        include: {
          committee: { select: { id: true, name: true, type: true, pcode: true } },
          focalPoint: { select: { name: true, phoneEnc: true } },
        },
      });
    },

    /** Which of these outbound dedupe keys were already queued (reminders sent for this silence). */
    async queuedKeys(keys: string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await prisma.outboundMessage.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } });
      return new Set(rows.map((r) => r.dedupeKey));
    },

    /** Every active committee with its last check-in and its focal points' last answer to one of its alerts. */
    async signs(): Promise<CommitteeSigns[]> {
      const [committees, last] = await Promise.all([
        prisma.committee.findMany({
          where: { retiredAt: null },
          orderBy: [{ pcode: 'asc' }, { name: 'asc' }],
          select: {
            id: true,
            name: true,
            pcode: true,
            coverage: true,
            checkinDays: true,
            createdAt: true,
            focalPoints: { where: { active: true, rank: 1 }, select: { id: true, phoneEnc: true, language: true } },
          },
        }),
        prisma.$queryRawUnsafe<{ id: string; last_checkin: Date | null; last_answer: Date | null }[]>(
          `SELECT c.id::text AS id,
             (SELECT max(k.at) FROM checkins k WHERE k.committee_id = c.id) AS last_checkin,
             (SELECT max(l.at) FROM alerts a JOIN audit_log l ON l.entity = 'alert' AND l.entity_id = a.id::text
               WHERE a.committee_id = c.id AND a.updated_at > now() - interval '91 days' AND l.actor LIKE 'focal_point:%'
                 AND l.to_state IN ('acknowledged', 'confirmed', 'refuted', 'resolved')) AS last_answer
           FROM committees c WHERE c.retired_at IS NULL`,
        ),
      ]);
      const byId = new Map(last.map((r) => [r.id, r]));
      return committees.map(({ focalPoints, ...c }) => ({
        ...c,
        lastCheckin: byId.get(c.id)?.last_checkin ?? null,
        lastAnswer: byId.get(c.id)?.last_answer ?? null,
        primaries: focalPoints,
      }));
    },
  };
}
export type CheckinsRepository = ReturnType<typeof checkinsRepository>;
