// Committees and their focal points (contacts), numbers masked; an admin may reveal one number, which
// is written to the audit log. Admins, and coordinators within their regions, open a committee's form
// (committee-editor.ts), import the directory's CSV here; admins export it. An empty directory says
// how to fill it; communes with reports that no committee covers are listed below. Each committee shows its
// check-in cadence; one that missed its check-in (reminded once by SMS) is marked silent and listed on top.
import { Router, type RequestHandler } from 'express';
import { mayManage, type CommitteesService, type ImportReport } from '../../committees/committees.service.ts';
import { CommitteesCsvError } from '../../committees/committees-csv.ts';
import { problemText } from '../../committees/problem-text.ts';
import type { Repositories } from '../../db/index.ts';
import { canAct, canRevealNumbers } from '../../users/roles.ts';
import { formFields } from '../form.ts';
import { problemBox } from './broadcast-parts.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField, layout, messagePage } from './layout.ts';
import { sendBody, sendHtml } from './respond.ts';
import { ctxOf, fmtDate, placeName, type Ctx } from './view.ts';
import type { CheckinsService, CommitteeCheckin } from '../../checkins/checkins.service.ts';

type View = Awaited<ReturnType<CommitteesService['list']>>[number];

interface Outcome {
  revealed?: { id: string; phone: string };
  notice?: string;
  problem?: SafeHtml;
  report?: ImportReport;
}

export function committeesRouter(deps: {
  repos: Repositories;
  committees: CommitteesService;
  checkins: CheckinsService;
  page: RequestHandler[];
  admin: RequestHandler[];
  upload: RequestHandler[];
  simulator: boolean;
}): Router {
  const { repos } = deps;
  const router = Router();

  async function uncovered(ctx: Ctx) {
    const { t } = ctx;
    const places = await deps.committees.uncovered(ctx.user!);
    if (places.length === 0) return '';
    return html`<h2 id="h-uncovered">${t('committees.uncovered')}</h2><p class="muted">${t('committees.uncoveredIntro')}${canAct(ctx.user!) ? html` <a href="/committees/new">${t('committees.new')}</a>` : ''}</p>
<div class="table-wrap"><table id="uncovered" aria-labelledby="h-uncovered"><thead><tr><th scope="col">${t('alerts.place')}</th><th scope="col" class="num">${t('alerts.reports')}</th><th scope="col">${t('committees.lastReport')}</th></tr></thead>
<tbody>${places.map((p) => html`<tr><th scope="row">${placeName(p.pcode, t)} <small>${p.pcode}</small></th><td class="num">${p.reports}</td><td>${fmtDate(p.lastAt, ctx.lang)}</td></tr>`)}</tbody></table></div>`;
  }

  function places(ctx: Ctx, c: View): SafeHtml {
    return html`${c.places.map((p, i) => html`${i > 0 ? ', ' : ''}${p.pcode === 'ML' ? 'Mali' : placeName(p.pcode, ctx.t)} <small>${p.pcode}</small>`)}`;
  }

  function checkin(ctx: Ctx, k: CommitteeCheckin | undefined): SafeHtml {
    const { t } = ctx;
    if (!k) return html``;
    const every = t('checkins.every', { count: k.checkinDays });
    return k.missed
      ? html`<span class="badge-silent">${t('checkins.silent')}</span><br><small>${t('checkins.lastSign', { date: fmtDate(k.lastSign, ctx.lang) })} · ${every}</small>`
      : html`${every}<br><small>${t('checkins.due', { date: fmtDate(k.dueAt, ctx.lang) })}</small>`;
  }

  function silentList(ctx: Ctx, silent: CommitteeCheckin[]): SafeHtml {
    const { t } = ctx;
    if (silent.length === 0) return html``;
    return html`<div class="notice" id="checkin-silent" role="status"><p>${t('checkins.silentIntro', { count: silent.length })}</p><ul>${silent.map((k) => html`<li data-id="${k.id}">${k.name}: ${t('checkins.lastSign', { date: fmtDate(k.lastSign, ctx.lang) })}</li>`)}</ul></div>`;
  }

  function row(ctx: Ctx, c: View, revealed?: Outcome['revealed'], k?: CommitteeCheckin): SafeHtml {
    const { t } = ctx;
    const admin = canRevealNumbers(ctx.user!);
    return html`<tr data-id="${c.id}"><th scope="row">${c.name}${mayManage(ctx.user!, c.coverage) ? html`<br><a class="edit" href="/committees/${c.id}/edit">${t('committees.edit')}</a>` : ''}</th><td>${t(`committeeType.${c.type}`, { defaultValue: c.type })}</td><td>${places(ctx, c)}</td>
<td><ul class="plain">${c.focalPoints.map((f) => {
      const shown = revealed?.id === f.id ? revealed.phone : f.masked;
      return html`<li>${f.name} (${t(f.rank === 1 ? 'committees.primary' : 'committees.backup')}) <span class="nowrap">${shown}</span>
${admin && revealed?.id !== f.id ? html`<form method="post" action="/committees/reveal" class="inline">${csrfField(ctx)}<input type="hidden" name="focalPoint" value="${f.id}"><button type="submit" class="secondary small">${t('committees.reveal')}</button></form>` : ''}</li>`;
    })}</ul></td><td${k?.missed ? html` data-silent="true"` : ''}>${checkin(ctx, k)}</td></tr>`;
  }

  function importForm(ctx: Ctx, report?: ImportReport): SafeHtml {
    const { t } = ctx;
    return html`<form method="post" action="/committees/import" class="card" id="import-committees" aria-labelledby="h-import"><h2 id="h-import">${t('committees.import')}</h2>${csrfField(ctx)}
${
  report
    ? html`<div role="status" id="import-report"><p class="ok">${t('committees.imported', { created: report.created, updated: report.updated, rejected: report.rejected.length })}</p>
${
  report.rejected.length > 0
    ? html`<div class="table-wrap"><table id="rejected"><caption>${t('contacts.rejectedCaption')}</caption><thead><tr><th scope="col">${t('contacts.line')}</th><th scope="col">${t('contacts.reasons')}</th></tr></thead>
<tbody>${report.rejected.map((r) => html`<tr><th scope="row">${r.line}</th><td>${r.reason}</td></tr>`)}</tbody></table></div>`
    : ''
}</div>`
    : ''
}
<p id="ccsv-hint" class="muted">${t('committees.csvHint')}</p>
<div hidden class="csv-file"><label for="ccsv-file">${t('contacts.csvFile')}</label><input id="ccsv-file" type="file" accept=".csv,text/csv,text/plain" data-into="ccsv"></div>
<label for="ccsv">${t('contacts.csv')}</label><textarea id="ccsv" name="csv" rows="6" required aria-describedby="ccsv-hint" spellcheck="false"></textarea>
<label for="ccsv-reason">${t('committeeForm.reason')}</label><input id="ccsv-reason" name="reason" type="text" maxlength="500" required>
<button type="submit">${t('contacts.importSubmit')}</button></form>`;
  }

  async function render(ctx: Ctx, o: Outcome = {}, showRetired = false) {
    const { t } = ctx;
    const user = ctx.user!;
    const all = await deps.committees.list(user, { retired: showRetired });
    const active = all.filter((c) => !c.retiredAt);
    const retired = all.filter((c) => c.retiredAt);
    const checkins = await deps.checkins.committees(user);
    const statusOf = new Map(checkins.map((k) => [k.id, k]));
    const tools = [
      canAct(user) ? html`<a href="/committees/new">${t('committees.new')}</a>` : '',
      html`<a href="${showRetired ? '/committees' : '/committees?retired=1'}">${t(showRetired ? 'committees.hideRetired' : 'committees.showRetired')}</a>`,
      canRevealNumbers(user) ? html`<a href="/committees/export.csv" download>${t('committees.export')}</a>` : '',
    ];
    const body = html`${o.revealed ? html`<p class="notice" role="status">${t('committees.revealed')}</p>` : ''}
${o.notice ? html`<p class="ok" role="status">${o.notice}</p>` : ''}${o.problem ?? ''}
${canAct(user) ? '' : html`<p class="notice">${t('committees.readOnly')}</p>`}
<p class="filters">${tools.map((x) => (x ? html`<span>${x}</span> ` : ''))}</p>
${silentList(
  ctx,
  checkins.filter((k) => k.missed),
)}
${
  active.length === 0
    ? html`<p class="notice" id="empty-directory">${t(canAct(user) ? 'committees.empty' : 'committees.emptyReadOnly')}</p>`
    : html`<div class="table-wrap"><table id="committees"><thead><tr><th scope="col">${t('alerts.committee')}</th><th scope="col">${t('committees.type')}</th><th scope="col">${t('alerts.place')}</th><th scope="col">${t('committees.focalPoints')}</th><th scope="col">${t('checkins.column')}</th></tr></thead>
<tbody>${active.map((c) => row(ctx, c, o.revealed, statusOf.get(c.id)))}</tbody></table></div>`
}
${
  showRetired
    ? html`<h2 id="h-retired">${t('committees.retired')}</h2>${
        retired.length === 0
          ? html`<p class="empty">${t('committees.noneRetired')}</p>`
          : html`<div class="table-wrap"><table id="retired" aria-labelledby="h-retired"><thead><tr><th scope="col">${t('alerts.committee')}</th><th scope="col">${t('committees.type')}</th><th scope="col">${t('alerts.place')}</th><th scope="col">${t('committees.retiredAt')}</th></tr></thead>
<tbody>${retired.map((c) => html`<tr><th scope="row">${c.name}</th><td>${t(`committeeType.${c.type}`, { defaultValue: c.type })}</td><td>${places(ctx, c)}</td><td>${fmtDate(c.retiredAt, ctx.lang)}</td></tr>`)}</tbody></table></div>`
      }`
    : ''
}
${await uncovered(ctx)}
${canAct(user) ? importForm(ctx, o.report) : ''}`;
    return layout(ctx, { title: t('committees.title'), active: 'committees', body, simulator: deps.simulator });
  }

  router.get('/committees', ...deps.page, async (req, res) => {
    const ctx = ctxOf(res);
    const done = typeof req.query.done === 'string' ? req.query.done : '';
    const notice = ['created', 'updated', 'retired'].includes(done) ? ctx.t(`committees.done.${done}`) : undefined;
    sendHtml(req, res, await render(ctx, notice ? { notice } : {}, req.query.retired === '1'));
  });

  // Audited by the service as an export of the directory (it holds every number): admins only.
  router.get('/committees/export.csv', ...deps.page, async (req, res) => {
    const ctx = ctxOf(res);
    if (!canRevealNumbers(ctx.user!))
      return sendHtml(req, res, messagePage(ctx, ctx.t('errors.forbiddenTitle'), ctx.t('errors.forbidden'), deps.simulator), 403);
    const csv = await deps.committees.export({
      principal: ctx.user!,
      channel: 'dashboard',
      reason: 'exported from the committees page',
    });
    res.attachment('committees.csv');
    sendBody(req, res, csv, 'text/csv; charset=utf-8');
  });

  router.post('/committees/import', ...deps.upload, async (req, res) => {
    const ctx = ctxOf(res);
    const b = formFields(req);
    const csv = b.csv ?? '';
    const reason = (b.reason ?? '').slice(0, 500);
    if (!csv.trim()) return sendHtml(req, res, await render(ctx, { problem: problemBox(ctx.t('contacts.csvEmpty')) }), 400);
    if (!reason.trim())
      return sendHtml(req, res, await render(ctx, { problem: problemBox(ctx.t('committeeForm.reasonMissing')) }), 400);
    try {
      const who = { principal: ctx.user!, channel: 'dashboard', reason, lang: ctx.lang };
      sendHtml(req, res, await render(ctx, { report: await deps.committees.import(csv, who) }));
    } catch (err) {
      if (!(err instanceof CommitteesCsvError)) throw err;
      const why = problemText(err.problem, { lang: ctx.lang });
      sendHtml(req, res, await render(ctx, { problem: problemBox(ctx.t('contacts.csvInvalid'), [why], ctx.lang) }), 400);
    }
  });

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
    sendHtml(req, res, await render(ctx, listed?.phone ? { revealed: { id: fp.id, phone: listed.phone } } : {}));
  });

  return router;
}
