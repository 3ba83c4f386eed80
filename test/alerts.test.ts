// Alerts that someone answers: incidents group reports, focal points answer by SMS, silence
// escalates up the chain, and the timeline shows every step, in a tamper-evident audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFor, inbox, sms } from './helpers/alerts.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';

const COFO_DJENNE = '+22370000211';
const CCS_DJENNE = '+22370000111';
const CCS_KORO = '+22370000131';
const CCS_BANKASS = '+22370000121';
const replies = (ref: string) => `Repondez OK ${ref}, VRAI ${ref}, FAUX ${ref} ou FIN ${ref}`;

const api = (gw: TestGateway) => ({
  get: (path: string) => gw.http.get(path).set('Authorization', `Bearer ${gw.adminToken}`),
  post: (path: string, body: object) => gw.http.post(path).set('Authorization', `Bearer ${gw.adminToken}`).send(body),
});

describe('incidents, answers by SMS and the timeline', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('groups reports into an incident, takes answers by SMS, tells the reporter, and keeps the timeline', async () => {
    const since = new Date();
    const reporterA = uniquePhone();
    const reporterB = uniquePhone();
    await sms(gw, reporterA, 'conflit entre eleveurs et agriculteurs a Djenne, les boeufs ont detruit les champs de mil');
    const alert = await alertFor(gw, 'COFO de Djenné', since);
    expect(alert.severity).toBe(2);
    await eventually(
      async () => (await inbox(gw, COFO_DJENNE)).includes(`ALERTE Foncier - Djenné: 1 signalement. ${replies(alert.reference)}`),
      3000,
    );

    // the same number again: joins the incident, does not corroborate
    await sms(gw, reporterA, 'ya toujours palabre champ a Djenne, les peuls refusent de partir');
    await eventually(
      async () => (await gw.rt.db.prisma.incident.findUnique({ where: { id: alert.incidentId! } }))?.reportCount === 2,
      3000,
    );
    // another number: joins, corroborates, raises severity once, and the focal point is told
    await sms(gw, reporterB, 'litige foncier grave a Djenne entre cultivateurs et eleveurs, recoltes detruites');
    const incident = await eventually(async () => {
      const i = await gw.rt.db.prisma.incident.findUnique({ where: { id: alert.incidentId! } });
      return i?.reportCount === 3 ? i : undefined;
    }, 3000);
    expect(incident).toMatchObject({ reporterCount: 2, severity: 3 });
    const alerts = await gw.rt.db.prisma.alert.findMany({ where: { incidentId: incident.id } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.severity).toBe(3);
    await eventually(
      async () =>
        (await inbox(gw, COFO_DJENNE)).includes(
          `MAJ URGENCE Foncier - Djenné: 3 signalements independants. ${replies(alert.reference)}`,
        ),
      3000,
    );

    // the focal point acknowledges without the reference (only one open alert), in any case
    await sms(gw, COFO_DJENNE, '  ok ');
    await eventually(
      async () => (await gw.rt.db.prisma.alert.findUnique({ where: { id: alert.id } }))?.state === 'acknowledged',
      3000,
    );
    await eventually(
      async () => (await inbox(gw, COFO_DJENNE)).some((t) => t.includes(`alerte ${alert.reference} notee comme recue`)),
      3000,
    );
    // both reporters hear back once, discreetly
    for (const r of [reporterA, reporterB]) {
      const texts = await eventually(async () => {
        const t = await inbox(gw, r);
        return t.some((x) => x.includes('pris en charge')) ? t : undefined;
      }, 3000);
      expect(texts.filter((x) => x.includes('pris en charge'))).toHaveLength(1);
      expect(texts.join(' ')).not.toMatch(/foncier|champ|COFO/i);
    }

    // a repeated OK is a no-op; the Bambara word for yes works too
    await sms(gw, COFO_DJENNE, `awo ${alert.reference}`);
    await eventually(async () => (await inbox(gw, COFO_DJENNE)).some((t) => t.includes('deja prise en charge')), 3000);

    // a forged answer from an unknown number and one from another committee's focal point change nothing
    const stranger = uniquePhone();
    await sms(gw, stranger, `FIN ${alert.reference} c'est fini`);
    await sms(gw, CCS_KORO, `FIN ${alert.reference}`);
    await eventually(async () => (await inbox(gw, stranger)).some((t) => t.includes("n'est pas enregistre")), 3000);
    await eventually(async () => (await inbox(gw, CCS_KORO)).some((t) => t.includes('ne concerne pas votre comite')), 3000);
    expect((await gw.rt.db.prisma.alert.findUnique({ where: { id: alert.id } }))?.state).toBe('acknowledged');

    await sms(gw, COFO_DJENNE, `VRAI ${alert.reference}`);
    // Two SMS from one number are two intake jobs that may run side by side: answer as a person does, after the first took effect.
    await eventually(
      async () => (await gw.rt.db.prisma.alert.findUnique({ where: { id: alert.id } }))?.state === 'confirmed',
      3000,
    );
    await sms(gw, COFO_DJENNE, `FIN ${alert.reference} les chefs de village ont fixe un couloir de passage`);
    const resolved = await eventually(async () => {
      const a = await gw.rt.db.prisma.alert.findUnique({ where: { id: alert.id } });
      return a?.state === 'resolved' ? a : undefined;
    }, 3000);
    expect(resolved.resolutionNote).toBe('les chefs de village ont fixe un couloir de passage');
    await eventually(async () => (await inbox(gw, reporterA)).some((t) => t.includes('une reponse a ete apportee')), 3000);

    const detail = await api(gw).get(`/api/alerts/${alert.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.incident).toMatchObject({ reportCount: 3, reporterCount: 2 });
    expect(detail.body.timeline.map((e: { action: string; to: string }) => `${e.action}:${e.to}`)).toEqual([
      'create:sent',
      'severity_raised:sent',
      'acknowledge:acknowledged',
      'reply_refused:acknowledged',
      'confirm:confirmed',
      'resolve:resolved',
    ]);
    expect(detail.body.timeline[2].actor).toMatch(/^focal_point:/);
    expect(detail.body.timeline[2].channel).toBe('sms:africastalking');
    expect(detail.body.allowedActions).toEqual([]);
  });

  it('names the village the reporter wrote, beside its commune', async () => {
    const since = new Date();
    await sms(gw, uniquePhone(), 'vol de betail a Ogossagou Peulh, Bankass, 40 boeufs emportes');
    const alert = await alertFor(gw, 'CCS de Bankass', since);
    const text = `ALERTE Vol de betail - Ogossagou-Peulh, Bankass: 1 signalement. ${replies(alert.reference)}`;
    await eventually(async () => (await inbox(gw, CCS_BANKASS)).includes(text), 3000);
  });

  it('lets a coordinator move an alert through the API, refusing invalid transitions with a reason', async () => {
    const since = new Date();
    await sms(gw, uniquePhone(), 'vol de betail a Djenne, 30 vaches emportees par des bandits');
    const alert = await alertFor(gw, 'CCS de Djenné', since);
    const refused = await api(gw).post(`/api/alerts/${alert.id}/transitions`, { action: 'escalate' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('reason');
    const ok = await api(gw).post(`/api/alerts/${alert.id}/transitions`, {
      action: 'acknowledge',
      reason: 'called the focal point by phone',
    });
    expect(ok.body).toMatchObject({ changed: true, state: 'acknowledged' });
    const again = await api(gw).post(`/api/alerts/${alert.id}/transitions`, { action: 'acknowledge', reason: 'again' });
    expect(again.body).toMatchObject({ changed: false, state: 'acknowledged' });
    const bad = await api(gw).post(`/api/alerts/${alert.id}/transitions`, { action: 'expire', reason: 'test' });
    expect(bad.status).toBe(409);
    expect(bad.body.error.message).toMatch(/cannot expire an alert that is acknowledged/);
    const unknown = await api(gw).post(`/api/alerts/${alert.id}/transitions`, { action: 'teleport', reason: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/one of acknowledge, confirm/);
    const detail = await api(gw).get(`/api/alerts/${alert.id}`);
    expect(detail.body.timeline.at(-1)).toMatchObject({
      action: 'acknowledge',
      actor: 'machine:admin-token',
      channel: 'api',
      reason: 'called the focal point by phone',
    });
  });

  it('lists committees with focal points in order', async () => {
    const res = await api(gw).get('/api/committees');
    const djenne = res.body.items.find((c: { name: string }) => c.name === 'CCS de Djenné');
    expect(djenne).toMatchObject({ type: 'CCS', level: 'commune', coverage: ['ML050303'] });
    expect(djenne.focalPoints.map((f: { role: string; phone: string }) => [f.role, f.phone])).toEqual([
      ['primary', CCS_DJENNE],
      ['backup', '+22370000112'],
    ]);
  });

  it('exports the audit log and detects a tampered row', async () => {
    const before = await api(gw).get('/api/audit/verify');
    expect(before.body, JSON.stringify(before.body)).toMatchObject({ ok: true });
    expect(before.body.entries).toBeGreaterThan(5);
    const exported = await api(gw).get(`/api/audit?since=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`);
    expect(exported.body.items.length).toBe(before.body.entries);
    await expect(
      gw.rt.db.prisma.$executeRawUnsafe(`UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 2`),
    ).rejects.toThrow(/append-only/);
    await gw.rt.db.prisma.$executeRawUnsafe('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await gw.rt.db.prisma.$executeRawUnsafe(`UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 2`);
    await gw.rt.db.prisma.$executeRawUnsafe('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    const after = await api(gw).get('/api/audit/verify');
    expect(after.body).toMatchObject({ ok: false, seq: '2' });
    expect(after.body.problem).toMatch(/changed/);
  });
});

describe('escalation on silence', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // severity 2 waits 240 min; scaled by 0.00005 that is 0.72 s per level
    gw = await startGateway({ env: { ESCALATION_TIME_SCALE: '0.00005' } });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('goes to the backup, then the cercle, the region and the coordination, then expires; never twice', async () => {
    const since = new Date();
    await sms(gw, uniquePhone(), 'des hommes armes sur des motos ont installe un barrage a Bankass');
    const alert = await alertFor(gw, 'CCS de Bankass', since);
    const done = await eventually(
      async () => {
        const a = await gw.rt.db.prisma.alert.findUnique({ where: { id: alert.id } });
        return a?.state === 'expired' ? a : undefined;
      },
      15_000,
      100,
    );
    expect(done.escalationLevel).toBe(5);
    const detail = await api(gw).get(`/api/alerts/${alert.id}`);
    const steps = detail.body.timeline.map((e: { action: string; reason: string }) => `${e.action}: ${e.reason}`);
    expect(steps).toEqual([
      'create: sent to CCS de Bankass',
      'escalate: no acknowledgement within 0.7 s: sent to the backup of CCS de Bankass',
      'escalate: no acknowledgement within 0.7 s: sent to CCS du cercle de Bankass',
      'escalate: no acknowledgement within 0.7 s: sent to CCS régional de Mopti',
      'escalate: no acknowledgement within 0.7 s: sent to Secrétariat national de coordination',
      'expire: no answer after every escalation level (0.7 s each)',
    ]);
    for (const phone of ['+22370000121', '+22370000122', '+22370000321', '+22370000501', '+22370000900']) {
      const texts = (await inbox(gw, phone)).filter((t) => t.includes(alert.reference));
      expect(texts, phone).toHaveLength(1);
    }
    const escalated = (await inbox(gw, '+22370000122')).find((t) => t.includes(alert.reference));
    expect(escalated).toMatch(/^RELANCE /);
  });

  it('stops escalating once the focal point answers', async () => {
    const since = new Date();
    await sms(gw, uniquePhone(), 'vol de betail a Niono, un troupeau emporte vers la brousse');
    const alert = await alertFor(gw, 'CCS de Niono', since);
    await sms(gw, '+22370000141', `OK ${alert.reference}`);
    await eventually(
      async () => (await gw.rt.db.prisma.alert.findUnique({ where: { id: alert.id } }))?.state === 'acknowledged',
      3000,
    );
    await new Promise((r) => setTimeout(r, 2000));
    const a = await gw.rt.db.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(a.state).toBe('acknowledged');
    expect(a.escalationLevel).toBeLessThanOrEqual(1);
  });
});

describe('an escalation fired late', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('says in the timeline how long the focal point really waited, not the nominal delay', async () => {
    const since = new Date();
    await sms(gw, uniquePhone(), 'des hommes armes sur des motos ont installe un barrage a Bankass');
    const alert = await alertFor(gw, 'CCS de Bankass', since);
    expect(alert.severity).toBe(2); // waits 4 h
    // the gateway was down: sent 6 h ago, its check due 2 h ago, and the delayed job fires only now
    const hour = 3_600_000;
    await gw.rt.db.prisma.alert.update({
      where: { id: alert.id },
      data: { createdAt: new Date(Date.now() - 6 * hour), nextEscalationAt: new Date(Date.now() - 2 * hour) },
    });
    const job = await eventually(() => gw.rt.container.producer.queues.escalation.getJob(`esc-${alert.id}-1`), 3000);
    await job.promote();
    await eventually(
      async () => (await gw.rt.db.prisma.alert.findUnique({ where: { id: alert.id } }))?.escalationLevel === 1,
      5000,
    );
    const detail = await api(gw).get(`/api/alerts/${alert.id}`);
    const steps = detail.body.timeline.map((e: { action: string; reason: string }) => `${e.action}: ${e.reason}`);
    expect(steps).toEqual([
      'create: sent to CCS de Bankass',
      'escalate: no acknowledgement for 6 h (due after 4 h; fired 2 h late): sent to the backup of CCS de Bankass',
    ]);
  });
});

describe('escalation survives a restart', () => {
  it('fires after the gateway and its Redis were lost, because the sweeper finds the overdue alert', async () => {
    const { startEmbeddedRedis } = await import('../src/embedded/redis-server.ts');
    const { createTestDatabase } = await import('./helpers/database.ts');
    const database = await createTestDatabase();
    let redis = await startEmbeddedRedis();
    // severity 2 waits 240 min; scaled by 0.0002 that is 2.9 s
    const env = { ESCALATION_TIME_SCALE: '0.0002', QUEUE_PREFIX: 'restart', PHONE_KEY: 'ab'.repeat(32) };
    let gw = await startGateway({ database, redisUrl: redis.url, env });
    try {
      const since = new Date();
      await sms(gw, uniquePhone(), 'des hommes armes circulent a moto autour de Macina');
      const alert = await alertFor(gw, 'CCS de Macina', since);
      // the process dies and Redis loses its delayed jobs before the escalation is due
      await gw.stop();
      await redis.stop();
      redis = await startEmbeddedRedis();
      gw = await startGateway({ database, redisUrl: redis.url, env });
      const escalated = await eventually(
        async () => {
          const a = await gw.rt.db.prisma.alert.findUnique({ where: { id: alert.id } });
          return a && a.escalationLevel >= 1 ? a : undefined;
        },
        10_000,
        100,
      );
      expect(escalated.state).toBe('escalated');
      const backup = (await inbox(gw, '+22370000152')).filter((t) => t.includes(alert.reference));
      expect(backup).toHaveLength(1);
      const timeline = await gw.rt.db.prisma.auditEntry.findMany({ where: { entityId: alert.id, action: 'escalate' } });
      expect(timeline.filter((e) => (e.details as { level: number }).level === 1)).toHaveLength(1);
    } finally {
      await gw.stop();
      await redis.stop();
      await database.drop();
    }
  });
});
