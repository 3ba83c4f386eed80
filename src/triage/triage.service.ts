// Triage: a coordinator corrects what the classifier was unsure of. The correction fixes the report,
// becomes a labelled example for the classifier, lands in the audit log, and routes a report that
// had raised no alert yet.
import type { Repositories } from '../db/index.ts';
import { CATEGORY_RULES, isCategory } from '../domain/taxonomy.ts';
import { getUnit } from '../geo/admin.ts';
import { priorityForSeverity, type Producer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import { canActOn, type Principal } from '../users/roles.ts';

/** Reports below the classifier's own triage threshold wait for a person (as do all AUTRE reports). */
export { TRIAGE_THRESHOLD } from '../classify/index.ts';
import { TRIAGE_THRESHOLD } from '../classify/index.ts';

export class TriageError extends Error {
  constructor(
    readonly code: 'not_found' | 'forbidden' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export interface TriageCorrection {
  category: string;
  severity: number;
  pcode: string | null;
}

export function createTriageService({ repos, producer, log }: { repos: Repositories; producer: Producer; log: Logger }) {
  return {
    queue: (user: Principal, limit = 50) => repos.dashboard.triageQueue(TRIAGE_THRESHOLD, user.regions, limit),

    async correct(user: Principal, reportId: string, c: TriageCorrection): Promise<{ routed: boolean; reference: string }> {
      if (!isCategory(c.category)) throw new TriageError('invalid', `category: ${c.category} is not a TAXONOMY category`);
      if (!Number.isInteger(c.severity) || c.severity < 0 || c.severity > 3)
        throw new TriageError('invalid', 'severity: 0, 1, 2 or 3');
      const unit = c.pcode ? getUnit(c.pcode) : undefined;
      if (c.pcode && !unit) throw new TriageError('invalid', `place: ${c.pcode} is not a P-code`);
      const report = await repos.dashboard.reportForTriage(reportId);
      if (!report) throw new TriageError('not_found', `no report ${reportId}`);
      if (!canActOn(user, c.pcode) || (report.locationPcode && !canActOn(user, report.locationPcode)))
        throw new TriageError('forbidden', 'outside your regions or role');
      await repos.dashboard.correctReport(
        reportId,
        {
          category: c.category,
          severity: c.severity,
          pcode: unit?.pcode ?? null,
          level: unit?.level ?? null,
          correctedBy: `user:${user.id}`,
        },
        { text: report.inbound.text, language: report.language },
      );
      await repos.alerts.audit({
        entity: 'report',
        entityId: reportId,
        action: 'corrected',
        fromState: null,
        toState: null,
        actor: `user:${user.id}`,
        channel: 'dashboard',
        reason: 'triage correction',
        details: {
          from: { category: report.category, severity: report.severity, pcode: report.locationPcode },
          to: { category: c.category, severity: c.severity, pcode: unit?.pcode ?? null },
        },
      });
      // A report that raised no alert (AUTRE, or no place) is routed now that a person has qualified it.
      const routable = CATEGORY_RULES[c.category].routedTo.length > 0;
      let routed = false;
      if (!report.incidentId && routable) {
        try {
          await producer.requeue('routing', reportId, { reportId }, priorityForSeverity(c.severity));
          routed = true;
        } catch (err) {
          log.warn({ reportId, err: (err as Error).message }, 'routing after correction not enqueued');
        }
      }
      log.info({ reportId, category: c.category, severity: c.severity, routed }, 'report corrected in triage');
      return { routed, reference: report.reference };
    },
  };
}
export type TriageService = ReturnType<typeof createTriageService>;
