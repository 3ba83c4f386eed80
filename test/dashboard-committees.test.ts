// The committees directory edited from the dashboard, as a coordinator would: a committee created by
// typing a place's name gets the next alert there; an ambiguous name comes back with its candidates in
// the dashboard's language; a region-limited coordinator changes only their own region's committees;
// retiring and importing are audited with the user and the reason; numbers are never shown in forms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFor, inbox, sms } from './helpers/alerts.ts';
import { login, makeUser, type Browser } from './helpers/dashboard.ts';
import { startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
let admin: Browser;
let adminId: string;
beforeAll(async () => {
  gw = await startGateway({ env: { SEED_DEMO: 'false' } }); // a real first run: an empty directory
  const u = await makeUser(gw, 'admin');
  admin = await login(gw, u.email, u.password);
  adminId = (await gw.rt.db.prisma.user.findUniqueOrThrow({ where: { email: u.email } })).id;
});
afterAll(async () => {
  await gw?.stop();
});

/** A form with repeated fields (one place or focal point per row), as a browser encodes it. */
function post(b: Browser, path: string, fields: [string, string][]) {
  const body = new URLSearchParams([['_csrf', b.csrf], ...fields]).toString();
  return gw.http.post(path).set('Cookie', b.cookie).type('form').send(body);
}

interface Focal {
  id?: string;
  name: string;
  phone: string;
  role?: 'primary' | 'backup';
  language?: string;
  order?: number;
}
function committeeFields(c: { name: string; type?: string; level?: string; places: string[]; focal: Focal[]; reason: string }) {
  const out: [string, string][] = [
    ['name', c.name],
    ['type', c.type ?? 'CCS'],
    ['level', c.level ?? ''],
    ['reason', c.reason],
  ];
  for (const p of c.places) out.push(['place', p]);
  c.focal.forEach((f, i) =>
    out.push(
      ['fp_id', f.id ?? ''],
      ['fp_name', f.name],
      ['fp_phone', f.phone],
      ['fp_role', f.role ?? (i === 0 ? 'primary' : 'backup')],
      ['fp_language', f.language ?? 'fr'],
      ['fp_order', String(f.order ?? i + 1)],
    ),
  );
  return out;
}

const committee = (name: string) =>
  gw.rt.db.prisma.committee.findFirstOrThrow({ where: { name }, include: { focalPoints: true } });
const auditOf = (id: string, action: string) =>
  gw.rt.db.prisma.auditEntry.findFirstOrThrow({ where: { entity: 'committee', entityId: id, action } });

describe('the committees page of an empty directory', () => {
  it('says so and points to the editor; a viewer reads only', async () => {
    const page = (await admin.get('/committees')).text;
    expect(page).toContain('id="empty-directory"');
    expect(page).toContain('href="/committees/new"');
    expect(page).toContain('id="import-committees"');
    const v = await makeUser(gw, 'viewer');
    const viewer = await login(gw, v.email, v.password);
    const seen = (await viewer.get('/committees')).text;
    expect(seen).toContain('Lecture seule');
    expect(seen).not.toContain('/committees/new');
    expect(seen).not.toContain('id="import-committees"');
    expect((await viewer.get('/committees/new')).status).toBe(403);
    const refused = await post(viewer, '/committees', committeeFields({ name: 'X', places: ['Sangha'], focal: [], reason: 'x' }));
    expect(refused.status).toBe(403);
    expect(await gw.rt.db.prisma.committee.count()).toBe(0);
  });

  it('suggests places as a name is typed, only to a logged-in user', async () => {
    const res = await admin.get('/places/suggest?q=sang').set('X-Requested-With', 'fetch');
    expect(res.status).toBe(200);
    expect(res.body.items).toContainEqual(
      expect.objectContaining({ value: 'Sangha (ML050117)', label: 'commune – Bandiagara, Mopti', pcode: 'ML050117' }),
    );
    const anonymous = await gw.http.get('/places/suggest?q=sang').set('X-Requested-With', 'fetch');
    expect(anonymous.status).toBe(401);
  });
});

describe('creating, changing and retiring from the page', () => {
  it('creates a committee by typing "Sangha"; it is listed and gets the next attack reported there', async () => {
    const res = await post(
      admin,
      '/committees',
      committeeFields({
        name: 'CCS de Sangha',
        places: ['Sangha'],
        focal: [
          { name: 'Awa Guindo', phone: '65 00 00 21', language: 'bm' },
          { name: 'Ousmane Dolo', phone: '65000022' },
        ],
        reason: 'nouveau CCS après le conseil communal',
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/committees?done=created');
    const page = (await admin.get('/committees?done=created')).text;
    expect(page).toContain('Comité créé.');
    expect(page).toMatch(/CCS de Sangha.*Sangha \(Bandiagara\) <small>ML050117<\/small>/s);
    expect(page).not.toContain('id="empty-directory"');
    const c = await committee('CCS de Sangha');
    expect(await auditOf(c.id, 'create')).toMatchObject({
      actor: `user:${adminId}`,
      channel: 'dashboard',
      reason: 'nouveau CCS après le conseil communal',
    });

    const since = new Date();
    await sms(gw, uniquePhone(), 'Attaque a Sangha, des hommes armes ont tire sur le village, 2 morts');
    const alert = await alertFor(gw, 'CCS de Sangha', since);
    expect(alert).toMatchObject({ category: 'ATTAQUE', locationPcode: 'ML050117' });
    expect((await inbox(gw, '+22365000021')).some((t) => t.includes(alert.reference))).toBe(true);
  });

  it.each([
    [
      'fr',
      '',
      /lieu 1 : « bandiagara » peut être Bandiagara \(cercle, ML0501, Mopti\) ou Bandiagara \(commune, ML050101, Bandiagara, Mopti\)/,
    ],
    [
      'en',
      '?lang=en',
      /place 1: &quot;bandiagara&quot; may be Bandiagara \(cercle, ML0501, in Mopti\) or Bandiagara \(commune, ML050101, in Bandiagara, Mopti\)/,
    ],
  ])('shows the candidates of an ambiguous "Bandiagara" (%s), then takes the one picked', async (lang, query, message) => {
    const fields = (place: string) =>
      committeeFields({
        name: `CCS du cercle de Bandiagara (${lang})`,
        places: [place],
        focal: [{ name: 'Hama Tembely', phone: uniquePhone() }],
        reason: 'cercle',
      });
    const res = await post(admin, `/committees${query}`, fields('bandiagara'));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(message);
    // the field's own list offers both, to pick without typing a P-code
    expect(res.text).toContain('<option value="Bandiagara (ML0501)">');
    expect(res.text).toContain('<option value="Bandiagara (ML050101)">');
    expect(res.text).toContain('value="bandiagara"'); // what was typed stays; the number does not
    expect(res.text).not.toMatch(/name="fp_phone"[^>]*value="[^"]/);
    if (query) return; // one committee of this type over the cercle
    const picked = await post(admin, '/committees', fields('Bandiagara (ML0501)'));
    expect(picked.status).toBe(303);
    expect((await committee('CCS du cercle de Bandiagara (fr)')).coverage).toEqual(['ML0501']);
  });

  it('changes the order of the focal points without retyping their numbers', async () => {
    const c = await committee('CCS de Sangha');
    const edit = await admin.get(`/committees/${c.id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('value="Sangha (ML050117)"');
    expect(edit.text).not.toContain('65000021'); // numbers never in a form, not even to an admin
    const [awa, ousmane] = [...c.focalPoints].sort((a, b) => a.rank - b.rank);
    const res = await post(
      admin,
      `/committees/${c.id}`,
      committeeFields({
        name: 'CCS de Sangha',
        places: ['Sangha (ML050117)'],
        focal: [
          { id: awa!.id, name: 'Awa Guindo', phone: '', role: 'backup', language: 'bm', order: 2 },
          { id: ousmane!.id, name: 'Ousmane Dolo', phone: '', role: 'primary', language: 'ff', order: 1 },
        ],
        reason: 'Awa est absente',
      }),
    );
    expect(res.status).toBe(303);
    const listed = await gw.rt.container.committees.get(c.id, (await import('../src/users/roles.ts')).MACHINE);
    expect(listed.focalPoints.map((f) => [f.name, f.role, f.language, f.phone])).toEqual([
      ['Ousmane Dolo', 'primary', 'ff', '+22365000022'],
      ['Awa Guindo', 'backup', 'bm', '+22365000021'],
    ]);
    expect(await auditOf(c.id, 'update')).toMatchObject({ actor: `user:${adminId}`, reason: 'Awa est absente' });
  });

  it('retires a committee with a reason: audited with the user, listed among the retired', async () => {
    const created = await post(
      admin,
      '/committees',
      committeeFields({
        name: 'COFO de Sangha',
        type: 'COFO',
        places: ['Sangha'],
        focal: [{ name: 'A', phone: uniquePhone() }],
        reason: 'x',
      }),
    );
    expect(created.status).toBe(303);
    const c = await committee('COFO de Sangha');
    expect((await post(admin, `/committees/${c.id}/retire`, [['reason', '']])).status).toBe(400);
    const res = await post(admin, `/committees/${c.id}/retire`, [['reason', 'commission dissoute']]);
    expect(res.status).toBe(303);
    expect(await auditOf(c.id, 'retire')).toMatchObject({
      actor: `user:${adminId}`,
      channel: 'dashboard',
      reason: 'commission dissoute',
    });
    expect((await admin.get('/committees')).text).not.toContain('COFO de Sangha');
    expect((await admin.get('/committees?retired=1')).text).toMatch(/id="retired".*COFO de Sangha/s);
    expect((await admin.get(`/committees/${c.id}/edit`)).status).toBe(404);
  });
});

describe('a coordinator of one region', () => {
  it('manages the committees of their region only', async () => {
    const national = await post(
      admin,
      '/committees',
      committeeFields({
        name: 'Coordination nationale',
        type: 'COORDINATION',
        places: ['Mali'],
        focal: [{ name: 'Secrétariat', phone: uniquePhone() }],
        reason: 'x',
      }),
    );
    expect(national.status).toBe(303);
    const u = await makeUser(gw, 'coordinator', ['ML04']);
    const segou = await login(gw, u.email, u.password);
    const nat = await committee('Coordination nationale');
    const sangha = await committee('CCS de Sangha');
    const page = (await segou.get('/committees')).text;
    expect(page).toContain('Coordination nationale'); // seen by all
    expect(page).not.toContain(`/committees/${nat.id}/edit`); // but not offered
    expect(page).not.toContain('CCS de Sangha'); // Mopti: not theirs
    expect((await segou.get(`/committees/${nat.id}/edit`)).status).toBe(403);
    const forced = await post(
      segou,
      `/committees/${nat.id}`,
      committeeFields({ name: 'Coordination nationale', type: 'COORDINATION', places: ['Mali'], focal: [], reason: 'x' }),
    );
    expect(forced.status).toBe(403);
    expect((await post(segou, `/committees/${sangha.id}/retire`, [['reason', 'x']])).status).toBe(404);
    const outside = await post(
      segou,
      '/committees',
      committeeFields({
        name: 'COFO de Sangha bis',
        type: 'COFO',
        places: ['Sangha'],
        focal: [{ name: 'A', phone: uniquePhone() }],
        reason: 'x',
      }),
    );
    expect(outside.status).toBe(403);
    expect(outside.text).toContain('ML050117 est hors de vos régions (ML04)');

    const own = await post(
      segou,
      '/committees',
      committeeFields({
        name: 'CCS de Niono',
        level: 'commune',
        places: ['Niono'],
        focal: [{ name: 'Fatou Coulibaly', phone: '76000031' }],
        reason: 'x',
      }),
    );
    expect(own.status).toBe(303);
    const niono = await committee('CCS de Niono');
    expect(niono.coverage).toEqual(['ML040406']);
    expect((await segou.get('/committees')).text).toContain(`/committees/${niono.id}/edit`);
    const [fatou] = niono.focalPoints;
    const changed = await post(
      segou,
      `/committees/${niono.id}`,
      committeeFields({
        name: 'CCS de Niono',
        places: ['Niono (ML040406)'],
        focal: [{ id: fatou!.id, name: 'Fatou Coulibaly', phone: '', language: 'bm' }],
        reason: 'langue',
      }),
    );
    expect(changed.status).toBe(303);
    expect((await committee('CCS de Niono')).focalPoints[0]).toMatchObject({ language: 'bm' });
    expect((await segou.get('/committees/export.csv')).status).toBe(403);
  });
});

describe('the CSV from the page', () => {
  it('imports a file with one broken line: one committee created, the line rejected with its reason in French', async () => {
    const csv = [
      'nom;type;couverture;nom_point_focal;telephone;role;langue',
      'CCS de Dourou;CCS;Dourou;Amadou Ongoiba;66000041;primary;fr',
      'COFO de Kani-Bonzon;COFO;Kani-Bonzon;Yacouba Dara;pas un numéro;primary;fr',
    ].join('\n');
    const res = await post(admin, '/committees/import', [
      ['csv', csv],
      ['reason', 'annuaire du cercle'],
    ]);
    expect(res.status).toBe(200);
    expect(res.text).toContain('1 comité(s) créé(s), 0 mis à jour, 1 ligne(s) refusée(s).');
    expect(res.text).toMatch(
      /<th scope="row">3<\/th><td>focalPoints\[0\]\.phone : « pas un numéro » n&#39;est pas un numéro de téléphone<\/td>/,
    );
    const dourou = await committee('CCS de Dourou');
    expect(await auditOf(dourou.id, 'create')).toMatchObject({ actor: `user:${adminId}`, reason: 'annuaire du cercle' });
    expect(await gw.rt.db.prisma.committee.count({ where: { name: 'COFO de Kani-Bonzon' } })).toBe(0);
  });

  it('exports the directory for an admin, audited', async () => {
    const res = await admin.get('/committees/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('committees.csv');
    expect(res.text).toContain('"CCS de Dourou";"CCS";"Dourou (ML050108)"');
    const audit = await gw.rt.db.prisma.auditEntry.findFirst({ where: { entity: 'committee', action: 'export' } });
    expect(audit).toMatchObject({ actor: `user:${adminId}`, channel: 'dashboard' });
  });
});
