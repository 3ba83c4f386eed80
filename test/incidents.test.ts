// The incident rule as a coordinator sees it: a resolved incident is over, a raised severity hurries
// the escalation, and one incident reaches each person under one reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFor, inbox, sms } from './helpers/alerts.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';

describe('a resolved incident is over', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('a new report from the same place after FIN raises a new alert that the committee receives', async () => {
    const COFO_DJENNE = '+22370000211';
    const start = new Date();
    await sms(gw, uniquePhone(), 'litige foncier a Djenne, les boeufs ont detruit les champs de mil');
    const first = await alertFor(gw, 'COFO de Djenné', start);
    await sms(gw, COFO_DJENNE, `FIN ${first.reference} accord trouve entre les familles`);
    await eventually(
      async () => (await gw.rt.db.prisma.alert.findUnique({ where: { id: first.id } }))?.state === 'resolved',
      5000,
    );

    const since = new Date();
    const reporter = uniquePhone();
    await sms(gw, reporter, 'encore un litige de champ a Djenne entre cultivateurs et eleveurs');
    const second = await alertFor(gw, 'COFO de Djenné', since);
    expect(second.id).not.toBe(first.id);
    expect(second.incidentId).not.toBe(first.incidentId);
    await eventually(async () => (await inbox(gw, COFO_DJENNE)).some((t) => t.includes(second.reference)), 5000);
    await eventually(async () => (await inbox(gw, reporter)).length > 0, 5000);
    const closed = await gw.rt.db.prisma.incident.findUniqueOrThrow({ where: { id: first.incidentId! } });
    expect(closed.reportCount).toBe(1);
  });
});

describe('escalation follows the severity', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // scaled by 0.0005: severity 3 waits 0.45 s, severity 2 waits 7.2 s
    gw = await startGateway({ env: { ESCALATION_TIME_SCALE: '0.0005' } });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('an alert corroborated from severity 2 to 3 escalates after the severity-3 delay', async () => {
    const since = new Date();
    await sms(gw, uniquePhone(), 'litige foncier a Koro, des champs detruits par les troupeaux');
    const alert = await alertFor(gw, 'COFO de Koro', since);
    expect(alert.severity).toBe(2);
    await sms(gw, uniquePhone(), 'conflit de champ a Koro entre eleveurs et agriculteurs, les recoltes sont perdues');
    await eventually(async () => (await gw.rt.db.prisma.alert.findUnique({ where: { id: alert.id } }))?.severity === 3, 5000);
    // Severity 2 would wait 7.2 s; severity 3 escalates well within 5 s of the raise.
    const escalated = await eventually(
      async () => {
        const a = await gw.rt.db.prisma.alert.findUnique({ where: { id: alert.id } });
        return a && a.escalationLevel >= 1 ? a : undefined;
      },
      5000,
      100,
    );
    expect(escalated.state).not.toBe('sent');
  });

  it('a severe incident escalated to the top reaches each person under one reference', async () => {
    const since = new Date();
    await sms(gw, uniquePhone(), 'attaque a Niono, des hommes armes ont tue deux personnes et brule des greniers');
    const commune = await alertFor(gw, 'CCS de Niono', since);
    const region = await alertFor(gw, 'CCS régional de Ségou', since);
    expect(region.incidentId).toBe(commune.incidentId);
    await eventually(
      async () => {
        const states = (await gw.rt.db.prisma.alert.findMany({ where: { incidentId: commune.incidentId } })).map((a) => a.state);
        return states.every((s) => s === 'expired');
      },
      15_000,
      100,
    );
    const sent = await gw.rt.db.prisma.outboundMessage.findMany({
      where: { alertId: { in: [commune.id, region.id] }, purpose: 'alert' },
    });
    const referencesPerPerson = new Map<string, Set<string>>();
    for (const m of sent) referencesPerPerson.set(m.toHash, (referencesPerPerson.get(m.toHash) ?? new Set()).add(m.alertId!));
    expect(sent.length).toBeGreaterThanOrEqual(4); // commune, its backup, the cercle, the region, the coordination
    for (const [person, refs] of referencesPerPerson) expect(refs.size, person).toBe(1);
    // the regional CCS and the coordination each got the incident once
    for (const phone of ['+22370000502', '+22370000900']) {
      expect(
        (await inbox(gw, phone)).filter((t) => t.includes(commune.reference) || t.includes(region.reference)),
        phone,
      ).toHaveLength(1);
    }
  });
});
