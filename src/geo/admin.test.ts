// Admin hierarchy lookups that routing relies on (commune → cercle → region).
import { describe, expect, it } from 'vitest';
import { allUnits, ancestors, cercleOf, getUnit, regionOf } from './admin.ts';

describe('admin units (COD-AB 2021)', () => {
  it('loads 10 regions, 53 cercles and 701 communes, each inside Mali', () => {
    const units = allUnits();
    expect(units.filter((u) => u.level === 'region')).toHaveLength(10);
    expect(units.filter((u) => u.level === 'cercle')).toHaveLength(53);
    expect(units.filter((u) => u.level === 'commune')).toHaveLength(701);
    for (const u of units) {
      expect(u.lat).toBeGreaterThan(10);
      expect(u.lat).toBeLessThan(25.1);
      expect(u.lon).toBeGreaterThan(-12.3);
      expect(u.lon).toBeLessThan(4.3);
    }
  });

  it('gives every commune a cercle and a region', () => {
    for (const u of allUnits().filter((x) => x.level === 'commune')) {
      expect(ancestors(u.pcode).map((a) => a.level)).toEqual(['commune', 'cercle', 'region']);
    }
  });

  it.each([
    ['ML050303', ['ML050303 Djenné', 'ML0503 Djenné', 'ML05 Mopti']],
    ['ML050512', ['ML050512 Koro', 'ML0505 Koro', 'ML05 Mopti']],
    ['ML040406', ['ML040406 Niono', 'ML0404 Niono', 'ML04 Ségou']],
    ['ML0502', ['ML0502 Bankass', 'ML05 Mopti']],
    ['ML05', ['ML05 Mopti']],
    ['ML999999', []],
  ])('ancestors(%s): itself, then cercle, then region', (pcode, chain) => {
    expect(ancestors(pcode).map((u) => `${u.pcode} ${u.name}`)).toEqual(chain);
  });

  it.each([
    ['ML050303', 'ML0503', 'ML05'],
    ['ML0503', 'ML0503', 'ML05'],
    ['ML05', null, 'ML05'],
    ['nope', null, null],
  ])('cercleOf(%s) = %s, regionOf = %s', (pcode, cercle, region) => {
    expect(cercleOf(pcode)?.pcode ?? null).toBe(cercle);
    expect(regionOf(pcode)?.pcode ?? null).toBe(region);
  });

  it('looks units up by P-code', () => {
    expect(getUnit('ML050101')).toMatchObject({ name: 'Bandiagara', level: 'commune', parentPcode: 'ML0501' });
    expect(getUnit('ML05')).toMatchObject({ name: 'Mopti', level: 'region', parentPcode: null });
    expect(getUnit('ML0000')).toBeUndefined();
  });
});
