// The dashboard's pages over HTTP: triage corrections feed labelled examples and route the report,
// CSV exports are safe for spreadsheets and carry no phone number, the map and trends draw from the
// data, admins manage accounts, and the simulator is off unless enabled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, smsCallback } from './helpers/africastalking.ts';
import { login, makeUser, type Browser } from './helpers/dashboard.ts';
import { eventually, startGateway, uniqueId, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
let coord: Browser;
beforeAll(async () => {
  gw = await startGateway({ env: { SIMULATOR_ENABLED: 'true' } });
  const u = await makeUser(gw, 'coordinator');
  coord = await login(gw, u.email, u.password);
});
afterAll(async () => {
  await gw?.stop();
});

async function report(text: string, from = uniquePhone()) {
  const id = uniqueId();
  expect((await gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(form(smsCallback({ from, text, id })))).status).toBe(200);
  return eventually(async () => {
    const inbound = await gw.rt.db.prisma.inboundMessage.findFirst({ where: { providerId: id }, include: { report: true } });
    return inbound?.report?.routedAt ? inbound.report : undefined;
  }, 8000);
}

describe('dashboard pages', () => {
  it('corrects a triage item: labelled example, audit entry, and the report is routed', async () => {
    const r = await report('reunion de reconciliation entre les villages demain a Koro');
    await gw.rt.db.prisma.report.update({ where: { id: r.id }, data: { category: 'AUTRE', confidence: 0.2 } });
    expect((await coord.get('/triage')).text).toContain(r.reference);
    const bad = await coord.post(`/triage/${r.id}`, { category: 'NOPE', severity: '1', place: '' });
    expect(bad.status).toBe(400);
    const unknownPlace = await coord.post(`/triage/${r.id}`, { category: 'INTERCOM', severity: '2', place: 'Atlantis' });
    expect(unknownPlace.status).toBe(400);
    const ok = await coord.post(`/triage/${r.id}`, { category: 'INTERCOM', severity: '2', place: 'Koro' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toContain('routed=1');
    const ex = await gw.rt.db.prisma.labelledExample.findFirstOrThrow({ where: { reportId: r.id } });
    expect(ex).toMatchObject({ category: 'INTERCOM', severity: 2, pcode: 'ML050512', source: 'correction', text: 'reunion de reconciliation entre les villages demain a Koro' });
    expect(ex.correctedBy).toMatch(/^user:/);
    expect(await gw.rt.db.prisma.auditEntry.count({ where: { entity: 'report', entityId: r.id, action: 'corrected' } })).toBe(1);
    await eventually(() => gw.rt.db.prisma.alert.findFirst({ where: { reportId: r.id } }), 8000);
    expect((await coord.get('/triage')).text).not.toContain(`>${r.reference} <`);
  });

  it('exports CSV for a date range: no phone number, formulas defused', async () => {
    const phone = uniquePhone();
    const r = await report('=HYPERLINK("x") vol de betail a Bankass, 12 vaches emportees', phone);
    const today = new Date().toISOString().slice(0, 10);
    const res = await coord.get(`/export/reports.csv?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain(`sabali-reports-${today}-${today}.csv`);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    expect(res.text).toContain(r.reference);
    expect(res.text).toContain(`"'=HYPERLINK(""x"") vol de betail`);
    expect(res.text).not.toContain(phone);
    const old = await coord.get('/export/reports.csv?from=2020-01-01&to=2020-01-31');
    expect(old.text.trim().split('\r\n')).toHaveLength(1);
    const audit = await coord.get(`/export/audit.csv?from=${today}&to=${today}`);
    expect(audit.text).toContain('seq,at,entity');
    expect((await coord.get('/export/passwords.csv')).status).toBe(404);
    const regional = await makeUser(gw, 'coordinator', ['ML04']);
    const rb = await login(gw, regional.email, regional.password);
    expect((await rb.get(`/export/audit.csv?from=${today}&to=${today}`)).status).toBe(403);
    expect((await rb.get(`/export/reports.csv?from=${today}&to=${today}`)).text).not.toContain(r.reference);
  });

  it('draws the map and the trends from the data', async () => {
    await report('des hommes armes ont attaque le village pres de Koro, 2 morts');
    const map = await coord.get('/map?days=7');
    expect(map.status).toBe(200);
    expect(map.text).toMatch(/<svg[^>]+id="map"/);
    expect(map.text).toContain('data-pcode="ML050512"');
    expect(map.headers['content-encoding']).toBe('gzip'); // slow links: pages go compressed
    expect((await coord.get('/map').set('Accept-Encoding', 'identity')).headers['content-encoding']).toBeUndefined();
    const trends = await coord.get('/trends?weeks=4');
    expect(trends.status).toBe(200);
    expect(trends.text).toContain('id="response-times"');
    expect(trends.text).toContain('ATTAQUE');
    expect(trends.text).toContain('Mopti');
  });

  it('lets an admin create and unlock accounts, and no one else', async () => {
    const a = await makeUser(gw, 'admin');
    const admin = await login(gw, a.email, a.password);
    expect((await coord.get('/users')).status).toBe(403);
    const created = await admin.post('/users', { email: 'New.Person@Sabali.test', role: 'coordinator', regions: 'ML05', password: 'long-enough-1' });
    expect(created.status).toBe(200);
    expect(created.text).toContain('new.person@sabali.test');
    expect((await admin.post('/users', { email: 'weak@sabali.test', role: 'viewer', password: 'short' })).status).toBe(400);
    const row = await gw.rt.db.prisma.user.findUniqueOrThrow({ where: { email: 'new.person@sabali.test' } });
    expect(row.regions).toEqual(['ML05']);
    await gw.rt.db.prisma.user.update({ where: { id: row.id }, data: { lockedUntil: new Date(Date.now() + 600_000) } });
    expect((await admin.post('/users/unlock', { email: row.email })).status).toBe(200);
    expect((await gw.rt.db.prisma.user.findUniqueOrThrow({ where: { id: row.id } })).lockedUntil).toBeNull();
    // committees: numbers masked; an admin's reveal is audited
    const page = await coord.get('/committees');
    expect(page.text).toContain('CCS de Koro');
    expect(page.text).not.toContain('+22370000131');
    const fp = await gw.rt.db.prisma.focalPoint.findFirstOrThrow({ where: { committee: { name: 'CCS de Koro' }, rank: 1, active: true } });
    expect((await coord.post('/committees/reveal', { focalPoint: fp.id })).status).toBe(403);
    expect((await admin.post('/committees/reveal', { focalPoint: fp.id })).text).toContain('+22370000131');
    expect(await gw.rt.db.prisma.auditEntry.count({ where: { entity: 'focal_point', entityId: fp.id, action: 'reveal_number' } })).toBe(1);
  });

  it('sends an SMS from the simulator through the real webhook and shows the answers', async () => {
    const phone = uniquePhone();
    const sent = await coord.post('/simulator/sms', { phone, text: 'vol de betail a Niono cette nuit' });
    expect(sent.status).toBe(303);
    const r = await eventually(() => gw.rt.db.prisma.report.findFirst({ where: { reporter: { phoneHash: gw.rt.container.vault.hash(phone) } } }), 8000);
    await eventually(async () => (await coord.get(`/simulator/conversation?phone=${encodeURIComponent(phone)}`)).text.includes(r.reference), 8000);
    const outbox = await coord.get('/simulator/outbox');
    expect(outbox.text).toContain(phone);
    expect((await coord.post('/simulator/sms', { phone: 'not a phone', text: 'x' })).status).toBe(400);
    const dial = await coord.post('/simulator/ussd', { phone, code: '*384*38021#' });
    expect(dial.status).toBe(200);
    expect(dial.text).toMatch(/id="ussd-screen"/);
  });
});

describe('the simulator when it is off', () => {
  it('is not there', async () => {
    const off = await startGateway({ env: { SIMULATOR_ENABLED: 'false' } });
    try {
      const u = await makeUser(off, 'admin');
      const b = await login(off, u.email, u.password);
      expect((await b.get('/simulator')).status).toBe(404);
      expect((await b.get('/')).text).not.toContain('href="/simulator"');
    } finally {
      await off.stop();
    }
  });
});
