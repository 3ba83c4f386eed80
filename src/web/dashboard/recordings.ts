// A caller's recording on the alert and triage pages: played through an authenticated route that streams
// the decrypted audio (never cached, each play audited), and a form to write down what was said.
import { Router, type RequestHandler } from 'express';
import { TRANSCRIPT_MAX, TriageError, type TriageService } from '../../triage/triage.service.ts';
import { canActOn } from '../../users/roles.ts';
import type { RecordingsService } from '../../voice/recordings.service.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField, messagePage } from './layout.ts';
import { securityHeaders, sendHtml } from './respond.ts';
import { ctxOf, type Ctx } from './view.ts';

export interface RecordingView {
  id: string;
  transcript: string | null;
}

/** Where a transcript form sends the coordinator back: the alert page or the triage list, nothing else. */
const BACK = /^\/(alerts\/[0-9a-f-]{36}|triage)$/;

/** The player and, for who may act, the transcript form. `back`: the page to return to. */
export function recordingPanel(ctx: Ctx, rec: RecordingView, reference: string, act: boolean, back: string): SafeHtml {
  const { t } = ctx;
  return html`<figure class="recording" data-recording="${rec.id}"><figcaption>${t('recording.ofReport', { ref: reference })}</figcaption>
<audio controls preload="none" src="/recordings/${rec.id}/audio"></audio>
${
  act
    ? html`<form method="post" action="/recordings/${rec.id}/transcript" class="fields">${csrfField(ctx)}
<input type="hidden" name="back" value="${back}">
<label for="tr-${rec.id}">${t('recording.transcript')}</label>
<textarea id="tr-${rec.id}" name="transcript" rows="3" maxlength="${TRANSCRIPT_MAX}" required>${rec.transcript ?? ''}</textarea>
<small class="muted">${t('recording.transcriptHint')}</small>
<div><button type="submit">${t('recording.save')}</button></div></form>`
    : rec.transcript
      ? html`<blockquote>${rec.transcript}</blockquote>`
      : ''
}
</figure>`;
}

export function recordingsRouter(deps: {
  recordings: RecordingsService;
  triage: TriageService;
  page: RequestHandler[];
  action: RequestHandler[];
  simulator: boolean;
}): Router {
  const router = Router();
  const notFound = (ctx: Ctx) => messagePage(ctx, ctx.t('errors.notFoundTitle'), ctx.t('errors.notFound'), deps.simulator);

  // Coordinators and admins of the report's place only: a voice says more about a person than a text.
  router.get('/recordings/:id/audio', ...deps.page, async (req, res) => {
    const ctx = ctxOf(res);
    const id = String(req.params.id);
    const audio = /^[0-9a-f-]{36}$/.test(id)
      ? await deps.recordings.play(id, { actor: `user:${ctx.user!.id}`, mayRead: (pcode) => canActOn(ctx.user!, pcode) })
      : null;
    if (!audio) return sendHtml(req, res, notFound(ctx), 404);
    securityHeaders(res);
    res.set({ 'Cache-Control': 'no-store', 'Content-Length': String(audio.bytes.length) });
    res.status(200).type(audio.contentType).end(audio.bytes);
  });

  router.post('/recordings/:id/transcript', ...deps.action, async (req, res) => {
    const ctx = ctxOf(res);
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const back = BACK.test(String(body.back ?? '')) ? String(body.back) : '/triage';
    try {
      const r = await deps.triage.transcribe(ctx.user!, String(req.params.id), String(body.transcript ?? ''));
      const sep = back.includes('?') ? '&' : '?';
      res.redirect(303, `${back}${sep}transcribed=${encodeURIComponent(r.reference)}${r.corrected ? '&corrected=1' : ''}`);
    } catch (err) {
      if (!(err instanceof TriageError)) throw err;
      const status = err.code === 'not_found' ? 404 : err.code === 'forbidden' ? 403 : 400;
      const page = messagePage(
        ctx,
        ctx.t('recording.title'),
        ctx.t('recording.invalid', { message: err.message }),
        deps.simulator,
      );
      sendHtml(req, res, page, status);
    }
  });

  return router;
}
