// A worker process killed with SIGKILL in the middle of its jobs, then started again: the jobs it held
// run again (their locks expire) and the sweeper re-enqueues anything half done; every accepted
// callback still becomes exactly one report and every alert exactly one SMS per focal point.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deploymentEnv, spawnGateway, type GatewayProcess } from '../../bench/lib/processes.ts';
import { callback, NO_GROUPING } from '../../bench/lib/traffic.ts';
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts';
import { readBooks, settledBooks, summary } from './ledger.ts';
import { sharedDatabase, sharedPostgresUnavailable, type SharedDatabase } from './postgres.ts';

const unavailable = sharedPostgresUnavailable();
if (unavailable) console.warn(`worker-kill fault test skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('a worker process killed with SIGKILL mid-job', () => {
  let database: SharedDatabase;
  let web: TestGateway;
  let worker: GatewayProcess | undefined;
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
    SMS_RATE_PER_SECOND: '500',
  });

  beforeAll(async () => {
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
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing and does nothing twice once a new worker runs', { timeout: 150_000 }, async () => {
    worker = await spawnGateway(workerEnv());
    const callbacks = Array.from({ length: 100 }, (_, n) => callback(n));
    for (let i = 0; i < callbacks.length; i += 10) {
      const batch = callbacks.slice(i, i + 10);
      const answers = await Promise.all(
        batch.map((c) => web.http.post(`/webhooks/africastalking/sms?key=${web.webhookKey}`).type('form').send(c.body)),
      );
      expect(answers.map((a) => a.status)).toEqual(batch.map(() => 200));
    }

    // Kill it while it holds jobs, with work left to do.
    const queues = Object.values(web.rt.container.producer.queues);
    await eventually(
      async () => {
        const [reports, active] = await Promise.all([
          database.db.prisma.report.count(),
          Promise.all(queues.map((q) => q.getActiveCount())).then((c) => c.reduce((a, b) => a + b, 0)),
        ]);
        return reports >= 15 && active > 0;
      },
      60_000,
      20,
    );
    await worker.kill('SIGKILL');
    const atKill = await readBooks(
      database.db.prisma,
      callbacks.map((c) => c.id),
    );
    expect(atKill.reports < callbacks.length || atKill.pendingSms > 0 || atKill.pendingReceipts > 0).toBe(true);

    worker = await spawnGateway(workerEnv());
    const books = await settledBooks(
      database.db.prisma,
      callbacks.map((c) => c.id),
      120_000,
    );
    expect(summary(books)).toEqual({
      callbacksNotExactlyOnce: [],
      reports: callbacks.length,
      unrouted: 0,
      alertsWithWrongRecipients: [],
      pendingSms: 0,
      smsNotSentExactlyOnce: [],
      uncertainSms: [],
      receipts: callbacks.length,
    });
    expect(books.alerts).toBeGreaterThan(0);
  });
});
