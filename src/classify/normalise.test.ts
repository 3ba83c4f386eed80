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
    // SMS shorthand, stretched letters, Greek ε typed for ɛ
    ['slt ya prbl ds le vil', 'salut ya probleme dans le village'],
    ['bjr, tt va b1, ri1 de grave', 'bonjour tout va bien rien de grave'],
    ['Dégnékoro, signaler', 'denyekoro sinyaler'], // gn→ny everywhere, as Bambara spellings need
    ['ATTAAAAQUE!!! au secouuurs', 'attaque au secours'],
    ['ce dow ye muso minε', 'ce dow ye muso mine'],
    ['3Koro 12motos', '3 koro 12 motos'],
    ['nyaamii baani', 'nyaamii baani'], // long vowels stay double
  ])('%j → %j', (text, folded) => {
    expect(normalise(text)).toBe(folded);
  });

  it('keeps the typed spelling of each word', () => {
    expect(tokenize("attaque à GAO, N'gara ds vlg")).toEqual([
      { raw: 'attaque', norm: 'attaque', word: 'attaque' },
      { raw: 'à', norm: 'a', word: 'a' },
      { raw: 'GAO', norm: 'gao', word: 'gao' },
      { raw: 'N', norm: 'n', word: 'n' },
      { raw: 'gara', norm: 'gara', word: 'gara' },
      { raw: 'ds', norm: 'ds', word: 'dans' },
      { raw: 'vlg', norm: 'vlg', word: 'village' },
    ]);
  });
});
