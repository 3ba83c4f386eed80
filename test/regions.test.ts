// A coordinator limited to a region (Ségou, ML04) sees and changes only the contacts, prevention
// messages and committees of Ségou: lists leave the rest out, opening one elsewhere is "not found",
// and a write elsewhere is a 403 naming the place. Admins and coordinators of all Mali see everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReference } from '../src/domain/reference.ts';
import { login, makeUser, type Browser } from './helpers/dashboard.ts';
import { startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { apiAs } from './helpers/tokens.ts';

let gw: TestGateway;
let segou: Browser;
let segouEmail: string;
let national: Browser;
let adminId: string;
const api = () => ({
  get: (path: string) => gw.http.get(path).set('Authorization', `Bearer ${gw.adminToken}`),
  post: (path: string, body: unknown) =>
    gw.http
      .post(path)
      .set('Authorization', `Bearer ${gw.adminToken}`)
      .send(body as object),
});

/** An approved message for these zones, as if drafted and approved for a verified incident. */
async function broadcast(zones: string[]) {
  const incident = await gw.rt.db.prisma.incident.create({ data: { category: 'rumour', severity: 1, locationPcode: zones[0]! } });
  return gw.rt.db.prisma.broadcast.create({
    data: {
      reference: newReference('D', 4),
      incidentId: incident.id,
      audience: 'both',
      zones,
      budget: 1000,
      texts: { fr: 'Restez calmes.', bm: 'Aw ye sabali.' },
      draftedById: adminId,
      state: 'approved',
    },
  });
}

beforeAll(async () => {
  gw = await startGateway();
  const a = await makeUser(gw, 'admin');
  adminId = (await gw.rt.db.prisma.user.findUniqueOrThrow({ where: { email: a.email } })).id;
  const s = await makeUser(gw, 'coordinator', ['ML04']);
  segouEmail = s.email;
  segou = await login(gw, s.email, s.password);
  const c = await makeUser(gw, 'coordinator');
  national = await login(gw, c.email, c.password);
});
afterAll(async () => {
  await gw?.stop();
});

describe('contacts within the user’s regions', () => {
  it('lists only Ségou’s contacts to a Ségou coordinator, everyone’s to a national one', async () => {
    expect(
      (
        await api().post('/api/contacts', {
          phone: uniquePhone(),
          name: 'Awa Mopti',
          role: 'radio_host',
          station: 'Radio Jamana',
          zones: ['ML050303'],
          language: 'bm',
        })
      ).status,
    ).toBe(201);
    expect(
      (await api().post('/api/contacts', { phone: uniquePhone(), name: 'Oumar Niono', role: 'subscriber', zones: ['ML0404'] }))
        .status,
    ).toBe(201);
    const page = await segou.get('/contacts');
    expect(page.text).toContain('Oumar Niono');
    expect(page.text).not.toContain('Awa Mopti');
    const all = await national.get('/contacts');
    expect(all.text).toContain('Oumar Niono');
    expect(all.text).toContain('Awa Mopti');
    const viaApi = await api().get('/api/contacts'); // the shared admin token: all of Mali
    expect(viaApi.body.items.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Awa Mopti', 'Oumar Niono']));
  });

  it('refuses to create a contact in Mopti, or to take over a Mopti contact by its number, naming the place', async () => {
    const phone = uniquePhone();
    const created = await segou.post('/contacts', {
      phone,
      name: 'Host',
      role: 'radio_host',
      station: 'Radio Kaoural',
      zones: 'ML050303',
      language: 'ff',
    });
    expect(created.status).toBe(403);
    expect(created.text).toContain('ML050303 est hors de vos régions (ML04)');
    expect(await gw.rt.db.prisma.contact.count({ where: { phoneHash: gw.rt.container.vault.hash(phone) } })).toBe(0);
    // nor made a trusted reporter
    expect(await gw.rt.db.prisma.reporter.count({ where: { phoneHash: gw.rt.container.vault.hash(phone) } })).toBe(0);

    const mopti = uniquePhone();
    expect(
      (await api().post('/api/contacts', { phone: mopti, name: 'Fanta Mopti', role: 'subscriber', zones: ['ML0501'] })).status,
    ).toBe(201);
    const takeover = await segou.post('/contacts', {
      phone: mopti,
      name: 'Fanta',
      role: 'radio_host',
      station: 'X',
      zones: 'ML0404',
      language: 'bm',
    });
    expect(takeover.status).toBe(403);
    expect(takeover.text).toContain('ML0501 est hors de vos régions');
    const kept = await gw.rt.db.prisma.contact.findUniqueOrThrow({ where: { phoneHash: gw.rt.container.vault.hash(mopti) } });
    expect([kept.role, kept.zones]).toEqual(['subscriber', ['ML0501']]);

    expect(
      (await segou.post('/contacts', { phone: uniquePhone(), name: 'Ségou ok', role: 'subscriber', zones: 'ML0404' })).status,
    ).toBe(200);
  });

  it('refuses a whole CSV import with a row in Mopti, before writing any row', async () => {
    const inSegou = uniquePhone();
    const csv = `phone;name;role;station;languages;zones;language\n${inSegou};A;subscriber;;;ML0404;fr\n${uniquePhone()};B;radio_host;Radio Jamana;bm;ML05;bm\n`;
    const res = await segou.post('/contacts/import', { csv });
    expect(res.status).toBe(403);
    expect(res.text).toContain('ML05 est hors de vos régions (ML04)');
    expect(await gw.rt.db.prisma.contact.count({ where: { phoneHash: gw.rt.container.vault.hash(inSegou) } })).toBe(0);
    const ok = await segou.post('/contacts/import', { csv: `phone;role;zones\n${inSegou};subscriber;ML0404\n` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('1 contact(s) créé(s)');
  });
});

describe('prevention messages within the user’s regions', () => {
  it('lists and opens only Ségou’s messages for a Ségou coordinator', async () => {
    const mopti = await broadcast(['ML050303']);
    const niono = await broadcast(['ML0404']);
    const list = await segou.get('/broadcasts');
    expect(list.text).toContain(niono.reference);
    expect(list.text).not.toContain(mopti.reference);
    expect((await segou.get(`/broadcasts/${mopti.id}`)).status).toBe(404);
    expect((await segou.get(`/broadcasts/${niono.id}`)).status).toBe(200);
    const all = await national.get('/broadcasts');
    expect(all.text).toContain(mopti.reference);
    expect((await national.get(`/broadcasts/${mopti.id}`)).status).toBe(200);
    expect((await api().get(`/api/broadcasts/${mopti.reference}`)).status).toBe(200);
  });

  it('refuses to send or cancel a Mopti message, on the dashboard and through the API, naming the place', async () => {
    const mopti = await broadcast(['ML050303']);
    expect((await segou.post(`/broadcasts/${mopti.id}/send`, { confirmOverBudget: '1' })).status).toBe(404);
    expect((await segou.post(`/broadcasts/${mopti.id}/cancel`, { reason: 'not ours' })).status).toBe(404);
    const sent = await apiAs(gw, segouEmail).post(`/api/broadcasts/${mopti.id}/send`, { confirmOverBudget: true });
    expect(sent.status).toBe(403);
    expect(sent.body.error.message).toContain('ML050303 (outside their regions ML04)');
    const cancelled = await apiAs(gw, segouEmail).post(`/api/broadcasts/${mopti.id}/cancel`, { reason: 'not ours' });
    expect(cancelled.status).toBe(403);
    expect((await gw.rt.db.prisma.broadcast.findUniqueOrThrow({ where: { id: mopti.id } })).state).toBe('approved');
    expect(await gw.rt.db.prisma.outboundMessage.count({ where: { broadcastId: mopti.id } })).toBe(0);

    const both = await broadcast(['ML0404', 'ML050303']); // seen (it reaches Ségou), not changed (it reaches Mopti)
    expect((await segou.get(`/broadcasts/${both.id}`)).text).toContain('id="broadcast-state"');
    const refused = await segou.post(`/broadcasts/${both.id}/cancel`, { reason: 'not only ours' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('ML050303');
    expect((await gw.rt.db.prisma.broadcast.findUniqueOrThrow({ where: { id: both.id } })).state).toBe('approved');
  });
});

describe('committees within the user’s regions', () => {
  it('lists Ségou’s and the national committees only, with masked numbers, to a Ségou coordinator', async () => {
    const committees = await gw.rt.db.prisma.committee.findMany({ include: { focalPoints: true } });
    const outside = committees.find((c) => c.pcode !== 'ML' && !c.pcode.startsWith('ML04'))!;
    expect(outside).toBeTruthy();
    const page = await segou.get('/committees');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(outside.name);
    const viaApi = await api().get('/api/committees');
    expect(viaApi.body.items.map((c: { name: string }) => c.name)).toContain(outside.name);
  });
});
