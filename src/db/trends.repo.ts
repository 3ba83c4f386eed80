// Figures for the trends page and the CSV exports: weekly counts, response times, silent committees,
// and date-ranged batches of reports, alerts and audit entries.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { scoped } from './dashboard.repo.ts';

/** `($n = '' OR region of <column> in the list)`: the region limit, as one text parameter. */
const inRegions = (column: string, n: number) => `($${n} = '' OR substr(${column}, 1, 4) = ANY(string_to_array($${n}, ',')))`;

export interface ResponseTimes {
  alerts: number;
  acknowledged: number;
  resolved: number;
  ackMedianS: number | null;
  ackP90S: number | null;
  resolveMedianS: number | null;
  resolveP90S: number | null;
}

export function trendsRepository(prisma: PrismaClient) {
  return {
    reportsPerWeek(by: 'category' | 'region', since: Date, regions: readonly string[]) {
      const key = by === 'category' ? 'category' : `coalesce(substr(location_pcode, 1, 4), '')`;
      return prisma.$queryRawUnsafe<{ week: string; key: string; n: number }[]>(
        `SELECT to_char(date_trunc('week', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, ${key} AS key, count(*)::int AS n
           FROM reports WHERE created_at >= $1 AND ${inRegions('location_pcode', 2)} GROUP BY 1, 2 ORDER BY 1, 2`,
        since,
        regions.join(','),
      );
    },

    /** Report → first answer (acknowledged, confirmed, refuted or resolved) → resolved, in seconds. */
    async responseTimes(since: Date, regions: readonly string[]): Promise<ResponseTimes> {
      const rows = await prisma.$queryRawUnsafe<ResponseTimes[]>(
        `WITH t AS (
           SELECT r.created_at AS reported,
             (SELECT min(l.at) FROM audit_log l WHERE l.entity = 'alert' AND l.entity_id = a.id::text AND l.to_state IN ('acknowledged', 'confirmed', 'refuted', 'resolved')) AS acked,
             (SELECT min(l.at) FROM audit_log l WHERE l.entity = 'alert' AND l.entity_id = a.id::text AND l.to_state = 'resolved') AS resolved
           FROM alerts a JOIN reports r ON r.id = a.report_id
           WHERE a.created_at >= $1 AND ${inRegions('a.location_pcode', 2)})
         SELECT count(*)::int AS "alerts", count(acked)::int AS "acknowledged", count(resolved)::int AS "resolved",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acked - reported)) AS "ackMedianS",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM acked - reported)) AS "ackP90S",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved - reported)) AS "resolveMedianS",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved - reported)) AS "resolveP90S"
         FROM t`,
        since,
        regions.join(','),
      );
      const r = rows[0]!;
      const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
      return {
        alerts: r.alerts,
        acknowledged: r.acknowledged,
        resolved: r.resolved,
        ackMedianS: num(r.ackMedianS),
        ackP90S: num(r.ackP90S),
        resolveMedianS: num(r.resolveMedianS),
        resolveP90S: num(r.resolveP90S),
      };
    },

    /** Committees whose alerts went unanswered until escalation or expiry, worst first. */
    silentCommittees(since: Date, regions: readonly string[], limit = 20) {
      return prisma.$queryRawUnsafe<
        { name: string; pcode: string; alerts: number; answered: number; escalated: number; expired: number; waiting: number }[]
      >(
        `SELECT c.name, c.pcode, count(*)::int AS alerts,
           count(*) FILTER (WHERE a.state IN ('acknowledged', 'confirmed', 'refuted', 'resolved'))::int AS answered,
           count(*) FILTER (WHERE a.escalation_level > 0)::int AS escalated,
           count(*) FILTER (WHERE a.state = 'expired')::int AS expired,
           count(*) FILTER (WHERE a.state IN ('sent', 'delivered', 'escalated'))::int AS waiting
         FROM alerts a JOIN committees c ON c.id = a.committee_id
         WHERE a.created_at >= $1 AND ${inRegions('a.location_pcode', 2)}
         GROUP BY c.id, c.name, c.pcode
         HAVING count(*) FILTER (WHERE a.escalation_level > 0 OR a.state = 'expired') > 0
         ORDER BY count(*) FILTER (WHERE a.escalation_level > 0 OR a.state = 'expired') DESC, alerts DESC
         LIMIT ${Math.max(1, Math.floor(limit))}`,
        since,
        regions.join(','),
      );
    },

    /**
     * Per commune, reports placed there in the recent window [recentFrom, to) and in the baseline before it
     * [baselineFrom, recentFrom), for the silent-communes rule (src/domain/silent-communes.ts). Floods and
     * rate-limited reports do not count: they would inflate a commune's usual rate.
     */
    async communeCounts(w: { baselineFrom: Date; recentFrom: Date; to: Date }, regions: readonly string[]) {
      return prisma.$queryRawUnsafe<{ pcode: string; recent: number; baseline: number }[]>(
        `SELECT location_pcode AS pcode,
           count(*) FILTER (WHERE created_at >= $2)::int AS recent,
           count(*) FILTER (WHERE created_at < $2)::int AS baseline
         FROM reports
         WHERE location_level = 'commune' AND location_pcode IS NOT NULL AND created_at >= $1 AND created_at < $3
           AND NOT (flags && ARRAY['rate_limited', 'coordinated_flood']) AND ${inRegions('location_pcode', 4)}
         GROUP BY 1`,
        w.baselineFrom,
        w.recentFrom,
        w.to,
        regions.join(','),
      );
    },

    /** Per committee and week (of the alert), the median time from report to first answer, and how many alerts. */
    ackByCommitteeWeek(since: Date, regions: readonly string[]) {
      return prisma.$queryRawUnsafe<{ committee: string; week: string; alerts: number; acked: number; medianS: number | null }[]>(
        `WITH t AS (
           SELECT c.name AS committee, date_trunc('week', a.created_at AT TIME ZONE 'UTC') AS week, r.created_at AS reported,
             (SELECT min(l.at) FROM audit_log l WHERE l.entity = 'alert' AND l.entity_id = a.id::text AND l.to_state IN ('acknowledged', 'confirmed', 'refuted', 'resolved')) AS acked
           FROM alerts a JOIN reports r ON r.id = a.report_id JOIN committees c ON c.id = a.committee_id
           WHERE a.created_at >= $1 AND ${inRegions('a.location_pcode', 2)})
         SELECT committee, to_char(week, 'YYYY-MM-DD') AS week, count(*)::int AS alerts, count(acked)::int AS acked,
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acked - reported)))::float8 AS "medianS"
         FROM t GROUP BY committee, week ORDER BY committee, week`,
        since,
        regions.join(','),
      );
    },

    /** Reports received in [from, to), oldest first, in batches. */
    async *reports(from: Date, to: Date, regions: readonly string[], batch = 500) {
      let after: { createdAt: Date; id: string } | undefined;
      for (;;) {
        const rows = await prisma.report.findMany({
          where: {
            AND: [
              scoped(regions),
              { createdAt: { gte: from, lt: to } },
              after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {},
            ],
          },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: batch,
          include: { inbound: { select: { text: true, channel: true } }, reporter: { select: { pseudonym: true } } },
        });
        yield* rows;
        if (rows.length < batch) return;
        const last = rows[rows.length - 1]!;
        after = { createdAt: last.createdAt, id: last.id };
      }
    },

    async *alerts(from: Date, to: Date, regions: readonly string[], batch = 500) {
      let after: { createdAt: Date; id: string } | undefined;
      for (;;) {
        const rows = await prisma.alert.findMany({
          where: {
            AND: [
              scoped(regions),
              { createdAt: { gte: from, lt: to } },
              after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {},
            ],
          },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: batch,
          include: { committee: { select: { name: true } }, report: { select: { reference: true } } },
        });
        yield* rows;
        if (rows.length < batch) return;
        const last = rows[rows.length - 1]!;
        after = { createdAt: last.createdAt, id: last.id };
      }
    },

    /** Incidents opened in [from, to) within the regions, with their alerts' states (for the HXL export). */
    async *incidents(from: Date, to: Date, regions: readonly string[], batch = 500) {
      let after: { openedAt: Date; id: string } | undefined;
      for (;;) {
        const rows = await prisma.incident.findMany({
          where: {
            AND: [
              scoped(regions),
              { openedAt: { gte: from, lt: to } },
              after ? { OR: [{ openedAt: { gt: after.openedAt } }, { openedAt: after.openedAt, id: { gt: after.id } }] } : {},
            ],
          },
          orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
          take: batch,
          include: { alerts: { select: { state: true } } },
        });
        yield* rows;
        if (rows.length < batch) return;
        const last = rows[rows.length - 1]!;
        after = { openedAt: last.openedAt, id: last.id };
      }
    },

    async *audit(from: Date, to: Date, batch = 1000) {
      let after = -1n;
      for (;;) {
        const rows = await prisma.auditEntry.findMany({
          where: { at: { gte: from, lt: to }, seq: { gt: after } },
          orderBy: { seq: 'asc' },
          take: batch,
        });
        yield* rows;
        if (rows.length < batch) return;
        after = rows[rows.length - 1]!.seq;
      }
    },
  };
}
export type TrendsRepository = ReturnType<typeof trendsRepository>;
