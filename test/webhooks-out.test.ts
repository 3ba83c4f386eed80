// Outbound webhooks as a receiving platform sees them: a signed POST when a focal point confirms an
// alert by SMS, with neither the reporter's number nor the text; retried after a 500; given up on
// (dead letter, listed by the API and the dashboard) after the last attempt; local addresses refused.
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFor, sms } from './helpers/alerts.ts';
import { login, makeUser } from './helpers/dashboard.ts';
import { startFakeServer, type FakeServer } from './helpers/fake-http.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';

const COFO_DJENNE = '+22370000211';
const SECRET = 'a-long-shared-secret-for-tests';

const auth = (gw: TestGateway) => ({ Authorization: `Bearer ${gw.adminToken}` });

describe('outbound webhooks', () => {
  let gw: TestGateway;
  let receiver: FakeServer;
  beforeAll(async () => {
    receiver = await startFakeServer(() => ({ status: 200, json: { ok: true } }));
    gw = await startGateway({
      env: { OUTBOUND_WEBHOOK_ALLOW_LOCAL: 'true', OUTBOUND_WEBHOOK_MAX_ATTEMPTS: '3', OUTBOUND_WEBHOOK_BACKOFF_MS: '50' },
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await receiver?.close();
  });

  it('posts a signed incident.confirmed when a focal point answers VRAI, without the number or the text', async () => {
    const created = await gw.http
      .post('/api/subscriptions')
      .set(auth(gw))
      .send({ url: `${receiver.url}/hook/confirmed`, secret: SECRET, events: ['incident.opened', 'incident.confirmed'] });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    expect(created.body.secretHint).toBe('…ests');
    const listed = await gw.http.get('/api/subscriptions').set(auth(gw));
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);

    const since = new Date();
    const reporter = uniquePhone();
    const text = 'conflit entre eleveurs et agriculteurs a Djenne, les boeufs ont detruit les champs de mil';
    await sms(gw, reporter, text);
    const alert = await alertFor(gw, 'COFO de Djenné', since);
    await sms(gw, COFO_DJENNE, `VRAI ${alert.reference}`);

    const hits = (type: string) =>
      receiver.requests.filter((r) => r.path === '/hook/confirmed' && r.headers['x-sabali-event'] === type);
    const [req] = await eventually(async () => (hits('incident.confirmed').length > 0 ? hits('incident.confirmed') : null));
    expect(req!.headers['x-sabali-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(req!.body).digest('hex')}`);
    const body = JSON.parse(req!.body);
    expect(req!.headers['x-sabali-event-id']).toBe(body.id);
    expect(body).toMatchObject({
      type: 'incident.confirmed',
      incident: {
        id: alert.incidentId,
        category: 'FONCIER',
        status: 'confirmed',
        reportCount: 1,
        place: { adm1: { code: 'ML05' }, adm2: { code: 'ML0503' }, adm3: { code: 'ML050303' } },
      },
      alert: { reference: alert.reference, state: 'confirmed' },
    });
    expect(req!.body).not.toContain(reporter.slice(1));
    expect(req!.body).not.toContain(COFO_DJENNE.slice(1));
    expect(req!.body).not.toMatch(/boeufs|champs de mil/);
    expect(hits('incident.opened').length).toBe(1);

    const deliveries = await gw.http.get(`/api/subscriptions/${created.body.id}/deliveries`).set(auth(gw));
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.items.find((d: { event: string }) => d.event === 'incident.confirmed')).toMatchObject({
      state: 'delivered',
      attempts: 1,
      lastStatus: 200,
    });
    expect((await gw.http.delete(`/api/subscriptions/${created.body.id}`).set(auth(gw))).status).toBe(204);
    expect((await gw.http.delete(`/api/subscriptions/${created.body.id}`).set(auth(gw))).status).toBe(404);
  });

  it('retries after a 500 until a 2xx, and gives up after the last attempt into the dead letters', async () => {
    let flaky = 0;
    receiver.respond = (r) => {
      if (r.path === '/hook/flaky') return { status: flaky++ === 0 ? 500 : 204 };
      if (r.path === '/hook/down') return { status: 503, text: 'down' };
      return { status: 200 };
    };
    const subscribe = (path: string) =>
      gw.http
        .post('/api/subscriptions')
        .set(auth(gw))
        .send({ url: `${receiver.url}${path}`, secret: SECRET, events: ['incident.opened'] });
    const flakySub = (await subscribe('/hook/flaky')).body;
    const downSub = (await subscribe('/hook/down')).body;

    await sms(gw, uniquePhone(), 'des hommes armes ont vole le betail a Bankass cette nuit');
    const deliveriesOf = async (id: string) =>
      (await gw.http.get(`/api/subscriptions/${id}/deliveries`).set(auth(gw))).body.items;
    const ok = await eventually(async () =>
      (await deliveriesOf(flakySub.id)).find((d: { state: string }) => d.state === 'delivered'),
    );
    expect(ok).toMatchObject({ attempts: 2, lastStatus: 204 });
    const flakyHits = receiver.requests.filter((r) => r.path === '/hook/flaky');
    expect(flakyHits.length).toBe(2);
    expect(flakyHits[0]!.headers['x-sabali-event-id']).toBe(flakyHits[1]!.headers['x-sabali-event-id']); // same event, for idempotency

    const dead = await eventually(async () =>
      (await deliveriesOf(downSub.id)).find((d: { state: string }) => d.state === 'dead'),
    );
    expect(dead).toMatchObject({ attempts: 3, lastStatus: 503 });
    expect(receiver.requests.filter((r) => r.path === '/hook/down').length).toBe(3);

    // the dashboard's export page lists it, by host only (a path may carry the receiver's token)
    const admin = await login(gw, ...(Object.values(await makeUser(gw, 'admin')) as [string, string]));
    const page = (await admin.get('/export')).text;
    const section = page.slice(page.indexOf('id="webhooks-dead"'));
    expect(section).toContain('incident.opened');
    expect(section).toContain(new URL(receiver.url).host);
    expect(section).not.toContain('/hook/down');
    expect(section).not.toContain('/hook/flaky'); // delivered in the end: not a dead letter
  });
});

describe('outbound webhooks after a crash', () => {
  let gw: TestGateway;
  let receiver: FakeServer;
  beforeAll(async () => {
    receiver = await startFakeServer(() => ({ status: 200 }));
    gw = await startGateway({ env: { OUTBOUND_WEBHOOK_ALLOW_LOCAL: 'true' } });
  });
  afterAll(async () => {
    await gw?.stop();
    await receiver?.close();
  });

  it('delivers an event committed with its state move whose fan-out never ran (the sweeper finds it)', async () => {
    const sub = await gw.http
      .post('/api/subscriptions')
      .set(auth(gw))
      .send({ url: `${receiver.url}/hook/late`, secret: SECRET, events: ['incident.resolved'] });
    expect(sub.status).toBe(201);
    // As a process killed right after the commit leaves it: the outbox row, no delivery, no job.
    const id = randomUUID();
    const payload = { id, type: 'incident.resolved', occurredAt: new Date().toISOString(), incident: { id: randomUUID() } };
    await gw.rt.db.prisma.webhookEvent.create({
      data: { id, key: `incident.resolved:${payload.incident.id}`, type: 'incident.resolved', pcode: 'ML050303', payload },
    });
    const [req] = await eventually(async () => {
      const got = receiver.requests.filter((r) => r.headers['x-sabali-event-id'] === id);
      return got.length > 0 ? got : null;
    }, 10_000);
    expect(JSON.parse(req!.body)).toEqual(payload);
    expect(req!.headers['x-sabali-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(req!.body).digest('hex')}`);
  });
});

describe('outbound webhooks to local addresses', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it.each([
    'http://127.0.0.1:9/hook',
    'http://localhost/hook',
    'http://10.1.2.3/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/hook',
    'http://[::ffff:192.168.1.1]/hook',
    'http://[fd00::1]/hook',
  ])('refuses %s without OUTBOUND_WEBHOOK_ALLOW_LOCAL', async (url) => {
    const res = await gw.http
      .post('/api/subscriptions')
      .set(auth(gw))
      .send({ url, secret: SECRET, events: ['incident.confirmed'] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'url_refused', field: 'url' });
    expect((await gw.http.get('/api/subscriptions').set(auth(gw))).body.items).toEqual([]);
  });

  it('names what is wrong with a subscription', async () => {
    const res = await gw.http
      .post('/api/subscriptions')
      .set(auth(gw))
      .send({ url: 'https://example.org/hook', secret: SECRET, events: ['incident.exploded'] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^events: each one of incident.opened/);
  });
});
