// Trends: reports per week (charts, then the tables by category and by region), response times (report →
// acknowledged → resolved; each committee's weekly median), the committees whose alerts go unanswered, and
// the communes fallen silent. Server-rendered SVG charts (charts.ts), each beside a table of the same figures.
import { Router, type RequestHandler } from 'express';
import type { Repositories } from '../../db/index.ts';
import { getUnit } from '../../geo/admin.ts';
import { attr, html, type SafeHtml } from './html.ts';
import { categoryLabel } from './labels.ts';
import { layout } from './layout.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, fmtDuration, type Ctx } from './view.ts';
import { ackSection, reportCharts, weekLabels } from './trends-charts.ts';
import { findSilentCommunes, silentCommunesSection } from './silent-communes.ts';

const WEEKS = [4, 12, 26, 52];

function weekTable(
  ctx: Ctx,
  id: string,
  rows: { week: string; key: string; n: number }[],
  label: (key: string) => SafeHtml | string,
): SafeHtml {
  const { t } = ctx;
  if (rows.length === 0) return html`<p class="empty">${t('trends.noData')}</p>`;
  const keys = [...new Set(rows.map((r) => r.key))].sort();
  const weeks = [...new Set(rows.map((r) => r.week))].sort().reverse();
  const cell = new Map(rows.map((r) => [`${r.week}|${r.key}`, r.n]));
  const totals = new Map(weeks.map((w) => [w, keys.reduce((s, k) => s + (cell.get(`${w}|${k}`) ?? 0), 0)]));
  const max = Math.max(1, ...totals.values());
  return html`<div class="table-wrap"><table id="${id}"><thead><tr><th scope="col">${t('trends.week')}</th>${keys.map((k) => html`<th scope="col" class="num">${label(k)}</th>`)}<th scope="col" class="num">${t('common.total')}</th><th aria-hidden="true"></th></tr></thead>
<tbody>${weeks.map(
    (
      w,
    ) => html`<tr><th scope="row" class="nowrap">${w}</th>${keys.map((k) => html`<td class="num">${cell.get(`${w}|${k}`) ?? ''}</td>`)}<td class="num"><strong>${totals.get(w)}</strong></td>
<td class="bars"><svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect width="${((100 * (totals.get(w) ?? 0)) / max).toFixed(1)}" height="10" fill="#0b4f8a"/></svg></td></tr>`,
  )}</tbody></table></div>`;
}

export function trendsRouter(deps: { repos: Repositories; page: RequestHandler[]; simulator: boolean }): Router {
  const router = Router();
  router.get('/trends', ...deps.page, async (req, res) => {
    const ctx = ctxOf(res);
    const { t } = ctx;
    const weeks = WEEKS.includes(Number(req.query.weeks)) ? Number(req.query.weeks) : 12;
    const now = new Date();
    const since = new Date(now.getTime() - weeks * 7 * 86_400_000);
    const regions = ctx.user!.regions;
    const [byCategory, byRegion, times, silent, ack, quiet] = await Promise.all([
      deps.repos.trends.reportsPerWeek('category', since, regions),
      deps.repos.trends.reportsPerWeek('region', since, regions),
      deps.repos.trends.responseTimes(since, regions),
      deps.repos.trends.silentCommittees(since, regions),
      deps.repos.trends.ackByCommitteeWeek(since, regions),
      findSilentCommunes(deps.repos, regions, now),
    ]);
    const labels = weekLabels(since, now);
    const categoryName = (k: string) => categoryLabel(ctx, k);
    const body = html`<form method="get" action="/trends" class="filters"><div><label for="t-weeks">${t('filters.period')}</label>
<select id="t-weeks" name="weeks">${WEEKS.map((w) => html`<option value="${w}"${attr('selected', w === weeks)}>${t('trends.weeks', { n: w })}</option>`)}</select></div>
<div class="actions"><button type="submit">${t('filters.apply')}</button></div></form>
<h2>${t('charts.reportsTitle')}</h2>
${reportCharts(ctx, labels, byCategory, categoryName)}
${silentCommunesSection(ctx, quiet)}
<h2>${t('trends.responseTimes')}</h2>
<div class="table-wrap"><table id="response-times"><thead><tr><th scope="col">${t('trends.step')}</th><th scope="col" class="num">${t('trends.count')}</th><th scope="col">${t('trends.median')}</th><th scope="col">${t('trends.p90')}</th></tr></thead>
<tbody><tr><th scope="row">${t('trends.reportToAck')}</th><td class="num">${times.acknowledged} / ${times.alerts}</td><td>${fmtDuration(times.ackMedianS, t)}</td><td>${fmtDuration(times.ackP90S, t)}</td></tr>
<tr><th scope="row">${t('trends.reportToResolved')}</th><td class="num">${times.resolved} / ${times.alerts}</td><td>${fmtDuration(times.resolveMedianS, t)}</td><td>${fmtDuration(times.resolveP90S, t)}</td></tr></tbody></table></div>
${ackSection(ctx, labels, ack)}
<h2>${t('trends.silent')}</h2>
${
  silent.length === 0
    ? html`<p class="empty">${t('trends.silentNone')}</p>`
    : html`<div class="table-wrap"><table id="silent-committees"><thead><tr><th scope="col">${t('trends.committee')}</th><th scope="col" class="num">${t('trends.received')}</th><th scope="col" class="num">${t('trends.answered')}</th><th scope="col" class="num">${t('trends.escalated')}</th><th scope="col" class="num">${t('trends.expired')}</th><th scope="col" class="num">${t('trends.waiting')}</th></tr></thead>
<tbody>${silent.map((c) => html`<tr><th scope="row">${c.name}</th><td class="num">${c.alerts}</td><td class="num">${c.answered}</td><td class="num">${c.escalated}</td><td class="num">${c.expired}</td><td class="num">${c.waiting}</td></tr>`)}</tbody></table></div>`
}
<h2>${t('trends.byCategory')}</h2>
${weekTable(ctx, 'by-category', byCategory, (k) => categoryLabel(ctx, k))}
<h2>${t('trends.byRegion')}</h2>
${weekTable(ctx, 'by-region', byRegion, (k) => (k ? (getUnit(k)?.name ?? k) : t('trends.nowhere')))}`;
    sendHtml(req, res, layout(ctx, { title: t('trends.title'), active: 'trends', body, simulator: deps.simulator }));
  });
  return router;
}
