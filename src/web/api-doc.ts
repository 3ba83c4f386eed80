// How each /api route describes itself for the OpenAPI document (openapi.ts): its method and path as
// Express mounts it, the QueryParams and zod body schema its handler reads with, and its answers. Each
// router module exports a table of these beside the handlers that use the same objects.
import type { z } from 'zod';
import type { QueryParam } from './query.ts';

export type JsonSchema = Record<string, unknown>;

export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** As mounted under /api, in Express's syntax: '/alerts/:id'. */
  path: string;
  summary: string;
  tag: string;
  query?: readonly QueryParam<unknown>[];
  /** The JSON body's schema (the one the handler or its service validates with), or a CSV file. */
  body?: z.ZodType | 'csv';
  /** The success answer; `csv`: a CSV file, not JSON. */
  ok: { status: number; description: string; schema?: JsonSchema; csv?: true };
  /** Refusals besides 401 and 429 (any route) and 500. */
  errors?: readonly number[];
}

const nullable = (type: string) => ({ type: [type, 'null'] });
const obj = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', properties });

/** `{items: [...]}`. */
export const items = (item: JsonSchema = { type: 'object' }): JsonSchema => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: item } },
});

/** `{items: [...], nextCursor}`: pass nextCursor back as `cursor` for the next (older) page; null at the end. */
export const page = (item: JsonSchema): JsonSchema => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: { items: { type: 'array', items: item }, nextCursor: nullable('string') },
});

export const PLACE: JsonSchema = {
  type: ['object', 'null'],
  properties: { pcode: { type: 'string' }, name: { type: 'string' }, level: { enum: ['region', 'cercle', 'commune'] } },
};

export const REPORT_ITEM = obj({
  id: { type: 'string', format: 'uuid' },
  reference: { type: 'string' },
  category: { type: 'string' },
  severity: { type: 'integer', minimum: 0, maximum: 3 },
  language: { type: 'string' },
  confidence: { type: 'number' },
  location: PLACE,
  reporter: { ...nullable('string'), description: 'the reporter’s pseudonym (P-…), never the number' },
  flags: { type: 'array', items: { type: 'string' } },
  receivedAt: { type: 'string', format: 'date-time' },
  routedAt: { ...nullable('string'), format: 'date-time' },
});

export const ALERT_ITEM = obj({
  id: { type: 'string', format: 'uuid' },
  reference: { type: 'string' },
  state: { type: 'string' },
  category: { type: 'string' },
  severity: { type: 'integer', minimum: 0, maximum: 3 },
  location: PLACE,
  committee: obj({ name: { type: 'string' }, type: { type: 'string' }, pcode: { type: 'string' } }),
  report: { type: 'string', description: 'the reference of the report that raised it' },
  createdAt: { type: 'string', format: 'date-time' },
});

export const OBJECT: JsonSchema = { type: 'object' };
