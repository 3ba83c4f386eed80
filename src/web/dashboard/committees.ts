// Committees and their focal points (contacts), numbers masked; an admin may reveal one number, which
// is written to the audit log. An empty directory says how to fill it; communes with reports that no
// committee covers are listed below.
import { Router, type RequestHandler } from 'express';
import type { CommitteesService } from '../../committees/committees.service.ts';
import type { Repositories } from '../../db/index.ts';
import { canRevealNumbers } from '../../users/roles.ts';
import { html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, fmtDate, placeName, type Ctx } from './view.ts';

export function committeesRouter(deps: {
  repos: Repositories;
  committees: CommitteesService;
  page: RequestHandler[];
  admin: RequestHandler[];
  simulator: boolean;
}): Router {
  const { repos } = deps;
  const router = Router();

  async function uncovered(ctx: Ctx) {
    const { t } = ctx;
    const places = await deps.committees.uncovered(ctx.user!);
    if (places.length === 0) return '';
    return html`<h2 id="h-uncovered">${t('committees.uncovered')}</h2><p class="muted">${t('committees.uncoveredIntro')}</p>
<div class="table-wrap"><table id="uncovered" aria-labelledby="h-uncovered"><thead><tr><th scope="col">${t('alerts.place')}</th><th scope="col" class="num">${t('alerts.reports')}</th><th scope="col">${t('committees.lastReport')}</th></tr></thead>
<tbody>${places.map((p) => html`<tr><th scope="row">${placeName(p.pcode, t)} <small>${p.pcode}</small></th><td class="num">${p.reports}</td><td>${fmtDate(p.lastAt, ctx.lang)}</td></tr>`)}</tbody></table></div>`;
  }

  async function render(ctx: Ctx, revealed?: { id: string; phone: string }) {
    const { t } = ctx;
    const admin = canRevealNumbers(ctx.user!);
    const committees = await deps.committees.list(ctx.user!);
    const body = html`${revealed ? html`<p class="notice" role="status">${t('committees.revealed')}</p>` : ''}
${
  committees.length === 0
    ? html`<p class="notice" id="empty-directory">${t('committees.empty')}</p>`
    : html`<div class="table-wrap"><table id="committees"><thead><tr><th scope="col">${t('alerts.committee')}</th><th scope="col">${t('committees.type')}</th><th scope="col">${t('alerts.place')}</th><th scope="col">${t('committees.focalPoints')}</th></tr></thead>
<tbody>${committees.map(
        (
          c,
        ) => html`<tr><th scope="row">${c.name}</th><td>${t(`committeeType.${c.type}`, { defaultValue: c.type })}</td><td>${c.places.map((p, i) => html`${i > 0 ? ', ' : ''}${p.pcode === 'ML' ? 'Mali' : placeName(p.pcode, t)} <small>${p.pcode}</small>`)}</td>
<td><ul class="plain">${c.focalPoints.map((f) => {
          const shown = revealed?.id === f.id ? revealed.phone : f.masked;
          return html`<li>${f.name} (${t(f.rank === 1 ? 'committees.primary' : 'committees.backup')}) <span class="nowrap">${shown}</span>
${admin && revealed?.id !== f.id ? html`<form method="post" action="/committees/reveal" class="inline">${csrfField(ctx)}<input type="hidden" name="focalPoint" value="${f.id}"><button type="submit" class="secondary small">${t('committees.reveal')}</button></form>` : ''}</li>`;
        })}</ul></td></tr>`,
      )}</tbody></table></div>`
}
${await uncovered(ctx)}`;
    return layout(ctx, { title: t('committees.title'), active: 'committees', body, simulator: deps.simulator });
  }

  router.get('/committees', ...deps.page, async (req, res) => sendHtml(req, res, await render(ctxOf(res))));

  router.post('/committees/reveal', ...deps.admin, async (req, res) => {
    const ctx = ctxOf(res);
    const id = String((req.body as Record<string, unknown>)?.focalPoint ?? '');
    const fp = await repos.alerts.focalPoint(id).catch(() => null);
    if (!fp) return res.redirect(303, '/committees');
    await repos.alerts.audit({
      entity: 'focal_point',
      entityId: fp.id,
      action: 'reveal_number',
      fromState: null,
      toState: null,
      actor: `user:${ctx.user!.id}`,
      channel: 'dashboard',
      reason: 'number shown on the committees page',
      details: null,
    });
    const listed = (await deps.committees.list(ctx.user!)).flatMap((c) => c.focalPoints).find((f) => f.id === fp.id);
    sendHtml(req, res, await render(ctx, listed?.phone ? { id: fp.id, phone: listed.phone } : undefined));
  });

  return router;
}
