// CSV exports of reports, alerts and the audit log for a date range; never a phone number. The default
// is RFC 4180 (commas, ISO times, column keys) for tools; `?format=excel-fr` is for a French-locale
// spreadsheet: semicolons, French column names, local times (JJ/MM/AAAA HH:MM), decimal commas.
import { Router, type RequestHandler, type Response } from 'express';
import type { Repositories } from '../../db/index.ts';
import { getUnit } from '../../geo/admin.ts';
import { incidentRecord, incidentStatus, type IncidentRecord } from '../../alerts/incident-record.ts';
import { translator } from '../../i18n/i18n.ts';
import { AppError } from '../errors.ts';
import type { WebhooksService } from '../../webhooks/webhooks.service.ts';
import { CSV_BOM, csvLine, EXCEL_FR, RFC_4180, type CsvDialect } from './csv.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { securityHeaders, sendHtml } from './respond.ts';
import { ctxOf, dateParam, fmtDate, isoDay } from './view.ts';

const KINDS = ['reports', 'alerts', 'incidents', 'audit'] as const;
type Kind = (typeof KINDS)[number];

interface Format {
  dialect: CsvDialect;
  suffix: string;
  header: (key: string) => string;
  /** HXL: a second header row of hashtags, one per column (only files whose every column has one). */
  hxl?: true;
}

/** The formats of every export; `hxl` (HXL hashtags, for humanitarian platforms) for the incidents only. */
export const EXPORT_FORMATS = ['rfc4180', 'excel-fr', 'hxl'] as const;
const FORMATS: Record<(typeof EXPORT_FORMATS)[number], Format> = {
  rfc4180: { dialect: RFC_4180, suffix: '', header: (key) => key },
  'excel-fr': { dialect: EXCEL_FR, suffix: '-excel-fr', header: (key) => translator('fr', 'web')(`export.columns.${key}`) },
  hxl: { dialect: RFC_4180, suffix: '-hxl', header: (key) => key, hxl: true },
};

const name = (pcode: string | null) => (pcode ? (getUnit(pcode)?.name ?? '') : '');

type Trends = Repositories['trends'];
type Row<K extends 'reports' | 'alerts' | 'incidents' | 'audit'> = Awaited<
  ReturnType<Trends[K]> extends AsyncIterable<infer R> ? R : never
>;
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

// Pseudonymous (src/alerts/incident-record.ts): no number, no text, the place at most its commune.
// The third element is the column's HXL hashtag (https://hxlstandard.org/standard/dictionary/).
const INCIDENTS: [key: string, cell: (r: IncidentRecord) => unknown, hashtag: string][] = [
  ['incident_id', (r) => r.id, '#event+id'],
  ['reported_at', (r) => r.reportedAt, '#date+reported'],
  ['adm1_code', (r) => r.place.adm1?.code, '#adm1+code'],
  ['adm1_name', (r) => r.place.adm1?.name, '#adm1+name'],
  ['adm2_code', (r) => r.place.adm2?.code, '#adm2+code'],
  ['adm2_name', (r) => r.place.adm2?.name, '#adm2+name'],
  ['adm3_code', (r) => r.place.adm3?.code, '#adm3+code'],
  ['adm3_name', (r) => r.place.adm3?.name, '#adm3+name'],
  ['category', (r) => r.category, '#sector'],
  ['severity', (r) => r.severity, '#severity'],
  ['status', (r) => r.status, '#status'],
  ['reports', (r) => r.reportCount, '#affected+reports'],
  ['reporters', (r) => r.reporterCount, '#affected+reporters'],
];

async function* incidentRecords(rows: AsyncIterable<Row<'incidents'>>): AsyncIterable<IncidentRecord> {
  for await (const i of rows) yield incidentRecord(i, incidentStatus(i.alerts.map((a) => a.state)));
}

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
  file: { kind: Kind; from: Date; to: Date; format: Format },
  columns: Columns<R> | [string, (r: R) => unknown, string][],
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
  if (format.hxl) res.write(line(columns.map((c) => c[2])));
  for await (const row of rows) {
    if (!res.write(line(columns.map(([, cell]) => cell(row))))) await new Promise((r) => res.once('drain', r));
  }
  res.end();
}

/** Webhook deliveries given up on (dead letters): what a receiver never accepted, for someone to follow up. */
function deadLetters(ctx: ReturnType<typeof ctxOf>, rows: Awaited<ReturnType<WebhooksService['deadLetters']>>) {
  const { t } = ctx;
  const host = (url: string) => (URL.canParse(url) ? new URL(url).host : url); // the path may carry a receiver's token
  return html`<section class="card" aria-labelledby="h-dead" id="webhooks-dead"><h2 id="h-dead">${t('export.deadTitle')}</h2>
<p class="muted">${t('export.deadIntro')}</p>
${
  rows.length === 0
    ? html`<p>${t('export.deadNone')}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t('export.deadEvent')}</th><th>${t('export.deadUrl')}</th><th>${t('export.deadAttempts')}</th><th>${t('export.deadLast')}</th><th>${t('export.deadAt')}</th></tr></thead><tbody>
${rows.map(
  (d) =>
    html`<tr><td>${d.event.type}</td><td>${host(d.subscription.url)}</td><td>${d.attempts}</td><td>${d.lastStatus ?? d.lastError ?? ''}</td><td>${fmtDate(d.updatedAt, ctx.lang)}</td></tr>`,
)}</tbody></table></div>`
}</section>`;
}

/** The format a request names (rfc4180 when none), or a 400 listing the formats this file has. */
function formatOf(requested: unknown, kind: Kind, badFormat: (formats: string) => string): Format {
  const name = typeof requested === 'string' && requested ? requested : 'rfc4180';
  const names = EXPORT_FORMATS.filter((f) => kind === 'incidents' || !FORMATS[f].hxl);
  if (!(names as readonly string[]).includes(name))
    throw new AppError(400, 'invalid_query', badFormat(names.join(', ')), { field: 'format' });
  return FORMATS[name as (typeof EXPORT_FORMATS)[number]];
}

/** The incidents export, for the dashboard and GET /api/export/incidents.csv: the principal's regions only. */
export function exportIncidents(
  res: Response,
  trends: Trends,
  q: { from?: unknown; to?: unknown; format?: unknown; regions: readonly string[] },
  badFormat: (formats: string) => string,
) {
  const format = formatOf(q.format, 'incidents', badFormat);
  const from = dateParam(q.from) ?? new Date(Date.now() - 30 * 86_400_000);
  const to = dateParam(q.to, true) ?? new Date(Date.now() + 86_400_000);
  return stream(res, { kind: 'incidents', from, to, format }, INCIDENTS, incidentRecords(trends.incidents(from, to, q.regions)));
}

export function exportRouter(deps: {
  repos: Repositories;
  webhooks: Pick<WebhooksService, 'deadLetters'>;
  page: RequestHandler[];
  simulator: boolean;
}): Router {
  const { trends } = deps.repos;
  const router = Router();

  router.get('/export', ...deps.page, async (req, res) => {
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
<button type="submit" id="download-${k}-rfc4180" name="format" value="rfc4180" class="secondary">${t('export.downloadRfc4180')}</button>
${k === 'incidents' ? html`<button type="submit" id="download-incidents-hxl" name="format" value="hxl" class="secondary">${t('export.downloadHxl')}</button>` : ''}</div>
${k === 'incidents' ? html`<p class="muted">${t('export.incidentsNote')}</p>` : ''}</form>`,
)}
${deadLetters(ctx, await deps.webhooks.deadLetters(ctx.user!))}`;
    sendHtml(req, res, layout(ctx, { title: t('export.title'), active: 'export', body, simulator: deps.simulator }));
  });

  router.get('/export/:file', ...deps.page, async (req, res, next) => {
    const kind = /^(reports|alerts|incidents|audit)\.csv$/.exec(String(req.params.file))?.[1] as Kind | undefined;
    if (!kind) return next();
    const ctx = ctxOf(res);
    const badFormat = (formats: string) => ctx.t('export.badFormat', { formats });
    const regions = ctx.user!.regions;
    if (kind === 'incidents') return exportIncidents(res, trends, { ...req.query, regions }, badFormat);
    const format = formatOf(req.query.format, kind, badFormat);
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
