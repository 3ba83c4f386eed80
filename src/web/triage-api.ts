// The triage list as JSON: reports the classifier was unsure of, and corrections that fix the report,
// feed the classifier's labelled examples and route what had raised no alert.
import { Router } from 'express';
import { z } from 'zod';
import { TriageError, type TriageService } from '../triage/triage.service.ts';
import { location } from './api.ts';
import { apiPrincipal } from './auth.ts';
import { AppError } from './errors.ts';
import { jsonBody, limitParam, parseBody } from './query.ts';
import { items, OBJECT, type RouteDoc } from './api-doc.ts';

const correction = z.object({
  category: z.string({ error: 'category: a TAXONOMY code is required' }),
  severity: z.number({ error: 'severity: 0, 1, 2 or 3' }).int(),
  pcode: z.string().nullable().optional(),
});

const LIMIT = limitParam(200, 50);

/** What this router answers, for the OpenAPI document. */
export const triageRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/triage',
    tag: 'reports',
    summary: 'Reports the classifier was unsure of, with their text, for a person to correct',
    query: [LIMIT],
    ok: { status: 200, description: 'the triage list', schema: items() },
    errors: [400],
  },
  {
    method: 'post',
    path: '/reports/:id/correction',
    tag: 'reports',
    summary: 'Corrects a report’s category, severity and place; it becomes a labelled example and is routed',
    body: correction,
    ok: { status: 200, description: 'the corrected report', schema: OBJECT },
    errors: [400, 403, 404],
  },
];

export function triageApiRouter(deps: { triage: TriageService }): Router {
  const router = Router();
  router.get('/triage', async (req, res) => {
    const limit = LIMIT.read(req);
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
    const parsed = { data: parseBody(correction, req.body) };
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
