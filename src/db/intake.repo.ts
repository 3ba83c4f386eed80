// The intake worker's hot path: everything it needs to know about one stored message in one read, and
// the report written together with the message's "processed" mark in one statement.
import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation, rethrowWithoutValues } from './errors.ts';
import type { NewReport } from './reports.repo.ts';

export interface IntakeContext {
  id: string;
  channel: string;
  fromHash: string;
  fromEnc: string;
  fromIsNumber: boolean;
  text: string;
  preset: unknown;
  state: string;
  reporterId: string | null;
  receivedAt: Date;
  /** The report already made of it (a retried job), if any. */
  report: { id: string; severity: number } | null;
  /** The sender's reporter row, if they reported before. */
  reporter: { id: string; language: string | null; languageChosen: boolean } | null;
  /** The sender is an active focal point. */
  focalPoint: boolean;
  /** Where the sender's last located report was (resolves village names shared by several communes). */
  knownPcode: string | null;
  /** Flood counts as of the message's arrival (see src/safety/abuse.ts). */
  abuse: { lastMinute: number; lastHour: number; sameTextNewNumbers: number };
  /** The sender's latest report still waiting for its place (see reportsRepository.awaitingPlace). */
  awaitingPlace: AwaitingPlace | null;
}

/** A first-time sender's reporter row, written with their first report. */
export interface NewReporter {
  phoneHash: string;
  phoneEnc: string;
  pseudonym: () => string;
  language: string | null;
  /** The language was chosen in the USSD menu (kept over languages detected in later SMS). */
  languageChosen: boolean;
  trust: number;
}

export interface AwaitingPlace {
  id: string;
  reference: string;
  language: string;
  severity: number;
  incidentId: string | null;
}

interface Row extends Omit<IntakeContext, 'report' | 'reporter' | 'abuse' | 'awaitingPlace'> {
  awaitingPlace: AwaitingPlace[] | null;
  reportId: string | null;
  reportSeverity: number | null;
  reporterRowId: string | null;
  reporterLanguage: string | null;
  reporterLanguageChosen: boolean | null;
  lastMinute: number;
  lastHour: number;
  sameTextNumbers: number | null;
  sameTextEstablished: number | null;
}

export function intakeRepository(prisma: PrismaClient) {
  return {
    /**
     * The message, its report if any, the sender's reporter row, focal-point status, known area, latest
     * report awaiting its place (flagged `awaiting.flag`, made since `awaiting.since`) and flood counts. Flood counts: messages from this number in the minute and hour up to its arrival;
     * distinct numbers that sent the same text within `floodWindowMs`, less those whose reporter is over
     * a day old (known reporters saying the same thing are not a flood).
     */
    async context(
      inboundId: string,
      floodWindowMs: number,
      awaiting: { flag: string; since: Date },
    ): Promise<IntakeContext | null> {
      const rows = await prisma.$queryRaw<Row[]>`
        SELECT i.id::text AS id, i.channel, i.from_hash AS "fromHash", i.from_enc AS "fromEnc", i.from_is_number AS "fromIsNumber",
               i.text, i.preset, i.state::text AS state, i.reporter_id::text AS "reporterId", i.received_at AS "receivedAt",
               r.id::text AS "reportId", r.severity AS "reportSeverity",
               rep.id::text AS "reporterRowId", rep.language AS "reporterLanguage", rep.language_chosen AS "reporterLanguageChosen",
               EXISTS (SELECT 1 FROM focal_points fp WHERE fp.phone_hash = i.from_hash AND fp.active) AS "focalPoint",
               (SELECT k.location_pcode FROM reports k WHERE k.reporter_id = rep.id AND k.location_pcode IS NOT NULL
                 ORDER BY k.created_at DESC LIMIT 1) AS "knownPcode",
               (SELECT json_agg(json_build_object('id', w.id::text, 'reference', w.reference, 'language', w.language, 'severity', w.severity, 'incidentId', w.incident_id::text))
                  FROM (SELECT * FROM reports w WHERE w.reporter_id = rep.id AND ${awaiting.flag} = ANY (w.flags) AND w.created_at >= ${awaiting.since}::timestamptz
                         ORDER BY w.created_at DESC LIMIT 1) w) AS "awaitingPlace",
               ab."lastMinute", ab."lastHour", ft."sameTextNumbers", ft."sameTextEstablished"
          FROM inbound_messages i
          LEFT JOIN reports r ON r.inbound_id = i.id
          LEFT JOIN reporters rep ON rep.phone_hash = i.from_hash
          CROSS JOIN LATERAL (
            SELECT (count(*) FILTER (WHERE m.received_at >= i.received_at - interval '1 minute'))::int AS "lastMinute", count(*)::int AS "lastHour"
              FROM inbound_messages m
             WHERE m.from_hash = i.from_hash AND m.received_at >= i.received_at - interval '1 hour' AND m.received_at <= i.received_at
          ) ab
          LEFT JOIN LATERAL (
            SELECT count(*)::int AS "sameTextNumbers",
                   (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM reporters e WHERE e.phone_hash = s.from_hash AND e.created_at < i.received_at - interval '1 day')))::int AS "sameTextEstablished"
              FROM (SELECT DISTINCT m.from_hash FROM inbound_messages m
                     WHERE m.text_fingerprint = i.text_fingerprint
                       AND m.received_at >= i.received_at - ${floodWindowMs}::float8 * interval '1 millisecond' AND m.received_at <= i.received_at) s
          ) ft ON i.text_fingerprint IS NOT NULL
         WHERE i.id = ${inboundId}::uuid`.catch(rethrowWithoutValues);
      const row = rows[0];
      if (!row) return null;
      const {
        reportId,
        reportSeverity,
        reporterRowId,
        reporterLanguage,
        reporterLanguageChosen,
        lastMinute,
        lastHour,
        sameTextNumbers,
        sameTextEstablished,
        awaitingPlace,
        ...inbound
      } = row;
      // No fingerprint (a menu report): only this number. One number alone is never "new numbers".
      const numbers = sameTextNumbers ?? 1;
      return {
        ...inbound,
        report: reportId ? { id: reportId, severity: reportSeverity! } : null,
        reporter: reporterRowId
          ? { id: reporterRowId, language: reporterLanguage, languageChosen: reporterLanguageChosen === true }
          : null,
        abuse: { lastMinute, lastHour, sameTextNewNumbers: numbers > 1 ? numbers - (sameTextEstablished ?? 0) : numbers },
        awaitingPlace: awaitingPlace?.[0] ?? null,
      };
    },

    /**
     * Creates the report of a message and marks the message processed, in one statement; with
     * `newReporter`, the sender's reporter row too. Retries a colliding reference (or pseudonym). A
     * report made meanwhile by another run is returned instead (and the mark set). Null when
     * `newReporter` was given but the number got its reporter row meanwhile: the caller looks it up.
     */
    async createReport(
      data: NewReport,
      reference: () => string,
      newReporter?: NewReporter,
    ): Promise<{ id: string; severity: number; reporterId: string | null; created: boolean } | null> {
      for (let attempt = 0; ; attempt++) {
        const reporterId = newReporter ? randomUUID() : data.reporterId;
        const now = new Date();
        const reporter = newReporter
          ? Prisma.sql`new_reporter AS (
              INSERT INTO reporters (id, phone_hash, phone_enc, pseudonym, language, language_chosen, trust, created_at)
              VALUES (${reporterId}::uuid, ${newReporter.phoneHash}, ${newReporter.phoneEnc}, ${newReporter.pseudonym()}, ${newReporter.language}, ${newReporter.languageChosen && newReporter.language !== null}, ${newReporter.trust}::float8, ${now}::timestamptz)
              ON CONFLICT (phone_hash) DO NOTHING RETURNING id
            ),`
          : Prisma.sql`new_reporter AS (SELECT NULL::uuid AS id WHERE false),`;
        try {
          const rows = await prisma.$queryRaw<Array<{ id: string; severity: number }>>`
            WITH ${reporter} report AS (
              INSERT INTO reports (id, reference, inbound_id, reporter_id, category, severity, language, confidence,
                                   location_pcode, location_level, village, matched, classifier, flags, created_at)
              SELECT ${randomUUID()}::uuid, ${reference()}, ${data.inboundId}::uuid, ${reporterId}::uuid, ${data.category},
                      ${data.severity}::int, ${data.language}, ${data.confidence}::float8, ${data.locationPcode}, ${data.locationLevel}, ${data.village ?? null},
                      ${data.matched}::text[], ${data.classifier}, ${data.flags ?? []}::text[], ${now}::timestamptz
               WHERE ${!newReporter} OR EXISTS (SELECT 1 FROM new_reporter)
              RETURNING id, severity
            ), processed AS (
              UPDATE inbound_messages SET state = 'processed', processed_at = ${now}::timestamptz, reporter_id = ${reporterId}::uuid
               WHERE id = ${data.inboundId}::uuid AND EXISTS (SELECT 1 FROM report)
            )
            SELECT id::text AS id, severity FROM report`.catch(rethrowWithoutValues);
          return rows[0] ? { ...rows[0], reporterId, created: true } : null;
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          const existing = await prisma.report.findUnique({
            where: { inboundId: data.inboundId },
            select: { id: true, severity: true, reporterId: true },
          });
          if (existing) {
            await prisma.inboundMessage.updateMany({
              where: { id: data.inboundId, state: { not: 'processed' } },
              data: { state: 'processed', processedAt: new Date(), reporterId: existing.reporterId },
            });
            return { ...existing, created: false };
          }
          if (attempt > 20) throw err;
        }
      }
    },
  };
}
export type IntakeRepository = ReturnType<typeof intakeRepository>;
