// Incidents and the alerts they raise: one routing, read and written in one transaction under the
// lock of its category and place, so two reports of one incident never both open it.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit, type AuditEntryInput, type Tx } from './audit.repo.ts';
import type { NewOutbound } from './outbound.repo.ts';
import { writeEvents, type NewWebhookEvent } from './webhooks.repo.ts';

export interface IncidentAlertRow {
  id: string;
  reference: string;
  committeeId: string;
  state: string;
  severity: number;
  escalationLevel: number;
  nextEscalationAt: Date | null;
  /** The village of the report that raised it, when known. */
  village: string | null;
}

export interface IncidentRow {
  id: string;
  category: string;
  locationPcode: string | null;
  severity: number;
  firstReportAt: Date;
  reportCount: number;
  reporterCount: number;
  corroborated: boolean;
  alerts: IncidentAlertRow[];
  /** Reporters already in the incident. */
  reporterIds: string[];
  /** Who each alert was sent to (its alert SMS), for updates. */
  recipients: { alertId: string; focalPointId: string; toEnc: string }[];
}

/** What routing found under the lock. */
export interface RoutingSnapshot {
  /** The incident the report is already in (a retried job, a place answered later), else null. */
  attached: IncidentRow | null;
  /** Incidents of the report's category and place opened since the window's start. */
  candidates: IncidentRow[];
}

/** What routing decided to write; all of it commits together or none. */
export interface RoutingWrite {
  incident:
    | {
        kind: 'open';
        id: string;
        category: string;
        pcode: string | null;
        severity: number;
        firstReportAt: Date;
        reporterCount: number;
      }
    | { kind: 'join'; id: string; severity: number; newReporter: boolean; corroborated: boolean; at: Date }
    | { kind: 'attached'; id: string }
    | { kind: 'none' };
  alerts: {
    id: string;
    reference: string;
    committeeId: string;
    category: string;
    severity: number;
    pcode: string | null;
    nextEscalationAt: Date | null;
  }[];
  /** Alerts whose severity rose, with their escalation re-timed. */
  raised: { id: string; severity: number; nextEscalationAt: Date | null }[];
  messages: (NewOutbound & { id: string })[];
  audit: AuditEntryInput[];
  /** A flag the report gains (no_committee: it waits in triage). */
  flag?: string;
  /** Outbound webhook events (incident.opened), in the outbox with the rest. */
  events?: NewWebhookEvent[];
}

export interface RoutingLock {
  reportId: string;
  category: string;
  pcode: string | null;
  /** Incidents opened before this are out of the window. */
  windowStart: Date;
}

async function incidentRows(
  tx: Tx,
  where: { id: string } | { category: string; locationPcode: string; openedAt: { gte: Date } },
): Promise<IncidentRow[]> {
  // One statement (relation joins): the incidents, their alerts with the village and the SMS each alert
  // went out as, and the distinct reporters.
  const incidents = await tx.incident.findMany({
    where,
    include: {
      alerts: {
        select: {
          id: true,
          reference: true,
          committeeId: true,
          state: true,
          severity: true,
          escalationLevel: true,
          nextEscalationAt: true,
          report: { select: { village: true } },
          outbound: {
            where: { purpose: 'alert', focalPointId: { not: null } },
            select: { focalPointId: true, toEnc: true },
          },
        },
      },
      reports: { where: { reporterId: { not: null } }, select: { reporterId: true }, distinct: ['reporterId'] },
    },
  });
  return incidents.map(({ reports, openedAt, alerts, ...i }) => ({
    ...i,
    alerts: alerts.map(({ report, outbound: _sent, ...a }) => ({ ...a, village: report.village })),
    firstReportAt: openedAt,
    reporterIds: reports.map((r) => r.reporterId!),
    recipients: alerts.flatMap((a) => a.outbound.map((m) => ({ alertId: a.id, focalPointId: m.focalPointId!, toEnc: m.toEnc }))),
  }));
}

export function incidentsRepository(prisma: PrismaClient) {
  return {
    /**
     * Reads what routing needs under the incident lock, lets `decide` plan, and writes the plan with
     * the report's "routed" mark. Returns the plan and the messages actually stored (a repeat of a
     * dedupe key is not stored twice), for the caller to enqueue after the commit.
     */
    async route(
      lock: RoutingLock,
      decide: (s: RoutingSnapshot) => RoutingWrite,
    ): Promise<{ write: RoutingWrite; stored: { id: string; priority: number }[] }> {
      return prisma.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(
            'SELECT pg_advisory_xact_lock(hashtext($1))',
            `incident:${lock.category}:${lock.pcode ?? ''}`,
          );
          const report = await tx.report.findUniqueOrThrow({ where: { id: lock.reportId }, select: { incidentId: true } });
          const attached = report.incidentId ? ((await incidentRows(tx, { id: report.incidentId }))[0] ?? null) : null;
          const candidates =
            attached || !lock.pcode
              ? []
              : await incidentRows(tx, {
                  category: lock.category,
                  locationPcode: lock.pcode,
                  openedAt: { gte: lock.windowStart },
                });
          const write = decide({ attached, candidates });
          const inc = write.incident;
          if (inc.kind === 'open') {
            await tx.incident.create({
              data: {
                id: inc.id,
                category: inc.category,
                locationPcode: inc.pcode,
                severity: inc.severity,
                reporterCount: inc.reporterCount,
                openedAt: inc.firstReportAt,
                lastReportAt: inc.firstReportAt,
              },
            });
          } else if (inc.kind === 'join') {
            await tx.incident.update({
              where: { id: inc.id },
              data: {
                reportCount: { increment: 1 },
                reporterCount: { increment: inc.newReporter ? 1 : 0 },
                severity: inc.severity,
                lastReportAt: inc.at,
                ...(inc.corroborated ? { corroborated: true } : {}),
              },
            });
          }
          const incidentId = inc.kind === 'none' ? null : inc.id;
          await tx.report.update({
            where: { id: lock.reportId },
            data: {
              ...(incidentId ? { incidentId } : {}),
              ...(write.flag ? { flags: { push: write.flag } } : {}),
              routedAt: new Date(),
            },
            select: { id: true },
          });
          if (write.alerts.length > 0) {
            await tx.alert.createMany({
              data: write.alerts.map((a) => ({
                id: a.id,
                reference: a.reference,
                reportId: lock.reportId,
                committeeId: a.committeeId,
                category: a.category,
                severity: a.severity,
                locationPcode: a.pcode,
                incidentId,
                nextEscalationAt: a.nextEscalationAt,
              })),
            });
          }
          for (const r of write.raised)
            await tx.alert.update({ where: { id: r.id }, data: { severity: r.severity, nextEscalationAt: r.nextEscalationAt } });
          const stored = write.messages.length
            ? await tx.outboundMessage.createManyAndReturn({
                data: write.messages,
                skipDuplicates: true,
                select: { id: true, priority: true },
              })
            : [];
          await writeEvents(tx, write.events ?? []);
          // Last, so the audit chain's lock is held only from here to the commit.
          await appendAudit(tx, write.audit);
          return { write, stored };
        },
        { timeout: 15_000 },
      );
    },
  };
}
export type IncidentsRepository = ReturnType<typeof incidentsRepository>;
