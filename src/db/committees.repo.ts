// Committees of the directory (the places they cover, their focal points), written with their audit
// entries in one transaction; and the alerts raised for them.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit, type AuditEntryInput } from './audit.repo.ts';
import { olderThan, type Page } from './reports.repo.ts';
import { scoped } from './dashboard.repo.ts';

export interface CommitteeToAlert {
  id: string;
  name: string;
  type: string;
  pcode: string;
  coverage: string[];
  /** Active focal points, primary (rank 1) first. */
  focalPoints: { id: string; rank: number; phoneEnc: string }[];
}

export interface CommitteeToSave {
  name: string;
  type: string;
  level: string;
  /** P-codes, the seat first. */
  coverage: string[];
  /** Days between check-ins; undefined keeps the committee's own (7 for a new one). */
  checkinDays?: number | undefined;
  focalPoints: { name: string; phoneHash: string; phoneEnc: string; rank: number; language: string }[];
}

/** An active committee a save would clash with: same name, or same type over a shared place. */
export interface Clash {
  id: string;
  name: string;
  type: string;
  coverage: string[];
}

/** Serialises directory writes, so two saves cannot both find no clash. */
const DIRECTORY_LOCK = 72707371;

const DIRECTORY_ROW = {
  focalPoints: {
    where: { active: true },
    orderBy: { rank: 'asc' },
    select: { id: true, name: true, rank: true, language: true, phoneEnc: true },
  },
} as const;

export function committeesRepository(prisma: PrismaClient) {
  return {
    /**
     * Creates (id null) or changes a committee, its focal points matched by number (an unchanged number
     * keeps its id, so escalation still knows whom an alert reached), and the audit entry, at once.
     * `clashes` sees the active committees it would clash with and throws to refuse.
     */
    async save(
      id: string | null,
      c: CommitteeToSave,
      audit: (id: string) => AuditEntryInput,
      clashes: (found: Clash[]) => void,
    ): Promise<string> {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', DIRECTORY_LOCK);
        const found = await tx.committee.findMany({
          where: {
            retiredAt: null,
            ...(id ? { id: { not: id } } : {}),
            OR: [{ name: { equals: c.name, mode: 'insensitive' } }, { type: c.type, coverage: { hasSome: c.coverage } }],
          },
          select: { id: true, name: true, type: true, coverage: true },
        });
        clashes(found);
        const data = {
          name: c.name,
          type: c.type,
          level: c.level,
          pcode: c.coverage[0]!,
          coverage: c.coverage,
          ...(c.checkinDays !== undefined ? { checkinDays: c.checkinDays } : {}),
        };
        const saved = id ? await tx.committee.update({ where: { id }, data }) : await tx.committee.create({ data });
        const existing = await tx.focalPoint.findMany({ where: { committeeId: saved.id } });
        const kept = new Set<string>();
        for (const f of c.focalPoints) {
          const same = existing.find((e) => e.phoneHash === f.phoneHash && !kept.has(e.id));
          if (same) {
            kept.add(same.id);
            await tx.focalPoint.update({ where: { id: same.id }, data: { ...f, active: true } });
          } else await tx.focalPoint.create({ data: { ...f, committeeId: saved.id } });
        }
        const gone = existing.filter((e) => !kept.has(e.id)).map((e) => e.id);
        // A focal point an SMS went to, or who checked in, stays (inactive) for the history; others go.
        await tx.focalPoint.deleteMany({ where: { id: { in: gone }, outbound: { none: {} }, checkins: { none: {} } } });
        await tx.focalPoint.updateMany({ where: { id: { in: gone } }, data: { active: false } });
        await appendAudit(tx, audit(saved.id));
        return saved.id;
      });
    },

    /** Retires a committee with its audit entry; false when there is no active committee with this id. */
    async retire(id: string, audit: AuditEntryInput): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', DIRECTORY_LOCK);
        const { count } = await tx.committee.updateMany({ where: { id, retiredAt: null }, data: { retiredAt: new Date() } });
        if (count === 0) return false;
        await appendAudit(tx, audit);
        return true;
      });
    },

    /** The directory: committees with their active focal points in order, by seat and type; retired ones on request. */
    directory(opts: { retired?: boolean } = {}) {
      return prisma.committee.findMany({
        where: opts.retired ? {} : { retiredAt: null },
        orderBy: [{ pcode: 'asc' }, { type: 'asc' }, { name: 'asc' }],
        include: DIRECTORY_ROW,
      });
    },

    byId(id: string) {
      return prisma.committee.findUnique({ where: { id }, include: DIRECTORY_ROW });
    },

    /** Active committees of these types covering one of these places, with their active focal points, primary first. */
    async ofTypesAt(pcodes: string[], types: readonly string[]): Promise<CommitteeToAlert[]> {
      if (pcodes.length === 0 || types.length === 0) return [];
      return prisma.committee.findMany({
        where: { coverage: { hasSome: pcodes }, type: { in: [...types] }, retiredAt: null },
        select: {
          id: true,
          name: true,
          type: true,
          pcode: true,
          coverage: true,
          focalPoints: { where: { active: true }, orderBy: { rank: 'asc' }, select: { id: true, rank: true, phoneEnc: true } },
        },
      });
    },

    /** Active committees. */
    count() {
      return prisma.committee.count({ where: { retiredAt: null } });
    },

    /**
     * Communes with reports that no active committee covers (their alerts went to a level above, or
     * to triage), with how many reports and the latest.
     */
    async uncoveredCommunes(limit = 200): Promise<{ pcode: string; reports: number; lastAt: Date }[]> {
      const rows = await prisma.$queryRawUnsafe<{ pcode: string; reports: bigint; last_at: Date }[]>(
        `SELECT r.location_pcode AS pcode, count(*) AS reports, max(r.created_at) AS last_at
           FROM reports r
          WHERE r.location_level = 'commune' AND r.category <> 'NON_ALERTE'
            AND NOT EXISTS (SELECT 1 FROM committees c WHERE c.retired_at IS NULL AND r.location_pcode = ANY(c.coverage))
          GROUP BY r.location_pcode
          ORDER BY max(r.created_at) DESC
          LIMIT $1`,
        limit,
      );
      return rows.map((r) => ({ pcode: r.pcode, reports: Number(r.reports), lastAt: r.last_at }));
    },

    /** Newest first; with regions, only alerts placed inside them. */
    listAlerts(page: Page, regions: readonly string[] = []) {
      return prisma.alert.findMany({
        where: { AND: [olderThan(page), scoped(regions)] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
        include: { committee: { select: { name: true, type: true, pcode: true } }, report: { select: { reference: true } } },
      });
    },
  };
}
export type CommitteesRepository = ReturnType<typeof committeesRepository>;
export type DirectoryRow = NonNullable<Awaited<ReturnType<CommitteesRepository['byId']>>>;
