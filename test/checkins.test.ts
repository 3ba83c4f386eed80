// Check-ins as a focal point and a coordinator live them: RAS by SMS is stored, confirmed and listed by
// GET /api/checkins (number masked, region-scoped); a committee that misses its check-in gets one reminder
// SMS (once per silence, however often the sweep runs) and shows as silent on the committees page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, sms } from './helpers/alerts.ts';
import { postSms } from './helpers/africastalking.ts';
import { login, makeUser } from './helpers/dashboard.ts';
import { eventually, startGateway, uniqueId, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { apiAs } from './helpers/tokens.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const DAY = 86_400_000;

async function committee(name: string, place: string, phone: string, checkinDays?: number) {
  const res = await apiAs(gw, 'machine').post('/api/committees', {
    name,
    type: 'CCS',
    coverage: [place],
    focalPoints: [{ name: `PF ${name}`, phone, language: 'fr' }],
    ...(checkinDays ? { checkinDays } : {}),
    reason: 'test',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; checkinDays: number };
}

describe('RAS from a focal point', () => {
  it('is stored, confirmed by SMS, and listed by GET /api/checkins with the number masked', async () => {
    const phone = uniquePhone();
    const c = await committee('CCS de Sangha', 'ML050117', phone, 3);
    expect(c.checkinDays).toBe(3);
    const id = uniqueId();
    expect((await postSms(gw, { from: phone, text: 'RAS', id })).status).toBe(200);
    expect((await postSms(gw, { from: phone, text: 'RAS', id })).status).toBe(200); // the provider's retry

    const listed = await eventually(async () => {
      const res = await apiAs(gw, 'machine').get('/api/checkins');
      expect(res.status).toBe(200);
      return (res.body.items as { committee: { id: string } }[]).filter((k) => k.committee.id === c.id).length > 0 && res.body;
    });
    const mine = (listed.items as Record<string, any>[]).filter((k) => k.committee.id === c.id); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(mine).toHaveLength(1);
    expect(mine[0]!.committee).toMatchObject({ name: 'CCS de Sangha', type: 'CCS', pcode: 'ML050117' });
    expect(mine[0]!.focalPoint.name).toBe('PF CCS de Sangha');
    expect(mine[0]!.focalPoint.masked).toMatch(/•/);
    expect(JSON.stringify(listed)).not.toContain(phone.slice(4));
    expect(Date.parse(mine[0]!.at)).toBeGreaterThan(Date.now() - 60_000);

    const texts = await eventually(async () => {
      const t = await inbox(gw, phone);
      return t.some((x) => x.includes('RAS bien recu pour CCS de Sangha')) && t;
    });
    expect(texts.filter((x) => x.includes('RAS bien recu'))).toHaveLength(1);
    expect(texts[texts.length - 1]).toContain('Prochain point dans 3 jours');
    // a check-in is not a report
    const inbound = await gw.rt.db.prisma.inboundMessage.findFirstOrThrow({
      where: { providerId: id },
      include: { report: true },
    });
    expect(inbound.report).toBeNull();
  });

  it('understands the local words, and a villager’s RAS stays a report', async () => {
    const phone = uniquePhone();
    const c = await committee('CCS de Borko', 'ML050103', phone);
    await sms(gw, phone, 'Foyi');
    await eventually(async () => (await gw.rt.db.prisma.checkin.count({ where: { committeeId: c.id } })) === 1);

    const villager = uniquePhone();
    const id = uniqueId();
    expect((await postSms(gw, { from: villager, text: 'RAS', id })).status).toBe(200);
    await eventually(async () => (await gw.rt.db.prisma.report.count({ where: { inbound: { providerId: id } } })) === 1);
  });

  it('lists only the committees of a region-limited token’s regions', async () => {
    const phone = uniquePhone();
    const c = await committee('CCS de Dandoli', 'ML050104', phone);
    await sms(gw, phone, 'rien a signaler');
    await eventually(async () => (await gw.rt.db.prisma.checkin.count({ where: { committeeId: c.id } })) === 1);
    const segou = await makeUser(gw, 'coordinator', ['ML04']);
    const mopti = await makeUser(gw, 'viewer', ['ML05']);
    const ids = async (email: string) =>
      ((await apiAs(gw, email).get('/api/checkins')).body.items as { committee: { id: string } }[]).map((k) => k.committee.id);
    expect(await ids(mopti.email)).toContain(c.id);
    expect(await ids(segou.email)).not.toContain(c.id);
  });

  it('takes the cadence through the API, and refuses one out of range naming the field', async () => {
    const c = await committee('CCS de Diamnati', 'ML050105', uniquePhone());
    expect(c.checkinDays).toBe(7);
    const patch = (body: object) =>
      gw.http.patch(`/api/committees/${c.id}`).set('Authorization', `Bearer ${gw.adminToken}`).send(body);
    const bad = await patch({ checkinDays: 0, reason: 'test' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('checkinDays');
    expect(bad.body.error.message).toContain('1 to 90');
    const ok = await patch({ checkinDays: 14, reason: 'every two weeks' });
    expect(ok.status).toBe(200);
    expect(ok.body.checkinDays).toBe(14);
    expect((await patch({ name: 'CCS de Diamnati (commune)', reason: 'renamed' })).body.checkinDays).toBe(14);
  });
});

describe('the cadence on the dashboard', () => {
  it('is set in the committee form, and a bad one comes back with the problem in French', async () => {
    const admin = await makeUser(gw, 'admin');
    const b = await login(gw, admin.email, admin.password);
    expect((await b.get('/committees/new')).text).toMatch(/<input id="c-checkin" name="checkinDays" type="number"[^>]*value="7"/);
    const fields = (days: string) =>
      new URLSearchParams([
        ['_csrf', b.csrf],
        ['name', 'CCS de Bandiagara (commune)'],
        ['type', 'CCS'],
        ['level', 'commune'],
        ['place', 'ML050101'],
        ['checkinDays', days],
        ['fp_id', ''],
        ['fp_name', 'Oumar'],
        ['fp_phone', uniquePhone()],
        ['fp_role', 'primary'],
        ['fp_language', 'fr'],
        ['fp_order', '1'],
        ['reason', 'new committee'],
      ]).toString();
    const post = (days: string) => gw.http.post('/committees').set('Cookie', b.cookie).type('form').send(fields(days));
    const bad = await post('500');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('de 1 à 90');
    expect((await post('14')).status).toBe(303);
    const saved = await gw.rt.db.prisma.committee.findFirstOrThrow({ where: { name: 'CCS de Bandiagara (commune)' } });
    expect(saved.checkinDays).toBe(14);
    expect((await b.get('/committees')).text).toContain('tous les 14 jours');
  });
});

describe('a missed check-in', () => {
  it('gets one reminder SMS to the primary focal point, then shows the committee as silent', async () => {
    const primary = uniquePhone();
    const backup = uniquePhone();
    const res = await apiAs(gw, 'machine').post('/api/committees', {
      name: 'CCS de Bara Sara',
      type: 'CCS',
      coverage: ['ML050102'],
      checkinDays: 2,
      focalPoints: [
        { name: 'Awa', phone: primary, role: 'primary' },
        { name: 'Issa', phone: backup, role: 'backup' },
      ],
      reason: 'test',
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const admin = await makeUser(gw, 'admin');
    const browser = await login(gw, admin.email, admin.password);
    expect((await browser.get('/committees')).text).not.toContain('checkin-silent');

    // Three days without a word: the worker's sweep finds it.
    await gw.rt.db.prisma.committee.update({ where: { id }, data: { createdAt: new Date(Date.now() - 3 * DAY) } });
    const reminders = async (phone: string) =>
      (await inbox(gw, phone)).filter((t) => t.includes('aucun point de CCS de Bara Sara'));
    await eventually(async () => (await reminders(primary)).length === 1, 10_000);
    expect((await reminders(primary))[0]).toContain('repondez RAS');
    // However often the sweep runs, one reminder per silence; the backup is not disturbed.
    expect(await gw.rt.container.checkins.remind()).toBe(0);
    expect(await gw.rt.container.checkins.remind()).toBe(0);
    expect(await reminders(primary)).toHaveLength(1);
    expect(await reminders(backup)).toHaveLength(0);

    const page = (await browser.get('/committees')).text;
    const silent = /<div class="notice" id="checkin-silent"[\s\S]*?<\/div>/.exec(page)?.[0] ?? '';
    expect(silent).toContain('CCS de Bara Sara');
    expect(silent).toContain('un rappel');
    expect(page).toMatch(new RegExp(`<tr data-id="${id}">[\\s\\S]*?data-silent="true"><span class="badge-silent">Silencieux`));

    // RAS ends the silence; the next silence gets its own reminder.
    await sms(gw, primary, 'RAS');
    await eventually(async () => !(await browser.get('/committees')).text.includes('CCS de Bara Sara: dernier signe'));
    expect(await gw.rt.container.checkins.remind(new Date(Date.now() + 3 * DAY))).toBeGreaterThanOrEqual(1);
    expect(await reminders(primary)).toHaveLength(2);
  });
});
