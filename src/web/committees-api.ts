// The committees directory over the API (behind the bearer token): list, create, change, retire, and a
// CSV import and export. Thin: the committees service checks, saves and audits.
import express, { Router, type Response } from 'express';
import { CommitteeError, type CommitteesService } from '../committees/committees.service.ts';
import { CommitteesCsvError } from '../committees/committees-csv.ts';
import { problemText } from '../committees/problem-text.ts';
import { OutsideRegionsError } from '../users/roles.ts';
import { apiPrincipal } from './auth.ts';
import { AppError } from './errors.ts';
import { committeeBody } from '../committees/committee-rules.ts';
import { enumParam, jsonBody, textParam } from './query.ts';
import { items, OBJECT, type RouteDoc } from './api-doc.ts';

const RETIRED = enumParam('retired', ['true', 'false'], 'true: the retired committees too');
const REASON = textParam('reason', 'why (kept in the audit log)');
const COMMITTEE_ERRORS = [400, 403, 404, 409];

/** What this router answers, for the OpenAPI document. */
export const committeeRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/committees',
    tag: 'committees',
    summary: 'The committees directory: coverage, focal points (numbers masked)',
    query: [RETIRED],
    ok: { status: 200, description: 'the committees', schema: items() },
    errors: [400],
  },
  {
    method: 'get',
    path: '/committees/export',
    tag: 'committees',
    summary: 'The directory as CSV (the import format), audited',
    query: [REASON],
    ok: { status: 200, description: 'committees.csv', csv: true },
    errors: [403],
  },
  {
    method: 'get',
    path: '/committees/:id',
    tag: 'committees',
    summary: 'One committee',
    ok: { status: 200, description: 'the committee', schema: OBJECT },
    errors: [404],
  },
  {
    method: 'post',
    path: '/committees',
    tag: 'committees',
    summary: 'Creates a committee; places by name or P-code',
    body: committeeBody,
    ok: { status: 201, description: 'the committee', schema: OBJECT },
    errors: COMMITTEE_ERRORS,
  },
  {
    method: 'patch',
    path: '/committees/:id',
    tag: 'committees',
    summary: 'Changes a committee (the fields given)',
    body: committeeBody.partial(),
    ok: { status: 200, description: 'the committee', schema: OBJECT },
    errors: COMMITTEE_ERRORS,
  },
  {
    method: 'delete',
    path: '/committees/:id',
    tag: 'committees',
    summary: 'Retires a committee (kept for its alerts and audit); reason in the body or the query',
    query: [REASON],
    ok: { status: 200, description: 'the retired committee', schema: OBJECT },
    errors: COMMITTEE_ERRORS,
  },
  {
    method: 'post',
    path: '/committees/import',
    tag: 'committees',
    summary: 'Imports committees from CSV (text/csv), all or nothing',
    query: [REASON],
    body: 'csv',
    ok: { status: 200, description: 'what was created and changed', schema: OBJECT },
    errors: [400, 403, 415],
  },
];

const STATUS: Record<CommitteeError['code'], number> = {
  invalid_committee: 400,
  forbidden: 403,
  not_found: 404,
  committee_clash: 409,
};

/** Service errors as HTTP answers: the first problem's field, its place candidates, and every problem. */
async function answer<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof CommitteeError) {
      const first = err.problems[0];
      throw new AppError(STATUS[err.code], err.code, err.message, {
        ...(first ? { field: first.field } : {}),
        ...(first?.candidates ? { candidates: first.candidates } : {}),
        ...(err.problems.length > 1 ? { problems: err.problems.map((p) => ({ ...p, message: problemText(p) })) } : {}),
      });
    }
    if (err instanceof OutsideRegionsError) throw new AppError(403, err.code, err.message, { pcode: err.pcode });
    if (err instanceof CommitteesCsvError) throw new AppError(400, err.code, err.message);
    throw err;
  }
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AppError(400, 'invalid_body', 'body: a JSON object {name, type, level, coverage, focalPoints, reason}');
  return body as Record<string, unknown>;
}

const reasonOf = (v: unknown) => (typeof v === 'string' ? v.slice(0, 500) : undefined);
const actor = (res: Response, reason: unknown) => ({ principal: apiPrincipal(res), channel: 'api', reason: reasonOf(reason) });

export function committeesApiRouter(deps: { committees: CommitteesService }): Router {
  const { committees } = deps;
  const router = Router();

  router.get('/committees', async (req, res) => {
    res.json({ items: await committees.list(apiPrincipal(res), { retired: RETIRED.read(req) === 'true' }) });
  });

  router.get('/committees/export', async (req, res) => {
    const csv = await answer(committees.export(actor(res, REASON.read(req))));
    res.type('text/csv; charset=utf-8').attachment('committees.csv').send(csv);
  });

  router.get('/committees/:id', async (req, res) => {
    res.json(await answer(committees.get(String(req.params.id), apiPrincipal(res))));
  });

  router.post('/committees', ...jsonBody('64kb'), async (req, res) => {
    const body = objectBody(req.body);
    res.status(201).json(await answer(committees.create(body, actor(res, body.reason))));
  });

  router.patch('/committees/:id', ...jsonBody('64kb'), async (req, res) => {
    const body = objectBody(req.body);
    res.json(await answer(committees.update(String(req.params.id), body, actor(res, body.reason))));
  });

  router.delete('/committees/:id', ...jsonBody('8kb'), async (req, res) => {
    const reason = (req.body as Record<string, unknown> | undefined)?.reason ?? REASON.read(req);
    res.json(await answer(committees.retire(String(req.params.id), actor(res, reason))));
  });

  router.post(
    '/committees/import',
    express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: '2mb' }),
    async (req, res) => {
      if (typeof req.body !== 'string') throw new AppError(415, 'unsupported_media_type', 'send the CSV file itself as text/csv');
      res.json(await answer(committees.import(req.body, actor(res, REASON.read(req)))));
    },
  );

  return router;
}
