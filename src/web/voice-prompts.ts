// The recorded prompts, public: Africa's Talking fetches them from a <Play url=…>, with no way to send a
// key. Only prompts that were uploaded are served (a 404 otherwise); not personal data.
import { Router } from 'express';
import type { PromptsService } from '../voice/prompts.service.ts';
import { AppError } from './errors.ts';

export function voicePromptsRouter(deps: { prompts: PromptsService }): Router {
  const router = Router();
  router.get('/voice/prompts/:lang/:key', async (req, res) => {
    const audio = await deps.prompts.audio(String(req.params.lang), String(req.params.key));
    if (!audio) throw new AppError(404, 'not_found', `no recorded prompt ${req.params.lang}/${req.params.key}`);
    res.set({ 'Cache-Control': 'public, max-age=300', 'Last-Modified': audio.uploadedAt.toUTCString() });
    res.status(200).type(audio.contentType).end(Buffer.from(audio.bytes));
  });
  return router;
}
