// Redis at its maxmemory (noeviction): it answers PING but refuses every write, so nothing can be enqueued.
// Callbacks are still accepted and stored; readiness and the metrics say so; a login gets a clear 503
// page; and once memory frees, the work stored meanwhile is processed without anyone stepping in.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callback, NO_GROUPING } from '../../bench/lib/traffic.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/embedded/redis-server.ts';
import { makeUser, tryLogin } from '../helpers/dashboard.ts';
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts';

let redis: EmbeddedRedis;
let admin: Redis;
let gw: TestGateway;

beforeAll(async () => {
  redis = await startEmbeddedRedis();
  admin = new Redis(redis.url);
  gw = await startGateway({ redisUrl: redis.url, env: NO_GROUPING });
});
afterAll(async () => {
  await admin?.config('SET', 'maxmemory', '0').catch(() => undefined);
  admin?.disconnect();
  await gw?.stop();
  await redis?.stop();
});

const metricValue = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('Redis full (maxmemory reached, noeviction)', () => {
  it(
    'shows in readiness, metrics and the login page, and processing resumes by itself once memory frees',
    { timeout: 60_000 },
    async () => {
      const user = await makeUser(gw, 'viewer');
      // A limit just above what Redis holds, then data until it refuses a write. Its memory figure then moves
      // by client buffers freed in the background, so the limit is set a little below it to stay full.
      const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
      await admin.config('SET', 'maxmemory', String((await usedMemory()) + 64 * 1024));
      for (
        let i = 0;
        i < 1000 &&
        (await admin.set(`filler:${i}`, 'x'.repeat(8 * 1024)).then(
          () => true,
          () => false,
        ));
        i++
      );
      await admin.config('SET', 'maxmemory', String((await usedMemory()) - 128 * 1024));
      await expect(admin.set('anything', '1')).rejects.toThrow(/OOM/);

      const c = callback(0, () => 3);
      const accepted = await gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(c.body);
      expect(accepted.status).toBe(200);
      const stored = await gw.rt.db.prisma.inboundMessage.findUnique({
        where: { channel_providerId: { channel: 'africastalking', providerId: c.id } },
      });
      expect(stored).toBeTruthy();

      const ready = await gw.http.get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not_ready', database: 'ok', redis: 'full' });
      const health = await gw.http.get('/healthz');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ redis: 'full' });

      const metrics = await gw.http.get('/metrics').set('Authorization', `Bearer ${gw.adminToken}`);
      expect(metrics.status).toBe(200);
      expect(metricValue(metrics.text, 'sabali_dependency_up{dependency="redis"}')).toBe(0);
      expect(metricValue(metrics.text, 'sabali_backlog_oldest_seconds{stage="intake"}')).toBeGreaterThan(0);

      const login = await tryLogin(gw, user.email, user.password);
      expect(login.status).toBe(503);
      expect(login.type).toBe('text/html');
      expect(login.text).toContain('Redis');
      expect(login.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^sabali_sid=/)]));

      // Memory frees: the report stored meanwhile is routed and its alert sent, and readiness turns green.
      await admin.config('SET', 'maxmemory', '0');
      const sent = await eventually(
        () =>
          gw.rt.db.prisma.outboundMessage.findFirst({
            where: { purpose: 'alert', state: 'sent', alert: { report: { inbound: { providerId: c.id } } } },
          }),
        30_000,
        100,
      );
      expect(sent).toBeTruthy();
      await eventually(async () => (await gw.http.get('/readyz')).status === 200, 10_000, 100);
      expect((await tryLogin(gw, user.email, user.password)).status).toBe(303);
    },
  );
});
