import { describe, expect, it } from 'vitest';
import type { Category } from '../domain/taxonomy.ts';
import { selectCommittees } from './rules.ts';

const committees = [
  { id: 'ccs-djenne', type: 'CCS', pcode: 'ML050201' },
  { id: 'cofo-djenne', type: 'COFO', pcode: 'ML050201' },
  { id: 'ccs-cercle-djenne', type: 'CCS', pcode: 'ML0502' },
  { id: 'vbg-cercle-djenne', type: 'VBG_FOCAL', pcode: 'ML0502' },
  { id: 'ccs-mopti', type: 'CCS', pcode: 'ML05' },
  { id: 'coord-ml', type: 'COORDINATION', pcode: 'ML' },
];
const djenne = ['ML050201', 'ML0502', 'ML05', 'ML'];
const otherCommune = ['ML050202', 'ML0502', 'ML05', 'ML'];
const elsewhere = ['ML010101', 'ML0101', 'ML01', 'ML'];

describe('selectCommittees', () => {
  it.each<[string, Category, string[], string[]]>([
    ['land dispute goes to the commune land commission', 'FONCIER', djenne, ['cofo-djenne']],
    ['intercommunal tension goes to CCS and COFO', 'INTERCOM', djenne, ['ccs-djenne', 'cofo-djenne']],
    ['an attack also goes to the regional CCS at once', 'ATTAQUE', djenne, ['ccs-djenne', 'ccs-mopti']],
    [
      'GBV goes to the women-protection focal point of the cercle and the CCS',
      'VBG',
      djenne,
      ['vbg-cercle-djenne', 'ccs-djenne'],
    ],
    ['a commune with no committee falls back to its cercle', 'ARMES', otherCommune, ['ccs-cercle-djenne']],
    ['a place with no committee at all reaches the national coordination', 'ARMES', elsewhere, ['coord-ml']],
    ['an unknown place (country only) reaches the national coordination', 'VOL_BETAIL', ['ML'], ['coord-ml']],
    ['a non-alert is not routed', 'NON_ALERTE', djenne, []],
    ['AUTRE waits for human triage', 'AUTRE', djenne, []],
  ])('%s', (_label, category, chain, expected) => {
    expect(selectCommittees(category, chain, committees).map((c) => c.id)).toEqual(expected);
  });
});
