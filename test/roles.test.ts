// ROLE=web and ROLE=worker run apart on one database and one Redis: the web process only accepts,
// the worker process classifies, routes and sends.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, smsCallback } from './helpers/africastalking.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let database: TestDatabase;
let web: TestGateway;
let worker: TestGateway | undefined;
const shared = { QUEUE_PREFIX: `roles${randomBytes(4).toString('hex')}`, PHONE_KEY: randomBytes(32).toString('hex') };

beforeAll(async () => {
  database = await createTestDatabase();
  web = await startGateway({ database, env: { ...shared, ROLE: 'web' } });
});
afterAll(async () => {
  await web?.stop();
  await worker?.stop();
  await database?.drop();
});

describe('web and worker processes', () => {
  it('a web-only process stores and enqueues; nothing is processed until a worker runs', async () => {
    const body = smsCallback({ from: uniquePhone(), text: 'recrutement des jeunes par les jihadistes a Bankass' });
    const res = await web.http.post(`/webhooks/africastalking/sms?key=${web.webhookKey}`).type('form').send(form(body));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    const row = await database.db.prisma.inboundMessage.findFirstOrThrow({
      where: { providerId: body.id! },
      include: { report: true },
    });
    expect(row.state).toBe('received');
    expect(row.report).toBeNull();

    worker = await startGateway({ database, env: { ...shared, ROLE: 'worker' } });
    expect(worker.rt.server).toBeNull();
    const report = await eventually(
      async () =>
        database.db.prisma.report.findFirst({ where: { inboundId: row.id, routedAt: { not: null } }, include: { alerts: true } }),
      5000,
    );
    expect(report.alerts.length).toBeGreaterThan(0);
  });
});
