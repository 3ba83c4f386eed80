import { describe, expect, it } from 'vitest';
import { classify } from './index.ts';

// Place names as villagers type them, asserted through classify(): commune and cercle P-codes (COD-AB 2021).
describe('classify: where', () => {
  it.each([
    ['palabre champ a Djenné', 'ML050303', 'ML0503'],
    ['palabre champ a Djenne', 'ML050303', 'ML0503'],
    ['palabre champ a DJENNE', 'ML050303', 'ML0503'],
    ['misiw ye foro tinye Jenne', 'ML050303', 'ML0503'],
    ['vol de boeufs a Dienné', 'ML050303', 'ML0503'],
    ['attaque a Bankass', 'ML050201', 'ML0502'],
    ['hommes armes vers Koro', 'ML050512', 'ML0505'],
    ['vol de betail a Niono', 'ML040406', 'ML0404'],
    ['deplaces arrivent a Macina', 'ML040305', 'ML0403'],
    ['recrutement des jeunes a Bandjagara', 'ML050101', 'ML0501'],
    ['recrutement des jeunes a Bandiagara', 'ML050101', 'ML0501'],
    ['hommes armes a Sevare', 'ML050609', 'ML0506'], // Sévaré is a town of Mopti commune
    ['hommes armés à Sévaré', 'ML050609', 'ML0506'],
    ['des familles arrivent a Mopti', 'ML050609', 'ML0506'],
    ['Dinangourou attaque', 'ML050505', 'ML0505'],
    ['2 morts a Baye cercle de Bankass', 'ML050202', 'ML0502'], // Baye is also a commune of Kayes
    ['attaque a SAN', 'ML040517', 'ML0405'],
    ['ya palabre ds le vlg de Sio', 'ML050613', 'ML0506'],
  ])('%j → commune %s in cercle %s', (text, commune, cercle) => {
    const c = classify(text);
    expect(c.commune?.pcode).toBe(commune);
    expect(c.cercle?.pcode).toBe(cercle);
    expect(c.location).toMatchObject({ pcode: commune, level: 'commune' });
  });

  it.each([
    ['mariage force ds le cercle de Koro', 'ML0505', 'cercle', 'ML0505'],
    ['palabre champ cercle de Djenne', 'ML0503', 'cercle', 'ML0503'],
    ['hommes armes, region de Mopti', 'ML05', 'region', null],
    ['Bamako rumeur d attaque', 'ML0901', 'cercle', 'ML0901'], // Bamako has numbered communes only
  ])('%j → %s (%s), no commune', (text, pcode, level, cercle) => {
    const c = classify(text);
    expect(c.location).toMatchObject({ pcode, level });
    expect(c.commune).toBeNull();
    expect(c.cercle?.pcode ?? null).toBe(cercle);
  });

  it('names the commune and its cercle', () => {
    const c = classify('ya palabre champ peul ds vil de Djenne');
    expect(c.location).toEqual({ pcode: 'ML050303', name: 'Djenné', level: 'commune' });
    expect(c.commune).toEqual({ pcode: 'ML050303', name: 'Djenné' });
    expect(c.cercle).toEqual({ pcode: 'ML0503', name: 'Djenné' });
  });

  it.each([
    'il faut dire la verite', // Diré
    'san in na, san man ca', // San, Bambara "year"
    'les FAMa sont arrives', // Fama commune vs the army
    'Amadou Sy ka kibaru', // Sy commune vs surname
    'dugu koro', // Koro vs Bambara "old"
    'attaque gao', // 3 letters, not capitalised, no locative
    'hommes armes',
  ])('%j → no place', (text) => {
    expect(classify(text)).toMatchObject({ location: null, commune: null, cercle: null });
  });
});
