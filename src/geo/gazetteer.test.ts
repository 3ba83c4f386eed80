// Place names as people spell them meet the reference names: keys, one-letter slips, villages and their communes.
import { describe, expect, it } from 'vitest';
import { nameKey, placeKey } from './fold.ts';
import { adminNamed, adminNear, oneEditApart, villagesNamed } from './gazetteer.ts';

describe('nameKey', () => {
  it.each([
    [['Djenné', 'Djenne', 'Dienné', 'Jenne', 'Jɛnɛ', 'DJENNE'], 'jene'],
    [['Bandiagara', 'Bandjagara', 'Bandiagarra'], 'banjagara'],
    [['Macina', 'Massina'], 'masina'],
    [['Tombouctou', 'Tombuctu'], 'tombuktu'],
    [['Ségou', 'Segu', 'SEGOU'], 'segu'],
    [["N'gara", 'N gara'], 'n gara'],
    [['Ogossagou-Peulh'], 'ogosagu peulh'],
  ])('%j → %s', (names, key) => {
    for (const n of names) expect(nameKey(n)).toBe(key);
  });

  it('placeKey works on folded words', () => {
    expect(placeKey('dienne')).toBe('jene');
  });
});

describe('oneEditApart', () => {
  it.each([
    ['teneku', 'tenenku', true], // a letter missing
    ['asongo', 'ansongo', true],
    ['tomboktu', 'tombuktu', true], // a letter changed
    ['kroo', 'koro', true], // two letters swapped
    ['koro', 'koro', false],
    ['sio', 'sioro', false],
  ])('%s / %s → %s', (a, b, near) => {
    expect(oneEditApart(a, b)).toBe(near);
    expect(oneEditApart(b, a)).toBe(near);
  });
});

describe('gazetteer', () => {
  it.each([
    ['jene', ['ML0503', 'ML050303']],
    ['koro', ['ML0505', 'ML050512']],
    ['mopti', ['ML05', 'ML0506', 'ML050609']],
  ])('admin units named %s', (key, pcodes) => {
    expect(
      adminNamed(key)
        .map((u) => u.pcode)
        .sort(),
    ).toEqual(pcodes);
  });

  it('finds communes one letter away, for names of 5 letters or more', () => {
    expect(
      adminNear('teneku')
        .map((u) => u.pcode)
        .sort(),
    ).toEqual(['ML0507', 'ML050708']);
    expect(adminNear('kor')).toEqual([]);
  });

  it.each([
    ['sevare', [['Sevare', 'ML050609']]],
    [
      'sofara',
      [
        ['Sofara', 'ML010206'],
        ['Sofara', 'ML050304'],
      ],
    ],
    [
      'boni',
      [
        ['Boni', 'ML050111'],
        ['Boni', 'ML050408'],
      ],
    ],
    [
      'ogosagu',
      [
        ['Ogossagou', 'ML050107'],
        ['Ogossagou', 'ML050120'],
        ['Ogossagou-Dogon', 'ML050201'],
      ],
    ], // -Peulh/-Dogon: one per commune
  ])('villages named %s, one per commune', (key, villages) => {
    expect(villagesNamed(key).map((v) => [v.name, v.communePcode])).toEqual(villages);
  });

  it('marks the chef-lieu of a commune', () => {
    expect(villagesNamed('boni').find((v) => v.communePcode === 'ML050408')?.chefLieu).toBe(true);
  });
});
