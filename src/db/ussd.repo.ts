// USSD: what a dial needs from the database (the reporter's language and last place) and the
// end-of-session notifications.
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import type { SqlClient } from './client.ts';
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

export function ussdRepository(prisma: PrismaClient, sql: SqlClient) {
  return {
    /** The remembered language and the place of the reporter's latest located report; null for a new number. */
    async reporterProfile(phoneHash: string): Promise<{ language: string | null; lastPcode: string | null } | null> {
      // One round trip on the first hop of a dial (a menu waits on it).
      const rows = await sql.query<{ language: string | null; last_pcode: string | null }>(Prisma.sql`
        SELECT r.language,
               (SELECT p.location_pcode FROM reports p
                 WHERE p.reporter_id = r.id AND p.location_pcode IS NOT NULL
                 ORDER BY p.created_at DESC LIMIT 1) AS last_pcode
          FROM reporters r
         WHERE r.phone_hash = ${phoneHash}`);
      const row = rows[0];
      return row ? { language: row.language, lastPcode: row.last_pcode } : null;
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
