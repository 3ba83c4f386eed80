// Prevention messages: the list (newest first, with who drafted and approved each and what arrived)
// and the form of a new draft, which the broadcasts service checks; its refusals are shown on the form.
import { Router, type RequestHandler } from 'express';
import { BroadcastError, type BroadcastsService, type DraftInput } from '../../broadcasts/broadcasts.service.ts';
import { MAX_TEXT_LENGTH } from '../../broadcasts/rules.ts';
import { AUDIENCES, type Audience } from '../../broadcasts/targeting.ts';
import { LANGUAGES } from '../../domain/taxonomy.ts';
import { canAct } from '../../users/roles.ts';
import { attr, html, type SafeHtml } from './html.ts';
import {
  audienceLabel,
  broadcastBadge,
  broadcastProblem,
  deliveryCells,
  languageName,
  problemBox,
  zonesList,
} from './broadcast-parts.ts';
import { categoryLabel } from './labels.ts';
import { csrfField, layout } from './layout.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, fmtDate, placeName, type Ctx } from './view.ts';

type Item = Awaited<ReturnType<BroadcastsService['list']>>[number];

/** What the coordinator typed, given back with the refusal so nothing is lost. */
export interface DraftForm {
  target: string;
  audience: string;
  zones: string;
  budget: string;
  texts: Record<string, string>;
}

const EMPTY: DraftForm = { target: '', audience: 'both', zones: '', budget: '', texts: {} };
const INCIDENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function row(ctx: Ctx, b: Item): SafeHtml {
  const { t } = ctx;
  const linked = b.alert
    ? html`<a href="/alerts/${b.alert.id}">${b.alert.reference}</a>`
    : b.incident
      ? html`${categoryLabel(ctx, b.incident.category)} · ${placeName(b.incident.pcode, t)}`
      : t('common.none');
  return html`<tr data-id="${b.id}"><th scope="row"><a href="/broadcasts/${b.id}">${b.reference}</a></th><td class="nowrap">${fmtDate(b.createdAt, ctx.lang)}</td>
<td>${broadcastBadge(ctx, b.state)}</td><td>${audienceLabel(ctx, b.audience)}</td><td>${zonesList(ctx, b.zones)}</td><td>${linked}</td>${deliveryCells(b.delivery)}
<td>${b.draftedBy?.email ?? t('common.none')}<br><span class="muted">${b.approvedBy ? t('broadcasts.approvedByShort', { email: b.approvedBy.email }) : t('broadcasts.notApproved')}</span></td></tr>`;
}

function draftForm(ctx: Ctx, f: DraftForm, problem?: SafeHtml): SafeHtml {
  const { t } = ctx;
  return html`<form method="post" action="/broadcasts" class="card" id="new-broadcast" aria-labelledby="h-new"><h2 id="h-new">${t('broadcasts.new')}</h2>${csrfField(ctx)}
${problem ?? ''}
<p class="muted">${t('broadcasts.newIntro')}</p>
<div class="grid-fields">
<div><label for="b-target">${t('broadcasts.target')}</label><input id="b-target" name="target" value="${f.target}" maxlength="40" required aria-describedby="b-target-hint"><small id="b-target-hint" class="muted">${t('broadcasts.targetHint')}</small></div>
<div><label for="b-audience">${t('broadcasts.audience')}</label><select id="b-audience" name="audience">${AUDIENCES.map((a) => html`<option value="${a}"${attr('selected', a === f.audience)}>${audienceLabel(ctx, a)}</option>`)}</select></div>
<div><label for="b-zones">${t('broadcasts.zones')}</label><input id="b-zones" name="zones" value="${f.zones}" maxlength="400" aria-describedby="b-zones-hint"><small id="b-zones-hint" class="muted">${t('broadcasts.zonesHint')}</small></div>
<div><label for="b-budget">${t('broadcasts.budget')}</label><input id="b-budget" name="budget" type="number" min="1" max="10000000" step="1" value="${f.budget}" aria-describedby="b-budget-hint"><small id="b-budget-hint" class="muted">${t('broadcasts.budgetHint')}</small></div>
</div>
<p id="b-texts-hint" class="muted">${t('broadcasts.textsHint', { max: MAX_TEXT_LENGTH })}</p>
${LANGUAGES.map(
  (l) => html`<label for="b-text-${l}">${t('broadcasts.text', { language: languageName(ctx, l) })}</label>
<textarea id="b-text-${l}" name="text_${l}" lang="${l}" rows="3" maxlength="${MAX_TEXT_LENGTH}" aria-describedby="b-texts-hint"${attr('required', l === 'fr')}>${f.texts[l] ?? ''}</textarea>`,
)}
<button type="submit">${t('broadcasts.submit')}</button></form>`;
}

export function broadcastsRouter(deps: {
  broadcasts: BroadcastsService;
  page: RequestHandler[];
  action: RequestHandler[];
  simulator: boolean;
}): Router {
  const router = Router();

  async function render(ctx: Ctx, form: DraftForm, problem?: SafeHtml) {
    const { t } = ctx;
    const items = await deps.broadcasts.list(100, ctx.user!);
    const act = canAct(ctx.user!);
    const body = html`<p>${t('broadcasts.intro')}</p>
${act ? '' : html`<p class="notice">${t('broadcasts.readOnly')}</p>`}
${
  items.length === 0
    ? html`<p class="empty">${t('broadcasts.none')}</p>`
    : html`<div class="table-wrap"><table id="broadcasts"><caption class="visually-hidden">${t('broadcasts.caption')}</caption>
<thead><tr><th scope="col">${t('broadcasts.reference')}</th><th scope="col">${t('broadcasts.created')}</th><th scope="col">${t('broadcasts.state')}</th><th scope="col">${t('broadcasts.audience')}</th><th scope="col">${t('broadcasts.zones')}</th><th scope="col">${t('broadcasts.linked')}</th><th scope="col" class="num">${t('delivery.out')}</th><th scope="col" class="num">${t('delivery.delivered')}</th><th scope="col" class="num">${t('delivery.failed')}</th><th scope="col">${t('broadcasts.people')}</th></tr></thead>
<tbody>${items.map((b) => row(ctx, b))}</tbody></table></div>`
}
${act ? draftForm(ctx, form, problem) : ''}`;
    return layout(ctx, { title: t('broadcasts.title'), active: 'broadcasts', body, simulator: deps.simulator });
  }

  router.get('/broadcasts', ...deps.page, async (req, res) => {
    // ?alert=A7K3Q: the link from a confirmed or refuted alert fills in its reference.
    const alert = typeof req.query.alert === 'string' ? req.query.alert.slice(0, 20) : '';
    sendHtml(req, res, await render(ctxOf(res), { ...EMPTY, target: alert }));
  });

  router.post('/broadcasts', ...deps.action, async (req, res) => {
    const ctx = ctxOf(res);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
    const form: DraftForm = {
      target: str(b.target, 40).trim(),
      audience: str(b.audience, 20),
      zones: str(b.zones, 400),
      budget: str(b.budget, 12).trim(),
      texts: Object.fromEntries(LANGUAGES.map((l) => [l, str(b[`text_${l}`], MAX_TEXT_LENGTH * 2)])),
    };
    const refuse = async (problem: SafeHtml, status: number) => sendHtml(req, res, await render(ctx, form, problem), status);
    const budget = form.budget ? Number(form.budget) : undefined;
    if (budget !== undefined && !(Number.isInteger(budget) && budget >= 1 && budget <= 10_000_000))
      return refuse(problemBox(ctx.t('broadcasts.badBudget')), 400);
    if (!(AUDIENCES as readonly string[]).includes(form.audience))
      return refuse(problemBox(ctx.t('broadcasts.badAudience')), 400);
    const input: DraftInput = {
      actor: ctx.user!,
      via: 'dashboard',
      ...(INCIDENT_ID.test(form.target) ? { incidentId: form.target } : form.target ? { alert: form.target } : {}),
      audience: form.audience as Audience,
      zones: form.zones.split(/[\s,;]+/).filter(Boolean),
      // Only the languages written: an empty box is a language left out, not an empty text.
      texts: Object.fromEntries(Object.entries(form.texts).filter(([, text]) => text.trim() !== '')),
      budget,
    };
    try {
      const created = await deps.broadcasts.draft(input);
      res.redirect(303, `/broadcasts/${created.id}?done=draft`);
    } catch (err) {
      if (!(err instanceof BroadcastError)) throw err;
      const p = broadcastProblem(ctx, err);
      await refuse(p.message, p.status);
    }
  });

  return router;
}
