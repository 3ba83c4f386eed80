// Reporters (pseudonymous) and the reports the classifier made of their messages.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation } from './errors.ts';
import { scoped } from './dashboard.repo.ts';

export interface NewReport {
  inboundId: string;
  reporterId: string | null;
  category: string;
  severity: number;
  language: string;
  confidence: number;
  locationPcode: string | null;
  locationLevel: string | null;
  /** The village named, when one is known (its commune is locationPcode). */
  village?: string | null;
  matched: string[];
  classifier: string;
  flags?: string[];
}

export interface ReportToRoute {
  id: string;
  reference: string;
  category: string;
  severity: number;
  confidence: number;
  language: string;
  /** What the reporter is written to in: the language chosen in the USSD menu, else the report's. */
  replyLanguage: string;
  flags: string[];
  locationPcode: string | null;
  village: string | null;
  reporterId: string | null;
  reporterTrust: number | null;
  incidentId: string | null;
  routedAt: Date | null;
  createdAt: Date;
  inbound: { fromEnc: string; fromIsNumber: boolean; text: string };
}

export interface Page {
  limit: number;
  /** Opaque cursor from the previous page: items strictly older than it. */
  before?: { createdAt: Date; id: string } | undefined;
}

export function olderThan(page: Page) {
  if (!page.before) return {};
  const { createdAt, id } = page.before;
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

export function reportsRepository(prisma: PrismaClient) {
  async function createReporter(
    phoneHash: string,
    phoneEnc: string,
    pseudonym: () => string,
    language: string | null,
    trust: number,
    chosen: boolean,
  ) {
    try {
      return await prisma.reporter.create({
        data: { phoneHash, phoneEnc, pseudonym: pseudonym(), language, trust, languageChosen: chosen && language !== null },
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return prisma.reporter.findUniqueOrThrow({ where: { phoneHash } });
    }
  }
  /** A language chosen in the menu always wins; a detected one only replaces another detected one. */
  async function remember(
    known: { id: string; language: string | null; languageChosen: boolean },
    language: string | null,
    chosen: boolean,
  ) {
    if (!language) return;
    if (chosen ? known.language !== language || !known.languageChosen : !known.languageChosen && known.language !== language) {
      await prisma.reporter.update({ where: { id: known.id }, data: { language, ...(chosen ? { languageChosen: true } : {}) } });
    }
  }
  return {
    /**
     * Finds or creates the reporter behind a phone hash; `language` is remembered when given: `chosen`
     * (in the USSD menu) always, else only when no language was chosen before.
     */
    async reporterFor(
      phoneHash: string,
      phoneEnc: string,
      pseudonym: () => string,
      language: string | null,
      trust = 0.5,
      chosen = false,
    ) {
      const existing = await prisma.reporter.findUnique({ where: { phoneHash } });
      if (existing) {
        await remember(existing, language, chosen);
        return existing;
      }
      return createReporter(phoneHash, phoneEnc, pseudonym, language, trust, chosen);
    },
    /** reporterFor, for a caller that already read the reporter row (`known`; null when there was none). */
    async reporterFromKnown(
      known: { id: string; language: string | null; languageChosen: boolean } | null,
      phoneHash: string,
      phoneEnc: string,
      pseudonym: () => string,
      language: string | null,
      trust = 0.5,
      chosen = false,
    ): Promise<{ id: string }> {
      if (!known) return createReporter(phoneHash, phoneEnc, pseudonym, language, trust, chosen);
      await remember(known, language, chosen);
      return { id: known.id };
    },
    /** A report with what routing needs: its message's sender and text, and the language to answer in. */
    async toRoute(id: string): Promise<ReportToRoute | null> {
      const r = await prisma.report.findUnique({
        where: { id },
        include: {
          inbound: { select: { fromEnc: true, fromIsNumber: true, text: true } },
          reporter: { select: { language: true, languageChosen: true, trust: true } },
        },
      });
      if (!r) return null;
      const { inbound, reporter, ...report } = r;
      return {
        ...report,
        // The language chosen in the USSD menu wins over the one the report was written in.
        replyLanguage: reporter?.languageChosen && reporter.language ? reporter.language : r.language,
        reporterTrust: reporter?.trust ?? null,
        inbound,
      };
    },

    markRouted(id: string) {
      return prisma.report.update({ where: { id }, data: { routedAt: new Date() } });
    },
    async unrouted(olderThanDate: Date, limit: number) {
      return prisma.report.findMany({
        where: { routedAt: null, createdAt: { lt: olderThanDate } },
        select: { id: true, severity: true },
        orderBy: [{ severity: 'desc' }, { createdAt: 'asc' }], // a backlog larger than a batch: the gravest first
        take: limit,
      });
    },
    /** When the oldest report still waiting for routing was made (null when none waits): the metrics' backlog age. */
    async oldestUnrouted(): Promise<Date | null> {
      const row = await prisma.report.findFirst({
        where: { routedAt: null },
        orderBy: { createdAt: 'asc' },
        select: { createdAt: true },
      });
      return row?.createdAt ?? null;
    },
    /** The reporter said where: the report (and its incident, when alone in it) gets the place; routing runs again. */
    async completePlace(id: string, pcode: string, level: string, flag: string, village: string | null = null) {
      const r = await prisma.report.findUniqueOrThrow({ where: { id }, select: { flags: true, incidentId: true } });
      await prisma.report.update({
        where: { id },
        data: {
          locationPcode: pcode,
          locationLevel: level,
          village,
          flags: [...r.flags.filter((f) => f !== flag), 'place_answered'],
          routedAt: null,
        },
      });
      if (r.incidentId)
        await prisma.incident.updateMany({ where: { id: r.incidentId, reportCount: 1 }, data: { locationPcode: pcode } });
    },
    /** Newest first; with regions, only reports placed inside them. */
    list(page: Page, regions: readonly string[] = []) {
      return prisma.report.findMany({
        where: { AND: [olderThan(page), scoped(regions)] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
        include: { reporter: { select: { pseudonym: true } }, inbound: { select: { channel: true } } },
      });
    },
  };
}
export type ReportsRepository = ReturnType<typeof reportsRepository>;
