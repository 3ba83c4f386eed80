// The API's OpenAPI 3.1 document, as an integrating team uses it: valid against the OpenAPI 3.1 schema,
// and listing every route the app really mounts under /api, with its parameters, bodies and error shape.
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway.ts';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  match(path: string): boolean;
}

/** "get /api/alerts/{id}" for every route of every router mounted at /api, read from Express's own stack. */
function mountedApiRoutes(app: Express): string[] {
  const routes: string[] = [];
  for (const layer of (app as unknown as { router: { stack: Layer[] } }).router.stack) {
    if (!layer.match('/api/anything') || layer.match('/anything')) continue; // mounted elsewhere, or everywhere
    for (const inner of layer.handle.stack ?? []) {
      if (!inner.route) continue;
      for (const method of Object.keys(inner.route.methods).filter((m) => m !== '_all'))
        routes.push(`${method} /api${inner.route.path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes;
}

describe('GET /api/openapi.json', () => {
  let gw: TestGateway;
  let doc: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(async () => {
    gw = await startGateway();
    const res = await gw.http.get('/api/openapi.json').set('Authorization', `Bearer ${gw.adminToken}`);
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('is served to bearer holders only, like the rest of /api', async () => {
    const res = await gw.http.get('/api/openapi.json');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route mounted under /api, and nothing that is not', () => {
    const mounted = mountedApiRoutes(gw.rt.server!.listeners('request')[0] as Express);
    expect(mounted).toEqual(expect.arrayContaining(['get /api/reports', 'get /api/alerts', 'get /api/committees']));
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect([...documented].sort()).toEqual([...new Set(mounted)].sort());
  });

  it('describes auth, parameters, bodies and the error shape from the schemas the handlers use', () => {
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.bearer.description).toContain('sab_');
    expect(doc.security).toEqual([{ bearer: [] }]);
    const reports = doc.paths['/api/reports'].get;
    expect(reports.parameters).toContainEqual(
      expect.objectContaining({ name: 'limit', in: 'query', schema: expect.objectContaining({ maximum: 200, default: 50 }) }),
    );
    expect(reports.responses['401']).toEqual({ $ref: '#/components/responses/E401' });
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
    const transition = doc.paths['/api/alerts/{id}/transitions'].post;
    expect(transition.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
    const body = transition.requestBody.content['application/json'].schema;
    expect(body.properties.action.enum).toEqual(['acknowledge', 'confirm', 'refute', 'resolve', 'escalate', 'expire']);
    expect(body.required).toEqual(expect.arrayContaining(['action', 'reason']));
    const subscribe = doc.paths['/api/subscriptions'].post.requestBody.content['application/json'].schema;
    expect(subscribe.properties.events.items.enum).toContain('incident.confirmed');
    expect(doc.paths['/api/committees'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['name', 'type', 'coverage', 'focalPoints']),
    );
    expect(doc.paths['/api/export/incidents.csv'].get.parameters).toContainEqual(
      expect.objectContaining({ name: 'format', schema: expect.objectContaining({ enum: ['rfc4180', 'excel-fr', 'hxl'] }) }),
    );
  });

  it('answers what it documents: a documented 400 carries the documented error shape', async () => {
    const res = await gw.http.get('/api/reports?limit=999').set('Authorization', `Bearer ${gw.adminToken}`);
    expect(res.status).toBe(400);
    expect(Object.keys(doc.paths['/api/reports'].get.responses)).toContain('400');
    expect(res.body).toEqual({
      error: { code: 'invalid_query', message: 'limit: a whole number from 1 to 200', field: 'limit' },
    });
  });
});
