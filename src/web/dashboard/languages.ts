// Langues / Languages: per language, the texts and lexicon words no speaker has reviewed yet, a form per item
// to mark it reviewed or propose a correction, and the corrections waiting for an admin (accept or reject).
import { Router, type RequestHandler } from 'express';
import { REVIEWED_LANGUAGES } from '../../i18n/i18n.ts';
import { LanguageReviewError, type LanguagesService, type ReviewItem } from '../../languages/languages.service.ts';
import { REVIEW_KINDS, type ReviewKind } from '../../languages/review-files.ts';
import { isAdmin } from '../../users/roles.ts';
import { requireActor } from './auth.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField, layout } from './layout.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, fmtDate, type Ctx } from './view.ts';

/** Items listed per page: a speaker works through them a few at a time. */
const SHOWN = 60;

const pick = <T extends string>(value: unknown, allowed: readonly T[]): T =>
  (allowed as readonly unknown[]).includes(value) ? (value as T) : allowed[0]!;

function itemRow(ctx: Ctx, i: ReviewItem, back: string): SafeHtml {
  const { t } = ctx;
  const fields = html`${csrfField(ctx)}<input type="hidden" name="kind" value="${i.kind}"><input type="hidden" name="language" value="${i.language}"><input type="hidden" name="key" value="${i.key}"><input type="hidden" name="back" value="${back}">`;
  const inputId = `v-${i.kind}-${i.key}`.replace(/[^\w-]/g, '-');
  const current = i.review.status === 'reviewed' && i.review.correction !== undefined ? i.review.correction : i.shipped;
  return html`<tr data-key="${i.key}">
<td><code>${i.key}</code>${i.concept ? html`<br><small class="muted">${i.concept}</small>` : ''}</td>
<td lang="${i.language}">${current}${
    i.review.status === 'reviewed'
      ? html`<br><small class="muted">${t('languages.reviewedBy', { by: i.review.by, at: fmtDate(new Date(i.review.at), ctx.lang) })}</small>`
      : ''
  }</td>
<td><form method="post" action="/languages/review">${fields}<input type="hidden" name="action" value="reviewed"><button type="submit">${t('languages.markReviewed')}</button></form>
<form method="post" action="/languages/review" class="inline">${fields}<input type="hidden" name="action" value="correct">
<label class="visually-hidden" for="${inputId}">${t('languages.correction')}</label>
<input id="${inputId}" name="value" value="${current}" maxlength="500"> <button type="submit">${t('languages.propose')}</button></form></td>
</tr>`;
}

function pendingRow(ctx: Ctx, i: ReviewItem, p: ReviewItem['pending'][number], admin: boolean): SafeHtml {
  const { t } = ctx;
  return html`<tr data-pending="${p.id}"><td>${t(`language.${i.language}`)} · <code>${i.key}</code></td>
<td lang="${i.language}"><del>${i.shipped}</del><br><ins>${p.proposed}</ins><br><small class="muted">${p.by} · ${fmtDate(p.at, ctx.lang)}</small></td>
<td>${
    admin
      ? html`<form method="post" action="/languages/decide/${p.id}">${csrfField(ctx)}<button name="decision" value="accept">${t('languages.accept')}</button> <button name="decision" value="reject">${t('languages.reject')}</button></form>`
      : t('languages.waitsForAdmin')
  }</td></tr>`;
}

export function languagesRouter(deps: {
  languages: LanguagesService;
  page: RequestHandler[];
  action: RequestHandler[];
  simulator: boolean;
}) {
  const router = Router();

  async function render(ctx: Ctx, q: { language: string; kind: ReviewKind; all: boolean }, notice?: string, error?: string) {
    const { t } = ctx;
    const [overview, items] = await Promise.all([deps.languages.overview(), deps.languages.items()]);
    const admin = isAdmin(ctx.user!);
    const back = `/languages?language=${q.language}&kind=${q.kind}${q.all ? '&show=all' : ''}`;
    const listed = items.filter(
      (i) => i.language === q.language && i.kind === q.kind && (q.all || i.review.status === 'unreviewed'),
    );
    const pending = items.flatMap((i) => i.pending.map((p) => [i, p] as const));
    const body = html`<p>${t('languages.intro')}</p>
${notice ? html`<p class="ok" role="status">${notice}</p>` : ''}${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<table class="summary"><thead><tr><th>${t('languages.language')}</th><th>${t('languages.texts')}</th><th>${t('languages.lexicon')}</th><th>${t('languages.pending')}</th></tr></thead>
<tbody>${overview.map(
      (o) =>
        html`<tr data-language="${o.language}"><th>${t(`language.${o.language}`)}</th><td><a href="/languages?language=${o.language}&kind=text" data-count="text">${o.texts}</a></td><td><a href="/languages?language=${o.language}&kind=lexicon" data-count="lexicon">${o.lexicon}</a></td><td data-count="pending">${o.pending}</td></tr>`,
    )}</tbody></table>
${
  pending.length
    ? html`<h2>${t('languages.pendingTitle')}</h2><table><tbody>${pending.map(([i, p]) => pendingRow(ctx, i, p, admin))}</tbody></table>`
    : ''
}
<h2>${t(`languages.${q.kind === 'text' ? 'textsOf' : 'lexiconOf'}`, { language: t(`language.${q.language}`) })}</h2>
<p>${q.all ? html`<a href="/languages?language=${q.language}&kind=${q.kind}">${t('languages.showTodo')}</a>` : html`<a href="${back}&show=all">${t('languages.showAll')}</a>`}</p>
${
  listed.length === 0
    ? html`<p class="empty">${t('languages.none')}</p>`
    : html`<table class="review"><thead><tr><th>${t('languages.key')}</th><th>${t('languages.text')}</th><th></th></tr></thead>
<tbody>${listed.slice(0, SHOWN).map((i) => itemRow(ctx, i, back))}</tbody></table>
${listed.length > SHOWN ? html`<p class="muted">${t('languages.more', { count: listed.length - SHOWN })}</p>` : ''}`
}`;
    return layout(ctx, { title: t('languages.title'), active: 'languages', body, simulator: deps.simulator });
  }

  const query = (q: Record<string, unknown>) => ({
    language: pick(q.language, REVIEWED_LANGUAGES),
    kind: pick(q.kind, REVIEW_KINDS),
    all: q.show === 'all',
  });

  router.get('/languages', ...deps.page, requireActor, async (req, res) => {
    const ctx = ctxOf(res);
    const done = typeof req.query.done === 'string' ? req.query.done.slice(0, 40) : '';
    sendHtml(
      req,
      res,
      await render(ctx, query(req.query), done ? ctx.t(`languages.done.${done}`, { defaultValue: '' }) || undefined : undefined),
    );
  });

  async function act(
    req: Parameters<RequestHandler>[0],
    res: Parameters<RequestHandler>[1],
    run: () => Promise<string>,
    q = query({}),
  ) {
    const ctx = ctxOf(res);
    try {
      const done = await run();
      const back = typeof req.body?.back === 'string' && req.body.back.startsWith('/languages?') ? req.body.back : '/languages?';
      res.redirect(303, `${back}&done=${done}`);
    } catch (err) {
      if (!(err instanceof LanguageReviewError)) throw err;
      const status = err.code === 'not_found' ? 404 : err.code === 'forbidden' ? 403 : 400;
      sendHtml(req, res, await render(ctx, q, undefined, ctx.t('languages.invalid', { message: err.message })), status);
    }
  }

  router.post('/languages/review', ...deps.action, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const [kind, language, key] = [String(body.kind ?? ''), String(body.language ?? ''), String(body.key ?? '')];
    await act(
      req,
      res,
      async () => {
        const user = ctxOf(res).user!;
        if (body.action === 'correct') {
          await deps.languages.propose(user, kind, language, key, String(body.value ?? ''));
          return 'proposed';
        }
        await deps.languages.markReviewed(user, kind, language, key);
        return 'reviewed';
      },
      query({ language, kind }),
    );
  });

  router.post('/languages/decide/:id', ...deps.action, async (req, res) => {
    const decision = String((req.body as Record<string, unknown> | undefined)?.decision ?? '');
    await act(req, res, async () => {
      await deps.languages.decide(ctxOf(res).user!, String(req.params.id), decision);
      return decision === 'accept' ? 'accepted' : 'rejected';
    });
  });

  return router;
}
