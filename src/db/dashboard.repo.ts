// Read models of the coordinators' dashboard: filtered alert lists, the triage queue and its
// corrections, counts per place for the map, and the simulator's view of messages.
import type { PrismaClient } from '../generated/prisma/client.ts';

export interface AlertFilter {
  state?: string | undefined;
  category?: string | undefined;
  severity?: number | undefined;
  /** A region, cercle or commune P-code: everything at or below it. */
  pcode?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** The user's region limit; empty: all of Mali. */
  regions: readonly string[];
}

/** Items at a place within the regions; a place-less item only for users without a limit. */
export function scoped(regions: readonly string[]) {
  return regions.length ? { OR: regions.map((r) => ({ locationPcode: { startsWith: r } })) } : {};
}

function alertWhere(f: AlertFilter) {
  return {
    AND: [
      scoped(f.regions),
      f.state ? { state: f.state } : {},
      f.category ? { category: f.category } : {},
      f.severity !== undefined ? { severity: f.severity } : {},
      f.pcode ? { locationPcode: { startsWith: f.pcode } } : {},
      f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {},
    ],
  };
}

export interface Correction {
  category: string;
  severity: number;
  pcode: string | null;
  level: string | null;
  correctedBy: string;
}

export function dashboardRepository(prisma: PrismaClient) {
  return {
    alerts(f: AlertFilter, limit: number, offset = 0) {
      return prisma.alert.findMany({
        where: alertWhere(f),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
        skip: offset,
        include: {
          committee: { select: { name: true } },
          incident: { select: { reportCount: true } },
          report: { select: { reference: true } },
        },
      });
    },

    /** Changes whenever a matching alert is added or moves: the live list's version. */
    async alertsVersion(f: AlertFilter): Promise<string> {
      const agg = await prisma.alert.aggregate({
        where: alertWhere(f),
        _count: { _all: true },
        _max: { updatedAt: true, createdAt: true },
      });
      return `${agg._count._all}-${agg._max.updatedAt?.getTime() ?? 0}-${agg._max.createdAt?.getTime() ?? 0}`;
    },

    /** The reports of an incident with what the reporter wrote and their pseudonym. */
    incidentReports(incidentId: string) {
      return prisma.report.findMany({
        where: { incidentId },
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          reference: true,
          category: true,
          severity: true,
          language: true,
          confidence: true,
          locationPcode: true,
          createdAt: true,
          inbound: { select: { text: true, channel: true } },
          reporter: { select: { pseudonym: true, phoneEnc: true } },
        },
      });
    },

    /** Reports the classifier was unsure of (or filed as AUTRE) that nobody has reviewed yet, oldest first. */
    triageQueue(threshold: number, regions: readonly string[], limit: number) {
      return prisma.report.findMany({
        where: {
          AND: [
            // Unsure, unclassifiable, or an alert no committee could receive (routing's no_committee flag).
            // Unsure reports are flagged by intake (triage: held; triage_alerted: a severity-3 cue alerted anyway).
            {
              OR: [
                { confidence: { lt: threshold } },
                { category: 'AUTRE' },
                { flags: { hasSome: ['no_committee', 'triage', 'triage_alerted'] } },
              ],
            },
            { labelledExamples: { none: {} } },
            regions.length
              ? { OR: [...regions.map((r) => ({ locationPcode: { startsWith: r } })), { locationPcode: null }] }
              : {},
          ],
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit,
        select: {
          id: true,
          reference: true,
          category: true,
          severity: true,
          language: true,
          confidence: true,
          locationPcode: true,
          incidentId: true,
          flags: true,
          createdAt: true,
          inbound: { select: { text: true } },
          reporter: { select: { pseudonym: true } },
        },
      });
    },

    reportForTriage(id: string) {
      return prisma.report.findUnique({
        where: { id },
        select: {
          id: true,
          reference: true,
          category: true,
          severity: true,
          language: true,
          locationPcode: true,
          incidentId: true,
          inbound: { select: { text: true } },
        },
      });
    },

    /** Applies a person's correction to the report and keeps it as a labelled example, together. */
    async correctReport(id: string, c: Correction, example: { text: string; language: string }) {
      return prisma.$transaction(async (tx) => {
        // A village belongs to its commune: a report moved to another place no longer names it.
        await tx.report.updateMany({ where: { id, locationPcode: { not: c.pcode } }, data: { village: null } });
        // A person qualified it: it no longer waits in triage, and routing may alert on it.
        const before = await tx.report.findUniqueOrThrow({ where: { id }, select: { flags: true } });
        const report = await tx.report.update({
          where: { id },
          data: {
            category: c.category,
            severity: c.severity,
            locationPcode: c.pcode,
            locationLevel: c.level,
            flags: before.flags.filter((f) => f !== 'triage'),
          },
        });
        await tx.labelledExample.create({
          data: {
            reportId: id,
            text: example.text,
            category: c.category,
            severity: c.severity,
            language: example.language,
            pcode: c.pcode,
            source: 'correction',
            correctedBy: c.correctedBy,
          },
        });
        return report;
      });
    },

    /** Alerts per place since a date: how many, and the worst severity. */
    async alertsByPlace(since: Date, regions: readonly string[]) {
      const rows = await prisma.alert.groupBy({
        by: ['locationPcode'],
        where: { AND: [scoped(regions), { createdAt: { gte: since } }] },
        _count: { _all: true },
        _max: { severity: true },
      });
      return rows.map((r) => ({ pcode: r.locationPcode, count: r._count._all, severity: r._max.severity ?? 0 }));
    },

    async incidentsByPlace(since: Date, regions: readonly string[]) {
      const rows = await prisma.incident.groupBy({
        by: ['locationPcode'],
        where: { AND: [scoped(regions), { lastReportAt: { gte: since } }] },
        _count: { _all: true },
        _max: { severity: true },
      });
      return rows.map((r) => ({ pcode: r.locationPcode, count: r._count._all, severity: r._max.severity ?? 0 }));
    },

    /** Every SMS the gateway sent, newest first (the simulator's inbox). */
    recentOutbound(limit: number) {
      return prisma.outboundMessage.findMany({
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
        select: { id: true, toEnc: true, purpose: true, text: true, state: true, createdAt: true },
      });
    },

    /** What one number sent and received, oldest first. */
    async conversation(phoneHash: string, limit: number) {
      const [sent, received] = await Promise.all([
        prisma.inboundMessage.findMany({
          where: { fromHash: phoneHash },
          orderBy: { receivedAt: 'desc' },
          take: limit,
          select: { id: true, text: true, receivedAt: true },
        }),
        prisma.outboundMessage.findMany({
          where: { toHash: phoneHash },
          orderBy: { createdAt: 'desc' },
          take: limit,
          select: { id: true, text: true, createdAt: true, purpose: true },
        }),
      ]);
      return [
        ...sent.map((m) => ({ id: m.id, direction: 'in' as const, text: m.text, at: m.receivedAt })),
        ...received.map((m) => ({ id: m.id, direction: 'out' as const, text: m.text, at: m.createdAt })),
      ]
        .sort((a, b) => a.at.getTime() - b.at.getTime())
        .slice(-limit);
    },
  };
}
export type DashboardRepository = ReturnType<typeof dashboardRepository>;
