// Voice prompts per language: what is still to record (or only a synthetic placeholder), and a form to
// upload a recording of one prompt (radio animators record them; a coordinator uploads the file).
import { Router, type RequestHandler } from 'express';
import { canAct } from '../../users/roles.ts';
import { PromptError, type PromptsService } from '../../voice/prompts.service.ts';
import { promptPath } from '../../voice/prompts.ts';
import { html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, type Ctx } from './view.ts';

export function promptsRouter(deps: {
  prompts: PromptsService;
  page: RequestHandler[];
  upload: RequestHandler[];
  simulator: boolean;
}): Router {
  const router = Router();

  async function render(ctx: Ctx, notice?: string, error?: string) {
    const { t } = ctx;
    const languages = await deps.prompts.status();
    const act = canAct(ctx.user!);
    const body = html`<p>${t('prompts.intro')}</p>
${notice ? html`<p class="ok" role="status">${notice}</p>` : ''}${error ? html`<p class="error" role="alert">${error}</p>` : ''}
${languages.map(({ lang, prompts }) => {
  const todo = prompts.filter((p) => p.state !== 'recorded');
  return html`<section class="card" aria-labelledby="h-${lang}" data-lang="${lang}"><h2 id="h-${lang}">${t(`prompts.lang.${lang}`)} <small class="muted">${t('prompts.count', { done: prompts.length - todo.length, total: prompts.length })}</small></h2>
${
  todo.length === 0
    ? html`<p class="empty">${t('prompts.allDone')}</p>`
    : html`<ul class="prompts-todo">${todo.map((p) => html`<li data-key="${p.key}"><code>${p.key}</code> ${p.text}${p.state === 'synthetic' ? html` <span class="muted">(${t('prompts.synthetic')}, <a href="${promptPath(lang, p.key)}">${t('prompts.listen')}</a>)</span>` : ''}</li>`)}</ul>`
}
${
  act && todo.length > 0
    ? html`<form method="post" action="/voice/prompts/${lang}" class="fields">${csrfField(ctx)}
<div><label for="k-${lang}">${t('prompts.key')}</label><select id="k-${lang}" name="key">${todo.map((p) => html`<option value="${p.key}">${p.key}: ${p.text}</option>`)}</select></div>
<div><label for="f-${lang}">${t('prompts.file')}</label><input id="f-${lang}" type="file" accept="audio/mpeg,audio/wav" data-audio-into="a-${lang}"></div>
<input type="hidden" id="a-${lang}" name="audio">
<div><button type="submit">${t('prompts.upload')}</button></div></form>`
    : ''
}</section>`;
})}`;
    return layout(ctx, { title: t('prompts.title'), active: 'none', body, simulator: deps.simulator });
  }

  router.get('/voice/prompts', ...deps.page, async (req, res) => {
    const ctx = ctxOf(res);
    const done = typeof req.query.done === 'string' ? req.query.done.slice(0, 60) : '';
    sendHtml(req, res, await render(ctx, done ? ctx.t('prompts.done', { key: done }) : undefined));
  });

  router.post('/voice/prompts/:lang', ...deps.upload, async (req, res) => {
    const ctx = ctxOf(res);
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const lang = String(req.params.lang);
    const key = String(body.key ?? '');
    try {
      const audio = deps.prompts.decodeDataUrl(String(body.audio ?? ''));
      await deps.prompts.upload({ lang, key, ...audio, by: `user:${ctx.user!.id}` });
      res.redirect(303, `/voice/prompts?done=${encodeURIComponent(`${lang}/${key}`)}`);
    } catch (err) {
      if (!(err instanceof PromptError)) throw err;
      sendHtml(req, res, await render(ctx, undefined, ctx.t('prompts.invalid', { message: err.message })), 400);
    }
  });

  return router;
}
