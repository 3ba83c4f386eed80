// Prevention messages API (behind the API bearer token): contacts one by one or as CSV, drafts per
// language, approval by a second person, the cost preview, sending, and the counts as they arrive.
import express, { Router, type Request } from 'express';
import { enumParam, jsonBody, limitParam, parseBody, queryParam, type QueryParam } from './query.ts';
import { items, OBJECT, type RouteDoc } from './api-doc.ts';
import { contactShape } from '../broadcasts/contact-rules.ts';
import { z } from 'zod';
import { BroadcastError, type BroadcastsService } from '../broadcasts/broadcasts.service.ts';
import { ContactError, type ContactsService } from '../broadcasts/contacts.service.ts';
import { ContactsCsvError } from '../broadcasts/contacts-csv.ts';
import { AUDIENCES, CONTACT_ROLES } from '../broadcasts/targeting.ts';
import { AppError } from './errors.ts';
import { OutsideRegionsError } from '../users/roles.ts';
import { apiPrincipal, refuseNamedActor } from './auth.ts';

const STATUS: Record<BroadcastError['code'], number> = {
  invalid_broadcast: 400,
  unknown_actor: 403,
  forbidden: 403,
  not_found: 404,
  not_verified: 409,
  drafter_cannot_approve: 409,
  needs_person: 403,
  wrong_state: 409,
  over_budget: 409,
};

// Who acts is the bearer token's user (or the machine token), never a field: refuseNamedActor.
const draftBody = z.object({
  incidentId: z
    .string()
    .regex(/^[0-9a-f-]{36}$/i, 'incidentId: an incident id')
    .optional(),
  alert: z.string().trim().min(1).max(20).optional(),
  audience: z.enum(AUDIENCES, { error: `audience: one of ${AUDIENCES.join(', ')}` }),
  zones: z.array(z.string().max(20)).max(200).optional(),
  texts: z.record(z.string().max(10), z.unknown(), {
    error: 'texts: an object of texts per language, e.g. {"fr": "...", "bm": "..."}',
  }),
  budget: z.number().int().min(1).max(10_000_000).optional(),
});
const sendBody = z.object({ confirmOverBudget: z.boolean().optional(), fold: z.boolean().optional() });
const cancelBody = z.object({ reason: z.string().trim().min(3, 'reason: say why').max(500) });

function parse<T>(schema: z.ZodType<T>, req: Request): T {
  refuseNamedActor(req.body);
  return parseBody(schema, req.body);
}

const LIMIT = limitParam(500, 50);
const ROLE = enumParam('role', CONTACT_ROLES, 'only contacts of this role');
const ZONE: QueryParam<string | undefined> = queryParam(
  'zone',
  'only contacts reached in this place (P-code)',
  { type: 'string' },
  (req) => (req.query.zone === undefined ? undefined : String(req.query.zone).toUpperCase()),
);
const limitOf = (req: Request) => LIMIT.read(req);
const BROADCAST_ERRORS = [400, 403, 404, 409];

/** What this router answers, for the OpenAPI document. */
export const broadcastRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/contacts',
    tag: 'prevention messages',
    summary: 'Contacts (radio hosts, subscribers), numbers masked',
    query: [ROLE, ZONE, LIMIT],
    ok: { status: 200, description: 'the contacts', schema: items() },
    errors: [400],
  },
  {
    method: 'post',
    path: '/contacts',
    tag: 'prevention messages',
    summary: 'Adds a contact, or updates the one with this number',
    body: contactShape,
    ok: { status: 201, description: 'the contact (200 when it existed)', schema: OBJECT },
    errors: [400, 403],
  },
  {
    method: 'post',
    path: '/contacts/import',
    tag: 'prevention messages',
    summary: 'Imports contacts from a CSV file (text/csv)',
    body: 'csv',
    ok: { status: 200, description: 'what was created, updated and rejected, row by row', schema: OBJECT },
    errors: [400, 403, 415],
  },
  {
    method: 'get',
    path: '/broadcasts',
    tag: 'prevention messages',
    summary: 'Prevention messages, newest first',
    query: [LIMIT],
    ok: { status: 200, description: 'the messages', schema: items() },
    errors: [400],
  },
  {
    method: 'post',
    path: '/broadcasts',
    tag: 'prevention messages',
    summary: 'Drafts a prevention message, texts per language, for an audience',
    body: draftBody,
    ok: { status: 201, description: 'the draft and its cost', schema: OBJECT },
    errors: BROADCAST_ERRORS,
  },
  {
    method: 'get',
    path: '/broadcasts/:id',
    tag: 'prevention messages',
    summary: 'One prevention message with its counts',
    ok: { status: 200, description: 'the message', schema: OBJECT },
    errors: [404],
  },
  {
    method: 'post',
    path: '/broadcasts/:id/approve',
    tag: 'prevention messages',
    summary: 'Approves a draft (a person other than its drafter)',
    ok: { status: 200, description: 'the approved message', schema: OBJECT },
    errors: BROADCAST_ERRORS,
  },
  {
    method: 'post',
    path: '/broadcasts/:id/send',
    tag: 'prevention messages',
    summary: 'Sends an approved message',
    body: sendBody,
    ok: { status: 202, description: 'sending: the counts arrive as it goes', schema: OBJECT },
    errors: BROADCAST_ERRORS,
  },
  {
    method: 'post',
    path: '/broadcasts/:id/cancel',
    tag: 'prevention messages',
    summary: 'Cancels a message not yet sent, with a reason',
    body: cancelBody,
    ok: { status: 200, description: 'the cancelled message', schema: OBJECT },
    errors: BROADCAST_ERRORS,
  },
];

/** Service errors to HTTP answers with their reason. */
async function answer<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof BroadcastError) throw new AppError(STATUS[err.code], err.code, err.message, err.details);
    if (err instanceof ContactError) throw new AppError(400, err.code, err.message, { reasons: err.reasons });
    if (err instanceof OutsideRegionsError) throw new AppError(403, err.code, err.message, { pcode: err.pcode });
    if (err instanceof ContactsCsvError) throw new AppError(400, err.code, err.message);
    throw err;
  }
}

export function broadcastsApiRouter(deps: { contacts: ContactsService; broadcasts: BroadcastsService }): Router {
  const { contacts, broadcasts } = deps;
  const router = Router();
  router.use(jsonBody('64kb'));

  router.get('/contacts', async (req, res) => {
    const role = ROLE.read(req);
    const zone = ZONE.read(req);
    res.json({
      items: await contacts.list(apiPrincipal(res), {
        ...(role ? { role } : {}),
        ...(zone ? { zone } : {}),
        limit: limitOf(req),
      }),
    });
  });

  router.post('/contacts', async (req, res) => {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
      throw new AppError(400, 'invalid_body', 'body: a JSON object {phone, name, role, station, languages, zones, language}');
    const saved = await answer(contacts.create(parseBody(contactShape, req.body), apiPrincipal(res)));
    res.status(saved.created ? 201 : 200).json(saved.contact);
  });

  router.post(
    '/contacts/import',
    express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: '2mb' }),
    async (req, res) => {
      if (typeof req.body !== 'string') throw new AppError(415, 'unsupported_media_type', 'send the CSV file itself as text/csv');
      res.json(await answer(contacts.import(req.body, apiPrincipal(res))));
    },
  );

  router.get('/broadcasts', async (req, res) => {
    res.json({ items: await broadcasts.list(limitOf(req), apiPrincipal(res)) });
  });

  router.post('/broadcasts', async (req, res) => {
    const body = parse(draftBody, req);
    res.status(201).json(await answer(broadcasts.draft({ ...body, actor: apiPrincipal(res) })));
  });

  router.get('/broadcasts/:id', async (req, res) => {
    res.json(await answer(broadcasts.get(req.params.id, apiPrincipal(res))));
  });

  router.post('/broadcasts/:id/approve', async (req, res) => {
    refuseNamedActor(req.body);
    res.json(await answer(broadcasts.approve(req.params.id, apiPrincipal(res))));
  });

  router.post('/broadcasts/:id/send', async (req, res) => {
    const body = parse(sendBody, req);
    res.status(202).json(await answer(broadcasts.send(req.params.id, { ...body, actor: apiPrincipal(res) })));
  });

  router.post('/broadcasts/:id/cancel', async (req, res) => {
    const body = parse(cancelBody, req);
    res.json(await answer(broadcasts.cancel(req.params.id, apiPrincipal(res), body.reason)));
  });

  return router;
}
