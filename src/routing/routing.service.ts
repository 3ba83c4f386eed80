// Routing: category + place → configured committees → one alert each → one SMS per primary focal point;
// then a discreet receipt to the reporter in their language.
import type { Repositories } from '../db/index.ts';
import { ancestors } from '../geo/admin.ts';
import { translator } from '../i18n/i18n.ts';
import { priorityForSeverity, RECEIPT_PRIORITY } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { newAlertReference } from '../domain/reference.ts';
import { isCategory, type Category } from '../domain/taxonomy.ts';
import { randomUUID } from 'node:crypto';
import type { CommitteeToAlert, ReportToRoute } from '../db/routing.repo.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { OutboundService, QueueSms } from '../outbound/outbound.service.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import { alertText } from './alert-text.ts';
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
}

const ABUSE_FLAGS: readonly string[] = ['rate_limited', 'coordinated_flood'];
const isAbusive = (flags: string[]) => flags.some((f) => ABUSE_FLAGS.includes(f));

export function placeChain(pcode: string | null): string[] {
  return [...(pcode ? ancestors(pcode).map((u) => u.pcode) : []), 'ML'];
}

export function createRoutingService({ repos, vault, outbound, ownNumbers, alerts, incidentWindowMs, log }: RoutingDeps) {
  /** The discreet receipt (or help) due to the reporter, or null when none is (loop protection, floods). */
  function receiptFor(report: { id: string; reference: string; category: string; language: string; replyLanguage?: string; flags: string[] }, inbound: { fromEnc: string; fromIsNumber: boolean; text: string }): QueueSms | null {
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
  function alertSms(committee: CommitteeToAlert, alert: { id: string; reference: string }, a: { category: Category; severity: number; pcode: string | null; village?: string | null; count: number }): QueueSms[] {
    const text = alertText({ category: a.category, severity: a.severity, pcode: a.pcode, village: a.village, count: a.count, reference: alert.reference });
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

  /**
   * A report not yet in an incident: opens one with its alerts, their SMS, the receipt, the audit
   * entries and the routed mark in one transaction; or joins the open incident of its category and place.
   */
  async function routeFresh(report: ReportToRoute, category: Category, committees: CommitteeToAlert[], windowMs: number) {
    for (let attempt = 0; ; attempt++) {
      const planned = committees.map((committee) => ({ committee, id: randomUUID(), reference: newAlertReference() }));
      const sms = planned.flatMap((a) => alertSms(a.committee, a, { category, severity: report.severity, pcode: report.locationPcode, village: report.village, count: 1 }));
      const receipt = receiptFor(report, report.inbound);
      try {
        const outcome = await repos.routing.routeFresh({
          reportId: report.id, category, pcode: report.locationPcode, severity: report.severity, reporterId: report.reporterId,
          reporterTrust: report.reporterTrust ?? 0, at: report.createdAt, windowMs, incidentId: randomUUID(),
          alerts: planned.map((a) => ({ id: a.id, reference: a.reference, committeeId: a.committee.id, committeeName: a.committee.name, nextEscalationAt: alerts.firstEscalationAt(report.severity) })),
          messages: [...sms, ...(receipt ? [receipt] : [])].map(outbound.prepare),
        });
        if (outcome.kind !== 'opened') return outcome;
        // Sends and escalation checks together: the producer adds them in one round trip per queue.
        await Promise.all([outbound.enqueue(outcome.queued), ...planned.map((a) => alerts.scheduleFirstEscalation(a.id, report.severity))]);
        return { kind: 'opened' as const, messages: sms.length };
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 20) throw err; // an alert reference already taken: draw new ones
      }
    }
  }

  async function reply(report: { id: string; reference: string; category: string; language: string; replyLanguage?: string; flags: string[] }, inbound: { fromEnc: string; fromIsNumber: boolean; text: string }) {
    const receipt = receiptFor(report, inbound);
    if (receipt) await outbound.queue(receipt);
  }

  /** Independent reporters corroborated the incident: its alerts go up one level and their readers are told. */
  async function announceCorroboration(incidentId: string, severity: number, count: number, alreadyRaised?: string[]): Promise<number> {
    const raised = alreadyRaised ?? (await repos.alerts.raiseIncidentAlerts(incidentId, severity));
    let sent = 0;
    for (const alert of await repos.alerts.alertsOfIncident(incidentId)) {
      if (!raised.includes(alert.id)) continue;
      await repos.alerts.audit({ entity: 'alert', entityId: alert.id, action: 'severity_raised', fromState: alert.state, toState: alert.state, actor: 'system', channel: 'routing', reason: `corroborated by independent reporters: severity ${severity}, ${count} reports`, details: { severity, count } });
      const text = alertText({ category: isCategory(alert.category) ? alert.category : 'AUTRE', severity, pcode: alert.locationPcode, village: alert.report?.village, count, reference: alert.reference, kind: 'update' });
      for (const fpId of await repos.alerts.recipientsOf(alert.id)) {
        const fp = await repos.alerts.focalPoint(fpId);
        if (!fp) continue;
        await outbound.queue({ dedupeKey: `update:${alert.id}:${fp.id}:sev${severity}`, purpose: 'update', to: vault.decrypt(fp.phoneEnc), text, language: 'fr', priority: priorityForSeverity(severity), alertId: alert.id, focalPointId: fp.id });
        sent++;
      }
    }
    return sent;
  }

  return {
    async route(reportId: string): Promise<{ alerts: number; messages: number }> {
      const report = await repos.routing.report(reportId);
      if (!report) {
        log.error({ reportId }, 'report not found');
        return { alerts: 0, messages: 0 };
      }
      const category: Category = isCategory(report.category) ? report.category : 'AUTRE';
      const chain = placeChain(report.locationPcode);
      const candidates = await repos.routing.committees(chain, typesFor(category));
      // A flagged report (rate-limited number, coordinated flood) is kept and shown, but raises no alert.
      const committees = isAbusive(report.flags) ? [] : selectCommittees(category, chain, candidates);
      const windowMs = category === 'FONCIER' ? incidentWindowMs.FONCIER : incidentWindowMs.default;
      let messages = 0;
      let general = committees.length > 0;
      if (general && !report.incidentId) {
        const fresh = await routeFresh(report, category, committees, windowMs);
        if (fresh.kind === 'opened') {
          log.info({ reportId, category, committees: committees.length, messages: fresh.messages }, 'report routed');
          return { alerts: committees.length, messages: fresh.messages };
        }
        if (fresh.kind === 'joined') {
          // Same category, same place, within the window: the incident grows, no new alert.
          general = false;
          if (fresh.severityRaised) messages += await announceCorroboration(fresh.incident.id, fresh.incident.severity, fresh.incident.reportCount, fresh.raisedAlerts);
        }
      }
      if (general) {
        // Routed before (a retried job, a place answered later): every step below is idempotent.
        const { incident, joined, severityRaised } = await repos.alerts.joinOrOpenIncident({
          reportId, category, pcode: report.locationPcode, severity: report.severity, reporterId: report.reporterId, reporterTrust: report.reporterTrust ?? 0,
          at: report.createdAt, windowMs,
        });
        if (joined) {
          if (severityRaised) messages += await announceCorroboration(incident.id, incident.severity, incident.reportCount);
        } else {
          for (const committee of committees) {
            const alert = await repos.alerts.createAlert(
              { reportId, committeeId: committee.id, category, severity: incident.severity, locationPcode: report.locationPcode, incidentId: incident.id, nextEscalationAt: alerts.firstEscalationAt(incident.severity) },
              newAlertReference,
              committee.name,
            );
            for (const sms of alertSms(committee, alert, { category, severity: incident.severity, pcode: report.locationPcode, village: report.village, count: incident.reportCount })) {
              await outbound.queue(sms);
              messages++;
            }
            await alerts.scheduleFirstEscalation(alert.id, incident.severity);
          }
        }
      }
      await reply(report, report.inbound);
      if (!report.routedAt) await repos.reports.markRouted(reportId);
      log.info({ reportId, category, committees: committees.length, messages }, 'report routed');
      return { alerts: committees.length, messages };
    },
  };
}
export type RoutingService = ReturnType<typeof createRoutingService>;
