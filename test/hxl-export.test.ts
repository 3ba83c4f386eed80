// The incidents export in HXL, as a humanitarian platform reads it: a second header row of hashtags,
// pseudonymous rows (no number, no text, the place given as the commune even when a village was named),
// and only the incidents within the regions of whoever asks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRows } from '../src/lib/csv.ts';
import { alertFor, sms } from './helpers/alerts.ts';
import { login, makeUser } from './helpers/dashboard.ts';
import { startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { apiAs } from './helpers/tokens.ts';

const HASHTAGS = [
  '#event+id',
  '#date+reported',
  '#adm1+code',
  '#adm1+name',
  '#adm2+code',
  '#adm2+name',
  '#adm3+code',
  '#adm3+name',
  '#sector',
  '#severity',
  '#status',
  '#affected+reports',
  '#affected+reporters',
];

describe('HXL export of incidents', () => {
  let gw: TestGateway;
  const reporter = uniquePhone();
  const text = 'vol de betail a Ogossagou Peulh, Bankass, 40 boeufs emportes';
  let incidentId: string;
  beforeAll(async () => {
    gw = await startGateway();
    const since = new Date();
    await sms(gw, reporter, text);
    const alert = await alertFor(gw, 'CCS de Bankass', since);
    expect(alert.incidentId).toBeTruthy();
    incidentId = alert.incidentId!;
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('has a hashtag row and pseudonymous rows, the village given as its commune (API)', async () => {
    const res = await apiAs(gw, 'machine').get('/api/export/incidents.csv?format=hxl');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/sabali-incidents-.*-hxl\.csv/);
    const rows = csvRows(res.text, ',').map((r) => r.cells);
    expect(rows[1]).toEqual(HASHTAGS);
    expect(rows[0]![0]).toBe('incident_id');
    const row = rows.find((r) => r[0] === incidentId)!;
    expect(row).toBeDefined();
    const cell = (tag: string) => row[HASHTAGS.indexOf(tag)];
    expect(cell('#adm1+code')).toBe('ML05');
    expect(cell('#adm2+code')).toBe('ML0502');
    expect(cell('#adm3+code')).toBe('ML050201');
    expect(cell('#adm3+name')).toBe('Bankass');
    expect(cell('#sector')).toBe('VOL_BETAIL');
    expect(cell('#status')).toBe('open');
    expect(cell('#affected+reports')).toBe('1');
    expect(cell('#affected+reporters')).toBe('1');
    expect(res.text).not.toMatch(/Ogossagou|boeufs|betail a/i);
    expect(res.text).not.toContain(reporter.slice(4));
  });

  it('leaves out incidents outside the regions of a limited user, and refuses an unknown format', async () => {
    const segou = await makeUser(gw, 'coordinator', ['ML04']);
    const theirs = await apiAs(gw, segou.email).get('/api/export/incidents.csv?format=hxl');
    expect(theirs.status).toBe(200);
    expect(theirs.text).toContain('#event+id');
    expect(theirs.text).not.toContain(incidentId);
    const bad = await apiAs(gw, 'machine').get('/api/export/incidents.csv?format=xlsx');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_query', field: 'format' });
    expect(bad.body.error.message).toContain('hxl');
    // the other exports have no hashtags for every column: no HXL there
    const browser = await login(gw, segou.email, segou.password);
    expect((await browser.get('/export/reports.csv?format=hxl')).status).toBe(400);
  });

  it('is on the dashboard export page', async () => {
    const admin = await makeUser(gw, 'admin');
    const browser = await login(gw, admin.email, admin.password);
    const page = await browser.get('/export');
    expect(page.text).toContain('id="download-incidents-hxl"');
    const res = await browser.get('/export/incidents.csv?format=hxl');
    expect(res.status).toBe(200);
    const rows = csvRows(res.text, ',').map((r) => r.cells);
    expect(rows[1]).toEqual(HASHTAGS);
    expect(rows.some((r) => r[0] === incidentId)).toBe(true);
  });
});
