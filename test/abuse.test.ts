// Floods do not discredit the committees: one number sending hundreds of reports is stored and
// flagged without raising hundreds of alerts, and many new numbers sending the same text are shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSms } from './helpers/africastalking.ts';
import { eventually, startGateway, uniqueId, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const post = (from: string, text: string, id = uniqueId()) => postSms(gw, { from, text, id });
const api = (path: string) => gw.http.get(path).set('Authorization', `Bearer ${gw.adminToken}`);

describe('abuse resistance', () => {
  it('stores and flags 500 reports from one number in a minute, without 500 alerts or 500 replies', async () => {
    const flooder = uniquePhone();
    const places = ['Djenne', 'Koro', 'Bankass', 'Niono', 'Macina'];
    const kinds = ['vol de betail', 'hommes armes', 'attaque', 'conflit foncier champ', 'recrutement des jeunes'];
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const n = batch * 50 + i;
          const id = uniqueId();
          ids.push(id);
          return post(flooder, `${kinds[n % 5]} a ${places[Math.floor(n / 5) % 5]} message ${n}`, id);
        }),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
    }
    const reports = await eventually(
      async () => {
        const rows = await gw.rt.db.prisma.report.findMany({
          where: { inbound: { providerId: { in: ids } } },
          select: { id: true, flags: true, routedAt: true },
        });
        return rows.length === 500 && rows.every((r) => r.routedAt) ? rows : undefined;
      },
      60_000,
      250,
    );
    expect(await gw.rt.db.prisma.inboundMessage.count({ where: { providerId: { in: ids } } })).toBe(500);
    const flagged = reports.filter((r) => r.flags.includes('rate_limited'));
    expect(flagged.length).toBeGreaterThanOrEqual(490);
    const alerts = await gw.rt.db.prisma.alert.count({ where: { reportId: { in: reports.map((r) => r.id) } } });
    expect(alerts).toBeLessThanOrEqual(10);
    const replies = await gw.rt.db.prisma.outboundMessage.count({ where: { toHash: gw.rt.container.vault.hash(flooder) } });
    expect(replies).toBeLessThanOrEqual(5);
    const listed = await api('/api/reports?limit=5');
    expect(listed.body.items[0].flags).toContain('rate_limited');
  }, 120_000);

  it('shows a coordinated flood (many new numbers, same text) and raises no alert from it', async () => {
    const text = 'URGENT les dozos vont attaquer le village peul de Bankass ce soir, partagez';
    const ids = Array.from({ length: 8 }, () => uniqueId());
    for (const id of ids) expect((await post(uniquePhone(), text, id)).status).toBe(200);
    const reports = await eventually(async () => {
      const rows = await gw.rt.db.prisma.report.findMany({
        where: { inbound: { providerId: { in: ids } } },
        select: { id: true, flags: true, routedAt: true },
      });
      return rows.length === 8 && rows.every((r) => r.routedAt) ? rows : undefined;
    }, 10_000);
    // the first few look like honest reports; from the fifth new number on, it is a flood
    expect(reports.filter((r) => r.flags.includes('coordinated_flood')).length).toBeGreaterThanOrEqual(4);
    const floods = await api('/api/floods?hours=1');
    expect(floods.status).toBe(200);
    const flood = floods.body.items.find((f: { text: string }) => f.text === text);
    expect(flood).toMatchObject({ numbers: 8, messages: 8 });
    expect(flood.report.location).toMatchObject({ name: 'Bankass' });
  });
});

describe('menu reports are not floods', () => {
  it('six neighbours choosing the same USSD answers corroborate instead of being flagged', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await gw.rt.container.intake.accept(
        'africastalking-ussd',
        {
          providerId: uniqueId('ATUid_'),
          from: uniquePhone(),
          fromIsNumber: true,
          to: '*384*123#',
          text: 'USSD: Vol de betail, Koro, grave, en cours',
          receivedAt: new Date(),
          linkId: null,
          networkCode: null,
        },
        ['ussd'],
        { category: 'VOL_BETAIL', severity: 2, pcode: 'ML050512', language: 'fr' },
      );
      ids.push(r.id);
    }
    const reports = await eventually(async () => {
      const rows = await gw.rt.db.prisma.report.findMany({
        where: { inboundId: { in: ids } },
        select: { flags: true, routedAt: true },
      });
      return rows.length === 6 && rows.every((r) => r.routedAt) ? rows : undefined;
    }, 10_000);
    expect(reports.every((r) => !r.flags.includes('coordinated_flood'))).toBe(true);
  });
});

describe('per-IP limits on the API and the login', () => {
  it('answers 429 with a clear message past the limit, before even checking the token', async () => {
    const limited = await startGateway({ env: { API_RATE_PER_MINUTE: '20' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 25; i++)
        codes.push(
          (
            await limited.http
              .get('/api/reports')
              .set('Authorization', i % 2 ? `Bearer ${limited.adminToken}` : 'Bearer wrong-token-guess')
          ).status,
        );
      expect(codes.slice(0, 20).every((c) => c === 200 || c === 401)).toBe(true);
      expect(codes.slice(20)).toEqual([429, 429, 429, 429, 429]);
      const res = await limited.http.get('/api/reports').set('Authorization', `Bearer ${limited.adminToken}`);
      expect(res.body.error).toMatchObject({ code: 'too_many_requests' });
    } finally {
      await limited.stop();
    }
  });
});

describe('per-IP limit on the dashboard login', () => {
  it('answers 429 with a clear page past the limit', async () => {
    const limited = await startGateway({ env: { LOGIN_ATTEMPTS_PER_15_MIN: '3' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await limited.http.post('/login').type('form').send('email=a%40b.ml&password=wrong-password')).status);
      expect(codes.slice(0, 3).every((c) => c !== 429)).toBe(true);
      expect(codes[3]).toBe(429);
      const page = await limited.http.post('/login').type('form').send('email=a%40b.ml&password=x');
      expect(page.text).toContain('Trop de tentatives depuis cette adresse');
    } finally {
      await limited.stop();
    }
  });
});
