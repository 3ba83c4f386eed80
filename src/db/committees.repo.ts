// Committees configured per P-code, their focal points, and the alerts raised for them.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { olderThan, type Page } from './reports.repo.ts';
import { scoped } from './dashboard.repo.ts';

export interface CommitteeToAlert {
  id: string;
  name: string;
  type: string;
  pcode: string;
  /** Active focal points, primary (rank 1) first. */
  focalPoints: { id: string; rank: number; phoneEnc: string }[];
}

export interface NewCommittee {
  name: string;
  type: string;
  pcode: string;
  level: string;
  focalPoints: { name: string; phoneHash: string; phoneEnc: string; rank: number; language: string }[];
}

export function committeesRepository(prisma: PrismaClient) {
  return {
    /** Creates or replaces a committee (same P-code and type) with its focal points. */
    async upsert(c: NewCommittee) {
      return prisma.$transaction(async (tx) => {
        const committee = await tx.committee.upsert({
          where: { pcode_type: { pcode: c.pcode, type: c.type } },
          create: { name: c.name, type: c.type, pcode: c.pcode, level: c.level },
          update: { name: c.name, level: c.level },
        });
        await tx.focalPoint.deleteMany({ where: { committeeId: committee.id, outbound: { none: {} } } });
        await tx.focalPoint.updateMany({ where: { committeeId: committee.id }, data: { active: false } });
        await tx.focalPoint.createMany({ data: c.focalPoints.map((f) => ({ ...f, committeeId: committee.id })) });
        return committee;
      });
    },
    /** Committees of these types at these places, with their active focal points, primary first. */
    async ofTypesAt(pcodes: string[], types: readonly string[]): Promise<CommitteeToAlert[]> {
      if (pcodes.length === 0 || types.length === 0) return [];
      return prisma.committee.findMany({
        where: { pcode: { in: pcodes }, type: { in: [...types] } },
        select: {
          id: true,
          name: true,
          type: true,
          pcode: true,
          focalPoints: { where: { active: true }, orderBy: { rank: 'asc' }, select: { id: true, rank: true, phoneEnc: true } },
        },
      });
    },
    count() {
      return prisma.committee.count();
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
