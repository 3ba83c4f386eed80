// Triage: a coordinator corrects what the classifier was unsure of. The correction fixes the report,
// becomes a labelled example for the classifier, lands in the audit log, and routes a report that
// had raised no alert yet.
import type { Repositories } from '../db/index.ts';
import { CATEGORY_RULES, isCategory } from '../domain/taxonomy.ts';
import { getUnit } from '../geo/admin.ts';
import { priorityForSeverity, type Producer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import { canActOn, type Principal } from '../users/roles.ts';
import type { Classification, ClassifyContext } from '../classify/types.ts';
import { transcriptCorrection, type TriageCorrection } from './transcript.ts';

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

export type { TriageCorrection };

/** A coordinator's transcript of a recording: at most this many characters (a minute of speech is far less). */
export const TRANSCRIPT_MAX = 2000;

export interface TriageDeps {
  repos: Repositories;
  producer: Producer;
  log: Logger;
  /** The intake's classifier: a transcript is read like an SMS. */
  classify: (text: string, context?: ClassifyContext) => Classification;
}

export function createTriageService({ repos, producer, log, classify }: TriageDeps) {
  const service = {
    queue: (user: Principal, limit = 50) => repos.dashboard.triageQueue(TRIAGE_THRESHOLD, user.regions, limit),

    /** The callers' recordings of these reports, by report id. */
    recordingsOf: (reports: readonly { id: string; reference: string }[]) => repos.recordings.forReports(reports),

    /**
     * A coordinator wrote down what a caller said: stored, audited, classified like an SMS, and the report
     * corrected as a triage correction is when the reading adds to the keypad answers (src/triage/transcript.ts).
     */
    async transcribe(
      user: Principal,
      recordingId: string,
      text: string,
    ): Promise<{ reference: string; corrected: boolean; routed: boolean }> {
      const transcript = text.trim();
      if (!transcript) throw new TriageError('invalid', 'transcript: write what the caller said');
      if (transcript.length > TRANSCRIPT_MAX)
        throw new TriageError('invalid', `transcript: at most ${TRANSCRIPT_MAX} characters`);
      const rec = await repos.recordings.withReport(recordingId);
      const report =
        rec?.report ?? (rec?.call.reportReference ? await repos.recordings.reportByReference(rec.call.reportReference) : null);
      if (!rec || !report) throw new TriageError('not_found', `no report for recording ${recordingId}`);
      const full = await repos.dashboard.reportForTriage(report.id);
      if (!full) throw new TriageError('not_found', `no report for recording ${recordingId}`);
      if (!canActOn(user, full.locationPcode)) throw new TriageError('forbidden', 'outside your regions or role');
      await repos.recordings.saveTranscript(recordingId, transcript, `user:${user.id}`);
      await repos.alerts.audit({
        entity: 'report',
        entityId: full.id,
        action: 'transcribed',
        fromState: null,
        toState: null,
        actor: `user:${user.id}`,
        channel: 'dashboard',
        reason: null,
        details: { recordingId },
      });
      const keypad = { category: full.category, severity: full.severity, pcode: full.locationPcode };
      const correction = transcriptCorrection(keypad, classify(transcript, { knownPcode: full.locationPcode }));
      if (!correction) return { reference: full.reference, corrected: false, routed: false };
      const { routed } = await service.correct(user, full.id, correction, transcript);
      return { reference: full.reference, corrected: true, routed };
    },

    /** `exampleText`: the text the correction teaches the classifier (the message's, or a transcript). */
    async correct(
      user: Principal,
      reportId: string,
      c: TriageCorrection,
      exampleText?: string,
    ): Promise<{ routed: boolean; reference: string }> {
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
        { text: exampleText ?? report.inbound.text, language: report.language },
      );
      await repos.alerts.audit({
        entity: 'report',
        entityId: reportId,
        action: 'corrected',
        fromState: null,
        toState: null,
        actor: `user:${user.id}`,
        channel: 'dashboard',
        reason: exampleText ? 'transcript' : 'triage correction',
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
  return service;
}
export type TriageService = ReturnType<typeof createTriageService>;
