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
import type { OutboundService } from '../outbound/outbound.service.ts';
import { alertText } from './alert-text.ts';
import { selectCommittees, typesFor } from './rules.ts';

export interface RoutingDeps {
  repos: Repositories;
  vault: PhoneVault;
  outbound: OutboundService;
  /** Our own numbers and short codes: never auto-reply to them. */
  ownNumbers: readonly string[];
  log: Logger;
}

export function placeChain(pcode: string | null): string[] {
  return [...(pcode ? ancestors(pcode).map((u) => u.pcode) : []), 'ML'];
}

export function createRoutingService({ repos, vault, outbound, ownNumbers, log }: RoutingDeps) {
  async function reply(report: { id: string; reference: string; category: string; language: string }, inbound: { fromEnc: string; fromIsNumber: boolean; text: string }) {
    if (!inbound.fromIsNumber) return; // operator names and other gateways: never answer (loop protection)
    const to = vault.decrypt(inbound.fromEnc);
    if (ownNumbers.some((n) => to.endsWith(n))) return;
    const isAlert = report.category !== 'NON_ALERTE';
    if (!isAlert && inbound.text.trim() === '') return;
    const t = translator(report.language);
    await outbound.queue({
      dedupeKey: `receipt:${report.id}`,
      purpose: isAlert ? 'receipt' : 'help',
      to,
      text: isAlert ? t('receipt', { ref: report.reference }) : t('help'),
      language: report.language,
      priority: RECEIPT_PRIORITY,
      reportId: report.id,
    });
  }

  return {
    async route(reportId: string): Promise<{ alerts: number; messages: number }> {
      const report = await repos.reports.get(reportId);
      if (!report) {
        log.error({ reportId }, 'report not found');
        return { alerts: 0, messages: 0 };
      }
      const category: Category = isCategory(report.category) ? report.category : 'AUTRE';
      const chain = placeChain(report.locationPcode);
      const candidates = await repos.committees.forPlaces(chain, typesFor(category));
      const committees = selectCommittees(category, chain, candidates);
      const count = await repos.reports.countSimilar(category, report.locationPcode, report.createdAt);
      let messages = 0;
      for (const committee of committees) {
        const alert = await repos.committees.createAlert(
          { reportId, committeeId: committee.id, category, severity: report.severity, locationPcode: report.locationPcode },
          newAlertReference,
        );
        const text = alertText({ category, severity: report.severity, pcode: report.locationPcode, count, reference: alert.reference });
        const primaries = committee.focalPoints.filter((f) => f.rank === 1);
        for (const fp of primaries.length > 0 ? primaries : committee.focalPoints.slice(0, 1)) {
          await outbound.queue({
            dedupeKey: `alert:${alert.id}:${fp.id}`,
            purpose: 'alert',
            to: vault.decrypt(fp.phoneEnc),
            text,
            language: 'fr',
            priority: priorityForSeverity(report.severity),
            alertId: alert.id,
            focalPointId: fp.id,
          });
          messages++;
        }
      }
      await reply(report, report.inbound);
      if (!report.routedAt) await repos.reports.markRouted(reportId);
      log.info({ reportId, category, alerts: committees.length, messages }, 'report routed');
      return { alerts: committees.length, messages };
    },
  };
}
export type RoutingService = ReturnType<typeof createRoutingService>;
