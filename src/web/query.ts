// Query parameters and JSON bodies of the API, read one way: a number, date, sequence or cursor out of
// range, or JSON nested too deep, is a 400 naming it, never a database error or a stack overflow (a 500).
// Each query parameter is a QueryParam: the handler reads it and the OpenAPI document (openapi.ts)
// describes it from the same object, so the two cannot disagree.
import express, { type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError } from './errors.ts';

export const invalidQuery = (field: string, message: string) =>
  new AppError(400, 'invalid_query', `${field}: ${message}`, { field });
const invalid = invalidQuery;

/** A query parameter: how a handler reads it, and its OpenAPI Parameter Object. */
export interface QueryParam<T> {
  readonly name: string;
  readonly doc: { name: string; in: 'query'; required: false; description: string; schema: Record<string, unknown> };
  read(req: Request): T;
}

export function queryParam<T>(
  name: string,
  description: string,
  schema: Record<string, unknown>,
  read: (req: Request) => T,
): QueryParam<T> {
  return { name, doc: { name, in: 'query', required: false, description, schema }, read };
}

/** `limit`: how many items a list answers, 1 to `max`. */
export function limitParam(max: number, fallback: number): QueryParam<number> {
  return queryParam(
    'limit',
    `how many items to answer, 1 to ${max}`,
    { type: 'integer', minimum: 1, maximum: max, default: fallback },
    (req) => wholeNumber(req, 'limit', { min: 1, max, fallback }),
  );
}

/** A sequence number (the audit log's `after`), 0 when absent. */
export function sequenceParam(name: string, description: string): QueryParam<bigint> {
  return queryParam(name, description, { type: 'string', pattern: '^[0-9]{1,19}$', default: '0' }, (req) => sequence(req, name));
}

/** An ISO 8601 date and time. */
export function dateTimeParam(name: string, description: string, fallback: () => Date): QueryParam<Date> {
  return queryParam(name, description, { type: 'string', format: 'date-time' }, (req) => dateQuery(req, name, fallback()));
}

/** One of a list of values, or undefined when absent. */
export function enumParam<V extends string>(name: string, values: readonly V[], description: string): QueryParam<V | undefined> {
  return queryParam(name, description, { type: 'string', enum: [...values] }, (req) => {
    const raw = req.query[name];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string' || !(values as readonly string[]).includes(raw))
      throw invalid(name, `one of ${values.join(', ')}`);
    return raw as V;
  });
}

/** Free text (a reason, a place code), undefined when absent. */
export function textParam(name: string, description: string, maxLength = 500): QueryParam<string | undefined> {
  return queryParam(name, description, { type: 'string', maxLength }, (req) => {
    const raw = req.query[name];
    return raw === undefined ? undefined : String(raw).slice(0, maxLength);
  });
}

/** A whole number within bounds; `fallback` when the parameter is absent. */
function wholeNumber(
  req: Request,
  field: string,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  const raw = req.query[field];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw.trim()) || n < min || n > max)
    throw invalid(field, `a whole number from ${min} to ${max}`);
  return n;
}

/** The largest PostgreSQL bigint: the audit log's sequence numbers. */
const MAX_BIGINT = 2n ** 63n - 1n;

/** A sequence number (the audit log's `next`); 0 when absent. */
function sequence(req: Request, field: string): bigint {
  const raw = req.query[field];
  if (raw === undefined || raw === '') return 0n;
  if (typeof raw !== 'string' || !/^\d{1,19}$/.test(raw) || BigInt(raw) > MAX_BIGINT)
    throw invalid(field, `a sequence number from 0 to ${MAX_BIGINT}, as \`next\` gave it`);
  return BigInt(raw);
}

/** A date PostgreSQL can compare (years 1 to 9999; JavaScript's own range is wider than the database's). */
export function storableDate(d: Date): boolean {
  const year = d.getUTCFullYear();
  return !Number.isNaN(d.getTime()) && year >= 1 && year <= 9999;
}

/** An ISO 8601 date; `fallback` when absent. */
function dateQuery(req: Request, field: string, fallback: Date): Date {
  const raw = req.query[field];
  if (raw === undefined) return fallback;
  const d = new Date(String(raw));
  if (typeof raw !== 'string' || !storableDate(d)) throw invalid(field, 'an ISO 8601 date, e.g. 2026-11-29T00:00:00Z');
  return d;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Deep enough for every body the API takes ({"texts": {"fr": "…"}}), far from the depth that overflows the stack. */
export const MAX_JSON_DEPTH = 16;

/** How deeply a parsed JSON value nests, counted without recursion and stopping past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** express.json with a size limit, then a 400 for a body nested deeper than MAX_JSON_DEPTH. */
export function jsonBody(limit: string): RequestHandler[] {
  return [
    express.json({ limit }),
    (req, _res, next) => {
      if (jsonDepth(req.body) > MAX_JSON_DEPTH)
        throw new AppError(400, 'body_too_deep', `request body: JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
      next();
    },
  ];
}

/** A JSON body checked against its zod schema; the first problem is a 400 naming its field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new AppError(
    400,
    'invalid_body',
    issue.message.includes(':') ? issue.message : `${issue.path.join('.') || 'body'}: ${issue.message}`,
    { field: String(issue.path[0] ?? '') },
  );
}
