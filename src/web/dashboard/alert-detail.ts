// One alert: its incident, the reports behind it (pseudonymous reporters, masked numbers), the timeline
// from the audit log, and the actions the state machine allows to this user.
import { Router, type RequestHandler } from 'express';
import type { AlertsService } from '../../alerts/alerts.service.ts';
import { allowedActions, isAlertAction, isAlertState, type AlertAction } from '../../alerts/state-machine.ts';
import { VERIFIED_ALERT_STATES } from '../../broadcasts/rules.ts';
import type { Repositories } from '../../db/index.ts';
import { maskPhone } from '../../phone/phone.ts';
import type { PhoneVault } from '../../security/phone-vault.ts';
import { canAct, canActOn, inScope } from '../../users/roles.ts';
import { html } from './html.ts';
import { categoryLabel, channelLabel, reasonLabel, severityBadge, stateBadge } from './labels.ts';
import { csrfField, layout, messagePage } from './layout.ts';
import { recordingPanel } from './recordings.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, fmtDate, placeName, type Ctx } from './view.ts';

export interface AlertDetailDeps {
  repos: Repositories;
  alerts: AlertsService;
  vault: PhoneVault;
  page: RequestHandler[];
  action: RequestHandler[];
  simulator: boolean;
}

export function alertDetailRouter(deps: AlertDetailDeps): Router {
  const { repos, vault } = deps;
  const router = Router();

  const load = async (ctx: Ctx, id: string) => {
    const alert = await repos.alerts.getAlert(id).catch(() => null);
    return alert && inScope(ctx.user!, alert.locationPcode) ? alert : null;
  };

  /** 'user:<id>' → the email, 'focal_point:<id>' → the name, 'system' → translated. */
  async function actorLabel(ctx: Ctx, actor: string): Promise<string> {
    const [kind, id] = actor.split(':');
    if (kind === 'user' && id) return (await repos.users.byId(id).catch(() => null))?.email ?? actor;
    if (kind === 'focal_point' && id)
      return `${ctx.t('actor.focalPoint')} ${(await repos.alerts.focalPoint(id).catch(() => null))?.name ?? ''}`.trim();
    return ctx.t(`actor.${kind}`, { defaultValue: actor });
  }

  async function render(ctx: Ctx, id: string, problem?: string, notice?: string) {
    const { t } = ctx;
    const alert = await load(ctx, id);
    if (!alert) return null;
    const [timeline, reports] = await Promise.all([
      repos.alerts.timeline('alert', alert.id),
      alert.incidentId ? repos.dashboard.incidentReports(alert.incidentId) : Promise.resolve([]),
    ]);
    const recordings = await repos.recordings.forReports(reports);
    const mayHear = canActOn(ctx.user!, alert.locationPcode);
    const actors = new Map<string, string>();
    for (const e of timeline) if (!actors.has(e.actor)) actors.set(e.actor, await actorLabel(ctx, e.actor));
    const actions = isAlertState(alert.state) && canActOn(ctx.user!, alert.locationPcode) ? allowedActions(alert.state) : [];
    const masked = (enc: string | null | undefined) => {
      if (!enc) return '';
      const phone = vault.decrypt(enc);
      return phone.startsWith('+') ? maskPhone(phone) : '•••';
    };
    const body = html`
${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}${notice ? html`<p class="ok" role="status">${notice}</p>` : ''}
<dl class="facts">
<dt>${t('alerts.reference')}</dt><dd><strong>${alert.reference}</strong></dd>
<dt>${t('alerts.state')}</dt><dd id="alert-state">${stateBadge(ctx, alert.state)}</dd>
<dt>${t('alerts.category')}</dt><dd>${categoryLabel(ctx, alert.category)}</dd>
<dt>${t('alerts.severity')}</dt><dd>${severityBadge(ctx, alert.severity)}</dd>
<dt>${t('alerts.place')}</dt><dd>${placeName(alert.locationPcode, t)} ${alert.locationPcode ? html`<small>${alert.locationPcode}</small>` : ''}</dd>
<dt>${t('alerts.committee')}</dt><dd>${alert.committee.name}</dd>
<dt>${t('alerts.received')}</dt><dd>${fmtDate(alert.createdAt, ctx.lang)}</dd>
<dt>${t('detail.escalation')}</dt><dd>${alert.escalationLevel}${alert.nextEscalationAt ? html` · ${t('detail.nextEscalation', { at: fmtDate(alert.nextEscalationAt, ctx.lang) })}` : ''}</dd>
${alert.resolutionNote ? html`<dt>${t('detail.note')}</dt><dd>${alert.resolutionNote}</dd>` : ''}
</dl>
${
  actions.length > 0
    ? html`<section aria-labelledby="h-actions" class="card"><h2 id="h-actions">${t('detail.actions')}</h2>
<form method="post" action="/alerts/${alert.id}/transitions" class="actions-form">${csrfField(ctx)}
<label for="reason">${t('detail.reason')}</label><textarea id="reason" name="reason" required maxlength="500" rows="2"></textarea>
${actions.includes('resolve') ? html`<label for="note">${t('detail.noteLabel')}</label><input id="note" name="note" maxlength="500">` : ''}
<div class="buttons">${actions.map((a) => html`<button type="submit" name="action" value="${a}" class="action-${a}">${t(`action.${a}`)}</button>`)}</div>
</form></section>`
    : html`<p class="muted">${t('detail.noActions')}</p>`
}
${canAct(ctx.user!) && (VERIFIED_ALERT_STATES as readonly string[]).includes(alert.state) ? html`<p><a href="/broadcasts?alert=${alert.reference}#new-broadcast" id="draft-broadcast">${t('detail.draftBroadcast')}</a></p>` : ''}
<section aria-labelledby="h-incident"><h2 id="h-incident">${t('detail.incident')}</h2>
${alert.incident ? html`<p>${t('detail.incidentSummary', { reports: alert.incident.reportCount, reporters: alert.incident.reporterCount, opened: fmtDate(alert.incident.openedAt, ctx.lang) })}</p>` : ''}
<div class="table-wrap"><table><thead><tr><th scope="col">${t('alerts.reference')}</th><th scope="col">${t('alerts.received')}</th><th scope="col">${t('detail.reporter')}</th><th scope="col">${t('detail.number')}</th><th scope="col">${t('detail.language')}</th><th scope="col">${t('detail.text')}</th></tr></thead>
<tbody>${reports.map((r) => html`<tr><td>${r.reference}</td><td>${fmtDate(r.createdAt, ctx.lang)}</td><td>${r.reporter?.pseudonym ?? ''}</td><td class="nowrap">${masked(r.reporter?.phoneEnc)}</td><td>${r.language}</td><td>${r.inbound.text}</td></tr>`)}</tbody></table></div>
${mayHear ? reports.flatMap((r) => (recordings.has(r.id) ? [recordingPanel(ctx, recordings.get(r.id)!, r.reference, true, `/alerts/${alert.id}`)] : [])) : ''}
</section>
<section aria-labelledby="h-timeline"><h2 id="h-timeline">${t('detail.timeline')}</h2>
<ol class="timeline" id="timeline">${timeline.map(
      (e) => html`<li><time datetime="${e.at.toISOString()}">${fmtDate(e.at, ctx.lang)}</time>
<strong>${t(`audit.${e.action}`, { defaultValue: e.action })}</strong>${e.fromState || e.toState ? html` <span class="muted">${e.fromState ? t(`state.${e.fromState}`) : ''} → ${e.toState ? t(`state.${e.toState}`) : ''}</span>` : ''}
<span class="by">${t('detail.by', { actor: actors.get(e.actor) ?? e.actor, channel: channelLabel(ctx, e.channel) })}</span>${e.reason ? html`<q>${reasonLabel(ctx, e.reason)}</q>` : ''}</li>`,
    )}</ol>
</section>`;
    return layout(ctx, { title: t('detail.title', { ref: alert.reference }), active: 'alerts', body, simulator: deps.simulator });
  }

  router.get('/alerts/:id', ...deps.page, async (req, res) => {
    const ctx = ctxOf(res);
    const heard = typeof req.query.transcribed === 'string' ? req.query.transcribed.slice(0, 20) : '';
    const notice = heard ? ctx.t(req.query.corrected ? 'recording.corrected' : 'recording.saved', { ref: heard }) : undefined;
    const page = await render(ctx, String(req.params.id), undefined, notice);
    if (!page)
      return sendHtml(req, res, messagePage(ctx, ctx.t('errors.notFoundTitle'), ctx.t('errors.notFound'), deps.simulator), 404);
    sendHtml(req, res, page);
  });

  router.post('/alerts/:id/transitions', ...deps.action, async (req, res) => {
    const ctx = ctxOf(res);
    const id = String(req.params.id);
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const alert = await load(ctx, id);
    if (!alert)
      return sendHtml(req, res, messagePage(ctx, ctx.t('errors.notFoundTitle'), ctx.t('errors.notFound'), deps.simulator), 404);
    if (!canActOn(ctx.user!, alert.locationPcode))
      return sendHtml(req, res, messagePage(ctx, ctx.t('errors.forbiddenTitle'), ctx.t('errors.forbidden'), deps.simulator), 403);
    const action = String(body.action ?? '');
    const reason = String(body.reason ?? '')
      .trim()
      .slice(0, 500);
    const note = String(body.note ?? '')
      .trim()
      .slice(0, 500);
    if (!isAlertAction(action) || action === 'deliver')
      return sendHtml(req, res, (await render(ctx, id, ctx.t('detail.unknownAction')))!, 400);
    if (!reason) return sendHtml(req, res, (await render(ctx, id, ctx.t('detail.reasonRequired')))!, 400);
    const outcome = await deps.alerts.apply(
      id,
      action as AlertAction,
      { actor: `user:${ctx.user!.id}`, channel: 'dashboard', reason },
      note ? { resolutionNote: note } : {},
    );
    if (outcome.kind === 'refused')
      return sendHtml(
        req,
        res,
        (await render(ctx, id, ctx.t('detail.refused', { state: ctx.t(`state.${outcome.state}`) })))!,
        409,
      );
    res.redirect(303, `/alerts/${id}`);
  });

  return router;
}
