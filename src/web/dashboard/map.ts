// The map page: alerts or incidents on Mali's communes and cercles, coloured by their highest severity,
// with a circle sized by count, as server-side SVG (works offline), and the same figures as a table; the
// silent communes (reports well below their usual rate) outlined with a dashed ring, and listed with their figures.
import { Router, type RequestHandler } from 'express';
import type { Repositories } from '../../db/index.ts';
import { getUnit } from '../../geo/admin.ts';
import { attr, html, raw, type SafeHtml } from './html.ts';
import { severityBadge } from './labels.ts';
import { layout } from './layout.ts';
import { sendHtml } from './respond.ts';
import { mapHeight, MAP_WIDTH, mesh, pointOf, regionIds, unitPath } from './map-geometry.ts';
import { ctxOf, placeName, type Ctx } from './view.ts';
import type { SilentCommune } from '../../domain/silent-communes.ts';
import { findSilentCommunes, silentCommunesSection } from './silent-communes.ts';

/** The silent communes' colour: a dashed outline and ring, unlike any severity. */
const SILENT = '#6a4c93';

const FILL: Record<number, string> = { 0: '#bdbdbd', 1: '#7fb2f0', 2: '#f5a623', 3: '#d7263d' };
const PERIODS = [7, 30, 90, 365];

export interface PlaceCount {
  pcode: string | null;
  count: number;
  severity: number;
}

export function mapSvg(ctx: Ctx, items: PlaceCount[], what: string, silent: readonly SilentCommune[] = []): SafeHtml {
  const quiet = silent.filter((s) => pointOf(s.pcode) !== null);
  const located = items.filter((i): i is PlaceCount & { pcode: string } => i.pcode !== null && pointOf(i.pcode) !== null);
  const max = Math.max(1, ...located.map((i) => i.count));
  const radius = (c: number) => 4 + 14 * Math.sqrt(c / max);
  const labels = regionIds().map((id) => ({ id, at: pointOf(id), name: getUnit(id)?.name ?? id }));
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_WIDTH} ${mapHeight()}" role="img" aria-labelledby="map-title" id="map">
<title id="map-title">${ctx.t('map.svgTitle', { what })}</title>
<path d="${raw(regionIds().map(unitPath).join(''))}" fill="#f4f1e8"/>
${located.filter((i) => getUnit(i.pcode)?.level !== 'region').map((i) => html`<path d="${raw(unitPath(i.pcode))}" fill="${FILL[i.severity] ?? FILL[1]}" fill-opacity="0.55"/>`)}
<path d="${raw(mesh('cercles'))}" fill="none" stroke="#9a9a94" stroke-width="0.6"/>
<path d="${raw(mesh('regions'))}" fill="none" stroke="#3d3d3a" stroke-width="1.3"/>
${labels.map((l) => (l.at ? html`<text x="${l.at[0].toFixed(0)}" y="${l.at[1].toFixed(0)}" font-size="13" fill="#3d3d3a" text-anchor="middle">${l.name}</text>` : ''))}
${[...located]
  .sort((a, b) => b.count - a.count)
  .map((i) => {
    const [x, y] = pointOf(i.pcode)!;
    return html`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${radius(i.count).toFixed(1)}" fill="${FILL[i.severity] ?? FILL[1]}" fill-opacity="0.9" stroke="#fff" stroke-width="1.5" data-pcode="${i.pcode}"><title>${placeName(i.pcode, ctx.t)} : ${i.count}</title></circle>`;
  })}
${quiet.map((s) => {
  const [x, y] = pointOf(s.pcode)!;
  return html`<path d="${raw(unitPath(s.pcode))}" fill="none" stroke="${SILENT}" stroke-width="2" stroke-dasharray="4 3"/><circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="9" fill="#fff" fill-opacity="0.6" stroke="${SILENT}" stroke-width="2.5" stroke-dasharray="3 2" data-silent="${s.pcode}"><title>${placeName(s.pcode, ctx.t)} : ${ctx.t('silence.marker', { observed: s.observed, expected: Math.round(s.expected * 10) / 10 })}</title></circle>`;
})}
</svg>`;
}

export function mapRouter(deps: { repos: Repositories; page: RequestHandler[]; simulator: boolean }): Router {
  const router = Router();
  router.get('/map', ...deps.page, async (req, res) => {
    const ctx = ctxOf(res);
    const { t } = ctx;
    const show = req.query.show === 'incidents' ? 'incidents' : 'alerts';
    const days = PERIODS.includes(Number(req.query.days)) ? Number(req.query.days) : 30;
    const since = new Date(Date.now() - days * 86_400_000);
    const regions = ctx.user!.regions;
    const items =
      show === 'alerts'
        ? await deps.repos.dashboard.alertsByPlace(since, regions)
        : await deps.repos.dashboard.incidentsByPlace(since, regions);
    items.sort((a, b) => b.severity - a.severity || b.count - a.count);
    const silent = await findSilentCommunes(deps.repos, regions);
    const what = t(`map.${show}`);
    const body = html`<form method="get" action="/map" class="filters">
<div><label for="m-show">${t('map.show')}</label><select id="m-show" name="show"><option value="alerts"${attr('selected', show === 'alerts')}>${t('map.alerts')}</option><option value="incidents"${attr('selected', show === 'incidents')}>${t('map.incidents')}</option></select></div>
<div><label for="m-days">${t('filters.period')}</label><select id="m-days" name="days">${PERIODS.map((d) => html`<option value="${d}"${attr('selected', d === days)}>${t('map.days', { n: d })}</option>`)}</select></div>
<div class="actions"><button type="submit">${t('filters.apply')}</button></div></form>
<div class="map-wrap">${mapSvg(ctx, items, what, silent)}</div>
<ul class="legend" aria-label="${t('map.legend')}">${[1, 2, 3].map((s) => html`<li><span class="swatch sw-${s}"></span>${s} · ${t(`severity.${s}`)}</li>`)}<li>${t('map.legendSize')}</li><li><span class="swatch sw-silent"></span>${t('silence.legend')}</li></ul>
<h2>${t('map.table')}</h2>
${
  items.length === 0
    ? html`<p class="empty">${t('map.none')}</p>`
    : html`<div class="table-wrap"><table id="map-table"><thead><tr><th scope="col">${t('map.place')}</th><th scope="col" class="num">${t('map.count')}</th><th scope="col">${t('map.worst')}</th></tr></thead>
<tbody>${items.map((i) => html`<tr><td>${placeName(i.pcode, t)}</td><td class="num">${i.count}</td><td>${severityBadge(ctx, i.severity)}</td></tr>`)}</tbody></table></div>`
}
${silentCommunesSection(ctx, silent)}
<p class="muted"><small>${t('map.credit')}</small></p>`;
    sendHtml(req, res, layout(ctx, { title: t('map.title'), active: 'map', body, simulator: deps.simulator }));
  });
  return router;
}
