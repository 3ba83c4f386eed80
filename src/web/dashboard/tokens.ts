// Personal API tokens, for every logged-in user: their own (create, shown once; revoke), and for an
// admin every live token, which they may revoke.
import { Router, type RequestHandler } from 'express';
import { ApiTokenError, MAX_LABEL_LENGTH, type ApiTokensService } from '../../users/api-tokens.service.ts';
import { isAdmin } from '../../users/roles.ts';
import { formFields } from '../form.ts';
import { html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, fmtDate, type Ctx } from './view.ts';

export function tokensRouter(deps: {
  apiTokens: ApiTokensService;
  page: RequestHandler[];
  form: RequestHandler[];
  simulator: boolean;
}): Router {
  const router = Router();

  const revokeButton = (ctx: Ctx, id: string) =>
    html`<form method="post" action="/tokens/revoke" class="inline">${csrfField(ctx)}<input type="hidden" name="id" value="${id}"><button type="submit" class="secondary small">${ctx.t('tokens.revoke')}</button></form>`;

  async function render(ctx: Ctx, o: { created?: string; notice?: string; error?: string } = {}) {
    const { t } = ctx;
    const user = ctx.user!;
    const mine = await deps.apiTokens.list(user.id);
    const everyone = isAdmin(user) ? (await deps.apiTokens.live()).filter((k) => k.userId !== user.id) : [];
    const body = html`<p>${t('tokens.intro', { role: t(`role.${user.role}`), regions: user.regions.join(', ') || t('users.allRegions') })}</p>
${o.created ? html`<div class="ok" role="status"><p>${t('tokens.createdOnce')}</p><p><code id="new-token">${o.created}</code></p></div>` : ''}${o.notice ? html`<p class="ok" role="status">${o.notice}</p>` : ''}${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ''}
${
  mine.length === 0
    ? html`<p class="empty">${t('tokens.none')}</p>`
    : html`<div class="table-wrap"><table id="my-tokens"><thead><tr><th scope="col">${t('tokens.prefix')}</th><th scope="col">${t('tokens.label')}</th><th scope="col">${t('tokens.created')}</th><th scope="col">${t('tokens.lastUsed')}</th><th scope="col">${t('users.status')}</th></tr></thead>
<tbody>${mine.map(
        (
          k,
        ) => html`<tr><th scope="row"><code>sab_${k.prefix}</code></th><td>${k.label ?? ''}</td><td>${fmtDate(k.createdAt, ctx.lang)}</td><td>${fmtDate(k.lastUsedAt, ctx.lang)}</td>
<td>${k.revokedAt ? t('tokens.revokedAt', { at: fmtDate(k.revokedAt, ctx.lang) }) : revokeButton(ctx, k.id)}</td></tr>`,
      )}</tbody></table></div>`
}
<form method="post" action="/tokens" class="card narrow" aria-labelledby="h-new-token"><h2 id="h-new-token">${t('tokens.create')}</h2>${csrfField(ctx)}
<label for="t-label">${t('tokens.label')}</label><input id="t-label" name="label" maxlength="${MAX_LABEL_LENGTH}" autocomplete="off">
<button type="submit">${t('tokens.create')}</button></form>
${
  everyone.length === 0
    ? ''
    : html`<h2>${t('tokens.everyone')}</h2><div class="table-wrap"><table id="all-tokens"><thead><tr><th scope="col">${t('users.email')}</th><th scope="col">${t('tokens.prefix')}</th><th scope="col">${t('tokens.label')}</th><th scope="col">${t('tokens.lastUsed')}</th><th scope="col"></th></tr></thead>
<tbody>${everyone.map(
        (k) =>
          html`<tr><td>${k.user.email}</td><th scope="row"><code>sab_${k.prefix}</code></th><td>${k.label ?? ''}</td><td>${fmtDate(k.lastUsedAt, ctx.lang)}</td><td>${revokeButton(ctx, k.id)}</td></tr>`,
      )}</tbody></table></div>`
}`;
    return layout(ctx, { title: t('tokens.title'), active: 'tokens', body, simulator: deps.simulator });
  }

  router.get('/tokens', ...deps.page, async (req, res) => sendHtml(req, res, await render(ctxOf(res))));

  router.post('/tokens', ...deps.form, async (req, res) => {
    const ctx = ctxOf(res);
    const label = formFields(req).label; // NUL replaced: PostgreSQL cannot hold it
    try {
      const made = await deps.apiTokens.create(ctx.user!.id, typeof label === 'string' ? label : null, ctx.user!);
      // Shown once, on this answer only: never cached, never shown again.
      res.setHeader('Cache-Control', 'no-store');
      sendHtml(req, res, await render(ctx, { created: made.token }), 201);
    } catch (err) {
      if (!(err instanceof ApiTokenError)) throw err;
      sendHtml(req, res, await render(ctx, { error: err.message }), 400);
    }
  });

  router.post('/tokens/revoke', ...deps.form, async (req, res) => {
    const ctx = ctxOf(res);
    const id = (req.body as Record<string, unknown> | undefined)?.id;
    try {
      const r = await deps.apiTokens.revoke(typeof id === 'string' ? id : '', ctx.user!);
      sendHtml(req, res, await render(ctx, { notice: ctx.t('tokens.revoked', { prefix: `sab_${r.prefix}` }) }));
    } catch (err) {
      if (!(err instanceof ApiTokenError)) throw err;
      sendHtml(req, res, await render(ctx, { error: err.message }), err.code === 'not_found' ? 404 : 403);
    }
  });

  return router;
}
