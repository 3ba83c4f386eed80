// The committees directory as an operator keeps it (API, CSV) and what routing makes of it: a committee
// created by place name gets the next alert there; a retired one gets none; a place without a committee
// alerts the nearest level that has one; with no committee at all, a report waits in triage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFor, inbox, sms } from './helpers/alerts.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ env: { SEED_DEMO: 'false' } }); // a real first run: an empty directory
});
afterAll(async () => {
  await gw?.stop();
});

const auth = { Authorization: '' };
const api = () => {
  auth.Authorization = `Bearer ${gw.adminToken}`;
  return gw.http;
};
const create = (body: Record<string, unknown>) => api().post('/api/committees').set(auth).send(body);
const listed = async () => (await api().get('/api/committees').set(auth)).body.items as { id: string; name: string }[];

const focal = (phone: string, extra: Record<string, unknown> = {}) => ({ name: 'Awa Guindo', phone, role: 'primary', ...extra });

describe('a first run with an empty directory', () => {
  it('keeps a report no committee can receive and puts it in triage with the reason', async () => {
    expect(await listed()).toEqual([]);
    await sms(gw, uniquePhone(), 'des hommes armes a moto sont passes a Dourou ce matin');
    const item = await eventually(async () => {
      const items = (await api().get('/api/triage').set(auth)).body.items as { location: { pcode: string }; reason?: string }[];
      return items.find((i) => i.location?.pcode === 'ML050108');
    }, 10_000);
    expect(item.reason).toMatch(/no committee covers this place/);
    expect(await gw.rt.db.prisma.alert.count()).toBe(0);
  });
});

describe('POST /api/committees', () => {
  it.each([
    [{ coverage: ['Nowhereville'] }, 'coverage[0]', /no place of Mali is called "Nowhereville"/],
    [{ coverage: ['Sangha'], type: 'POLICE' }, 'type', /type: POLICE is not one of CCS/],
    [{ focalPoints: [focal('76 12 34 21'), focal('12', { role: 'backup' })] }, 'focalPoints[1].phone', /"12" is not a phone/],
    [{ focalPoints: [focal('76123421', { language: 'de' })] }, 'focalPoints[0].language', /one of fr, bm, ff, son/],
  ])('%j → 400 naming %s', async (change, field, message) => {
    const res = await create({
      name: 'CCS de test',
      type: 'CCS',
      coverage: ['Sangha'],
      focalPoints: [focal('76123421')],
      ...change,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_committee', field });
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses an ambiguous place with the candidates and their P-codes; the level settles it', async () => {
    const body = {
      name: 'CCS du cercle de Bandiagara',
      type: 'CCS',
      coverage: ['bandiagara'],
      focalPoints: [focal('+22365000001')],
    };
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('coverage[0]');
    expect(res.body.error.candidates.map((c: { pcode: string; level: string }) => [c.pcode, c.level])).toEqual([
      ['ML0501', 'cercle'],
      ['ML050101', 'commune'],
    ]);
    const ok = await create({ ...body, level: 'cercle', reason: 'cercle security committee' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ level: 'cercle', coverage: ['ML0501'] });
  });

  it('creates a committee by place name that receives the next attack reported there', async () => {
    const res = await create({
      name: 'CCS de Sangha',
      type: 'CCS',
      level: 'commune',
      coverage: ['Sanga'],
      focalPoints: [
        focal('65 00 00 11', { language: 'bm' }),
        { name: 'Ousmane Dolo', phone: '+223 65 00 00 12', role: 'backup' },
      ],
      reason: 'new CCS after the communal council',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'CCS de Sangha',
      type: 'CCS',
      coverage: ['ML050117'],
      places: [{ pcode: 'ML050117', name: 'Sangha' }],
      focalPoints: [
        { name: 'Awa Guindo', role: 'primary', language: 'bm', phone: '+22365000011' },
        { name: 'Ousmane Dolo', role: 'backup', language: 'fr', phone: '+22365000012' },
      ],
    });
    expect(await listed()).toContainEqual(res.body);
    // Stored encrypted like every number.
    const stored = await gw.rt.db.prisma.focalPoint.findMany({ where: { committeeId: res.body.id } });
    expect(stored.map((f) => f.phoneEnc).join()).not.toContain('65000011');
    const audit = await gw.rt.db.prisma.auditEntry.findFirst({ where: { entity: 'committee', entityId: res.body.id } });
    expect(audit).toMatchObject({
      action: 'create',
      actor: 'machine:admin-token',
      channel: 'api',
      reason: 'new CCS after the communal council',
    });
    expect(JSON.stringify(audit?.details)).not.toContain('65000011');

    const since = new Date();
    await sms(gw, uniquePhone(), 'Attaque a Sangha, des hommes armes ont tire sur le village, 2 morts');
    const alert = await alertFor(gw, 'CCS de Sangha', since);
    expect(alert).toMatchObject({ category: 'ATTAQUE', locationPcode: 'ML050117' });
    await eventually(async () => (await inbox(gw, '+22365000011')).some((t) => t.includes(alert.reference)));
  });

  it('refuses a second committee of the same type over the same place (409 naming the first)', async () => {
    const res = await create({ name: 'Autre CCS', type: 'CCS', coverage: ['ML050117'], focalPoints: [focal('+22365000099')] });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/Sangha \(ML050117\) already has a CCS: CCS de Sangha/);
  });
});

describe('nearest level and retirement', () => {
  it('alerts the cercle committee for a commune without one, and lists that commune as uncovered', async () => {
    const since = new Date();
    await sms(gw, uniquePhone(), 'des hommes armes a moto sont passes a Dourou ce matin');
    const alert = await alertFor(gw, 'CCS du cercle de Bandiagara', since);
    expect(alert.locationPcode).toBe('ML050108');
    const uncovered = await gw.rt.container.committees.uncovered((await import('../src/users/roles.ts')).MACHINE);
    expect(uncovered.map((u) => u.pcode)).toContain('ML050108');
    expect(uncovered.map((u) => u.pcode)).not.toContain('ML050117');
  });

  it('PATCH changes focal points, their order and languages', async () => {
    const sangha = (await listed()).find((c) => c.name === 'CCS de Sangha')!;
    const res = await api()
      .patch(`/api/committees/${sangha.id}`)
      .set(auth)
      .send({
        focalPoints: [
          { name: 'Ousmane Dolo', phone: '65000012', role: 'primary', language: 'ff' },
          { name: 'Awa Guindo', phone: '65000011', role: 'backup', language: 'bm' },
        ],
        reason: 'Awa is away',
      });
    expect(res.status).toBe(200);
    expect(
      res.body.focalPoints.map((f: { name: string; role: string; language: string }) => [f.name, f.role, f.language]),
    ).toEqual([
      ['Ousmane Dolo', 'primary', 'ff'],
      ['Awa Guindo', 'backup', 'bm'],
    ]);
    expect(res.body.coverage).toEqual(['ML050117']);
  });

  it('a retired committee receives no new alert: the next report goes one level up', async () => {
    const sangha = (await listed()).find((c) => c.name === 'CCS de Sangha')!;
    const res = await api().delete(`/api/committees/${sangha.id}`).set(auth).send({ reason: 'merged into the cercle CCS' });
    expect(res.status).toBe(200);
    expect(res.body.retiredAt).not.toBeNull();
    expect((await listed()).map((c) => c.name)).not.toContain('CCS de Sangha');
    const retired = (await api().get('/api/committees?retired=true').set(auth)).body.items as { name: string }[];
    expect(retired.map((c) => c.name)).toContain('CCS de Sangha');

    const since = new Date();
    await sms(gw, uniquePhone(), 'vol de betail a Sangha cette nuit, 30 vaches emportees');
    const alert = await alertFor(gw, 'CCS du cercle de Bandiagara', since);
    expect(alert).toMatchObject({ category: 'VOL_BETAIL', locationPcode: 'ML050117' });
    expect(await gw.rt.db.prisma.alert.count({ where: { committeeId: sangha.id, createdAt: { gte: since } } })).toBe(0);
    const audit = await gw.rt.db.prisma.auditEntry.findMany({
      where: { entity: 'committee', entityId: sangha.id },
      orderBy: { seq: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'retire']);
  });
});

describe('POST /api/committees/import', () => {
  const importCsv = (csv: string) => api().post('/api/committees/import').set(auth).type('text/csv').send(csv);

  it('creates the good committee and rejects the broken line with its reason', async () => {
    const csv =
      '\uFEFFname;type;coverage;focal_name;focal_phone;focal_role;language\r\n' +
      'COFO de Sangha;COFO;Sangha;Amadou Dolo;66 00 00 21;primary;fr\r\n' +
      'COFO de Dourou;COFO;Dourou;Fanta Kassogué;not a number;primary;bm\r\n';
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      created: 1,
      updated: 0,
      rejected: [{ line: 3, reason: 'focalPoints[0].phone: "not a number" is not a phone number' }],
    });
    expect((await listed()).map((c) => c.name)).toContain('COFO de Sangha');
    expect((await listed()).map((c) => c.name)).not.toContain('COFO de Dourou');
  });

  it('keeps a committee out whole when one of its lines is rejected; commas and quoted places work', async () => {
    const csv =
      'name,type,coverage,focal_name,focal_phone,focal_role,language\n' +
      'COFO du pays dogon,COFO,"Dourou, Wadouba",Ali,66000031,primary,fr\n' +
      'COFO du pays dogon,COFO,,Binta,66000032,backup,xx\n';
    const res = await importCsv(csv);
    expect(res.body.created).toBe(0);
    expect(res.body.rejected).toEqual([
      { line: 2, reason: 'COFO du pays dogon not imported: line 3 rejected' },
      { line: 3, reason: 'focalPoints[1].language: one of fr, bm, ff, son' },
    ]);
  });

  it('takes a committee check-in cadence from a checkin_days column, exports it, and rejects a bad one by line', async () => {
    const csv =
      'name;type;coverage;focal_name;focal_phone;focal_role;language;level;checkin_days\n' +
      'CCS de Dourou;CCS;Dourou;Ali Dolo;66000041;primary;fr;;14\n' +
      'CCS de Wadouba;CCS;Wadouba;Binta Dolo;66000042;primary;fr;;0\n';
    const res = await importCsv(csv);
    expect(res.body.created).toBe(1);
    expect(res.body.rejected).toEqual([{ line: 3, reason: expect.stringMatching(/^checkinDays: /) }]);
    const listedNow = (await api().get('/api/committees').set(auth)).body.items as { name: string; checkinDays: number }[];
    expect(listedNow.find((c) => c.name === 'CCS de Dourou')?.checkinDays).toBe(14);
    const exported = await api().get('/api/committees/export').set(auth);
    expect(exported.text.split('\r\n')[0]).toMatch(/;"?checkin_days"?$/);
    expect(exported.text).toMatch(/"CCS de Dourou";.*;"14"\r\n/);
  });

  it('export → import round-trips (everything updated, nothing rejected)', async () => {
    const exported = await api().get('/api/committees/export').set(auth);
    expect(exported.status).toBe(200);
    expect(exported.text).toContain('"Sangha (ML050117)"');
    const res = await importCsv(exported.text);
    expect(res.body).toEqual({ created: 0, updated: (await listed()).length, rejected: [] });
  });
});
