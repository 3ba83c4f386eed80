import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../domain/taxonomy.ts';
import { allUnits, cercleOf, getUnit } from '../geo/admin.ts';
import { readCsv } from '../geo/csv.ts';
import { translator } from '../i18n/i18n.ts';
import { foldToGsm7, measureSms } from '../sms/encoding.ts';
import { alertText, type AlertTextInput } from './alert-text.ts';

const REPLIES = 'Repondez OK AB12C, VRAI AB12C, FAUX AB12C ou FIN AB12C';

describe('alert SMS text', () => {
  it.each<[string, Omit<AlertTextInput, 'reference'>, string]>([
    [
      'a land dispute in a Djenné village',
      { category: 'FONCIER', severity: 2, pcode: 'ML050303', village: 'Kera', count: 1 },
      `ALERTE Foncier - Kera, Djenné: 1 signalement. ${REPLIES}`,
    ],
    [
      'an attack in Bankass, unanswered',
      { category: 'ATTAQUE', severity: 3, pcode: 'ML050201', village: 'Ogossagou-Peulh', count: 3, kind: 'escalated' },
      `RELANCE URGENCE Attaque - Ogossagou-Peulh, Bankass: 3 signalements, sans reponse. ${REPLIES}`,
    ],
    [
      'cattle theft in Niono, corroborated',
      { category: 'VOL_BETAIL', severity: 3, pcode: 'ML040406', village: "Kouyan-N'Golobala", count: 2, kind: 'update' },
      `MAJ URGENCE Vol de betail - Kouyan-N'Golobala, Niono: 2 signalements independants. ${REPLIES}`,
    ],
    [
      'a rumour with no village',
      { category: 'RUMEUR', severity: 1, pcode: 'ML040406', count: 1 },
      `INFORMATION Rumeur - Niono: 1 signalement. ${REPLIES}`,
    ],
    [
      'a village named as its commune',
      { category: 'ARMES', severity: 2, pcode: 'ML040406', village: 'Niono', count: 4 },
      `ALERTE Hommes armes - Niono: 4 signalements. ${REPLIES}`,
    ],
    [
      'a commune in a cercle of another name',
      { category: 'DEPLACEMENT', severity: 2, pcode: 'ML050201', village: 'Kende', count: 1 },
      `ALERTE Deplacement - Kende, Bankass: 1 signalement. ${REPLIES}`,
    ],
    [
      'no place known',
      { category: 'INTERCOM', severity: 2, pcode: null, count: 1 },
      `ALERTE Tension interco. - lieu inconnu: 1 signalement. ${REPLIES}`,
    ],
  ])('%s', (_, input, expected) => {
    expect(alertText({ ...input, reference: 'AB12C' })).toBe(expected);
  });

  it.each([1, 2, 3])("says severity %i in the dashboard's words", (severity) => {
    const word = translator('fr', 'web')(`severity.${severity}`);
    for (const kind of ['alert', 'escalated', 'update'] as const) {
      const text = alertText({ category: 'FONCIER', severity, pcode: 'ML050303', count: 2, reference: 'AB12C', kind });
      expect(text.toLowerCase()).toContain(`${word} foncier`);
      expect(text).not.toMatch(/grave|URGENT /);
    }
  });

  it.each([
    [1, '1 signalement.'],
    [2, '2 signalements.'],
    [12, '12 signalements.'],
  ] as const)('counts %i report(s) in words that agree', (count, words) => {
    expect(alertText({ category: 'FONCIER', severity: 2, pcode: 'ML050303', count, reference: 'AB12C' })).toContain(words);
  });

  // The longest names in reference/: communes with their cercle, and villages with their commune.
  const admin = allUnits().filter((u) => u.level === 'commune');
  const label = (pcode: string) => {
    const unit = getUnit(pcode)!;
    const cercle = cercleOf(pcode);
    return cercle && cercle.name !== unit.name ? `${unit.name} (cercle ${cercle.name})` : unit.name;
  };
  const longest = <T>(items: T[], length: (t: T) => number, n: number) =>
    [...items].sort((a, b) => length(b) - length(a)).slice(0, n);
  const villages = readCsv(new URL('../../reference/mali-settlements.csv', import.meta.url))
    .filter((v) => getUnit(v.commune_pcode ?? ''))
    .map((v) => ({ pcode: v.commune_pcode!, village: v.name! }));
  const places: { pcode: string | null; village: string | null }[] = [
    ...longest(admin, (u) => label(u.pcode).length, 5).map((u) => ({ pcode: u.pcode, village: null })),
    ...longest(villages, (v) => v.village.length + label(v.pcode).length, 5),
    ...longest(villages, (v) => v.village.length, 5),
    { pcode: 'ML050303', village: 'Gomnikouboye' },
    { pcode: 'ML050201', village: 'Guiwagou-Diaptobe' },
    { pcode: 'ML040406', village: "Kouyan-N'Golobala" },
    { pcode: 'ML0503', village: null },
    { pcode: 'ML05', village: null },
    { pcode: null, village: null },
  ];
  it.each(CATEGORIES.flatMap((c) => places.map((p) => [c, p.village ?? '-', p.pcode ?? '-', p] as const)))(
    '%s in %s (%s) fits one GSM-7 segment, dropping the village first',
    (category, _v, _p, place) => {
      for (const kind of ['alert', 'escalated', 'update'] as const) {
        for (const severity of [1, 2, 3]) {
          const input = { category, severity, ...place, count: 12, reference: 'AXXXX', kind };
          const text = alertText(input);
          expect(foldToGsm7(text)).toBe(text);
          const m = measureSms(text);
          expect(m.encoding).toBe('GSM-7');
          expect(m.segments).toBe(1);
          expect(text).toContain('OK AXXXX, VRAI AXXXX, FAUX AXXXX ou FIN AXXXX');
          if (place.village && !text.includes(foldToGsm7(place.village)))
            expect(text).toBe(alertText({ ...input, village: null }));
        }
      }
    },
  );

  it('names the village of the longest village names when the text has room', () => {
    for (const v of longest(villages, (x) => x.village.length, 5)) {
      expect(alertText({ category: 'FONCIER', severity: 2, ...v, count: 1, reference: 'AB12C' })).toContain(
        foldToGsm7(v.village),
      );
    }
  });
});
