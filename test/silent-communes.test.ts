// A commune that usually reports and fell silent is flagged on the map and in trends, with the figures
// behind the flag; a commune keeping its rhythm is not, and a coordinator of another region does not see it.
// The history is written straight into the database with past dates, as months of reports would have left it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeUser, type Browser } from './helpers/dashboard.ts';
import { startGateway, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
let admin: Browser;
const DAY = 86_400_000;
const SILENT = 'ML070101'; // Ansongo (Gao): 63 reports over the 90 days before, none in the last 14
const STEADY = 'ML070102'; // Bara (Gao): the same rhythm, still reporting

async function history(pcode: string, daysAgo: number[]) {
  const prisma = gw.rt.db.prisma;
  const vault = gw.rt.container.vault;
  const rows = daysAgo.map((d) => ({ id: randomUUID(), at: new Date(Date.now() - d * DAY - 3_600_000) }));
  await prisma.inboundMessage.createMany({
    data: rows.map((r) => ({
      id: r.id,
      channel: 'africastalking',
      providerId: `hist-${r.id}`,
      fromHash: vault.hash('+22376000000'),
      fromEnc: vault.encrypt('+22376000000'),
      fromIsNumber: true,
      text: 'vol de betail',
      flags: [],
      state: 'processed' as const,
      receivedAt: r.at,
    })),
  });
  await prisma.report.createMany({
    data: rows.map((r, i) => ({
      reference: `H${pcode.slice(-3)}${String(i).padStart(3, '0')}`,
      inboundId: r.id,
      category: 'VOL_BETAIL',
      severity: 2,
      language: 'fr',
      confidence: 0.9,
      locationPcode: pcode,
      locationLevel: 'commune',
      matched: [],
      classifier: 'history',
      routedAt: r.at,
      createdAt: r.at,
    })),
  });
}

beforeAll(async () => {
  gw = await startGateway();
  const every = (from: number, to: number, step: number) =>
    Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
  await history(SILENT, [...every(15, 103, 2), ...every(16, 43, 2)]); // 45 + 14 = 59 in the baseline, none since
  await history(STEADY, every(1, 103, 2)); // one every other day, the last 14 days too
  const u = await makeUser(gw, 'admin');
  admin = await login(gw, u.email, u.password);
});
afterAll(async () => {
  await gw?.stop();
});

function silentRows(page: string): Map<string, string[]> {
  const table = /<table id="silent-communes"[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
  const rows = new Map<string, string[]>();
  for (const m of table.matchAll(/<tr data-pcode="(\w+)">([\s\S]*?)<\/tr>/g))
    rows.set(
      m[1]!,
      [...m[2]!.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((c) => c[1]!),
    );
  return rows;
}

describe('silent communes', () => {
  it('are flagged on the map, with a dashed marker and the figures behind the flag', async () => {
    const res = await admin.get('/map');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`data-silent="${SILENT}"`);
    expect(res.text).not.toContain(`data-silent="${STEADY}"`);
    const rows = silentRows(res.text);
    expect([...rows.keys()]).toEqual([SILENT]);
    // usual weekly rate 59/90×7 ≈ 4.6, expected 59/90×14 ≈ 9.2, observed 0, p = e^-9.18 < 0.001
    expect(rows.get(SILENT)).toEqual(['4,6', '9,2', '0', '&lt; 0,001']);
    expect(res.text).toContain('Ansongo');
    expect(res.text).toContain('D&#39;habitude environ 4,6 signalements par semaine : 9,2 attendus sur 14 jours, 0 reçus.');
  });

  it('are listed in trends too, in English with ?lang=en', async () => {
    const res = await admin.get('/trends?lang=en');
    expect(res.status).toBe(200);
    expect([...silentRows(res.text).keys()]).toEqual([SILENT]);
    expect(res.text).toContain('Usually about 4.6 reports a week: 9.2 expected in 14 days, 0 received.');
    expect(res.text).toMatch(/<svg [^>]*id="chart-weekly" role="img"/);
  });

  it('stay within the regions of a region-limited coordinator', async () => {
    const u = await makeUser(gw, 'coordinator', ['ML05']);
    const mopti = await login(gw, u.email, u.password);
    const res = await mopti.get('/map');
    expect(res.text).not.toContain(`data-silent="${SILENT}"`);
    expect(res.text).toContain('id="silent-communes-none"');
  });
});
