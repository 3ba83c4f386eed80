// GET /api/openapi.json: an OpenAPI 3.1 description of every /api route, built from the route tables the
// routers export beside their handlers (api-doc.ts): the same QueryParams and zod schemas the handlers
// read and validate with, turned into JSON Schema by zod's own z.toJSONSchema (draft 2020-12, as 3.1 uses).
import { Router } from 'express';
import { z } from 'zod';
import type { JsonSchema, RouteDoc } from './api-doc.ts';
import { alertRoutes } from './alerts-api.ts';
import { readRoutes } from './api.ts';
import { broadcastRoutes } from './broadcasts-api.ts';
import { committeeRoutes } from './committees-api.ts';
import { checkinRoutes } from './checkins-api.ts';
import { subscriptionRoutes } from './subscriptions-api.ts';
import { triageRoutes } from './triage-api.ts';

const openapiRoute: RouteDoc = {
  method: 'get',
  path: '/openapi.json',
  tag: 'meta',
  summary: 'This document',
  ok: { status: 200, description: 'the OpenAPI 3.1 document', schema: { type: 'object' } },
};

/** Every /api route, in the order the routers are mounted (app.ts). */
export const API_ROUTES: readonly RouteDoc[] = [
  openapiRoute,
  ...readRoutes,
  ...alertRoutes,
  ...broadcastRoutes,
  ...committeeRoutes,
  ...checkinRoutes,
  ...triageRoutes,
  ...subscriptionRoutes,
];

const REFUSALS: Record<number, string> = {
  400: 'the request is wrong: error.message names the field (error.field)',
  401: 'missing or wrong bearer token',
  403: 'the token’s user may not do this (a viewer, or a place outside their regions)',
  404: 'no such item (or outside the token’s regions)',
  409: 'the item’s state does not allow it: error.message says why',
  410: 'gone (a number purged after the retention period)',
  415: 'send the CSV file itself as text/csv',
  429: 'too many requests from this address; wait a minute',
  500: 'internal error; it has been logged',
};

/** As src/web/errors.ts answers every refusal and failure. */
const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'stable, for programs: invalid_query, invalid_body, not_found, forbidden…' },
        message: { type: 'string', description: 'for people: names the problem' },
        field: { type: 'string', description: 'the parameter or body field at fault, when there is one' },
      },
      additionalProperties: true,
    },
  },
};

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function operation(route: RouteDoc): JsonSchema {
  const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const errors = [...new Set([...(route.errors ?? []), 401, 429, 500])].sort();
  const ok = route.ok.csv
    ? { 'text/csv': { schema: { type: 'string' } } }
    : route.ok.schema
      ? { 'application/json': { schema: route.ok.schema } }
      : undefined;
  return {
    operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    tags: [route.tag],
    ...(pathParams.length || route.query?.length
      ? { parameters: [...pathParams, ...(route.query ?? []).map((q) => q.doc)] }
      : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content:
              route.body === 'csv'
                ? { 'text/csv': { schema: { type: 'string' } } }
                : { 'application/json': { schema: jsonSchemaOf(route.body) } },
          },
        }
      : {}),
    responses: {
      [String(route.ok.status)]: { description: route.ok.description, ...(ok ? { content: ok } : {}) },
      ...Object.fromEntries(errors.map((s) => [String(s), { $ref: `#/components/responses/E${s}` }])),
    },
  };
}

export function openapiDocument(routes: readonly RouteDoc[] = API_ROUTES): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
    (paths[path] ??= {})[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sabali API',
      version: '1',
      description:
        'Community early-warning gateway: reports, alerts, committees, prevention messages, exports and outbound webhooks. ' +
        'Phone numbers are masked or absent; errors are {"error": {"code", "message", "field"?, …}}.',
    },
    security: [{ bearer: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The shared ADMIN_TOKEN (a machine, admin of all of Mali) or a personal token sab_… (acts as its user, with their role and regions)',
        },
      },
      schemas: { Error: ERROR_SCHEMA },
      responses: Object.fromEntries(
        Object.entries(REFUSALS).map(([status, description]) => [
          `E${status}`,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  };
}

/** Served behind the bearer check like the rest of /api: the description of the API is for those who may use it. */
export function openapiRouter(): Router {
  const router = Router();
  let document: JsonSchema | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= openapiDocument();
    res.json(document);
  });
  return router;
}
