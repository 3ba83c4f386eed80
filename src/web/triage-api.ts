// The triage list as JSON: reports the classifier was unsure of, and corrections that fix the report,
// feed the classifier's labelled examples and route what had raised no alert.
import { Router } from 'express';
import { z } from 'zod';
import { TriageError, type TriageService } from '../triage/triage.service.ts';
import { location } from './api.ts';
import { apiPrincipal } from './auth.ts';
import { AppError } from './errors.ts';
import { jsonBody, wholeNumber } from './query.ts';

const correction = z.object({
  category: z.string({ error: 'category: a TAXONOMY code is required' }),
  severity: z.number({ error: 'severity: 0, 1, 2 or 3' }).int(),
  pcode: z.string().nullable().optional(),
});

export function triageApiRouter(deps: { triage: TriageService }): Router {
  const router = Router();
  router.get('/triage', async (req, res) => {
    const limit = wholeNumber(req, 'limit', { min: 1, max: 200, fallback: 50 });
    const rows = await deps.triage.queue(apiPrincipal(res), limit);
    res.json({
      items: rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        category: r.category,
        severity: r.severity,
        language: r.language,
        confidence: r.confidence,
        location: location(r.locationPcode),
        text: r.inbound.text,
        reporter: r.reporter?.pseudonym ?? null,
        receivedAt: r.createdAt,
        ...(r.flags.includes('no_committee')
          ? { reason: 'no committee covers this place or the places above it: create one (POST /api/committees), then correct' }
          : {}),
      })),
    });
  });

  router.post('/reports/:id/correction', ...jsonBody('8kb'), async (req, res) => {
    const parsed = correction.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AppError(
        400,
        'invalid_body',
        issue.message.includes(':') ? issue.message : `${issue.path.join('.')}: ${issue.message}`,
        { field: String(issue.path[0] ?? '') },
      );
    }
    try {
      res.json(
        await deps.triage.correct(apiPrincipal(res), String(req.params.id), {
          category: parsed.data.category,
          severity: parsed.data.severity,
          pcode: parsed.data.pcode ?? null,
        }),
      );
    } catch (err) {
      if (err instanceof TriageError)
        throw new AppError(err.code === 'not_found' ? 404 : err.code === 'forbidden' ? 403 : 400, err.code, err.message);
      throw err;
    }
  });
  return router;
}
