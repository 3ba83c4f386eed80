// Reporters' numbers: revealed only on purpose and audited, purged after retention while reports
// stay, erased on request, and re-encrypted in the background after a key rotation.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, smsCallback } from './helpers/africastalking.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { eventually, startGateway, uniqueId, uniquePhone, type TestGateway } from './helpers/gateway.ts';

const KEY_A = randomBytes(32).toString('hex');
let database: TestDatabase;
let gw: TestGateway;
beforeAll(async () => {
  database = await createTestDatabase();
  gw = await startGateway({ database, env: { PHONE_KEY: KEY_A, QUEUE_PREFIX: `priv${randomBytes(3).toString('hex')}` } });
});
afterAll(async () => {
  await gw?.stop();
  await database?.drop();
});

async function report(from: string, text: string) {
  const id = uniqueId();
  expect(
    (
      await gw.http
        .post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`)
        .type('form')
        .send(form(smsCallback({ from, text, id })))
    ).status,
  ).toBe(200);
  return eventually(
    async () =>
      gw.rt.db.prisma.report.findFirst({
        where: { inbound: { providerId: id }, routedAt: { not: null } },
        include: { reporter: true },
      }),
    3000,
  );
}

describe('reveal', () => {
  it('needs a reason, returns the number, and is written to the audit log', async () => {
    const phone = uniquePhone();
    const r = await report(phone, 'vol de betail a Niono la nuit derniere');
    const pseudonym = r.reporter!.pseudonym;
    const path = `/api/reporters/${pseudonym}/reveal`;
    expect((await gw.http.post(path).send({ reason: 'enquete' })).status).toBe(401);
    const noReason = await gw.http.post(path).set('Authorization', `Bearer ${gw.adminToken}`).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const ok = await gw.http
      .post(path)
      .set('Authorization', `Bearer ${gw.adminToken}`)
      .send({ reason: 'the gendarmerie needs to protect this witness' });
    expect(ok.body).toEqual({ pseudonym, phone });
    const audit = await gw.rt.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'reveal_number', entityId: pseudonym } });
    expect(audit).toMatchObject({ actor: 'machine:admin-token', reason: 'the gendarmerie needs to protect this witness' });
    expect(JSON.stringify({ ...audit, seq: String(audit.seq) })).not.toContain(phone.slice(4));
  });
});

describe('retention and erasure', () => {
  it('purges old numbers of reporters with no open incident; the reports stay; an open incident keeps its reporter', async () => {
    const oldPhone = uniquePhone();
    const openPhone = uniquePhone();
    const closed = await report(oldPhone, 'des hommes armes ont traverse Macina a moto');
    const open = await report(openPhone, 'conflit foncier a Bankass, champs detruits par les animaux');
    // the first incident was resolved long ago; the second is still open
    await gw.rt.db.prisma.alert.updateMany({ where: { reportId: closed.id }, data: { state: 'resolved' } });
    const longAgo = new Date(Date.now() - 200 * 86_400_000);
    await gw.rt.db.prisma.reporter.updateMany({
      where: { id: { in: [closed.reporterId!, open.reporterId!] } },
      data: { createdAt: longAgo },
    });
    await gw.rt.db.prisma.report.updateMany({ where: { id: { in: [closed.id, open.id] } }, data: { createdAt: longAgo } });

    const purged = await gw.rt.container.privacy.purge();
    expect(purged).toBeGreaterThanOrEqual(1);
    const gone = await gw.rt.db.prisma.reporter.findUniqueOrThrow({ where: { id: closed.reporterId! } });
    expect(gone.phoneEnc).toBeNull();
    expect(await gw.rt.db.prisma.inboundMessage.count({ where: { fromHash: gw.rt.container.vault.hash(oldPhone) } })).toBe(0);
    expect(await gw.rt.db.prisma.outboundMessage.count({ where: { toHash: gw.rt.container.vault.hash(oldPhone) } })).toBe(0);
    const kept = await gw.rt.db.prisma.report.findUniqueOrThrow({ where: { id: closed.id } });
    expect(kept).toMatchObject({ category: closed.category, locationPcode: 'ML040305' });
    const still = await gw.rt.db.prisma.reporter.findUniqueOrThrow({ where: { id: open.reporterId! } });
    expect(still.phoneEnc).not.toBeNull();
    const reveal = await gw.http
      .post(`/api/reporters/${gone.pseudonym}/reveal`)
      .set('Authorization', `Bearer ${gw.adminToken}`)
      .send({ reason: 'checking the purge' });
    expect(reveal.status).toBe(410);
  });

  it('erases everything about one number on request', async () => {
    const phone = uniquePhone();
    const r = await report(phone, 'ya palabre entre deux villages a Koro pour un puits');
    const result = await gw.rt.container.privacy.forget(phone.replace('+223', '00223 '), 'operator:test');
    expect(result).toMatchObject({ reporter: true });
    expect(result.messages).toBeGreaterThanOrEqual(1);
    expect(await gw.rt.db.prisma.reporter.findUnique({ where: { id: r.reporterId! } })).toBeNull();
    const inbound = await gw.rt.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id: r.inboundId } });
    expect(inbound).toMatchObject({ text: '', fromEnc: '' });
    expect(inbound.flags).toContain('erased');
    expect(await gw.rt.db.prisma.report.findUnique({ where: { id: r.id } })).toMatchObject({ reporterId: null });
    const audit = await gw.rt.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'data_subject_erased' } });
    expect(JSON.stringify({ ...audit, seq: String(audit.seq) })).not.toContain(phone.slice(4));
  });
});

describe('key rotation', () => {
  it('re-encrypts every number under the new key while the gateway runs, and look-ups keep working', async () => {
    const phone = uniquePhone();
    await report(phone, 'vol de betail a Djenne, troupeau emporte vers le fleuve');
    await gw.stop();
    const KEY_B = randomBytes(32).toString('hex');
    gw = await startGateway({
      database,
      env: {
        PHONE_KEY: KEY_B,
        PHONE_KEYS_PREVIOUS: KEY_A,
        PHONE_LOOKUP_KEY: KEY_A,
        QUEUE_PREFIX: `priv${randomBytes(3).toString('hex')}`,
      },
    });
    const prefix = gw.rt.container.vault.currentPrefix;
    await eventually(
      async () => {
        const stale = await gw.rt.db.prisma.$queryRawUnsafe<{ n: number }[]>(
          `SELECT (SELECT count(*) FROM reporters WHERE phone_enc IS NOT NULL AND phone_enc NOT LIKE $1) + (SELECT count(*) FROM inbound_messages WHERE from_enc <> '' AND from_enc NOT LIKE $1) + (SELECT count(*) FROM outbound_messages WHERE to_enc <> '' AND to_enc NOT LIKE $1) + (SELECT count(*) FROM focal_points WHERE phone_enc NOT LIKE $1) AS n`,
          `${prefix}%`,
        );
        return Number(stale[0]!.n) === 0;
      },
      10_000,
      200,
    );
    const reporter = await gw.rt.db.prisma.reporter.findUniqueOrThrow({
      where: { phoneHash: gw.rt.container.vault.hash(phone) },
    });
    expect(gw.rt.container.vault.decrypt(reporter.phoneEnc!)).toBe(phone);
    // and a new report from the same number still finds the same reporter
    const again = await report(phone, 'encore vol de betail a Djenne ce matin');
    expect(again.reporterId).toBe(reporter.id);
  });
});
