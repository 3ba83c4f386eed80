// What operators see: Prometheus metrics and the queue dashboard for the admin token only, request ids
// in the logs without personal data or the webhook key, liveness and readiness, and the separate
// metrics port that answers "migrations running" before the process is ready.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRuntime } from '../src/app/runtime.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { form, smsCallback } from './helpers/africastalking.ts';
import { dropKeysAt } from '../bench/lib/redis-keys.ts';
import { createTestDatabase } from './helpers/database.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const metric = (text: string, name: string, labels: string) =>
  Number(new RegExp(`^${name}\\{${labels.replace(/[{}()[\].*+?^$|\\]/g, '\\$&')}\\} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);

describe('metrics and the queue dashboard', () => {
  it('serves /metrics to the admin token only, with requests, queues, sends and report-to-alert time', async () => {
    const phone = uniquePhone();
    const body = smsCallback({ from: phone, text: 'attaque a Djenne, maisons brulees cette nuit' });
    expect((await gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(form(body))).status).toBe(
      200,
    );
    await eventually(
      async () => (await gw.rt.db.prisma.outboundMessage.count({ where: { purpose: 'alert', state: 'sent' } })) > 0,
      10_000,
    );

    expect((await gw.http.get('/metrics')).status).toBe(401);
    expect((await gw.http.get('/metrics').set('Authorization', 'Bearer not-the-token-at-all')).status).toBe(401);
    const text = await eventually(async () => {
      const res = await gw.http.get('/metrics').set('Authorization', `Bearer ${gw.adminToken}`);
      return res.status === 200 && /sabali_report_to_alert_sent_seconds_count [1-9]/.test(res.text) ? res.text : undefined;
    }, 10_000);
    expect(metric(text, 'sabali_http_requests_total', 'method="POST",route="/webhooks/africastalking/sms",status="200"')).toBe(1);
    expect(metric(text, 'sabali_sms_sends_total', 'channel="simulator",purpose="alert",outcome="sent"')).toBeGreaterThan(0);
    expect(metric(text, 'sabali_queue_jobs', 'queue="intake",state="waiting"')).toBe(0);
    expect(metric(text, 'sabali_dependency_up', 'dependency="redis"')).toBe(1);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    // labels are route patterns: no key, no number
    expect(text).not.toContain(gw.webhookKey);
    expect(text).not.toContain(phone.slice(1));
  });

  it('shows the queue dashboard to the admin token (bearer, or Basic in a browser) and asks others to log in', async () => {
    const refused = await gw.http.get('/admin/queues');
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Basic /);
    const page = await gw.http
      .get('/admin/queues')
      .set('Authorization', `Basic ${Buffer.from(`admin:${gw.adminToken}`).toString('base64')}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    const api = await gw.http.get('/admin/queues/api/queues').set('Authorization', `Bearer ${gw.adminToken}`);
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
      'escalation',
      'intake',
      'routing',
      'sms-send',
      'voice-call',
      'voice-recording',
      'webhook',
    ]);
  });
});

describe('logs, liveness and readiness', () => {
  it('logs every request with its request id, never the webhook key, the number or the text', async () => {
    const phone = uniquePhone();
    const text = 'vol de betail a Macina troupeau emporte vers la brousse';
    const res = await gw.http
      .post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`)
      .set('X-Request-Id', 'req-ops-test-1')
      .type('form')
      .send(form(smsCallback({ from: phone, text })));
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('req-ops-test-1');
    const fresh = await gw.http.get('/readyz');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const line = gw.logs.find((l) => l.includes('"reqId":"req-ops-test-1"'));
    expect(JSON.parse(line!)).toMatchObject({
      req: { method: 'POST', path: '/webhooks/africastalking/sms' },
      res: { statusCode: 200 },
    });
    const all = gw.logs.join('');
    expect(all).not.toContain(gw.webhookKey);
    expect(all).not.toContain(phone.slice(4));
    expect(all).not.toContain('troupeau emporte');
  });

  it('answers /livez and /readyz', async () => {
    expect((await gw.http.get('/livez')).body).toMatchObject({ status: 'alive', phase: 'ready' });
    expect((await gw.http.get('/readyz')).body).toEqual({ status: 'ready', migrations: 'done', database: 'ok', redis: 'ok' });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

describe('the metrics port (METRICS_PORT)', () => {
  it('is not ready while migrations run, then serves metrics and the dashboard off the public port', async () => {
    const database = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'sabali-ops-'));
    const port = await freePort();
    const adminToken = randomBytes(18).toString('base64url');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = { ...database.db, migrate: async () => (await gate, database.db.migrate()) };
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      METRICS_PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: database.url ?? 'postgresql://unused',
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: `ops${randomBytes(4).toString('hex')}`,
      PHONE_KEY: randomBytes(32).toString('hex'),
      AT_WEBHOOK_KEY: randomBytes(18).toString('base64url'),
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'silent',
    });
    const starting = startRuntime(config, createLogger('silent'), { db: slow });
    try {
      const base = `http://127.0.0.1:${port}`;
      const early = await eventually(() => fetch(`${base}/readyz`).catch(() => undefined), 10_000);
      expect(early.status).toBe(503);
      expect(await early.json()).toMatchObject({ status: 'migrating', migrations: 'running' });
      expect((await fetch(`${base}/livez`)).status).toBe(200);
      release();
      const rt = await starting;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      const m = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } });
      expect(m.status).toBe(200);
      expect(await m.text()).toContain('sabali_queue_jobs');
      expect((await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(200);
      // and not on the public port
      expect((await fetch(`${rt.url}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(404);
      expect((await fetch(`${rt.url}/readyz`)).status).toBe(200);
      await rt.stop();
    } finally {
      release();
      await (await starting.catch(() => undefined))?.stop();
      await database.drop();
      await dropKeysAt(config.redisUrl ?? inject('redisUrl'), [config.queuePrefix]); // the machine's Redis keeps nothing of the test
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
