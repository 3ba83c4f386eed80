// The routing worker's hot path: a report with what routing needs in one read, committees with their
// focal points in one read, and a new incident with its alerts, their SMS, the receipt, the audit
// entries and the "routed" mark in one transaction (all or nothing, so a retried job starts over).
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
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

/**
 * CTEs appending the entries to the audit chain: the chain's end is read and each hash computed in
 * SQL (the same sha256 as auditHash), rows inserted in chain order so the sequence numbers follow it.
 * audit_chain_end() (see its migration) takes the audit lock (AUDIT_LOCK in alerts.repo.ts) and reads the chain's end with a fresh
 * snapshot, so the lock is held only from this statement to the commit.
 */
function auditCtes(entries: Omit<AuditContent, 'at'>[], at: Date): Prisma.Sql {
  const rows = entries.map((e, n) => {
    const content: AuditContent = { ...e, at, details: e.details ?? null };
    return Prisma.sql`(${n + 1}::int, ${e.entity}, ${e.entityId}, ${e.action}, ${e.fromState}, ${e.toState}, ${e.actor}, ${e.channel},
      ${e.reason}, ${content.details === null ? null : JSON.stringify(content.details)}::jsonb, ${auditBody(content)})`;
  });
  return Prisma.sql`entries (n, entity, entity_id, action, from_state, to_state, actor, channel, reason, details, body) AS (
      VALUES ${Prisma.join(rows)}
    ), chain (n, prev_hash, hash) AS (
      SELECT 0, NULL::text, audit_chain_end()
      UNION ALL
      SELECT e.n, c.hash, encode(sha256(convert_to(COALESCE(c.hash, ${GENESIS}) || E'\n' || e.body, 'UTF8')), 'hex')
        FROM chain c JOIN entries e ON e.n = c.n + 1
    ), audited AS (
      INSERT INTO audit_log (at, entity, entity_id, action, from_state, to_state, actor, channel, reason, details, prev_hash, hash)
      SELECT ${at}::timestamptz, e.entity, e.entity_id, e.action, e.from_state, e.to_state, e.actor, e.channel, e.reason, e.details, c.prev_hash, c.hash
        FROM entries e JOIN chain c ON c.n = e.n ORDER BY e.n
    )`;
}

function outboundValues(m: NewOutbound & { id: string }, now: Date): Prisma.Sql {
  return Prisma.sql`(${m.id}::uuid, ${m.dedupeKey}, ${m.purpose}, ${m.channel}, ${m.toHash}, ${m.toEnc}, ${m.text}, ${m.language}, ${m.encoding},
    ${m.segments}::int, ${m.priority}::int, ${m.alertId ?? null}::uuid, ${m.reportId ?? null}::uuid, ${m.focalPointId ?? null}::uuid,
    ${m.broadcastId ?? null}::uuid, ${now}::timestamptz, ${now}::timestamptz)`;
}

export function routingRepository(prisma: PrismaClient) {
  return {
    async report(id: string): Promise<ReportToRoute | null> {
      const rows = await prisma.$queryRaw<(Omit<ReportToRoute, 'inbound'> & { fromEnc: string; fromIsNumber: boolean; text: string })[]>`
        SELECT r.id::text AS id, r.reference, r.category, r.severity, r.language, r.flags, r.location_pcode AS "locationPcode",
               CASE WHEN rep.language_chosen AND rep.language IS NOT NULL THEN rep.language ELSE r.language END AS "replyLanguage",
               r.reporter_id::text AS "reporterId", rep.trust AS "reporterTrust", r.incident_id::text AS "incidentId",
               r.routed_at AS "routedAt", r.created_at AS "createdAt",
               i.from_enc AS "fromEnc", i.from_is_number AS "fromIsNumber", i.text
          FROM reports r JOIN inbound_messages i ON i.id = r.inbound_id LEFT JOIN reporters rep ON rep.id = r.reporter_id
         WHERE r.id = ${id}::uuid`;
      const row = rows[0];
      if (!row) return null;
      const { fromEnc, fromIsNumber, text, ...report } = row;
      return { ...report, inbound: { fromEnc, fromIsNumber, text } };
    },

    /** Committees of these types at these places, with their active focal points, primary first. */
    async committees(pcodes: string[], types: readonly string[]): Promise<CommitteeToAlert[]> {
      if (pcodes.length === 0 || types.length === 0) return [];
      return prisma.$queryRaw<CommitteeToAlert[]>`
        SELECT c.id::text AS id, c.name, c.type, c.pcode,
               COALESCE((SELECT json_agg(json_build_object('id', f.id::text, 'rank', f.rank, 'phoneEnc', f.phone_enc) ORDER BY f.rank)
                           FROM focal_points f WHERE f.committee_id = c.id AND f.active), '[]'::json) AS "focalPoints"
          FROM committees c
         WHERE c.pcode IN (${Prisma.join(pcodes)}) AND c.type IN (${Prisma.join([...types])})`;
    },

    /**
     * Under the incident lock: joins the open incident of the report's category and place (as
     * alertsRepository.joinOrOpenIncident does), or opens a new one and writes everything at once.
     */
    async routeFresh(f: FreshRouting): Promise<FreshOutcome> {
      if (f.alerts.length === 0) throw new Error('routeFresh: a fresh routing raises at least one alert');
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`incident:${f.category}:${f.pcode ?? ''}`}))`;
        const found = await tx.$queryRaw<{ attached: boolean; id: string | null; severity: number | null; reporterCount: number | null; corroborated: boolean | null; known: number | null }[]>`
          SELECT COALESCE((SELECT r.incident_id IS NOT NULL FROM reports r WHERE r.id = ${f.reportId}::uuid), false) AS attached,
                 o.id::text AS id, o.severity, o.reporter_count AS "reporterCount", o.corroborated,
                 (SELECT count(*)::int FROM reports k WHERE k.incident_id = o.id AND k.reporter_id = ${f.reporterId}::uuid) AS known
            FROM (SELECT 1) one
            LEFT JOIN LATERAL (
              SELECT * FROM incidents
               WHERE category = ${f.category} AND location_pcode = ${f.pcode}
                 AND last_report_at >= ${new Date(f.at.getTime() - f.windowMs)}::timestamptz
               ORDER BY last_report_at DESC LIMIT 1) o ON true`;
        const row = found[0]!;
        if (row.attached) return { kind: 'attached' } as const;
        if (row.id !== null) {
          const newReporter = f.reporterId !== null && row.known === 0;
          const corroborates = newReporter && f.reporterTrust >= TRUST.corroborates && !row.corroborated;
          const severity = Math.min(3, Math.max(row.severity!, f.severity) + (corroborates ? 1 : 0));
          // A raised severity reaches the incident's alerts in the same statement (they are announced after commit).
          const updated = await tx.$queryRaw<{ reportCount: number; raised: string[] | null }[]>`
            WITH joined AS (UPDATE reports SET incident_id = ${row.id}::uuid WHERE id = ${f.reportId}::uuid),
            raised AS (
              UPDATE alerts SET severity = ${severity}::int, updated_at = ${new Date()}::timestamptz
               WHERE incident_id = ${row.id}::uuid AND severity < ${severity}::int RETURNING id
            ), grown AS (
              UPDATE incidents SET report_count = report_count + 1, reporter_count = ${row.reporterCount! + (newReporter ? 1 : 0)}::int,
                     severity = ${severity}::int, last_report_at = ${f.at}::timestamptz, corroborated = corroborated OR ${corroborates}
               WHERE id = ${row.id}::uuid RETURNING report_count
            )
            SELECT (SELECT report_count FROM grown) AS "reportCount", (SELECT json_agg(id::text) FROM raised) AS raised`;
          const u = updated[0]!;
          return { kind: 'joined', incident: { id: row.id, severity, reportCount: u.reportCount }, severityRaised: severity > row.severity!, raisedAlerts: u.raised ?? [] } as const;
        }
        const now = new Date();
        const alertRows = f.alerts.map(
          (a) => Prisma.sql`(${a.id}::uuid, ${a.reference}, ${f.reportId}::uuid, ${a.committeeId}::uuid, ${f.category}, ${f.severity}::int, ${f.pcode},
            ${f.incidentId}::uuid, ${a.nextEscalationAt}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)`,
        );
        const alerts = alertRows.length
          ? Prisma.sql`, alerts_made AS (INSERT INTO alerts (id, reference, report_id, committee_id, category, severity, location_pcode, incident_id, next_escalation_at, created_at, updated_at)
              VALUES ${Prisma.join(alertRows)})`
          : Prisma.empty;
        const messages = f.messages.length
          ? Prisma.sql`INSERT INTO outbound_messages (id, dedupe_key, purpose, channel, to_hash, to_enc, text, language, encoding, segments, priority,
                alert_id, report_id, focal_point_id, broadcast_id, created_at, updated_at)
              VALUES ${Prisma.join(f.messages.map((m) => outboundValues(m, now)))}
              ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text AS id, priority`
          : Prisma.sql`SELECT NULL::text AS id, 0 AS priority WHERE false`;
        const audit = auditCtes(
          f.alerts.map((a) => ({
            entity: 'alert', entityId: a.id, action: 'create', fromState: null, toState: 'sent', actor: 'system', channel: 'routing',
            reason: `sent to ${a.committeeName}`, details: { reportId: f.reportId, severity: f.severity },
          })),
          new Date(),
        );
        const written = await tx.$queryRaw<{ queued: { id: string; priority: number }[] | null }[]>`
          WITH RECURSIVE incident AS (
            INSERT INTO incidents (id, category, location_pcode, severity, report_count, reporter_count, corroborated, opened_at, last_report_at)
            VALUES (${f.incidentId}::uuid, ${f.category}, ${f.pcode}, ${f.severity}::int, 1, ${f.reporterId ? 1 : 0}::int, false, ${now}::timestamptz, ${f.at}::timestamptz)
          ), routed AS (
            UPDATE reports SET incident_id = ${f.incidentId}::uuid, routed_at = ${now}::timestamptz WHERE id = ${f.reportId}::uuid
          )${alerts}, queued AS (${messages}), ${audit}
          SELECT (SELECT json_agg(json_build_object('id', q.id, 'priority', q.priority)) FROM queued q) AS queued`;
        return { kind: 'opened', queued: written[0]!.queued ?? [] } as const;
      });
    },
  };
}
export type RoutingRepository = ReturnType<typeof routingRepository>;
