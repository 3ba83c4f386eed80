// Village names as reporters type them: accents, case, spacing, a letter or two wrong.
import { describe, expect, it } from 'vitest';
import { distanceWithin, findVillages, getVillage, villageKey } from './villages.ts';

const communesOf = (typed: string) => {
  const found = findVillages(typed);
  return found.kind === 'found' ? found.codes.map((c) => getVillage(c)!.commune) : found.kind;
};

describe('villageKey', () => {
  it.each([
    ['Djenné', 'jene'],
    ['DJENNE', 'jene'],
    ['Jenne', 'jene'],
    ['Dje nne', 'jene'],
    ['Kouakourou', 'kuakuru'],
    ['Sɛgu', 'segu'],
    ['Bandiagara', 'bandiagara'],
  ])('%s → %s', (typed, key) => expect(villageKey(typed)).toBe(key));
});

describe('findVillages', () => {
  it.each([
    ['Kouakourou', ['ML050306']],
    ['kouakourou ', ['ML050306']],
    ['Diafarabé', ['ML050701']],
    ['diafarabe', ['ML050701']],
    ['Sévaré', ['ML050609']],
    ['Tenenkouu', ['ML050708']],
  ])('%s: one village, its commune', (typed, communes) => expect(communesOf(typed)).toEqual(communes));

  it.each([
    ['Sofara', 2],
    ['Niono', 3],
  ])('%s: homonyms in %i communes, all offered', (typed, n) => {
    const found = findVillages(typed);
    expect(found).toMatchObject({ kind: 'found', exact: true });
    expect(new Set(communesOf(typed) as string[]).size).toBe(n);
  });

  it.each([
    ['Kwakourou', 'ML050306'],
    ['Kouakoura', 'ML050306'],
    ['Diafarbe', 'ML050701'],
    ['Tenenko', 'ML050708'],
  ])('a misspelling (%s) proposes the village among close names', (typed, commune) => {
    const found = findVillages(typed);
    expect(found).toMatchObject({ kind: 'found', exact: false });
    expect(communesOf(typed)).toContain(commune);
  });

  it.each([['a'], ['zz'], ['  '], ['12']])('%j is too short', (typed) => expect(findVillages(typed).kind).toBe('short'));
  it('an unknown name finds nothing', () => expect(findVillages('Xqzvwkp').kind).toBe('none'));
  it('at most 16 proposals', () => {
    const found = findVillages('Kona');
    expect(found.kind === 'found' && found.codes.length).toBeLessThanOrEqual(16);
  });
});

describe('distanceWithin', () => {
  it.each([
    ['kuakuru', 'kuakuru', 2, 0],
    ['kuakuru', 'kwakuru', 2, 1],
    ['sofara', 'sofra', 2, 1],
    ['abc', 'xyz', 1, 2],
    ['abcdef', 'ab', 2, 3],
  ])('%s ~ %s (max %i) = %i', (a, b, max, d) => expect(distanceWithin(a, b, max)).toBe(d));
});
