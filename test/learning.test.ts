// The classifier in the running gateway: a report without a place is asked "where?" and completed by
// the answer; coordinators' corrections retrain the model without a code change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAGE_THRESHOLD } from '../src/classify/index.ts';
import { postSms } from './helpers/africastalking.ts';
import { eventually, startGateway, uniqueId, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const sms = async (from: string, text: string) => {
  const id = uniqueId();
  expect((await postSms(gw, { from, text, id })).status).toBe(200);
  return id;
};
const inbox = async (phone: string) =>
  (
    await gw.rt.db.prisma.outboundMessage.findMany({
      where: { toHash: gw.rt.container.vault.hash(phone) },
      orderBy: { createdAt: 'asc' },
    })
  ).map((m) => m.text);

describe('asking the reporter where it happened', () => {
  it("asks in the reporter's language, and the answer routes the report to that commune's committee", async () => {
    const reporter = uniquePhone();
    const id = await sms(reporter, 'des hommes armes ont attaque le village cette nuit, il y a des blesses');
    const report = await eventually(
      async () => gw.rt.db.prisma.report.findFirst({ where: { inbound: { providerId: id }, routedAt: { not: null } } }),
      3000,
    );
    expect(report.locationPcode).toBeNull();
    expect(report.flags).toContain('awaiting_place');
    // nobody is left without the alert meanwhile: the national coordination has it
    expect(await gw.rt.db.prisma.alert.count({ where: { reportId: report.id, committee: { type: 'COORDINATION' } } })).toBe(1);
    const question = await eventually(async () => (await inbox(reporter)).find((t) => t.includes('Ou cela se passe')), 3000);
    expect(question).toContain(report.reference);

    await sms(reporter, 'a Koro');
    const completed = await eventually(async () => {
      const r = await gw.rt.db.prisma.report.findUnique({
        where: { id: report.id },
        include: { alerts: { include: { committee: true } } },
      });
      return r?.locationPcode === 'ML050512' && r.alerts.some((a) => a.committee.name === 'CCS de Koro') ? r : undefined;
    }, 5000);
    expect(completed.flags).not.toContain('awaiting_place');
    expect(await inbox(reporter)).toEqual(expect.arrayContaining([expect.stringContaining('lieu note pour la ref')]));
    // the answer itself is not a new report
    expect(await gw.rt.db.prisma.report.count({ where: { reporter: { phoneHash: gw.rt.container.vault.hash(reporter) } } })).toBe(
      1,
    );
  });

  it("names the village of the answer in the alert to that commune's committee", async () => {
    const reporter = uniquePhone();
    const id = await sms(reporter, 'des hommes armes ont brule des greniers cette nuit, il y a des blesses');
    await eventually(async () => (await inbox(reporter)).find((t) => t.includes('Ou cela se passe')), 3000);
    await sms(reporter, 'a Ogossagou Peulh');
    const alert = await eventually(
      async () =>
        gw.rt.db.prisma.alert.findFirst({
          where: { report: { inbound: { providerId: id } }, committee: { name: 'CCS de Bankass' } },
        }),
      5000,
    );
    const ref = alert.reference;
    const text = `URGENCE Attaque - Ogossagou-Peulh, Bankass: 1 signalement. Repondez OK ${ref}, VRAI ${ref}, FAUX ${ref} ou FIN ${ref}`;
    await eventually(async () => (await inbox('+22370000121')).includes(text), 3000);
  });

  it('asks a Bambara reporter in Bambara', async () => {
    const reporter = uniquePhone();
    await sms(reporter, 'sonyalikɛlaw ye an ka misiw ta su fɛ');
    const question = await eventually(async () => (await inbox(reporter)).find((t) => t.includes('A kera min')), 3000);
    expect(question).toMatch(/^Sabali: i ka cikan sera/);
  });
});

describe('learning from corrections', () => {
  it('retrains from labelled examples stored by triage, without a code change', async () => {
    const text = 'wuluwulu a Niono hier soir';
    const before = gw.rt.container.classifier.classify(text);
    expect(before.category).not.toBe('VOL_BETAIL');
    for (const place of ['Koro', 'Macina', 'Bankass', 'Djenne', 'Mopti', 'Segou']) {
      await gw.rt.db.prisma.labelledExample.create({
        data: {
          text: `wuluwulu a ${place} cette nuit, ils ont tout pris`,
          category: 'VOL_BETAIL',
          severity: 2,
          language: 'fr',
          pcode: null,
          source: 'correction',
          correctedBy: 'user:test',
        },
      });
    }
    // The workers' sweep may retrain first; either way, once done, nothing new means no retraining.
    await gw.rt.container.classifier.refresh();
    expect(await gw.rt.container.classifier.refresh()).toBe(false);
    expect(gw.rt.container.classifier.classify(text).category).toBe('VOL_BETAIL');
    expect(gw.rt.container.classifier.name()).toBe('model-v2+6');
  });
});

describe('the triage list through the API', () => {
  it('lists what the classifier was unsure of; a correction fixes the report, routes it and teaches the model', async () => {
    const reporter = uniquePhone();
    const id = await sms(reporter, 'gbagbaga ka jiri a Macina');
    const report = await eventually(
      async () => gw.rt.db.prisma.report.findFirst({ where: { inbound: { providerId: id }, routedAt: { not: null } } }),
      3000,
    );
    const api = (path: string) => gw.http.get(path).set('Authorization', `Bearer ${gw.adminToken}`);
    const listed = await api('/api/triage?limit=200');
    expect(listed.status).toBe(200);
    const item = listed.body.items.find((i: { id: string }) => i.id === report.id);
    expect(item).toMatchObject({ reference: report.reference, text: 'gbagbaga ka jiri a Macina' });
    expect(item.confidence).toBeLessThan(TRIAGE_THRESHOLD);

    const bad = await gw.http
      .post(`/api/reports/${report.id}/correction`)
      .set('Authorization', `Bearer ${gw.adminToken}`)
      .send({ category: 'PILLAGE', severity: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/category/);
    const ok = await gw.http
      .post(`/api/reports/${report.id}/correction`)
      .set('Authorization', `Bearer ${gw.adminToken}`)
      .send({ category: 'RECRUT', severity: 2, pcode: 'ML040305' });
    expect(ok.status).toBe(200);
    const fixed = await gw.rt.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(fixed).toMatchObject({ category: 'RECRUT', severity: 2, locationPcode: 'ML040305' });
    expect(await gw.rt.db.prisma.labelledExample.count({ where: { reportId: report.id } })).toBe(1);
    const after = await api('/api/triage?limit=200');
    expect(after.body.items.find((i: { id: string }) => i.id === report.id)).toBeUndefined();
    // qualified by a person, it is no longer held: routing alerts a committee
    const routed = await eventually(async () => {
      const r = await gw.rt.db.prisma.report.findUniqueOrThrow({ where: { id: report.id }, include: { alerts: true } });
      return r.alerts.length > 0 ? r : undefined;
    }, 5000);
    expect(routed.flags).not.toContain('triage');
    await gw.rt.container.classifier.refresh(); // or the workers' sweep did it already
    expect(gw.rt.container.classifier.name()).toBe('model-v2+7');
  });
});

describe('selective routing: an unsure report waits for a person', () => {
  const routedReport = (id: string) =>
    eventually(
      async () =>
        gw.rt.db.prisma.report.findFirst({
          where: { inbound: { providerId: id }, routedAt: { not: null } },
          include: { alerts: true },
        }),
      3000,
    );
  const triageList = async () =>
    (await gw.http.get('/api/triage?limit=200').set('Authorization', `Bearer ${gw.adminToken}`)).body.items as { id: string }[];

  it('keeps a low-confidence report in triage and alerts no committee', async () => {
    const reporter = uniquePhone();
    const report = await routedReport(await sms(reporter, 'palabre a Koro'));
    expect(report.confidence).toBeLessThan(TRIAGE_THRESHOLD);
    expect(report.flags).toContain('triage');
    expect(report.alerts).toEqual([]);
    expect(await gw.rt.db.prisma.auditEntry.count({ where: { entityId: report.id, action: 'held' } })).toBe(1);
    expect((await triageList()).map((i) => i.id)).toContain(report.id);
    // the reporter still hears that the report arrived
    await eventually(async () => (await inbox(reporter)).find((t) => t.includes(report.reference)), 3000);
  });

  it('alerts at once on an unsure report with a severity-3 cue, and flags it for triage', async () => {
    const id = await sms(uniquePhone(), 'tirs Youwarou'); // a commune with no open incident: the alert is new
    const report = await eventually(async () => {
      const r = await routedReport(id);
      return r.alerts.length > 0 ? r : undefined;
    }, 5000);
    expect(report).toMatchObject({ category: 'ATTAQUE', severity: 3 });
    expect(report.confidence).toBeLessThan(TRIAGE_THRESHOLD);
    expect(report.flags).toContain('triage_alerted');
    expect(report.flags).not.toContain('triage');
    expect((await triageList()).map((i) => i.id)).toContain(report.id);
  });
});
