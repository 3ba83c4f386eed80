// One prevention message: its texts, what it will cost (GSM-7 or UCS-2, folded or not, against the
// budget), what arrived and which radios aired it, and the actions its state allows to this user.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { BroadcastError, type BroadcastsService } from '../../broadcasts/broadcasts.service.ts';
import { asSent, measureText, type CostPreview, type SmsCost } from '../../broadcasts/cost.ts';
import { LANGUAGES } from '../../domain/taxonomy.ts';
import { canAct, inScope, type Principal } from '../../users/roles.ts';
import { attr, html, type SafeHtml } from './html.ts';
import { audienceLabel, broadcastBadge, broadcastProblem, languageName, problemBox, zonesList } from './broadcast-parts.ts';
import { categoryLabel, stateBadge } from './labels.ts';
import { csrfField, layout, messagePage } from './layout.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, fmtDate, placeName, type Ctx } from './view.ts';

type Detail = Awaited<ReturnType<BroadcastsService['get']>>;
type Full = Extract<Detail, { texts: unknown }>;

const DONE = ['draft', 'approve', 'send', 'cancel'];
/** French first, then the local languages in the usual order. */
const langOrder = (l: string) => (LANGUAGES as readonly string[]).indexOf(l) + 1 || 99;

function costCell(ctx: Ctx, c: SmsCost): SafeHtml {
  return html`${c.encoding} · ${ctx.t('broadcast.segmentsTimes', { segments: c.segments, messages: c.messages, total: c.segments * c.messages })}`;
}

function costSection(ctx: Ctx, p: CostPreview | null): SafeHtml {
  const { t } = ctx;
  if (!p) return html`<p class="muted">${t('broadcast.noPreview')}</p>`;
  if (p.messages === 0) return html`<p class="warning" id="no-recipients">${t('broadcast.noRecipients')}</p>`;
  const rows = [...p.languages]
    .sort((a, b) => langOrder(a.language) - langOrder(b.language))
    .flatMap((l) =>
      (['radio', 'subscriber'] as const).map((role) => {
        const c = l[role];
        return c
          ? html`<tr><th scope="row">${languageName(ctx, l.language)}</th><td>${t(role === 'radio' ? 'broadcast.toRadios' : 'broadcast.toSubscribers')}</td><td>${costCell(ctx, c.asWritten)}</td><td>${costCell(ctx, c.folded)}</td></tr>`
          : '';
      }),
    );
  return html`<p>${t('broadcast.recipients', { radios: p.recipients.radios, subscribers: p.recipients.subscribers, messages: p.messages })}</p>
<div class="table-wrap"><table id="cost"><thead><tr><th scope="col">${t('broadcast.language')}</th><th scope="col">${t('broadcast.for')}</th><th scope="col">${t('broadcast.asWritten')}</th><th scope="col">${t('broadcast.folded')}</th></tr></thead>
<tbody>${rows}</tbody><tfoot><tr><th scope="row" colspan="2">${t('common.total')}</th><td id="cost-total">${t('broadcast.segments', { count: p.totalSegments })}</td><td>${t('broadcast.segments', { count: p.totalSegmentsFolded })}</td></tr></tfoot></table></div>
<p>${t('broadcast.budgetLine', { budget: p.budget })}</p>
${p.overBudget ? html`<p class="warning" id="over-budget">${t(p.overBudgetFolded ? 'broadcast.overBudget' : 'broadcast.overBudgetUnlessFolded')}</p>` : ''}
<p class="muted">${t('broadcast.foldNote')}</p>`;
}

function textsSection(ctx: Ctx, texts: Record<string, string>): SafeHtml {
  return html`${Object.entries(texts)
    .sort(([a], [b]) => langOrder(a) - langOrder(b))
    .map(([language, text]) => {
      const m = measureText(text);
      const f = measureText(asSent(text, true));
      return html`<h3>${languageName(ctx, language)}</h3><blockquote lang="${language}" class="sms">${text}</blockquote>
<p class="muted">${ctx.t('broadcast.measure', { characters: m.characters, encoding: m.encoding, count: m.segments })}${f.encoding !== m.encoding || f.segments !== m.segments ? html` · ${ctx.t('broadcast.measureFolded', { encoding: f.encoding, count: f.segments })}` : ''}</p>`;
    })}`;
}

function actionsSection(ctx: Ctx, d: Full): SafeHtml {
  const { t } = ctx;
  const allowed = d.allowedActions;
  if (!canAct(ctx.user!)) return html`<p class="notice">${t('broadcasts.readOnly')}</p>`;
  if (!d.zones.every((z) => inScope(ctx.user!, z))) return html`<p class="muted">${t('broadcast.outOfScope')}</p>`;
  if (allowed.length === 0) return html`<p class="muted">${t('broadcast.noActions')}</p>`;
  const p = d.preview;
  const canFold = p !== null && p.languages.some((l) => l.folded.changed);
  const drafter = d.draftedBy?.email === ctx.user!.email;
  return html`<section aria-labelledby="h-actions" class="card"><h2 id="h-actions">${t('broadcast.actions')}</h2>
${allowed.includes('approve') ? (drafter ? html`<p class="notice" id="drafter-note">${t('broadcast.drafterNote')}</p>` : html`<form method="post" action="/broadcasts/${d.id}/approve">${csrfField(ctx)}<button type="submit">${t('broadcast.approve')}</button></form>`) : ''}
${
  allowed.includes('send')
    ? html`<form method="post" action="/broadcasts/${d.id}/send" class="actions-form">${csrfField(ctx)}
${canFold ? html`<div class="check"><input type="checkbox" id="b-fold" name="fold" value="1"${attr('checked', Boolean(p?.overBudget && !p.overBudgetFolded))}><label for="b-fold">${t('broadcast.fold', { folded: p!.totalSegmentsFolded, total: p!.totalSegments })}</label></div>` : ''}
${p?.overBudget ? html`<div class="check"><input type="checkbox" id="b-confirm" name="confirmOverBudget" value="1"><label for="b-confirm">${t('broadcast.confirmOverBudget', { budget: p.budget })}</label></div>` : ''}
<div class="buttons"><button type="submit">${t(d.state === 'sending' ? 'broadcast.resume' : 'broadcast.send')}</button></div></form>`
    : ''
}
${
  allowed.includes('cancel')
    ? html`<form method="post" action="/broadcasts/${d.id}/cancel" class="actions-form">${csrfField(ctx)}
<label for="b-reason">${t('broadcast.cancelReason')}</label><textarea id="b-reason" name="reason" required minlength="3" maxlength="500" rows="2"></textarea>
<div class="buttons"><button type="submit" class="secondary">${t('broadcast.cancel')}</button></div></form>`
    : ''
}
</section>`;
}

function page(ctx: Ctx, d: Full, simulator: boolean, notice?: string, problem?: SafeHtml): SafeHtml {
  const { t } = ctx;
  const when = (label: string, at: Date | null, who?: { email: string } | null) =>
    at ? html`<dt>${label}</dt><dd>${who ? `${who.email} · ` : ''}${fmtDate(at, ctx.lang)}</dd>` : '';
  const c = d.delivery;
  const body = html`${notice ? html`<p class="ok" role="status">${notice}</p>` : ''}${problem ?? ''}
<dl class="facts">
<dt>${t('broadcasts.state')}</dt><dd id="broadcast-state">${broadcastBadge(ctx, d.state)}</dd>
<dt>${t('broadcasts.audience')}</dt><dd>${audienceLabel(ctx, d.audience)}</dd>
<dt>${t('broadcasts.zones')}</dt><dd>${zonesList(ctx, d.zones)}</dd>
<dt>${t('broadcasts.linked')}</dt><dd>${d.alert ? html`<a href="/alerts/${d.alert.id}">${d.alert.reference}</a> ${stateBadge(ctx, d.alert.state)}` : ''}${d.incident ? html` ${categoryLabel(ctx, d.incident.category)} · ${placeName(d.incident.pcode, t)}` : ''}</dd>
<dt>${t('broadcasts.budget')}</dt><dd>${t('broadcast.segments', { count: d.budget })}${d.state === 'sending' || d.state === 'sent' ? html` · ${t(d.folded ? 'broadcast.sentFolded' : 'broadcast.sentAsWritten')}` : ''}</dd>
${when(t('broadcasts.draftedBy'), d.createdAt, d.draftedBy)}${when(t('broadcasts.approvedBy'), d.approvedAt, d.approvedBy)}
${when(t('broadcast.sendStarted'), d.sendStartedAt)}${when(t('broadcast.sentAt'), d.sentAt)}${when(t('broadcast.cancelledAt'), d.cancelledAt)}
</dl>
${actionsSection(ctx, d)}
<section aria-labelledby="h-texts"><h2 id="h-texts">${t('broadcast.texts')}</h2>${textsSection(ctx, d.texts)}</section>
<section aria-labelledby="h-cost"><h2 id="h-cost">${t('broadcast.cost')}</h2>${costSection(ctx, d.preview)}</section>
<section aria-labelledby="h-delivery"><h2 id="h-delivery">${t('broadcast.delivery')}</h2>
<div class="table-wrap"><table id="delivery"><thead><tr><th scope="col" class="num">${t('delivery.messages')}</th><th scope="col" class="num">${t('delivery.queued')}</th><th scope="col" class="num">${t('delivery.out')}</th><th scope="col" class="num">${t('delivery.delivered')}</th><th scope="col" class="num">${t('delivery.failed')}</th></tr></thead>
<tbody><tr><td class="num">${c.messages}</td><td class="num">${c.queued}</td><td class="num">${c.sent + c.delivered}</td><td class="num">${c.delivered}</td><td class="num">${c.failed}${c.optedOut || c.cancelled ? html` <small>${t('delivery.failedWhy', { optedOut: c.optedOut, cancelled: c.cancelled })}</small>` : ''}</td></tr></tbody></table></div>
<h3>${t('broadcast.airings')}</h3>
${d.stations.length === 0 ? html`<p class="muted">${t('broadcast.noAirings')}</p>` : html`<ul>${d.stations.map((s) => html`<li>${t('broadcast.aired', { station: s.station ?? '?', times: s.times, at: fmtDate(s.lastAt, ctx.lang) })}</li>`)}</ul>`}
</section>`;
  return layout(ctx, { title: t('broadcast.title', { ref: d.reference }), active: 'broadcasts', body, simulator });
}

export function broadcastDetailRouter(deps: {
  broadcasts: BroadcastsService;
  page: RequestHandler[];
  action: RequestHandler[];
  simulator: boolean;
}): Router {
  const router = Router();
  const notFound = (req: Request, res: Response) => {
    const ctx = ctxOf(res);
    sendHtml(req, res, messagePage(ctx, ctx.t('errors.notFoundTitle'), ctx.t('errors.notFound'), deps.simulator), 404);
  };
  /** Null when it does not exist or has no zone in the user's regions (they never see it). */
  const load = (id: string, ctx: Ctx) =>
    deps.broadcasts
      .get(id, ctx.user!)
      .then((d) => d as Full)
      .catch((err: unknown) => {
        if (err instanceof BroadcastError && err.code === 'not_found') return null;
        throw err;
      });

  router.get('/broadcasts/:id', ...deps.page, async (req, res) => {
    const ctx = ctxOf(res);
    const d = await load(String(req.params.id), ctx);
    if (!d) return notFound(req, res);
    const done = typeof req.query.done === 'string' && DONE.includes(req.query.done) ? req.query.done : '';
    sendHtml(req, res, page(ctx, d, deps.simulator, done ? ctx.t(`broadcast.done.${done}`) : undefined));
  });

  const reasonOf = (b: Record<string, string | undefined>) =>
    String(b.reason ?? '')
      .trim()
      .slice(0, 500);

  /** Runs an action as the logged-in user; a refusal shows the page again with the reason. */
  function action(
    name: string,
    work: (id: string, actor: Principal, body: Record<string, string | undefined>) => Promise<unknown>,
    check?: (ctx: Ctx, body: Record<string, string | undefined>) => string | null,
  ) {
    router.post(`/broadcasts/:id/${name}`, ...deps.action, async (req, res) => {
      const ctx = ctxOf(res);
      const id = String(req.params.id);
      const body = (req.body ?? {}) as Record<string, string | undefined>;
      const refuse = async (problem: SafeHtml, status: number) => {
        const d = await load(id, ctx);
        if (!d) return notFound(req, res);
        sendHtml(req, res, page(ctx, d, deps.simulator, undefined, problem), status);
      };
      if (!(await deps.broadcasts.visible(id, ctx.user!))) return notFound(req, res);
      const bad = check?.(ctx, body);
      if (bad) return refuse(problemBox(bad), 400);
      try {
        await work(id, ctx.user!, body);
      } catch (err) {
        if (!(err instanceof BroadcastError)) throw err;
        if (err.code === 'not_found') return notFound(req, res);
        const p = broadcastProblem(ctx, err);
        return refuse(p.message, p.status);
      }
      res.redirect(303, `/broadcasts/${id}?done=${name}`);
    });
  }

  action('approve', (id, actor) => deps.broadcasts.approve(id, actor, 'dashboard'));
  action('send', (id, actor, b) =>
    deps.broadcasts.send(id, { actor, fold: b.fold === '1', confirmOverBudget: b.confirmOverBudget === '1', via: 'dashboard' }),
  );
  action(
    'cancel',
    (id, actor, b) => deps.broadcasts.cancel(id, actor, reasonOf(b), 'dashboard'),
    (ctx, b) => (reasonOf(b).length < 3 ? ctx.t('broadcast.reasonRequired') : null),
  );

  return router;
}
