// A worker process killed with SIGKILL while Orange holds its send request: the provider may have taken the
// message, and our database cannot know. The next worker finds the attempt started and never finished and,
// since Orange drops a repeat of our clientCorrelator (our message id), sends again with the same id: the
// recipient gets the alert once, and the books show the uncertain attempt before the one that was answered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deploymentEnv, spawnGateway, type GatewayProcess } from '../../bench/lib/processes.ts';
import { callback, NO_GROUPING } from '../../bench/lib/traffic.ts';
import { startFakeServer, type FakeServer } from '../helpers/fake-http.ts';
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts';
import { settledBooks, summary } from './ledger.ts';
import { sharedDatabase, sharedPostgresUnavailable, type SharedDatabase } from './postgres.ts';

const unavailable = sharedPostgresUnavailable();
if (unavailable) console.warn(`worker-kill-mid-send fault test skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('a worker killed while Orange holds its send request', () => {
  let database: SharedDatabase;
  let web: TestGateway;
  let worker: GatewayProcess | undefined;
  let orange: FakeServer;
  /** clientCorrelator of every SMS request, in order. */
  const correlators: (string | undefined)[] = [];
  /** What Orange took, by clientCorrelator: how many times it would have delivered it. */
  const taken = new Map<string, number>();
  const dataDir = mkdtempSync(join(tmpdir(), 'sabali-worker-'));
  const shared = deploymentEnv();
  const workerEnv = () => ({
    ...shared,
    ...NO_GROUPING,
    ROLE: 'worker',
    DATABASE_URL: database.url,
    REDIS_URL: inject('redisUrl'),
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    SWEEP_INTERVAL_MS: '500',
    SWEEP_AFTER_MS: '1000',
    JOB_LOCK_MS: '2000',
    SMS_CHANNEL: 'orange',
    ORANGE_CLIENT_ID: 'client-id',
    ORANGE_CLIENT_SECRET: 'client-secret',
    ORANGE_SENDER_ADDRESS: 'tel:+22370009999',
    ORANGE_BASE_URL: orange.url,
  });

  beforeAll(async () => {
    orange = await startFakeServer((req) => {
      if (req.path === '/oauth/v3/token')
        return { status: 200, json: { token_type: 'Bearer', access_token: 'tok-1', expires_in: '3600' } };
      const correlator = (JSON.parse(req.body) as { outboundSMSMessageRequest: { clientCorrelator?: string } })
        .outboundSMSMessageRequest.clientCorrelator;
      correlators.push(correlator);
      const key = correlator ?? `request-${correlators.length}`;
      // Like Orange (GSMA OneAPI): a clientCorrelator seen before is refused with SVC0005, not sent again.
      if (taken.has(key)) {
        return {
          status: 400,
          json: {
            requestError: {
              serviceException: { messageId: 'SVC0005', text: 'Duplicate client correlator %1', variables: [key] },
            },
          },
        };
      }
      taken.set(key, 1);
      // The first request: Orange takes the message, and the answer never leaves (the worker is killed waiting).
      if (correlators.length === 1) return new Promise<never>(() => undefined);
      return {
        status: 201,
        json: {
          outboundSMSMessageRequest: {
            resourceURL: `${orange.url}/smsmessaging/v1/outbound/x/requests/orq-${correlators.length}`,
          },
        },
      };
    });
    database = await sharedDatabase();
    web = await startGateway({
      database,
      env: { PHONE_KEY: shared.PHONE_KEY!, QUEUE_PREFIX: shared.QUEUE_PREFIX!, ROLE: 'web', ...NO_GROUPING },
    });
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await web?.stop();
    await database?.drop();
    await orange?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'sends again with the same id, so the recipient gets the message once, and the books show the uncertain attempt',
    { timeout: 90_000 },
    async () => {
      worker = await spawnGateway(workerEnv());
      const c = callback(0, () => 3);
      const accepted = await web.http.post(`/webhooks/africastalking/sms?key=${web.webhookKey}`).type('form').send(c.body);
      expect(accepted.status).toBe(200);

      await eventually(async () => correlators.length >= 1, 30_000, 20);
      await worker.kill('SIGKILL');
      worker = await spawnGateway(workerEnv());

      const books = await settledBooks(database.db.prisma, [c.id], 60_000);
      expect(summary(books)).toEqual({
        callbacksNotExactlyOnce: [],
        reports: 1,
        unrouted: 0,
        alertsWithWrongRecipients: [],
        pendingSms: 0,
        smsNotSentExactlyOnce: [],
        uncertainSms: [],
        receipts: 1,
      });
      // The held message carried our id, went again with it, and Orange took it once.
      const held = await database.db.prisma.outboundMessage.findUnique({
        where: { id: correlators[0] ?? '00000000-0000-0000-0000-000000000000' },
        include: { sendAttempts: { orderBy: { attempt: 'asc' } } },
      });
      expect(held).toMatchObject({ state: 'sent', channel: 'orange' });
      expect(held!.sendAttempts.map((a) => a.outcome)).toEqual(['unknown', 'sent']);
      expect(correlators.filter((id) => id === held!.id)).toHaveLength(2);
      expect([...taken.values()].every((n) => n === 1)).toBe(true);
    },
  );
});
