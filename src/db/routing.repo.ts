// What routing reads before it plans: a report with its reporter and message in one read, and the
// committees of its place with their focal points in one read.
import { Prisma } from '../generated/prisma/client.ts';
import type { SqlClient } from './client.ts';

export interface ReportToRoute {
  id: string;
  reference: string;
  category: string;
  severity: number;
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

export interface CommitteeToAlert {
  id: string;
  name: string;
  type: string;
  pcode: string;
  /** Active focal points, primary (rank 1) first. */
  focalPoints: { id: string; rank: number; phoneEnc: string }[];
}

export function routingRepository(sql: SqlClient) {
  return {
    async report(id: string): Promise<ReportToRoute | null> {
      const rows = await sql.query<(Omit<ReportToRoute, 'inbound'> & { fromEnc: string; fromIsNumber: boolean; text: string })>(Prisma.sql`
        SELECT r.id::text AS id, r.reference, r.category, r.severity, r.language, r.flags, r.location_pcode AS "locationPcode", r.village,
               CASE WHEN rep.language_chosen AND rep.language IS NOT NULL THEN rep.language ELSE r.language END AS "replyLanguage",
               r.reporter_id::text AS "reporterId", rep.trust AS "reporterTrust", r.incident_id::text AS "incidentId",
               r.routed_at AS "routedAt", r.created_at AS "createdAt",
               i.from_enc AS "fromEnc", i.from_is_number AS "fromIsNumber", i.text
          FROM reports r JOIN inbound_messages i ON i.id = r.inbound_id LEFT JOIN reporters rep ON rep.id = r.reporter_id
         WHERE r.id = ${id}::uuid`);
      const row = rows[0];
      if (!row) return null;
      const { fromEnc, fromIsNumber, text, ...report } = row;
      return { ...report, inbound: { fromEnc, fromIsNumber, text } };
    },

    /** Committees of these types at these places, with their active focal points, primary first. */
    async committees(pcodes: string[], types: readonly string[]): Promise<CommitteeToAlert[]> {
      if (pcodes.length === 0 || types.length === 0) return [];
      return sql.query<CommitteeToAlert>(Prisma.sql`
        SELECT c.id::text AS id, c.name, c.type, c.pcode,
               COALESCE((SELECT json_agg(json_build_object('id', f.id::text, 'rank', f.rank, 'phoneEnc', f.phone_enc) ORDER BY f.rank)
                           FROM focal_points f WHERE f.committee_id = c.id AND f.active), '[]'::json) AS "focalPoints"
          FROM committees c
         WHERE c.pcode IN (${Prisma.join(pcodes)}) AND c.type IN (${Prisma.join([...types])})`);
    },

  };
}
export type RoutingRepository = ReturnType<typeof routingRepository>;
