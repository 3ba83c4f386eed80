// Outbound webhooks over the API (behind the bearer token): subscribe a URL to incident events, list
// (never the secret, only a hint), remove, and read a subscription's deliveries; plus the pseudonymous
// incidents export (HXL too) that carries the same content as the webhooks.
import { Router } from 'express';
import { z } from 'zod';
import { INCIDENT_EVENTS } from '../alerts/incident-record.ts';
import type { Repositories } from '../db/index.ts';
import { SubscriptionError, type WebhooksService } from '../webhooks/webhooks.service.ts';
import { apiPrincipal, refuseNamedActor } from './auth.ts';
import { EXPORT_FORMATS, exportIncidents } from './dashboard/export.ts';
import { AppError } from './errors.ts';
import { jsonBody, limitParam, parseBody, queryParam } from './query.ts';
import { items, OBJECT, type JsonSchema, type RouteDoc } from './api-doc.ts';

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

const day = (name: string, description: string) =>
  queryParam(name, `${description} (YYYY-MM-DD)`, { type: 'string', format: 'date' }, (req) => req.query[name]);
const FROM = day('from', 'incidents opened on or after this day; 30 days ago when absent');
const TO = day('to', 'incidents opened on or before this day');
const FORMAT = queryParam(
  'format',
  'rfc4180 (commas, ISO times), excel-fr (semicolons, French headers, Bamako times) or hxl (a second header row of HXL hashtags)',
  { type: 'string', enum: [...EXPORT_FORMATS], default: 'rfc4180' },
  (req) => req.query.format,
);
const LIMIT = limitParam(500, 100);

const SUBSCRIPTION: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    url: { type: 'string' },
    secretHint: { type: 'string', description: 'the secret’s last characters; the secret itself is never answered' },
    events: { type: 'array', items: { enum: [...INCIDENT_EVENTS] } },
    regions: { type: 'array', items: { type: 'string' }, description: 'events outside these regions are not sent; empty: all' },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

/** What this router answers, for the OpenAPI document. */
export const subscriptionRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/export/incidents.csv',
    tag: 'exports',
    summary: 'Incidents as CSV, pseudonymous (no number, no text, place as the commune); format=hxl for HXL',
    query: [FROM, TO, FORMAT],
    ok: { status: 200, description: 'the CSV file (UTF-8 with a BOM)', csv: true },
    errors: [400],
  },
  {
    method: 'get',
    path: '/subscriptions',
    tag: 'webhooks',
    summary: 'Outbound webhook subscriptions (never their secret)',
    ok: { status: 200, description: 'the subscriptions', schema: items(SUBSCRIPTION) },
  },
  {
    method: 'post',
    path: '/subscriptions',
    tag: 'webhooks',
    summary: 'Subscribes a URL to incident events; each delivery is signed X-Sabali-Signature: sha256=<HMAC of the body>',
    body: subscriptionBody,
    ok: { status: 201, description: 'the subscription', schema: SUBSCRIPTION },
    errors: [400, 403],
  },
  {
    method: 'delete',
    path: '/subscriptions/:id',
    tag: 'webhooks',
    summary: 'Removes a subscription and its deliveries',
    ok: { status: 204, description: 'removed' },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/subscriptions/:id/deliveries',
    tag: 'webhooks',
    summary: 'A subscription’s deliveries, newest first: pending, delivered or dead (given up), attempts, last answer',
    query: [LIMIT],
    ok: { status: 200, description: 'the deliveries', schema: items(OBJECT) },
    errors: [400, 404],
  },
];

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
    exportIncidents(
      res,
      deps.repos.trends,
      { from: FROM.read(req), to: TO.read(req), format: FORMAT.read(req), regions: apiPrincipal(res).regions },
      (f) => `format: one of ${f}`,
    ),
  );

  router.get('/subscriptions', async (_req, res) => {
    res.json({ items: await subscriptions.list(apiPrincipal(res)) });
  });

  router.post('/subscriptions', ...jsonBody('16kb'), async (req, res) => {
    refuseNamedActor(req.body);
    const body = parseBody(subscriptionBody, req.body);
    res.status(201).json(await answer(subscriptions.subscribe(apiPrincipal(res), body)));
  });

  router.delete('/subscriptions/:id', async (req, res) => {
    await answer(subscriptions.remove(apiPrincipal(res), String(req.params.id)));
    res.status(204).end();
  });

  router.get('/subscriptions/:id/deliveries', async (req, res) => {
    const limit = LIMIT.read(req);
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
