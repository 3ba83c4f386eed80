// Random and hostile input at every dashboard form and /api route: never a 5xx. The API answers a 4xx
// in its usual error shape ({error: {code, message}}), the dashboard a page. Two inputs once gave 500s:
// an audit cursor beyond PostgreSQL's bigint and JSON nested thousands deep (a stack overflow).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReference } from '../src/domain/reference.ts';
import { login, makeUser, type Browser } from './helpers/dashboard.ts';
import { startGateway, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
let browsers: Browser[];
let ids: string[];
beforeAll(async () => {
  gw = await startGateway({ env: { SIMULATOR_ENABLED: 'true' } });
  browsers = [];
  for (const [role, regions] of [
    ['admin', []],
    ['coordinator', ['ML04']],
    ['viewer', []],
  ] as const) {
    const u = await makeUser(gw, role, [...regions]);
    browsers.push(await login(gw, u.email, u.password));
  }
  const admin = await gw.rt.db.prisma.user.findFirstOrThrow({ where: { role: 'admin' } });
  const incident = await gw.rt.db.prisma.incident.create({ data: { category: 'rumour', severity: 1, locationPcode: 'ML0404' } });
  const b = await gw.rt.db.prisma.broadcast.create({
    data: {
      reference: newReference('D', 4),
      incidentId: incident.id,
      audience: 'both',
      zones: ['ML0404'],
      budget: 10,
      texts: { fr: 'x', bm: 'y' },
      draftedById: admin.id,
    },
  });
  // a committee of the coordinator's region, so the committee forms reach a real one
  const niono = await gw.rt.db.prisma.committee.findFirstOrThrow({ where: { coverage: { has: 'ML0404' } } });
  ids = [b.id, b.reference, incident.id, niono.id, '00000000-0000-0000-0000-000000000000', 'x', '%00', '..%2f..%2fetc'];
});
afterAll(async () => {
  await gw?.stop();
});

const api = (method: 'get' | 'post', path: string) => gw.http[method](path).set('Authorization', `Bearer ${gw.adminToken}`);
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe('inputs that gave a 500', () => {
  it.each([
    ['/api/audit?after=99999999999999999999999', 'after'],
    ['/api/audit?after=-1', 'after'],
    ['/api/audit?since=-100000-01-01', 'since'],
    ['/api/audit?limit=1e400', 'limit'],
    [`/api/reports?cursor=${Buffer.from('-100000-01-01T00:00:00.000Z|x').toString('base64url')}`, 'cursor'],
    [`/api/alerts?cursor=${Buffer.from('2020-01-01T00:00:00.000Z|not-a-uuid').toString('base64url')}`, 'cursor'],
    ['/api/broadcasts?limit=99999999999999999999', 'limit'],
  ])('GET %s is a 400 naming the parameter', async (path, field) => {
    const res = await api('get', path);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_query', field });
  });

  it('gives the next audit page for a cursor PostgreSQL holds', async () => {
    const res = await api('get', '/api/audit?after=9223372036854775807');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it.each([
    ['/api/contacts', `{"phone":"+22376000000","role":"subscriber","zones":${deep(5000)}}`],
    ['/api/contacts', `{"languages":${deep(5000)}}`],
    ['/api/broadcasts', `{"actor":"a@b.c","audience":"both","texts":{"fr":${deepObject(2000)}}}`],
    ['/api/alerts/x/transitions', deep(5000)],
    ['/api/reports/x/correction', deepObject(1000)],
  ])('POST %s with JSON nested thousands deep is a 400', async (path, body) => {
    const res = await api('post', path).set('content-type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('body_too_deep');
  });
});

const hostile = fc.constantFrom(
  '99999999999999999999999',
  '-1',
  '1e400',
  'NaN',
  '-100000-01-01',
  '275760-09-13',
  '0000-00-00',
  '9999-12-31',
  "'; DROP TABLE contacts; --",
  '<script>alert(1)</script>',
  '\u0000',
  '%00',
  '😀',
  'ML0404',
  'ML050303',
  'ML',
  '+22376123421',
  '',
  ' ',
  'a'.repeat(3000),
  Buffer.from('-100000-01-01T00:00:00.000Z|x').toString('base64url'),
);
const text = fc.oneof(fc.string({ maxLength: 60 }), hostile);
const keys = fc.constantFrom(
  'limit',
  'cursor',
  'after',
  'since',
  'hours',
  'page',
  'days',
  'weeks',
  'role',
  'zone',
  'state',
  'category',
  'severity',
  'place',
  'from',
  'to',
  'phone',
  'alert',
  'done',
  'show',
  'lang',
  'q',
  'retired',
);
const query = fc.dictionary(keys, text, { maxKeys: 4 }).map((q) => new URLSearchParams(q).toString());
const id = () => fc.constantFrom(...ids);

const API_GETS = [
  '/api/reports',
  '/api/alerts',
  '/api/messages',
  '/api/floods',
  '/api/audit',
  '/api/audit/verify',
  '/api/devices',
  '/api/committees',
  '/api/contacts',
  '/api/broadcasts',
  '/api/triage',
];
const PAGES = [
  '/',
  '/alerts',
  '/alerts/live',
  '/triage',
  '/map',
  '/trends',
  '/committees',
  '/committees/new',
  '/committees/export.csv',
  '/places/suggest',
  '/broadcasts',
  '/contacts',
  '/export',
  '/export/reports.csv',
  '/export/alerts.csv',
  '/export/audit.csv',
  '/users',
  '/tokens',
  '/simulator',
  '/simulator/outbox',
  '/simulator/conversation',
];
const FORMS = [
  '/contacts',
  '/contacts/import',
  '/broadcasts',
  '/committees/reveal',
  '/committees',
  '/committees/import',
  '/users',
  '/users/unlock',
  '/tokens',
  '/tokens/revoke',
  '/simulator/sms',
  '/simulator/ussd',
];
const FORM_FIELDS = fc.constantFrom(
  'phone',
  'name',
  'role',
  'station',
  'languages',
  'zones',
  'language',
  'csv',
  'target',
  'audience',
  'budget',
  'text_fr',
  'text_bm',
  'reason',
  'fold',
  'confirmOverBudget',
  'focalPoint',
  'email',
  'password',
  'regions',
  'text',
  'code',
  'session',
  'path',
  'input',
  'action',
  'note',
  'label',
  'id',
  'category',
  'severity',
  'pcode',
  'type',
  'level',
  'place',
  'fp_id',
  'fp_name',
  'fp_phone',
  'fp_role',
  'fp_language',
  'fp_order',
  'q',
);
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        phone: text,
        role: text,
        zones: fc.oneof(text, fc.array(text)),
        actor: text,
        audience: text,
        texts: fc.dictionary(text, text),
        action: text,
        reason: text,
        category: text,
        severity: fc.oneof(fc.integer(), text),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.integer({ min: 17, max: 6000 }).map(deep),
  fc.constantFrom('{', 'null', '"x"', '[]', '{"__proto__":{"admin":true}}'),
);

describe('every door under random input', () => {
  it('the API never answers a 5xx, and every refusal has the usual error shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            method: fc.constant('get' as const),
            path: fc.oneof(
              fc.constantFrom(...API_GETS),
              id().map((i) => `/api/alerts/${i}`),
              id().map((i) => `/api/broadcasts/${i}`),
            ),
            query,
            body: fc.constant(''),
          }),
          fc.record({
            method: fc.constant('post' as const),
            path: fc.oneof(
              fc.constantFrom('/api/contacts', '/api/broadcasts'),
              id().map((i) => `/api/broadcasts/${i}/${['approve', 'send', 'cancel'][i.length % 3]}`),
              id().map((i) => `/api/alerts/${i}/transitions`),
              id().map((i) => `/api/reports/${i}/correction`),
              id().map((i) => `/api/reporters/${i}/reveal`),
            ),
            query,
            body: jsonBody,
          }),
        ),
        async ({ method, path, query: q, body }) => {
          const req = api(method, `${path}?${q}`);
          const res = method === 'post' ? await req.set('content-type', 'application/json').send(body) : await req;
          expect(res.status, `${method} ${path}?${q} ${body.slice(0, 200)}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
          if (res.status >= 400) expect(res.body.error?.code, JSON.stringify(res.body)).toEqual(expect.any(String));
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('the dashboard never answers a 5xx to any user, page or form', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 }),
        fc.oneof(
          fc.record({
            method: fc.constant('get' as const),
            path: fc.oneof(
              fc.constantFrom(...PAGES),
              id().map((i) => `/alerts/${i}`),
              id().map((i) => `/broadcasts/${i}`),
              id().map((i) => `/committees/${i}/edit`),
            ),
            query,
          }),
          fc.record({
            method: fc.constant('post' as const),
            path: fc.oneof(
              fc.constantFrom(...FORMS),
              id().map((i) => `/broadcasts/${i}/${['approve', 'send', 'cancel'][i.length % 3]}`),
              id().map((i) => `/alerts/${i}/transitions`),
              id().map((i) => `/triage/${i}`),
              id().map((i) => `/committees/${i}`),
              id().map((i) => `/committees/${i}/retire`),
            ),
            query,
          }),
        ),
        fc.dictionary(FORM_FIELDS, text, { maxKeys: 12 }),
        async (who, { method, path, query: q }, form) => {
          const b = browsers[who]!;
          const res = method === 'get' ? await b.get(`${path}?${q}`) : await b.post(path, form);
          expect(res.status, `${method} ${path}?${q} ${JSON.stringify(form).slice(0, 300)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
