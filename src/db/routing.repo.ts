// The routing worker's hot path: a report with what routing needs in one read, committees with their
// focal points in one read, and a new incident with its alerts, their SMS, the receipt, the audit
// entries and the "routed" mark in one statement (all or nothing, so a retried job starts over).
import { Prisma } from '../generated/prisma/client.ts';
import type { SqlClient } from './client.ts';
import { auditBody, GENESIS, type AuditContent } from '../alerts/audit-chain.ts';
import type { IncidentInput } from './alerts.repo.ts';
import type { NewOutbound } from './outbound.repo.ts';
import { TRUST } from '../safety/abuse.ts';

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

export interface NewIncidentAlert {
  id: string;
  reference: string;
  committeeId: string;
  committeeName: string;
  nextEscalationAt: Date | null;
}

/** A fresh report's routing, written at once when it opens a new incident. */
export interface FreshRouting extends IncidentInput {
  incidentId: string;
  /** At least one. */
  alerts: NewIncidentAlert[];
  /** The alerts' SMS and the receipt; each row with its id. */
  messages: (NewOutbound & { id: string })[];
}

export type FreshOutcome =
  | { kind: 'opened'; queued: { id: string; priority: number }[] }
  /** `raisedAlerts`: the incident's alerts whose severity this report raised. */
  | { kind: 'joined'; incident: { id: string; severity: number; reportCount: number }; severityRaised: boolean; raisedAlerts: string[] }
  /** Another run attached it already: the caller takes the general (idempotent) path. */
  | { kind: 'attached' };

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

    /**
     * Under the incident lock: joins the open incident of the report's category and place (as
     * alertsRepository.joinOrOpenIncident does), or opens a new one and writes everything at once.
     * One statement, route_fresh() (see its migration), outside any transaction: the audit lock it
     * takes last is released by the commit in the server, never held across a round trip to a busy worker.
     */
    async routeFresh(f: FreshRouting): Promise<FreshOutcome> {
      if (f.alerts.length === 0) throw new Error('routeFresh: a fresh routing raises at least one alert');
      const auditAt = new Date();
      const audit = f.alerts.map((a) => {
        const content: AuditContent = {
          at: auditAt, entity: 'alert', entityId: a.id, action: 'create', fromState: null, toState: 'sent', actor: 'system', channel: 'routing',
          reason: `sent to ${a.committeeName}`, details: { reportId: f.reportId, severity: f.severity },
        };
        // The time goes once for all (auditAt); the body is what the entry's hash covers.
        return { ...content, at: undefined, body: auditBody(content) };
      });
      const input = {
        reportId: f.reportId, category: f.category, pcode: f.pcode, severity: f.severity, reporterId: f.reporterId, reporterTrust: f.reporterTrust,
        corroborationTrust: TRUST.corroborates, at: f.at, since: new Date(f.at.getTime() - f.windowMs), now: new Date(), incidentId: f.incidentId,
        alerts: f.alerts.map((a) => ({ id: a.id, reference: a.reference, committeeId: a.committeeId, nextEscalationAt: a.nextEscalationAt })),
        // An optional id left out of the JSON is read as null by jsonb_to_recordset.
        messages: f.messages,
        auditAt, genesis: GENESIS, audit,
      };
      const rows = await sql.query<{ outcome: FreshOutcome }>(Prisma.sql`SELECT route_fresh(${JSON.stringify(input)}::jsonb) AS outcome`);
      return rows[0]!.outcome;
    },
  };
}
export type RoutingRepository = ReturnType<typeof routingRepository>;
