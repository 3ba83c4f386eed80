// CSV exports of reports, alerts and the audit log for a date range; never a phone number. The default
// is RFC 4180 (commas, ISO times, column keys) for tools; `?format=excel-fr` is for a French-locale
// spreadsheet: semicolons, French column names, local times (JJ/MM/AAAA HH:MM), decimal commas.
import { Router, type RequestHandler, type Response } from 'express';
import type { Repositories } from '../../db/index.ts';
import { getUnit } from '../../geo/admin.ts';
import { translator } from '../../i18n/i18n.ts';
import { AppError } from '../errors.ts';
import { CSV_BOM, csvLine, EXCEL_FR, RFC_4180, type CsvDialect } from './csv.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { securityHeaders, sendHtml } from './respond.ts';
import { ctxOf, dateParam, isoDay } from './view.ts';

const KINDS = ['reports', 'alerts', 'audit'] as const;
type Kind = (typeof KINDS)[number];

const FORMATS: Record<string, { dialect: CsvDialect; suffix: string; header: (key: string) => string }> = {
  rfc4180: { dialect: RFC_4180, suffix: '', header: (key) => key },
  'excel-fr': { dialect: EXCEL_FR, suffix: '-excel-fr', header: (key) => translator('fr', 'web')(`export.columns.${key}`) },
};

const name = (pcode: string | null) => (pcode ? (getUnit(pcode)?.name ?? '') : '');

type Trends = Repositories['trends'];
type Row<K extends 'reports' | 'alerts' | 'audit'> = Awaited<ReturnType<Trends[K]> extends AsyncIterable<infer R> ? R : never>;
type Columns<R> = [key: string, cell: (r: R) => unknown][];

const REPORTS: Columns<Row<'reports'>> = [
  ['reference', (r) => r.reference],
  ['received_at', (r) => r.createdAt],
  ['channel', (r) => r.inbound.channel],
  ['category', (r) => r.category],
  ['severity', (r) => r.severity],
  ['language', (r) => r.language],
  ['confidence', (r) => r.confidence],
  ['pcode', (r) => r.locationPcode],
  ['place', (r) => name(r.locationPcode)],
  ['reporter', (r) => r.reporter?.pseudonym],
  ['incident_id', (r) => r.incidentId],
  ['routed_at', (r) => r.routedAt],
  ['text', (r) => r.inbound.text],
];

const ALERTS: Columns<Row<'alerts'>> = [
  ['reference', (a) => a.reference],
  ['created_at', (a) => a.createdAt],
  ['state', (a) => a.state],
  ['category', (a) => a.category],
  ['severity', (a) => a.severity],
  ['pcode', (a) => a.locationPcode],
  ['place', (a) => name(a.locationPcode)],
  ['committee', (a) => a.committee.name],
  ['report', (a) => a.report.reference],
  ['incident_id', (a) => a.incidentId],
  ['escalation_level', (a) => a.escalationLevel],
  ['resolution_note', (a) => a.resolutionNote],
  ['updated_at', (a) => a.updatedAt],
];

const AUDIT: Columns<Row<'audit'>> = [
  ['seq', (e) => String(e.seq)],
  ['at', (e) => e.at],
  ['entity', (e) => e.entity],
  ['entity_id', (e) => e.entityId],
  ['action', (e) => e.action],
  ['from_state', (e) => e.fromState],
  ['to_state', (e) => e.toState],
  ['actor', (e) => e.actor],
  ['channel', (e) => e.channel],
  ['reason', (e) => e.reason],
  ['prev_hash', (e) => e.prevHash],
  ['hash', (e) => e.hash],
];

async function stream<R>(
  res: Response,
  file: { kind: Kind; from: Date; to: Date; format: (typeof FORMATS)[string] },
  columns: Columns<R>,
  rows: AsyncIterable<R>,
) {
  const { kind, from, to, format } = file;
  const line = (values: unknown[]) => csvLine(values, format.dialect);
  securityHeaders(res);
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set({
      'Content-Disposition': `attachment; filename="sabali-${kind}-${isoDay(from)}-${isoDay(new Date(to.getTime() - 1))}${format.suffix}.csv"`,
      'Cache-Control': 'no-store',
    });
  res.write(CSV_BOM + line(columns.map(([key]) => format.header(key))));
  for await (const row of rows) {
    if (!res.write(line(columns.map(([, cell]) => cell(row))))) await new Promise((r) => res.once('drain', r));
  }
  res.end();
}

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
<div class="actions"><button type="submit" id="download-${k}" name="format" value="excel-fr">${t('export.downloadExcelFr')}</button>
<button type="submit" id="download-${k}-rfc4180" name="format" value="rfc4180" class="secondary">${t('export.downloadRfc4180')}</button></div></form>`,
)}`;
    sendHtml(req, res, layout(ctx, { title: t('export.title'), active: 'export', body, simulator: deps.simulator }));
  });

  router.get('/export/:file', ...deps.page, async (req, res, next) => {
    const kind = /^(reports|alerts|audit)\.csv$/.exec(String(req.params.file))?.[1] as Kind | undefined;
    if (!kind) return next();
    const ctx = ctxOf(res);
    const requested = typeof req.query.format === 'string' && req.query.format ? req.query.format : 'rfc4180';
    const format = Object.hasOwn(FORMATS, requested) ? FORMATS[requested]! : undefined;
    if (!format)
      throw new AppError(400, 'invalid_query', ctx.t('export.badFormat', { formats: Object.keys(FORMATS).join(', ') }), {
        field: 'format',
      });
    const regions = ctx.user!.regions;
    const from = dateParam(req.query.from) ?? new Date(Date.now() - 30 * 86_400_000);
    const to = dateParam(req.query.to, true) ?? new Date(Date.now() + 86_400_000);
    const file = { kind, from, to, format };
    if (kind === 'reports') return stream(res, file, REPORTS, trends.reports(from, to, regions));
    if (kind === 'alerts') return stream(res, file, ALERTS, trends.alerts(from, to, regions));
    if (regions.length > 0) return res.status(403).type('text/plain').send(ctx.t('export.auditNational'));
    return stream(res, file, AUDIT, trends.audit(from, to));
  });

  return router;
}
