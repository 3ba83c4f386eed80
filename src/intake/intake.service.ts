// Intake: store an accepted callback durably first, then enqueue; later classify it into a report.
import type { InboundSms } from '../channels/types.ts';
import type { Repositories } from '../db/index.ts';
import type { Producer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { newPseudonym, newReportReference } from '../domain/reference.ts';
import type { Classification, ClassifyContext } from '../classify/index.ts';
import type { Preset as StoredPreset } from '../db/inbound.repo.ts';
import type { AwaitingPlace } from '../db/intake.repo.ts';
import { getUnit } from '../geo/admin.ts';
import { isCategory, isLanguage } from '../domain/taxonomy.ts';
import { abuseFlags, DEFAULT_LIMITS, textFingerprint, TRUST, type AbuseLimits } from '../safety/abuse.ts';

/** What a menu fixed, plus the report reference it already showed the reporter (USSD END screen). */
export interface Preset extends StoredPreset {
  reference?: string;
}

export type Classifier = (text: string, context?: ClassifyContext) => Classification;

/** Set on a report with no place: the reporter is asked where, and the answer completes it. */
export const AWAITING_PLACE = 'awaiting_place';
/**
 * Set on a report the classifier was unsure of: it waits in triage and raises no committee alert until a person
 * qualifies it. An unsure report with a severity-3 cue (dead, wounded, shooting, attack under way) alerts at once
 * and carries TRIAGE_ALERTED instead, so a person still checks it.
 */
export const TRIAGE = 'triage';
export const TRIAGE_ALERTED = 'triage_alerted';
/** How long an unanswered "where?" stays open. */
export const PLACE_ANSWER_WINDOW_MS = 24 * 3_600_000;

/** An SMS a provider handed us, as its channel parsed it. */
export type AcceptedSms = InboundSms;

/**
 * Answers from focal points are not reports: this hook handles them first (returns true when it did).
 * `awaitingPlace` (the sender's report waiting for its place) and `knownPcode` (their last located report)
 * are what intake already read with the message.
 */
export type ReplyHandler = (msg: {
  id: string;
  channel: string;
  fromHash: string;
  from: string;
  fromIsNumber: boolean;
  text: string;
  awaitingPlace: AwaitingPlace | null;
  knownPcode: string | null;
}) => Promise<boolean>;

export interface IntakeDeps {
  handleReply?: ReplyHandler;
  repos: Repositories;
  vault: PhoneVault;
  producer: Producer;
  classify: Classifier;
  /** Recorded with each report: which model decided. */
  classifierName: () => string;
  log: Logger;
  limits?: AbuseLimits;
  /**
   * Routes a report in the job that made it (one job and one read fewer per report). A failure fails
   * the intake job, whose retry finds the report and routes it again.
   */
  route: (reportId: string) => Promise<unknown>;
}

const NUL = /\u0000/g;
function withoutNul(sms: AcceptedSms): AcceptedSms {
  const fields = [sms.providerId, sms.from, sms.to, sms.text, sms.linkId, sms.networkCode];
  if (!fields.some((f) => typeof f === 'string' && f.includes('\u0000'))) return sms;
  const fix = <T extends string | null>(v: T): T => (typeof v === 'string' ? (v.replace(NUL, '\ufffd') as T) : v);
  return {
    ...sms,
    providerId: fix(sms.providerId),
    from: fix(sms.from),
    to: fix(sms.to),
    text: fix(sms.text),
    linkId: fix(sms.linkId),
    networkCode: fix(sms.networkCode),
  };
}

/** Years 1970 to 9999: what a provider's clock can mean and PostgreSQL reads back as written. */
function storableDate(d: Date): boolean {
  const year = d.getUTCFullYear();
  return Number.isFinite(d.getTime()) && year >= 1970 && year <= 9999;
}

/** Keeps what the reporter fixed in a menu; the classifier only fills what is missing. */
function withPreset(result: Classification, preset: Preset | null): Classification {
  if (!preset) return result;
  const out = { ...result };
  if (preset.category && isCategory(preset.category)) out.category = preset.category;
  if (typeof preset.severity === 'number' && preset.severity >= 0 && preset.severity <= 3)
    out.severity = preset.severity as Classification['severity'];
  if (preset.language && isLanguage(preset.language)) out.language = preset.language;
  const unit = preset.pcode ? getUnit(preset.pcode) : undefined;
  if (unit) out.location = { pcode: unit.pcode, name: unit.name, level: unit.level };
  if (preset.category || preset.pcode) out.confidence = 1;
  return out;
}

/** The village's name: the menu's choice when a menu fixed the place, else the one the classifier read. */
function villageOf(result: Classification, preset: Preset | null): string | null {
  if (preset?.pcode) return typeof preset.village === 'string' ? preset.village : null;
  return result.location?.level === 'commune' ? (result.village?.name ?? null) : null;
}

/** The reference a menu already showed is tried first; only a collision draws another one. */
function referenceFor(preset: Preset | null): () => string {
  let shown = typeof preset?.reference === 'string' ? preset.reference : undefined;
  return () => {
    const reference = shown ?? newReportReference();
    shown = undefined;
    return reference;
  };
}

export function createIntakeService({
  repos,
  vault,
  producer,
  classify,
  classifierName,
  log,
  handleReply,
  limits = DEFAULT_LIMITS,
  route,
}: IntakeDeps) {
  return {
    /** Persists the message (once per channel and provider id); resolves only after the commit. */
    async accept(
      channel: string,
      sms: AcceptedSms,
      flags: string[],
      preset?: Preset,
    ): Promise<{ id: string; duplicate: boolean; queued: boolean }> {
      // PostgreSQL cannot store a NUL character: replace it (U+FFFD) and flag, rather than refuse a storable SMS.
      const clean = withoutNul(sms);
      if (clean !== sms) {
        sms = clean;
        if (!flags.includes('nul_replaced')) flags = [...flags, 'nul_replaced'];
      }
      // A provider date that parsed but is no real timestamp (year -1, 275760) cannot be stored: kept out, flagged.
      if (sms.receivedAt && !storableDate(sms.receivedAt)) {
        sms = { ...sms, receivedAt: null };
        if (!flags.includes('date_invalid')) flags = [...flags, 'date_invalid'];
      }
      const stored = await repos.inbound.insert({
        channel,
        providerId: sms.providerId,
        fromHash: vault.hash(sms.from),
        fromEnc: vault.encrypt(sms.from),
        fromIsNumber: sms.fromIsNumber,
        to: sms.to,
        text: sms.text,
        providerDate: sms.receivedAt,
        linkId: sms.linkId,
        networkCode: sms.networkCode,
        flags,
        preset: preset ?? null,
        // A menu report's text is built from the choices: the same for honest neighbours, so never a flood.
        textFingerprint: preset ? null : textFingerprint(sms.text),
      });
      if (stored.duplicate) return { ...stored, queued: false };
      try {
        await producer.intake(stored.id);
        return { ...stored, queued: true };
      } catch (err) {
        log.warn({ inboundId: stored.id, err: (err as Error).message }, 'intake job not enqueued; the sweeper will pick it up');
        return { ...stored, queued: false };
      }
    },

    /** Classifies a stored message into a report (once) and hands it to routing. */
    async process(inboundId: string): Promise<void> {
      // One read: the message, its report if any, and what is known of its sender (hot path under a surge).
      const inbound = await repos.intake.context(inboundId, limits.floodWindowMs, {
        flag: AWAITING_PLACE,
        since: new Date(Date.now() - PLACE_ANSWER_WINDOW_MS),
      });
      if (!inbound) {
        log.error({ inboundId }, 'inbound message not found');
        return;
      }
      let report = inbound.report;
      if (!report && !inbound.preset && handleReply) {
        const from = vault.decrypt(inbound.fromEnc);
        const handled = await handleReply({
          id: inbound.id,
          channel: inbound.channel,
          fromHash: inbound.fromHash,
          from,
          fromIsNumber: inbound.fromIsNumber,
          text: inbound.text,
          awaitingPlace: inbound.awaitingPlace,
          knownPcode: inbound.knownPcode,
        });
        if (handled) {
          await repos.inbound.markProcessed(inboundId, null);
          log.info({ inboundId }, 'answer to an alert handled');
          return;
        }
      }
      if (!report) {
        const knownPcode = inbound.fromIsNumber ? inbound.knownPcode : null;
        const preset = inbound.preset as Preset | null;
        const result = withPreset(classify(inbound.text, { knownPcode }), preset);
        const flags: string[] = abuseFlags(inbound.abuse, limits);
        if (!preset?.pcode && result.needsPlace && !result.location) flags.push(AWAITING_PLACE);
        // What a menu fixed is the reporter's own word; only a free-text guess waits for a person.
        if (!preset?.category && result.triage) flags.push(result.urgent ? TRIAGE_ALERTED : TRIAGE);
        const trust = inbound.focalPoint ? TRUST.focalPoint : TRUST.default;
        const language = result.category === 'NON_ALERTE' ? null : result.language;
        // The menu's language is the reporter's choice; a language detected in an SMS never replaces it.
        const chosen = typeof preset?.language === 'string';
        // A number seen before keeps its reporter row (language remembered); a new one gets it with this report.
        const known =
          inbound.fromIsNumber && inbound.reporter
            ? await repos.reports.reporterFromKnown(
                inbound.reporter,
                inbound.fromHash,
                inbound.fromEnc,
                newPseudonym,
                language,
                trust,
                chosen,
              )
            : null;
        const newReporter =
          inbound.fromIsNumber && !inbound.reporter
            ? {
                phoneHash: inbound.fromHash,
                phoneEnc: inbound.fromEnc,
                pseudonym: newPseudonym,
                language,
                languageChosen: chosen,
                trust,
              }
            : undefined;
        const data = {
          inboundId,
          reporterId: known?.id ?? null,
          category: result.category,
          severity: result.severity,
          language: result.language,
          confidence: result.confidence,
          locationPcode: result.location?.pcode ?? null,
          locationLevel: result.location?.level ?? null,
          village: villageOf(result, preset),
          matched: result.matched,
          classifier: classifierName(),
          flags,
        };
        const reference = referenceFor(preset);
        // The report and the message's "processed" mark are written together (with a new number's reporter row).
        report = await repos.intake.createReport(data, reference, newReporter);
        if (!report) {
          // The number got its reporter row meanwhile (another of its messages): use that one.
          const reporter = await repos.reports.reporterFor(
            inbound.fromHash,
            inbound.fromEnc,
            newPseudonym,
            language,
            trust,
            chosen,
          );
          report = (await repos.intake.createReport({ ...data, reporterId: reporter.id }, reference))!;
        }
        log.info(
          { inboundId, reportId: report.id, category: result.category, severity: result.severity, flags },
          'report classified',
        );
      } else if (inbound.state !== 'processed') {
        await repos.inbound.markProcessed(inboundId, inbound.reporterId);
      }
      await route(report.id);
    },
  };
}
export type IntakeService = ReturnType<typeof createIntakeService>;
