// Accounts, for admins: who has which role and regions, who is locked out; create and unlock.
import { Router, type RequestHandler } from 'express';
import { allUnits } from '../../geo/admin.ts';
import { LEAST_ROLE, ROLES } from '../../users/roles.ts';
import { UserError, type UsersService } from '../../users/users.service.ts';
import { html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, fmtDate, type Ctx } from './view.ts';

export function usersRouter(deps: {
  users: UsersService;
  page: RequestHandler[];
  admin: RequestHandler[];
  simulator: boolean;
}): Router {
  const router = Router();
  const adminOnly = [...deps.page, deps.admin[deps.admin.length - 1]!];

  async function render(ctx: Ctx, notice?: string, error?: string) {
    const { t } = ctx;
    const now = new Date();
    const users = await deps.users.list();
    const regions = allUnits().filter((u) => u.level === 'region');
    const body = html`${notice ? html`<p class="ok" role="status">${notice}</p>` : ''}${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<div class="table-wrap"><table id="users"><thead><tr><th scope="col">${t('users.email')}</th><th scope="col">${t('users.role')}</th><th scope="col">${t('users.regions')}</th><th scope="col">${t('users.status')}</th><th scope="col">${t('users.lastLogin')}</th></tr></thead>
<tbody>${users.map((u) => {
      const locked = u.lockedUntil && u.lockedUntil > now;
      return html`<tr><th scope="row">${u.email}</th><td>${t(`role.${u.role}`)}</td><td>${u.regions.join(', ') || t('users.allRegions')}</td>
<td>${
        u.disabledAt
          ? t('users.disabled')
          : locked
            ? html`${t('users.locked', { until: fmtDate(u.lockedUntil, ctx.lang) })}
<form method="post" action="/users/unlock" class="inline">${csrfField(ctx)}<input type="hidden" name="email" value="${u.email}"><button type="submit" class="secondary small">${t('users.unlock')}</button></form>`
            : t('users.active')
      }</td>
<td>${fmtDate(u.lastLoginAt, ctx.lang)}</td></tr>`;
    })}</tbody></table></div>
<form method="post" action="/users" class="card narrow" aria-labelledby="h-new"><h2 id="h-new">${t('users.create')}</h2>${csrfField(ctx)}
<label for="u-email">${t('users.email')}</label><input id="u-email" name="email" type="email" required autocomplete="off">
<label for="u-role">${t('users.role')}</label><select id="u-role" name="role">${ROLES.map((r) => html`<option value="${r}"${r === LEAST_ROLE ? html` selected` : ''}>${t(`role.${r}`)}</option>`)}</select>
<label for="u-regions">${t('users.regions')}</label><select id="u-regions" name="regions" multiple size="5" aria-describedby="u-regions-hint">${regions.map((r) => html`<option value="${r.pcode}">${r.name}</option>`)}</select>
<small id="u-regions-hint" class="muted">${t('users.regionsHint')}</small>
<label for="u-password">${t('users.password')}</label><input id="u-password" name="password" type="password" minlength="10" required autocomplete="new-password">
<button type="submit">${t('users.create')}</button></form>`;
    return layout(ctx, { title: t('users.title'), active: 'users', body, simulator: deps.simulator });
  }

  router.get('/users', ...adminOnly, async (req, res) => sendHtml(req, res, await render(ctxOf(res))));

  router.post('/users', ...deps.admin, async (req, res) => {
    const ctx = ctxOf(res);
    const b = (req.body ?? {}) as Record<string, string | string[] | undefined>;
    const regions = Array.isArray(b.regions) ? b.regions : b.regions ? [b.regions] : [];
    try {
      const u = await deps.users.create({
        email: String(b.email ?? ''),
        role: String(b.role ?? ''),
        password: String(b.password ?? ''),
        regions,
      });
      sendHtml(req, res, await render(ctx, ctx.t('users.created', { email: u.email })));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      sendHtml(req, res, await render(ctx, undefined, ctx.t('users.invalid', { message: err.message })), 400);
    }
  });

  router.post('/users/unlock', ...deps.admin, async (req, res) => {
    const ctx = ctxOf(res);
    const email = String((req.body as Record<string, unknown>)?.email ?? '');
    const u = await deps.users.update(email, { unlock: true }).catch(() => null);
    sendHtml(req, res, await render(ctx, u ? ctx.t('users.unlocked', { email: u.email }) : undefined));
  });

  return router;
}
