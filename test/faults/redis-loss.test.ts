// Redis restarted empty (no persistence) while a severity-3 report came in: the report was stored but its
// job never existed. The gateway notices the loss when Redis is back and re-enqueues at once, severity 3
// first, instead of waiting for the sweeper's age threshold (SWEEP_AFTER_MS, 30 s by default) and interval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callback, NO_GROUPING } from '../../bench/lib/traffic.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/embedded/redis-server.ts';
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts';

let redis: EmbeddedRedis;
let gw: TestGateway;

beforeAll(async () => {
  redis = await startEmbeddedRedis();
  // The production sweep timing, so only the loss detection can be quick.
  gw = await startGateway({ redisUrl: redis.url, env: { ...NO_GROUPING, SWEEP_INTERVAL_MS: '15000', SWEEP_AFTER_MS: '30000' } });
});
afterAll(async () => {
  await gw?.stop();
  await redis?.stop();
});

describe('Redis restarted empty', () => {
  it(
    'hands the alert of a severity-3 report accepted while it was down to the channel within seconds of its return',
    { timeout: 60_000 },
    async () => {
      const port = redis.port;
      await redis.stop();
      const c = callback(0, () => 3);
      const accepted = await gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(c.body);
      expect(accepted.status).toBe(200);
      expect(await gw.rt.db.prisma.inboundMessage.count({ where: { providerId: c.id } })).toBe(1);

      redis = await startEmbeddedRedis({ port });
      const alertSms = await eventually(
        () =>
          gw.rt.db.prisma.outboundMessage.findFirst({
            where: { purpose: 'alert', state: 'sent', alert: { report: { inbound: { providerId: c.id } } } },
          }),
        10_000,
        100,
      );
      expect(alertSms.priority).toBe(1);
    },
  );
});
