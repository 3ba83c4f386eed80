// Routing, one path for every report (fresh, retried, or re-routed after its place was answered):
// plan with the incident rule (src/alerts/incidents.ts) under the incident's lock, write the plan in
// one transaction (incident, alerts, their SMS, the receipt, the audit entries, the routed mark),
// then enqueue the sends and the escalation checks.
import { randomUUID } from 'node:crypto';
import type { Repositories } from '../db/index.ts';
import type { IncidentRow, RoutingSnapshot, RoutingWrite } from '../db/incidents.repo.ts';
import type { CommitteeToAlert } from '../db/committees.repo.ts';
import type { ReportToRoute } from '../db/reports.repo.ts';
import type { AuditEntryInput } from '../db/audit.repo.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { ancestors } from '../geo/admin.ts';
import { translator } from '../i18n/i18n.ts';
import { priorityForSeverity, RECEIPT_PRIORITY } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { newAlertReference } from '../domain/reference.ts';
import { CATEGORY_RULES, isCategory, type Category } from '../domain/taxonomy.ts';
import type { OutboundService, QueueSms } from '../outbound/outbound.service.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import { committeesToAlert, decideIncident, type Retiming } from '../alerts/incidents.ts';
import { TRUST } from '../safety/abuse.ts';
import { alertText } from '../alerts/alert-text.ts';
import { incidentEvent } from '../alerts/incident-record.ts';
import { TRIAGE } from '../intake/intake.service.ts';
import { selectCommittees, typesFor } from './rules.ts';

export interface RoutingDeps {
  repos: Repositories;
  vault: PhoneVault;
  outbound: OutboundService;
  /** Our own numbers and short codes: never auto-reply to them. */
  ownNumbers: readonly string[];
  alerts: AlertsService;
  incidentWindowMs: { default: number; FONCIER: number };
  log: Logger;
  /** After the commit: hand the incident.opened events on to the outbound webhooks (the sweeper does if this fails). */
  onEvents?: (eventIds: string[]) => Promise<void>;
}

const ABUSE_FLAGS: readonly string[] = ['rate_limited', 'coordinated_flood'];
const isAbusive = (flags: string[]) => flags.some((f) => ABUSE_FLAGS.includes(f));
/** The report's flag when no committee could receive its alert: triage lists it with this reason. */
export const NO_COMMITTEE = 'no_committee';

export function placeChain(pcode: string | null): string[] {
  return [...(pcode ? ancestors(pcode).map((u) => u.pcode) : []), 'ML'];
}

/** What the transaction's plan leaves for after the commit: escalation checks to schedule. */
interface AfterCommit {
  newAlerts: { id: string; severity: number }[];
  retimed: (Retiming & { nextLevel: number })[];
}

export function createRoutingService(deps: RoutingDeps) {
  const { repos, vault, outbound, ownNumbers, alerts, incidentWindowMs, log } = deps;
  /** The discreet receipt (or help) due to the reporter, or null when none is (loop protection, floods). */
  function receiptFor(report: ReportToRoute): QueueSms | null {
    const { inbound } = report;
    if (!inbound.fromIsNumber) return null; // operator names and other gateways: never answer (loop protection)
    if (isAbusive(report.flags)) return null; // a number flooding us (perhaps another gateway) gets no auto-reply
    const to = vault.decrypt(inbound.fromEnc);
    if (ownNumbers.some((n) => to.endsWith(n))) return null;
    const isAlert = report.category !== 'NON_ALERTE';
    if (!isAlert && inbound.text.trim() === '') return null;
    const language = report.replyLanguage ?? report.language;
    const t = translator(language);
    const askPlace = report.flags.includes('awaiting_place');
    return {
      dedupeKey: `receipt:${report.id}`,
      purpose: isAlert ? 'receipt' : 'help',
      to,
      text: !isAlert ? t('help') : askPlace ? t('askPlace', { ref: report.reference }) : t('receipt', { ref: report.reference }),
      language,
      priority: RECEIPT_PRIORITY,
      reportId: report.id,
    };
  }

  /** One SMS per primary focal point of the committee (or its first focal point when none is primary). */
  function alertSms(
    committee: CommitteeToAlert,
    alert: { id: string; reference: string },
    a: { category: Category; severity: number; pcode: string | null; village?: string | null; count: number },
  ): QueueSms[] {
    const text = alertText({
      category: a.category,
      severity: a.severity,
      pcode: a.pcode,
      village: a.village,
      count: a.count,
      reference: alert.reference,
    });
    const primaries = committee.focalPoints.filter((f) => f.rank === 1);
    return (primaries.length > 0 ? primaries : committee.focalPoints.slice(0, 1)).map((fp) => ({
      dedupeKey: `alert:${alert.id}:${fp.id}`,
      purpose: 'alert' as const,
      to: vault.decrypt(fp.phoneEnc),
      text,
      language: 'fr',
      priority: priorityForSeverity(a.severity),
      alertId: alert.id,
      focalPointId: fp.id,
    }));
  }

  /** The incident's readers are told its severity rose (once per alert, reader and level). */
  function updates(incident: IncidentRow, category: Category, raised: Retiming[], count: number): QueueSms[] {
    return raised.flatMap((r) => {
      const alert = incident.alerts.find((a) => a.id === r.alertId)!;
      const text = alertText({
        category,
        severity: r.severity,
        pcode: incident.locationPcode,
        village: alert.village,
        count,
        reference: alert.reference,
        kind: 'update',
      });
      return incident.recipients
        .filter((m) => m.alertId === r.alertId)
        .map((m) => ({
          dedupeKey: `update:${r.alertId}:${m.focalPointId}:sev${r.severity}`,
          purpose: 'update' as const,
          to: vault.decrypt(m.toEnc),
          text,
          language: 'fr',
          priority: priorityForSeverity(r.severity),
          alertId: r.alertId,
          focalPointId: m.focalPointId,
        }));
    });
  }

  /** The plan for one report, from what the transaction read. Pure but for the ids and references it draws. */
  function plan(
    report: ReportToRoute,
    category: Category,
    chosen: CommitteeToAlert[],
    windowMs: number,
    s: RoutingSnapshot,
    after: AfterCommit,
  ): RoutingWrite {
    const now = new Date();
    const receipt = receiptFor(report);
    const write: RoutingWrite = { incident: { kind: 'none' }, alerts: [], raised: [], messages: [], audit: [] };
    const sms: QueueSms[] = [];
    const audit: AuditEntryInput[] = [];
    let severity: number;
    let count: number;
    let toAlert: CommitteeToAlert[];
    if (s.attached) {
      // Routed before (a retried job, a place answered later): only committees without an alert of it get one.
      severity = s.attached.severity;
      count = s.attached.reportCount;
      toAlert = committeesToAlert(chosen, s.attached.alerts);
      write.incident = { kind: 'attached', id: s.attached.id };
    } else if (chosen.length === 0) {
      write.messages = receipt ? [outbound.prepare(receipt)] : [];
      if (report.flags.includes(TRIAGE)) {
        write.audit = [
          {
            entity: 'report',
            entityId: report.id,
            action: 'held',
            fromState: null,
            toState: 'triage',
            actor: 'system',
            channel: 'routing',
            reason: `the classifier is unsure (confidence ${report.confidence}): waiting in triage, no committee alerted`,
            details: { category, pcode: report.locationPcode },
          },
        ];
        return write;
      }
      // An alert with nobody in the directory to read it (no committee on its chain, no coordination):
      // kept, and put before a person in triage, never dropped.
      if (CATEGORY_RULES[category].routedTo.length > 0 && !isAbusive(report.flags) && !report.flags.includes(NO_COMMITTEE)) {
        write.flag = NO_COMMITTEE;
        write.audit = [
          {
            entity: 'report',
            entityId: report.id,
            action: 'unrouted',
            fromState: null,
            toState: 'triage',
            actor: 'system',
            channel: 'routing',
            reason: `no committee covers ${report.locationPcode ?? 'an unknown place'} or the places above it, and no national coordination: waiting in triage`,
            details: { category, pcode: report.locationPcode },
          },
        ];
      }
      return write;
    } else {
      const facts = {
        severity: report.severity,
        at: report.createdAt,
        reporterId: report.reporterId,
        reporterTrust: report.reporterTrust ?? 0,
      };
      const rules = { windowMs, corroborationTrust: TRUST.corroborates, escalationDelayMs: alerts.delayFor };
      const reporters = (id: string) => s.candidates.find((c) => c.id === id)?.reporterIds ?? [];
      const decision = decideIncident(facts, s.candidates, reporters, rules, now);
      if (decision.kind === 'open') {
        severity = decision.severity;
        count = 1;
        toAlert = chosen;
        write.incident = {
          kind: 'open',
          id: randomUUID(),
          category,
          pcode: report.locationPcode,
          severity,
          firstReportAt: report.createdAt,
          reporterCount: report.reporterId ? 1 : 0,
        };
        const opened = { ...write.incident, openedAt: report.createdAt, locationPcode: report.locationPcode, reportCount: 1 };
        write.events = [incidentEvent(randomUUID(), 'incident.opened', opened, null, now)];
      } else {
        const incident = s.candidates.find((c) => c.id === decision.incidentId)!;
        severity = decision.severity;
        count = incident.reportCount + 1;
        toAlert = committeesToAlert(chosen, incident.alerts);
        write.incident = {
          kind: 'join',
          id: incident.id,
          severity,
          newReporter: decision.newReporter,
          corroborated: decision.corroborates,
          at: report.createdAt,
        };
        write.raised = decision.retimed.map((r) => ({
          id: r.alertId,
          severity: r.severity,
          nextEscalationAt: r.nextEscalationAt,
        }));
        const why = decision.corroborates ? 'corroborated by independent reporters' : 'a more severe report';
        for (const r of decision.retimed) {
          const alert = incident.alerts.find((a) => a.id === r.alertId)!;
          audit.push({
            entity: 'alert',
            entityId: r.alertId,
            action: 'severity_raised',
            fromState: alert.state,
            toState: alert.state,
            actor: 'system',
            channel: 'routing',
            reason: `${why}: severity ${severity}, ${count} reports`,
            details: { severity, count },
          });
          if (r.sooner) after.retimed.push({ ...r, nextLevel: alert.escalationLevel + 1 });
        }
        sms.push(...updates(incident, category, decision.retimed, count));
      }
    }
    for (const committee of toAlert) {
      const alert = { id: randomUUID(), reference: newAlertReference() };
      write.alerts.push({
        ...alert,
        committeeId: committee.id,
        category,
        severity,
        pcode: report.locationPcode,
        nextEscalationAt: new Date(now.getTime() + alerts.delayFor(severity)),
      });
      sms.push(
        ...alertSms(committee, alert, { category, severity, pcode: report.locationPcode, village: report.village, count }),
      );
      audit.unshift({
        entity: 'alert',
        entityId: alert.id,
        action: 'create',
        fromState: null,
        toState: 'sent',
        actor: 'system',
        channel: 'routing',
        reason: `sent to ${committee.name}`,
        details: { reportId: report.id, severity },
      });
      after.newAlerts.push({ id: alert.id, severity });
    }
    write.messages = [...sms, ...(receipt ? [receipt] : [])].map(outbound.prepare);
    write.audit = audit;
    return write;
  }

  return {
    async route(reportId: string): Promise<{ alerts: number; messages: number }> {
      const report = await repos.reports.toRoute(reportId);
      if (!report) {
        log.error({ reportId }, 'report not found');
        return { alerts: 0, messages: 0 };
      }
      const category: Category = isCategory(report.category) ? report.category : 'AUTRE';
      const chain = placeChain(report.locationPcode);
      const candidates = await repos.committees.ofTypesAt(chain, typesFor(category));
      // A flagged report (rate-limited number, coordinated flood) is kept and shown, but raises no alert; so is
      // one the classifier was unsure of, until a person qualifies it in triage.
      const held = report.flags.includes(TRIAGE);
      const chosen = isAbusive(report.flags) || held ? [] : selectCommittees(category, chain, candidates);
      const windowMs = category === 'FONCIER' ? incidentWindowMs.FONCIER : incidentWindowMs.default;
      const lock = {
        reportId,
        category,
        pcode: report.locationPcode,
        windowStart: new Date(report.createdAt.getTime() - windowMs),
      };
      for (let attempt = 0; ; attempt++) {
        const after: AfterCommit = { newAlerts: [], retimed: [] };
        try {
          const { write, stored } = await repos.incidents.route(lock, (s) => plan(report, category, chosen, windowMs, s, after));
          // Sends and escalation checks together: the producer adds them in one round trip per queue.
          await Promise.all([
            outbound.enqueue(stored),
            ...after.newAlerts.map((a) => alerts.scheduleFirstEscalation(a.id, a.severity)),
            ...after.retimed.map((r) => alerts.rescheduleEscalation(r.alertId, r.nextLevel, r.severity)),
            ...(write.events?.length && deps.onEvents ? [deps.onEvents(write.events.map((e) => e.id))] : []),
          ]);
          const sent = write.messages.filter((m) => m.purpose === 'alert' || m.purpose === 'update').length;
          log.info(
            { reportId, category, incident: write.incident.kind, alerts: write.alerts.length, messages: sent },
            'report routed',
          );
          return { alerts: write.alerts.length, messages: sent };
        } catch (err) {
          if (!isUniqueViolation(err) || attempt >= 20) throw err; // an alert reference already taken: draw new ones
        }
      }
    },
  };
}
export type RoutingService = ReturnType<typeof createRoutingService>;
