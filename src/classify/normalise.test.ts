// Folding rules that let "Jɛnɛ", "Jènè" and "Jene" meet the same word-list entry.
import { describe, expect, it } from 'vitest';
import { normalise, tokenize } from './normalise.ts';

describe('normalise', () => {
  it.each([
    ['Djenné', 'djenne'],
    ['Jɛnɛ', 'jene'],
    ['Kulukɔrɔ', 'kulukoro'],
    ['Jènè kònò', 'jene kono'],
    ['bagan ye foro tiɲɛ', 'bagan ye foro tinye'],
    ['Dégnékoro', 'denyekoro'],
    ['sɛnɛkɛla ŋunuŋunukuma', 'senekela ngunungunukuma'],
    ["ɓe haɓii, na'i ñaamii", 'be habii na i nyaamii'],
    ['ƴiiƴam ɗum', 'yiiyam dum'],
    ['BŒUFS volés!!', 'boeufs voles'],
    ['vol\u200Bde\u200B betail', 'volde betail'],
    ["l'attaque... 3morts, 2 blessés", 'l attaque 3 morts 2 blesses'],
    ['  \n ', ''],
  ])('%j → %j', (text, folded) => {
    expect(normalise(text)).toBe(folded);
  });

  it('keeps the typed spelling of each word', () => {
    expect(tokenize("attaque à GAO, N'gara")).toEqual([
      { raw: 'attaque', norm: 'attaque' },
      { raw: 'à', norm: 'a' },
      { raw: 'GAO', norm: 'gao' },
      { raw: 'N', norm: 'n' },
      { raw: 'gara', norm: 'gara' },
    ]);
  });
});
