// Incidents, alert state changes and the hash-chained audit log. Every state change and its audit
// entry commit together; concurrent writers are serialised by advisory locks.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { auditHash, type AuditContent, type AuditRow } from '../alerts/audit-chain.ts';
import { isUniqueViolation } from './errors.ts';
import { TRUST } from '../safety/abuse.ts';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Serialises appends to the audit chain (every writer takes it before reading the chain's end); audit_chain_end() in the migrations uses the same key. */
export const AUDIT_LOCK = 72707370;

async function appendAudit(tx: Tx, entry: Omit<AuditContent, 'at'>): Promise<void> {
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', AUDIT_LOCK);
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  const content: AuditContent = { ...entry, at: new Date(), details: entry.details ?? null };
  const prevHash = last?.hash ?? null;
  await tx.auditEntry.create({
    data: { ...content, details: (content.details ?? undefined) as never, prevHash, hash: auditHash(prevHash, content) },
  });
}

export interface NewAlert {
  reportId: string;
  committeeId: string;
  category: string;
  severity: number;
  locationPcode: string | null;
  incidentId: string | null;
  /** When the first escalation is due, so the sweeper can catch a lost delayed job. */
  nextEscalationAt: Date | null;
}

export interface IncidentInput {
  reportId: string;
  category: string;
  pcode: string | null;
  severity: number;
  reporterId: string | null;
  /** Only trusted reporters corroborate (see TRUST in src/safety/abuse.ts). */
  reporterTrust: number;
  at: Date;
  windowMs: number;
}

export function alertsRepository(prisma: PrismaClient) {
  return {
    /**
     * Attaches a report to the open incident of its category and place within the window, or opens one.
     * An independent reporter corroborating the incident raises its severity by one level (max 3);
     * more reports from the same number do not.
     */
    async joinOrOpenIncident(i: IncidentInput) {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', `incident:${i.category}:${i.pcode ?? ''}`);
        const current = await tx.report.findUnique({ where: { id: i.reportId }, select: { incidentId: true } });
        if (current?.incidentId) {
          const incident = await tx.incident.findUniqueOrThrow({ where: { id: current.incidentId } });
          return { incident, joined: incident.reportCount > 1, severityRaised: false };
        }
        const open = i.pcode
          ? await tx.incident.findFirst({
              where: { category: i.category, locationPcode: i.pcode, lastReportAt: { gte: new Date(i.at.getTime() - i.windowMs) } },
              orderBy: { lastReportAt: 'desc' },
            })
          : null;
        if (!open) {
          const incident = await tx.incident.create({ data: { category: i.category, locationPcode: i.pcode, severity: i.severity, reporterCount: i.reporterId ? 1 : 0, lastReportAt: i.at } });
          await tx.report.update({ where: { id: i.reportId }, data: { incidentId: incident.id } });
          return { incident, joined: false, severityRaised: false };
        }
        const known = i.reporterId ? await tx.report.count({ where: { incidentId: open.id, reporterId: i.reporterId } }) : 1;
        const newReporter = known === 0;
        const reporterCount = open.reporterCount + (newReporter ? 1 : 0);
        const corroborates = newReporter && i.reporterTrust >= TRUST.corroborates && !open.corroborated;
        const severity = Math.min(3, Math.max(open.severity, i.severity) + (corroborates ? 1 : 0));
        const incident = await tx.incident.update({
          where: { id: open.id },
          data: { reportCount: { increment: 1 }, reporterCount, severity, lastReportAt: i.at, ...(corroborates ? { corroborated: true } : {}) },
        });
        await tx.report.update({ where: { id: i.reportId }, data: { incidentId: open.id } });
        return { incident, joined: true, severityRaised: severity > open.severity };
      });
    },

    /** One alert per (report, committee), created with its audit entry; retries a colliding reference. */
    async createAlert(a: NewAlert, reference: () => string, committeeName: string) {
      for (let attempt = 0; ; attempt++) {
        const existing = await prisma.alert.findUnique({ where: { reportId_committeeId: { reportId: a.reportId, committeeId: a.committeeId } } });
        if (existing) return existing;
        try {
          return await prisma.$transaction(async (tx) => {
            const alert = await tx.alert.create({ data: { ...a, reference: reference() } });
            await appendAudit(tx, { entity: 'alert', entityId: alert.id, action: 'create', fromState: null, toState: 'sent', actor: 'system', channel: 'routing', reason: `sent to ${committeeName}`, details: { reportId: a.reportId, severity: a.severity } });
            return alert;
          });
        } catch (err) {
          if (!isUniqueViolation(err) || attempt > 20) throw err;
        }
      }
    },

    alertsOfIncident(incidentId: string) {
      return prisma.alert.findMany({ where: { incidentId }, include: { committee: true, report: { select: { village: true } } } });
    },

    getAlert(id: string) {
      return prisma.alert.findUnique({ where: { id }, include: { committee: { include: { focalPoints: { where: { active: true }, orderBy: { rank: 'asc' } } } }, report: true, incident: true } });
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
      extraCondition: { escalationLevel?: number } = {},
    ): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const moved = await tx.alert.updateMany({ where: { id, state: from, ...extraCondition }, data: { state: to, ...data } });
        if (moved.count === 0) return false;
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
      return prisma.auditEntry.findMany({ where: { at: { gte: since }, seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take: limit });
    },

    /** The whole chain in order, in batches, for verification. */
    async *auditChain(batch = 1000): AsyncGenerator<AuditRow> {
      let after = -1n;
      for (;;) {
        const rows = await prisma.auditEntry.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: batch });
        for (const r of rows) yield r;
        if (rows.length < batch) return;
        after = rows[rows.length - 1]!.seq;
      }
    },

    /** Unanswered alerts whose escalation is overdue (its delayed job was lost with Redis). */
    overdueEscalations(before: Date, limit: number) {
      return prisma.alert.findMany({
        where: { state: { in: ['sent', 'delivered', 'escalated'] }, nextEscalationAt: { lt: before } },
        select: { id: true, escalationLevel: true },
        take: limit,
      });
    },

    /** Raises every alert of an incident to the incident's severity; returns those that changed. */
    async raiseIncidentAlerts(incidentId: string, severity: number) {
      const alerts = await prisma.alert.findMany({ where: { incidentId, severity: { lt: severity } }, select: { id: true } });
      await prisma.alert.updateMany({ where: { id: { in: alerts.map((a) => a.id) } }, data: { severity } });
      return alerts.map((a) => a.id);
    },

    /** The incident was refuted: its reporters' trust goes down, so they corroborate less next time. */
    async lowerTrustOfIncidentReporters(incidentId: string, by: number) {
      const reports = await prisma.report.findMany({ where: { incidentId, reporterId: { not: null } }, select: { reporterId: true }, distinct: ['reporterId'] });
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
        select: { id: true, reference: true, language: true, reporter: { select: { id: true, phoneEnc: true, language: true, optedOutAt: true } } },
      });
    },

    committeesOnChain(pcodes: string[]) {
      return prisma.committee.findMany({ where: { pcode: { in: pcodes } }, include: { focalPoints: { where: { active: true }, orderBy: { rank: 'asc' } } } });
    },

    /** Focal points this alert was already sent to. */
    async recipientsOf(alertId: string): Promise<string[]> {
      const rows = await prisma.outboundMessage.findMany({ where: { alertId, purpose: 'alert', focalPointId: { not: null } }, select: { focalPointId: true } });
      return rows.map((r) => r.focalPointId!);
    },

    focalPoint(id: string) {
      return prisma.focalPoint.findUnique({ where: { id } });
    },

    isFocalPoint(phoneHash: string) {
      return prisma.focalPoint.findFirst({ where: { phoneHash, active: true }, select: { id: true, language: true } });
    },

    listCommittees() {
      return prisma.committee.findMany({ orderBy: [{ pcode: 'asc' }, { type: 'asc' }], include: { focalPoints: { where: { active: true }, orderBy: { rank: 'asc' } } } });
    },
  };
}
export type AlertsRepository = ReturnType<typeof alertsRepository>;
