// CSV exports of reports, alerts and the audit log for a date range; never a phone number.
import { Router, type RequestHandler, type Response } from 'express';
import type { Repositories } from '../../db/index.ts';
import { getUnit } from '../../geo/admin.ts';
import { CSV_BOM, csvLine } from './csv.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { securityHeaders, sendHtml } from './respond.ts';
import { ctxOf, dateParam, isoDay } from './view.ts';

const KINDS = ['reports', 'alerts', 'audit'] as const;
type Kind = (typeof KINDS)[number];

async function stream(res: Response, kind: Kind, from: Date, to: Date, header: string[], rows: AsyncIterable<unknown[]>) {
  securityHeaders(res);
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set({
      'Content-Disposition': `attachment; filename="sabali-${kind}-${isoDay(from)}-${isoDay(new Date(to.getTime() - 1))}.csv"`,
      'Cache-Control': 'no-store',
    });
  res.write(CSV_BOM + csvLine(header));
  for await (const row of rows) if (!res.write(csvLine(row))) await new Promise((r) => res.once('drain', r));
  res.end();
}

const name = (pcode: string | null) => (pcode ? (getUnit(pcode)?.name ?? '') : '');

export function exportRouter(deps: { repos: Repositories; page: RequestHandler[]; simulator: boolean }): Router {
  const { trends } = deps.repos;
  const router = Router();

  router.get('/export', ...deps.page, (req, res) => {
    const ctx = ctxOf(res);
    const { t } = ctx;
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const national = ctx.user!.regions.length === 0;
    const body = html`<p>${t('export.intro')}</p>
${KINDS.map((k) =>
  k === 'audit' && !national
    ? html`<p class="muted">${t('export.auditNational')}</p>`
    : html`<form method="get" action="/export/${k}.csv" class="card filters" aria-labelledby="h-${k}">
<h2 id="h-${k}">${t(`export.${k}`)}</h2>
<div><label for="${k}-from">${t('filters.from')}</label><input id="${k}-from" name="from" type="date" value="${isoDay(from)}" required></div>
<div><label for="${k}-to">${t('filters.to')}</label><input id="${k}-to" name="to" type="date" value="${isoDay(to)}" required></div>
<div class="actions"><button type="submit" id="download-${k}">${t('export.download')}</button></div></form>`,
)}`;
    sendHtml(req, res, layout(ctx, { title: t('export.title'), active: 'export', body, simulator: deps.simulator }));
  });

  router.get('/export/:file', ...deps.page, async (req, res, next) => {
    const kind = /^(reports|alerts|audit)\.csv$/.exec(String(req.params.file))?.[1] as Kind | undefined;
    if (!kind) return next();
    const ctx = ctxOf(res);
    const regions = ctx.user!.regions;
    const from = dateParam(req.query.from) ?? new Date(Date.now() - 30 * 86_400_000);
    const to = dateParam(req.query.to, true) ?? new Date(Date.now() + 86_400_000);
    if (kind === 'reports') {
      return stream(
        res,
        kind,
        from,
        to,
        [
          'reference',
          'received_at',
          'channel',
          'category',
          'severity',
          'language',
          'confidence',
          'pcode',
          'place',
          'reporter',
          'incident_id',
          'routed_at',
          'text',
        ],
        (async function* () {
          for await (const r of trends.reports(from, to, regions))
            yield [
              r.reference,
              r.createdAt,
              r.inbound.channel,
              r.category,
              r.severity,
              r.language,
              r.confidence,
              r.locationPcode,
              name(r.locationPcode),
              r.reporter?.pseudonym,
              r.incidentId,
              r.routedAt,
              r.inbound.text,
            ];
        })(),
      );
    }
    if (kind === 'alerts') {
      return stream(
        res,
        kind,
        from,
        to,
        [
          'reference',
          'created_at',
          'state',
          'category',
          'severity',
          'pcode',
          'place',
          'committee',
          'report',
          'incident_id',
          'escalation_level',
          'resolution_note',
          'updated_at',
        ],
        (async function* () {
          for await (const a of trends.alerts(from, to, regions))
            yield [
              a.reference,
              a.createdAt,
              a.state,
              a.category,
              a.severity,
              a.locationPcode,
              name(a.locationPcode),
              a.committee.name,
              a.report.reference,
              a.incidentId,
              a.escalationLevel,
              a.resolutionNote,
              a.updatedAt,
            ];
        })(),
      );
    }
    if (regions.length > 0) return res.status(403).type('text/plain').send(ctx.t('export.auditNational'));
    return stream(
      res,
      kind,
      from,
      to,
      ['seq', 'at', 'entity', 'entity_id', 'action', 'from_state', 'to_state', 'actor', 'channel', 'reason', 'prev_hash', 'hash'],
      (async function* () {
        for await (const e of trends.audit(from, to))
          yield [
            String(e.seq),
            e.at,
            e.entity,
            e.entityId,
            e.action,
            e.fromState,
            e.toState,
            e.actor,
            e.channel,
            e.reason,
            e.prevHash,
            e.hash,
          ];
      })(),
    );
  });

  return router;
}
