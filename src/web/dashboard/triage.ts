// Triage: the reports the classifier was unsure of, each correctable in a few clicks (category,
// severity, place); a correction feeds the classifier's labelled examples and routes the report.
import { Router, type RequestHandler } from 'express';
import { allUnits, getUnit } from '../../geo/admin.ts';
import { TRIAGE_THRESHOLD, TriageError, type TriageService } from '../../triage/triage.service.ts';
import { canAct } from '../../users/roles.ts';
import { html, type SafeHtml } from './html.ts';
import { categoryLabel, categoryOptions, severityOptions } from './labels.ts';
import { csrfField, layout } from './layout.ts';
import { recordingPanel, type RecordingView } from './recordings.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, fmtDate, placeName, type Ctx } from './view.ts';

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** A P-code anywhere in the field, or a place name (a commune before a cercle before a region). */
export function placeFromInput(input: string): string | null | undefined {
  const text = input.trim();
  if (!text) return null;
  const code = /ML\d{2,6}/i.exec(text)?.[0]?.toUpperCase();
  if (code) return getUnit(code) ? code : undefined;
  const wanted = fold(text.replace(/\(.*\)/, ''));
  const order = { commune: 0, cercle: 1, region: 2 } as const;
  return allUnits()
    .filter((u) => fold(u.name) === wanted)
    .sort((a, b) => order[a.level] - order[b.level])[0]?.pcode;
}

let datalist: SafeHtml | undefined;
function placeDatalist(): SafeHtml {
  datalist ??= html`<datalist id="places">${allUnits().map((u) => {
    const parent = u.parentPcode ? getUnit(u.parentPcode) : undefined;
    return html`<option value="${u.pcode}">${u.name}${parent ? ` (${parent.name})` : ''}</option>`;
  })}</datalist>`;
  return datalist;
}

type Item = Awaited<ReturnType<TriageService['queue']>>[number];

function itemCard(ctx: Ctx, r: Item, act: boolean, rec: RecordingView | undefined): SafeHtml {
  const { t } = ctx;
  const id = r.id;
  return html`<article class="card triage-item" aria-labelledby="h-${id}" data-id="${id}">
<h2 id="h-${id}">${r.reference} <small class="muted">${fmtDate(r.createdAt, ctx.lang)} · ${r.reporter?.pseudonym ?? ''} · ${r.language}</small></h2>
<blockquote lang="${r.language === 'en' ? 'en' : r.language === 'fr' ? 'fr' : 'und'}">${r.inbound.text}</blockquote>
<p class="muted">${categoryLabel(ctx, r.category)} · ${r.severity} · ${placeName(r.locationPcode, t)} · ${t('triage.confidence', { pct: Math.round(r.confidence * 100) })}</p>
${r.flags.includes('no_committee') ? html`<p class="notice">${t('triage.noCommittee')}</p>` : ''}
${rec && act ? recordingPanel(ctx, rec, r.reference, act, '/triage') : ''}
${
  act
    ? html`<form method="post" action="/triage/${id}" class="fields">${csrfField(ctx)}
<div><label for="c-${id}">${t('alerts.category')}</label><select id="c-${id}" name="category">${categoryOptions(ctx, r.category, false)}</select></div>
<div><label for="s-${id}">${t('alerts.severity')}</label><select id="s-${id}" name="severity">${severityOptions(ctx, r.severity, false, 0)}</select></div>
<div><label for="p-${id}">${t('alerts.place')}</label><input id="p-${id}" name="place" list="places" value="${r.locationPcode ?? ''}" placeholder="${t('triage.placeHint')}"></div>
<div><button type="submit">${t('triage.submit')}</button></div></form>`
    : ''
}
</article>`;
}

export function triageRouter(deps: {
  triage: TriageService;
  page: RequestHandler[];
  action: RequestHandler[];
  simulator: boolean;
}): Router {
  const router = Router();

  async function render(ctx: Ctx, notice?: string, error?: string) {
    const { t } = ctx;
    const items = await deps.triage.queue(ctx.user!, 30);
    const recordings = await deps.triage.recordingsOf(items);
    const act = canAct(ctx.user!);
    const body = html`<p>${t('triage.intro', { threshold: Math.round(TRIAGE_THRESHOLD * 100) })}</p>
${notice ? html`<p class="ok" role="status">${notice}</p>` : ''}${error ? html`<p class="error" role="alert">${error}</p>` : ''}
${act ? '' : html`<p class="notice">${t('triage.readOnly')}</p>`}
${items.length === 0 ? html`<p class="empty">${t('triage.none')}</p>` : html`${items.map((r) => itemCard(ctx, r, act, recordings.get(r.id)))}${act ? placeDatalist() : ''}`}`;
    return layout(ctx, { title: t('triage.title'), active: 'triage', body, simulator: deps.simulator });
  }

  router.get('/triage', ...deps.page, async (req, res) => {
    const ctx = ctxOf(res);
    const ref = typeof req.query.done === 'string' ? req.query.done.slice(0, 20) : '';
    const heard = typeof req.query.transcribed === 'string' ? req.query.transcribed.slice(0, 20) : '';
    const notice = ref
      ? ctx.t(req.query.routed ? 'triage.doneRouted' : 'triage.done', { ref })
      : heard
        ? ctx.t(req.query.corrected ? 'recording.corrected' : 'recording.saved', { ref: heard })
        : undefined;
    sendHtml(req, res, await render(ctx, notice));
  });

  router.post('/triage/:id', ...deps.action, async (req, res) => {
    const ctx = ctxOf(res);
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const pcode = placeFromInput(String(body.place ?? ''));
    try {
      if (pcode === undefined) throw new TriageError('invalid', `${body.place}: ${ctx.t('common.unknownPlace')}`);
      const { routed, reference } = await deps.triage.correct(ctx.user!, String(req.params.id), {
        category: String(body.category ?? ''),
        severity: Number(body.severity),
        pcode,
      });
      res.redirect(303, `/triage?done=${encodeURIComponent(reference)}${routed ? '&routed=1' : ''}`);
    } catch (err) {
      if (!(err instanceof TriageError)) throw err;
      const status = err.code === 'not_found' ? 404 : err.code === 'forbidden' ? 403 : 400;
      sendHtml(req, res, await render(ctx, undefined, ctx.t('triage.invalid', { message: err.message })), status);
    }
  });

  return router;
}
