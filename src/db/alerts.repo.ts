// Incidents, alert state changes and the hash-chained audit log. Every state change and its audit
// entry commit together; concurrent writers are serialised by advisory locks.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { AuditContent, AuditRow } from './audit-chain.ts';
import { appendAudit, sealAudit } from './audit.repo.ts';
import { writeEvents, type NewWebhookEvent } from './webhooks.repo.ts';

export function alertsRepository(prisma: PrismaClient) {
  return {
    getAlert(id: string) {
      return prisma.alert.findUnique({
        where: { id },
        include: {
          committee: { include: { focalPoints: { where: { active: true }, orderBy: { rank: 'asc' } } } },
          report: true,
          incident: true,
        },
      });
    },

    findAlertByReference(reference: string) {
      return prisma.alert.findUnique({ where: { reference } });
    },

    /** Alerts this number was sent (by phone hash), newest first, with their state. */
    alertsSentTo(phoneHash: string) {
      return prisma.alert.findMany({
        where: { outbound: { some: { toHash: phoneHash, purpose: 'alert' } } },
        orderBy: { createdAt: 'desc' },
        select: { id: true, reference: true, state: true, committeeId: true },
      });
    },

    /**
     * Moves an alert from `from` to `to` only if it is still in `from` (so two answers cannot both
     * apply), with its audit entry in the same transaction. Returns false when it had moved meanwhile.
     */
    async moveAlert(
      id: string,
      from: string,
      to: string,
      data: { escalationLevel?: number; nextEscalationAt?: Date | null; resolutionNote?: string | null; severity?: number },
      audit: Omit<AuditContent, 'at' | 'entity' | 'entityId' | 'fromState' | 'toState'>,
      extraCondition: { escalationLevel?: number; nextEscalationAt?: Date | null } = {},
      events: readonly NewWebhookEvent[] = [],
    ): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const moved = await tx.alert.updateMany({ where: { id, state: from, ...extraCondition }, data: { state: to, ...data } });
        if (moved.count === 0) return false;
        await writeEvents(tx, events); // the outbox: the event commits with the move, or neither does
        await appendAudit(tx, { ...audit, entity: 'alert', entityId: id, fromState: from, toState: to });
        return true;
      });
    },

    async audit(entry: Omit<AuditContent, 'at'>): Promise<void> {
      await prisma.$transaction((tx) => appendAudit(tx, entry));
    },

    timeline(entity: string, entityId: string) {
      return prisma.auditEntry.findMany({ where: { entity, entityId }, orderBy: { seq: 'asc' } });
    },

    auditSince(since: Date, afterSeq: bigint, limit: number) {
      return prisma.auditEntry.findMany({
        where: { at: { gte: since }, seq: { gt: afterSeq } },
        orderBy: { seq: 'asc' },
        take: limit,
      });
    },

    /** Links the committed entries not yet chained (see `sealAudit`); the verifiers call it first. */
    sealAudit: () => sealAudit(prisma),

    /** Entries appended but not yet linked into the chain. */
    unsealedAudit: () => prisma.auditEntry.count({ where: { chainPos: null } }),

    /** The chain in its order, in batches, for verification (entries not yet sealed are not in it). */
    async *auditChain(batch = 1000): AsyncGenerator<AuditRow> {
      let after = 0n;
      for (;;) {
        const rows = await prisma.auditEntry.findMany({
          where: { chainPos: { gt: after } },
          orderBy: { chainPos: 'asc' },
          take: batch,
        });
        for (const r of rows) yield r;
        if (rows.length < batch) return;
        after = rows[rows.length - 1]!.chainPos!;
      }
    },

    /** When the alert last escalated (its wait at the current level began then), or null before its first escalation. */
    async lastEscalatedAt(alertId: string): Promise<Date | null> {
      const last = await prisma.auditEntry.findFirst({
        where: { entity: 'alert', entityId: alertId, action: 'escalate' },
        orderBy: { seq: 'desc' },
        select: { at: true },
      });
      return last?.at ?? null;
    },

    /** Unanswered alerts whose escalation is overdue (its delayed job was lost with Redis). */
    overdueEscalations(before: Date, limit: number) {
      return prisma.alert.findMany({
        where: { state: { in: ['sent', 'delivered', 'escalated'] }, nextEscalationAt: { lt: before } },
        select: { id: true, escalationLevel: true },
        take: limit,
      });
    },

    /** The incident was refuted: its reporters' trust goes down, so they corroborate less next time. */
    async lowerTrustOfIncidentReporters(incidentId: string, by: number) {
      const reports = await prisma.report.findMany({
        where: { incidentId, reporterId: { not: null } },
        select: { reporterId: true },
        distinct: ['reporterId'],
      });
      for (const r of reports) {
        const rep = await prisma.reporter.findUnique({ where: { id: r.reporterId! }, select: { trust: true } });
        if (rep) await prisma.reporter.update({ where: { id: r.reporterId! }, data: { trust: Math.max(0, rep.trust - by) } });
      }
      return reports.length;
    },

    reportersOfIncident(incidentId: string) {
      return prisma.report.findMany({
        where: { incidentId, reporter: { isNot: null } },
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          reference: true,
          language: true,
          reporter: { select: { id: true, phoneEnc: true, language: true, optedOutAt: true } },
        },
      });
    },

    /** Active committees covering one of these places (escalation's next levels). */
    committeesOnChain(pcodes: string[]) {
      return prisma.committee.findMany({
        where: { coverage: { hasSome: pcodes }, retiredAt: null },
        include: { focalPoints: { where: { active: true }, orderBy: { rank: 'asc' } } },
      });
    },

    /**
     * Everyone an incident has reached (focal points sent one of its alerts, first or escalated) and the
     * committees holding one of its alerts; for an alert outside any incident, that alert's alone.
     */
    async reachOf(alert: {
      id: string;
      incidentId: string | null;
    }): Promise<{ focalPoints: Set<string>; committees: Set<string> }> {
      const alerts = alert.incidentId
        ? await prisma.alert.findMany({ where: { incidentId: alert.incidentId }, select: { id: true, committeeId: true } })
        : await prisma.alert.findMany({ where: { id: alert.id }, select: { id: true, committeeId: true } });
      const sent = await prisma.outboundMessage.findMany({
        where: { alertId: { in: alerts.map((a) => a.id) }, purpose: 'alert', focalPointId: { not: null } },
        select: { focalPointId: true },
      });
      return { focalPoints: new Set(sent.map((m) => m.focalPointId!)), committees: new Set(alerts.map((a) => a.committeeId)) };
    },

    focalPoint(id: string) {
      return prisma.focalPoint.findUnique({ where: { id } });
    },

    isFocalPoint(phoneHash: string) {
      return prisma.focalPoint.findFirst({ where: { phoneHash, active: true }, select: { id: true, language: true } });
    },
  };
}
export type AlertsRepository = ReturnType<typeof alertsRepository>;
