// The alerts list: filters, newest first, and a live fragment the page polls (304 when nothing changed).
import { Router, type Request, type RequestHandler } from 'express';
import { isAlertState } from '../../alerts/state-machine.ts';
import type { Repositories } from '../../db/index.ts';
import type { AlertFilter } from '../../db/dashboard.repo.ts';
import { isCategory } from '../../domain/taxonomy.ts';
import { getUnit } from '../../geo/admin.ts';
import { html, type SafeHtml } from './html.ts';
import {
  categoryLabel,
  categoryOptions,
  placeOptions,
  severityBadge,
  severityOptions,
  stateBadge,
  stateOptions,
} from './labels.ts';
import { layout } from './layout.ts';
import { sendBody, sendHtml } from './respond.ts';
import { ctxOf, dateParam, fmtDate, placeName, type Ctx } from './view.ts';

const PAGE = 50;

type Row = Awaited<ReturnType<Repositories['dashboard']['alerts']>>[number];

export function filterOf(req: Request, regions: readonly string[]): AlertFilter & { raw: Record<string, string> } {
  const q = req.query as Record<string, unknown>;
  const str = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : '');
  const severity = /^[0-3]$/.test(str('severity')) ? Number(str('severity')) : undefined;
  const pcode = getUnit(str('place')) ? str('place') : undefined;
  const raw = {
    state: str('state'),
    category: str('category'),
    severity: str('severity'),
    place: str('place'),
    from: str('from'),
    to: str('to'),
  };
  return {
    regions,
    state: isAlertState(raw.state) ? raw.state : undefined,
    category: isCategory(raw.category) ? raw.category : undefined,
    severity,
    pcode,
    from: dateParam(raw.from),
    to: dateParam(raw.to, true),
    raw,
  };
}

function query(raw: Record<string, string>, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...raw, ...extra })) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function alertRows(ctx: Ctx, rows: Row[]): SafeHtml {
  if (rows.length === 0) return html`<tr><td colspan="8" class="empty">${ctx.t('alerts.none')}</td></tr>`;
  // data-label: on a phone each row is a card, each cell headed by its column's name (app.css)
  const { t } = ctx;
  return html`${rows.map(
    (a) => html`<tr class="sev-row-${a.severity}" data-id="${a.id}">
<td data-label="${t('alerts.reference')}"><a href="/alerts/${a.id}">${a.reference}</a></td>
<td data-label="${t('alerts.received')}"><time datetime="${a.createdAt.toISOString()}">${fmtDate(a.createdAt, ctx.lang)}</time></td>
<td data-label="${t('alerts.state')}">${stateBadge(ctx, a.state)}</td>
<td data-label="${t('alerts.category')}">${categoryLabel(ctx, a.category)}</td>
<td data-label="${t('alerts.severity')}">${severityBadge(ctx, a.severity)}</td>
<td data-label="${t('alerts.place')}">${placeName(a.locationPcode, ctx.t)}</td>
<td data-label="${t('alerts.committee')}">${a.committee.name}</td>
<td data-label="${t('alerts.reports')}" class="num">${a.incident?.reportCount ?? 1}</td>
</tr>`,
  )}`;
}

export function alertsListRouter(deps: { repos: Repositories; guard: RequestHandler[]; simulator: boolean }): Router {
  const { repos } = deps;
  const router = Router();

  router.get('/', ...deps.guard, async (req, res) => {
    const ctx = ctxOf(res);
    const { t } = ctx;
    const f = filterOf(req, ctx.user!.regions);
    const page = Math.max(0, Math.min(1000, Number(req.query.page) || 0));
    const rows = await repos.dashboard.alerts(f, PAGE, page * PAGE);
    const live = page === 0 ? `/alerts/live${query(f.raw)}` : '';
    const body = html`<form method="get" action="/" class="filters" aria-label="${t('filters.label')}">
<div><label for="f-state">${t('filters.state')}</label><select id="f-state" name="state">${stateOptions(ctx, f.state)}</select></div>
<div><label for="f-category">${t('filters.category')}</label><select id="f-category" name="category">${categoryOptions(ctx, f.category, true)}</select></div>
<div><label for="f-severity">${t('filters.severity')}</label><select id="f-severity" name="severity">${severityOptions(ctx, f.severity, true)}</select></div>
<div><label for="f-place">${t('filters.place')}</label><select id="f-place" name="place">${placeOptions(ctx, f.pcode, { anyLabel: t('filters.anyPlace') })}</select></div>
<div><label for="f-from">${t('filters.from')}</label><input id="f-from" name="from" type="date" value="${f.raw.from}"></div>
<div><label for="f-to">${t('filters.to')}</label><input id="f-to" name="to" type="date" value="${f.raw.to}"></div>
<div class="actions"><button type="submit">${t('filters.apply')}</button> <a href="/">${t('filters.reset')}</a></div>
</form>
<p class="live-status" id="live-status" aria-live="polite" data-updated="${t('alerts.liveUpdated', { time: '{time}' })}" data-offline="${t('alerts.liveOffline')}">${live ? t('alerts.live') : ''}</p>
<div class="table-wrap"><table class="alerts">
<caption class="visually-hidden">${t('alerts.caption')}</caption>
<thead><tr><th scope="col">${t('alerts.reference')}</th><th scope="col">${t('alerts.received')}</th><th scope="col">${t('alerts.state')}</th><th scope="col">${t('alerts.category')}</th><th scope="col">${t('alerts.severity')}</th><th scope="col">${t('alerts.place')}</th><th scope="col">${t('alerts.committee')}</th><th scope="col">${t('alerts.reports')}</th></tr></thead>
<tbody id="alert-rows"${live ? html` data-live="${live}"` : ''}>${alertRows(ctx, rows)}</tbody>
</table></div>
<nav class="pager" aria-label="${t('alerts.pages')}">${page > 0 ? html`<a href="/${query(f.raw, { page: String(page - 1) })}">${t('alerts.newer')}</a>` : ''}
${rows.length === PAGE ? html`<a href="/${query(f.raw, { page: String(page + 1) })}">${t('alerts.older')}</a>` : ''}</nav>`;
    sendHtml(req, res, layout(ctx, { title: t('alerts.title'), active: 'alerts', body, simulator: deps.simulator }));
  });

  // Polled by /static/app.js every few seconds: the first page's rows, or 304 when nothing changed.
  router.get('/alerts/live', ...deps.guard, async (req, res) => {
    const ctx = ctxOf(res);
    const f = filterOf(req, ctx.user!.regions);
    const etag = `"a${await repos.dashboard.alertsVersion(f)}-${ctx.lang}"`;
    res.set({ ETag: etag, 'Cache-Control': 'private, no-cache' });
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    const rows = await repos.dashboard.alerts(f, PAGE, 0);
    sendBody(req, res, alertRows(ctx, rows).value, 'text/html; charset=utf-8');
  });

  return router;
}
