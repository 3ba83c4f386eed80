// USSD: what a dial needs from the database (the reporter's language and last place) and the
// end-of-session notifications.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation } from './errors.ts';

export interface NewUssdEvent {
  sessionId: string;
  status: string;
  serviceCode: string | null;
  networkCode: string | null;
  phoneHash: string | null;
  phoneEnc: string | null;
  cost: string | null;
  durationMs: number | null;
  hopsCount: number | null;
  hopsMetadata: string | null;
  lastAppResponse: string | null;
  errorMessage: string | null;
  reportReference: string | null;
  flags: string[];
  providerDate: Date | null;
}

export function ussdRepository(prisma: PrismaClient) {
  return {
    /** The remembered language and the place of the reporter's latest located report; null for a new number. */
    async reporterProfile(phoneHash: string): Promise<{ language: string | null; lastPcode: string | null } | null> {
      // Two statements at once: the first hop of a dial waits on them.
      const [reporter, last] = await Promise.all([
        prisma.reporter.findUnique({ where: { phoneHash }, select: { language: true } }),
        prisma.report.findFirst({
          where: { reporter: { phoneHash }, locationPcode: { not: null } },
          orderBy: { createdAt: 'desc' },
          select: { locationPcode: true },
        }),
      ]);
      return reporter ? { language: reporter.language, lastPcode: last?.locationPcode ?? null } : null;
    },

    /** Stores one notification per session; a repeat is reported as a duplicate and changes nothing. */
    async recordEvent(data: NewUssdEvent): Promise<{ id: string; duplicate: boolean }> {
      try {
        const row = await prisma.ussdEvent.create({ data, select: { id: true } });
        return { id: row.id, duplicate: false };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const row = await prisma.ussdEvent.findUniqueOrThrow({ where: { sessionId: data.sessionId }, select: { id: true } });
        return { id: row.id, duplicate: true };
      }
    },

    event(sessionId: string) {
      return prisma.ussdEvent.findUnique({ where: { sessionId } });
    },
  };
}
export type UssdRepository = ReturnType<typeof ussdRepository>;
