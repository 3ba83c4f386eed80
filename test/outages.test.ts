// Nothing accepted is lost: with Redis stopped callbacks are still stored (200) and processed once
// Redis is back; with the database down callbacks get 503 so the provider retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis, type EmbeddedRedis } from '../src/embedded/redis-server.ts';
import { form, smsCallback } from './helpers/africastalking.ts';
import { createTestDatabase } from './helpers/database.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';

describe('Redis stopped during a surge', () => {
  let redis: EmbeddedRedis;
  let gw: TestGateway;
  beforeAll(async () => {
    redis = await startEmbeddedRedis();
    gw = await startGateway({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await gw?.stop();
    await redis?.stop();
  });

  it('accepts every callback while Redis is down and processes each exactly once when it is back', async () => {
    const port = redis.port;
    await redis.stop();
    const health = await gw.http.get('/healthz');
    expect(health.status).toBe(503);
    expect(health.body.redis).toBe('down');

    const herds = [
      'des boeufs',
      'des moutons',
      'des chevres',
      'les vaches du chef',
      'un troupeau peul',
      'les anes',
      'des taureaux',
      'les chameaux',
    ];
    const bodies = herds.map((herd) =>
      smsCallback({ from: uniquePhone(), text: `vol de betail a Koro: ${herd} emportes cette nuit` }),
    );
    const answers = await Promise.all(
      bodies.map((b) => gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(form(b))),
    );
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
    // a provider retry while Redis is still down is a no-op too
    await gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(form(bodies[0]!));

    redis = await startEmbeddedRedis({ port });
    const ids = bodies.map((b) => b.id!);
    const reports = await eventually(
      async () => {
        const rows = await gw.rt.db.prisma.report.findMany({ where: { inbound: { providerId: { in: ids } } } });
        return rows.length === ids.length && rows.every((r) => r.routedAt && r.incidentId) ? rows : undefined;
      },
      15_000,
      200,
    );
    expect(reports).toHaveLength(8);
    // same category, same commune: one incident, one alert per committee, not eight
    const incidents = new Set(reports.map((r) => r.incidentId!));
    expect(incidents.size).toBe(1);
    const alerts = await gw.rt.db.prisma.alert.findMany({ where: { incidentId: { in: [...incidents] } } });
    expect(alerts.length).toBeGreaterThan(0);
    const alertIds = alerts.map((a) => a.id);
    const sms = await eventually(
      async () => {
        const rows = await gw.rt.db.prisma.outboundMessage.findMany({ where: { alertId: { in: alertIds }, purpose: 'alert' } });
        return rows.length >= alertIds.length && rows.every((m) => m.state === 'sent') ? rows : undefined;
      },
      15_000,
      200,
    );
    // exactly one SMS per alert and focal point
    expect(new Set(sms.map((m) => `${m.alertId}:${m.focalPointId}`)).size).toBe(sms.length);
    // and every reporter got exactly one receipt
    const receipts = await gw.rt.db.prisma.outboundMessage.findMany({
      where: { reportId: { in: reports.map((r) => r.id) }, purpose: 'receipt' },
    });
    expect(receipts).toHaveLength(8);
    expect(await gw.rt.db.prisma.inboundMessage.count({ where: { providerId: { in: ids } } })).toBe(8);
  });
});

describe('database down', () => {
  it('answers 503 to callbacks and to /healthz, so the provider retries', async () => {
    const database = await createTestDatabase();
    const gw = await startGateway({ database });
    try {
      await database.drop(); // drops the PostgreSQL database under the gateway
      const res = await gw.http
        .post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`)
        .type('form')
        .send(form(smsCallback({ from: uniquePhone(), text: 'attaque a Djenne' })));
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('database_unavailable');
      const health = await gw.http.get('/healthz');
      expect(health.status).toBe(503);
      expect(health.body.database).toBe('down');
    } finally {
      await gw.stop().catch(() => undefined);
    }
  });
});
