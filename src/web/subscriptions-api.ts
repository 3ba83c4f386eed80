// Outbound webhooks over the API (behind the bearer token): subscribe a URL to incident events, list
// (never the secret, only a hint), remove, and read a subscription's deliveries; plus the pseudonymous
// incidents export (HXL too) that carries the same content as the webhooks.
import { Router } from 'express';
import { z } from 'zod';
import { INCIDENT_EVENTS } from '../alerts/incident-record.ts';
import type { Repositories } from '../db/index.ts';
import { SubscriptionError, type WebhooksService } from '../webhooks/webhooks.service.ts';
import { apiPrincipal, refuseNamedActor } from './auth.ts';
import { exportIncidents } from './dashboard/export.ts';
import { AppError } from './errors.ts';
import { jsonBody, wholeNumber } from './query.ts';

export const subscriptionBody = z.object({
  url: z
    .string({ error: 'url: the receiver, an http(s) URL' })
    .max(2000)
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'url: an http:// or https:// URL'),
  secret: z
    .string({ error: 'secret: 16 to 256 characters, to sign each delivery' })
    .min(16, 'secret: at least 16 characters')
    .max(256),
  events: z
    .array(z.enum(INCIDENT_EVENTS, { error: `events: each one of ${INCIDENT_EVENTS.join(', ')}` }))
    .min(1, `events: one or more of ${INCIDENT_EVENTS.join(', ')}`),
});

const STATUS: Record<SubscriptionError['code'], number> = { url_refused: 400, url_unresolvable: 400, not_found: 404 };

async function answer<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof SubscriptionError) throw new AppError(STATUS[err.code], err.code, err.message, { field: 'url' });
    throw err;
  }
}

export function subscriptionsApiRouter(deps: { subscriptions: WebhooksService; repos: Repositories }): Router {
  const { subscriptions } = deps;
  const router = Router();

  router.get('/export/incidents.csv', (req, res) =>
    exportIncidents(res, deps.repos.trends, { ...req.query, regions: apiPrincipal(res).regions }, (f) => `format: one of ${f}`),
  );

  router.get('/subscriptions', async (_req, res) => {
    res.json({ items: await subscriptions.list(apiPrincipal(res)) });
  });

  router.post('/subscriptions', ...jsonBody('16kb'), async (req, res) => {
    refuseNamedActor(req.body);
    const parsed = subscriptionBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AppError(
        400,
        'invalid_body',
        issue.message.includes(':') ? issue.message : `${issue.path.join('.') || 'body'}: ${issue.message}`,
        { field: String(issue.path[0] ?? '') },
      );
    }
    res.status(201).json(await answer(subscriptions.subscribe(apiPrincipal(res), parsed.data)));
  });

  router.delete('/subscriptions/:id', async (req, res) => {
    await answer(subscriptions.remove(apiPrincipal(res), String(req.params.id)));
    res.status(204).end();
  });

  router.get('/subscriptions/:id/deliveries', async (req, res) => {
    const limit = wholeNumber(req, 'limit', { min: 1, max: 500, fallback: 100 });
    const rows = await answer(subscriptions.deliveries(apiPrincipal(res), String(req.params.id), limit));
    res.json({
      items: rows.map((d) => ({
        id: d.id,
        eventId: d.eventId,
        event: d.event.type,
        state: d.state,
        attempts: d.attempts,
        lastStatus: d.lastStatus,
        lastError: d.lastError,
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
      })),
    });
  });

  return router;
}
