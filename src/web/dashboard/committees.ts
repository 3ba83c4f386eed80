// Committees and their focal points (contacts), numbers masked; an admin may reveal one number,
// which is written to the audit log.
import { Router, type RequestHandler } from 'express';
import type { Repositories } from '../../db/index.ts';
import { maskPhone } from '../../phone/phone.ts';
import type { PhoneVault } from '../../security/phone-vault.ts';
import { canRevealNumbers, seesCommittee } from '../../users/roles.ts';
import { html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, placeName, type Ctx } from './view.ts';

export function committeesRouter(deps: {
  repos: Repositories;
  vault: PhoneVault;
  page: RequestHandler[];
  admin: RequestHandler[];
  simulator: boolean;
}): Router {
  const { repos, vault } = deps;
  const router = Router();

  async function render(ctx: Ctx, revealed?: string) {
    const { t } = ctx;
    const admin = canRevealNumbers(ctx.user!);
    const committees = (await repos.alerts.listCommittees()).filter((c) => seesCommittee(ctx.user!, c.pcode));
    const body = html`${revealed ? html`<p class="notice" role="status">${t('committees.revealed')}</p>` : ''}
${
  committees.length === 0
    ? html`<p class="empty">${t('committees.none')}</p>`
    : html`<div class="table-wrap"><table id="committees"><thead><tr><th scope="col">${t('alerts.committee')}</th><th scope="col">${t('committees.type')}</th><th scope="col">${t('alerts.place')}</th><th scope="col">${t('committees.focalPoints')}</th></tr></thead>
<tbody>${committees.map(
        (
          c,
        ) => html`<tr><th scope="row">${c.name}</th><td>${t(`committeeType.${c.type}`, { defaultValue: c.type })}</td><td>${c.pcode === 'ML' ? 'Mali' : placeName(c.pcode, t)} <small>${c.pcode}</small></td>
<td><ul class="plain">${c.focalPoints.map((f) => {
          const phone = vault.decrypt(f.phoneEnc);
          const shown = revealed === f.id ? phone : maskPhone(phone);
          return html`<li>${f.name} (${t(f.rank === 1 ? 'committees.primary' : 'committees.backup')}) <span class="nowrap">${shown}</span>
${admin && revealed !== f.id ? html`<form method="post" action="/committees/reveal" class="inline">${csrfField(ctx)}<input type="hidden" name="focalPoint" value="${f.id}"><button type="submit" class="secondary small">${t('committees.reveal')}</button></form>` : ''}</li>`;
        })}</ul></td></tr>`,
      )}</tbody></table></div>`
}`;
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
    sendHtml(req, res, await render(ctx, fp.id));
  });

  return router;
}
