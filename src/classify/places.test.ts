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
    'ils parlent gao', // 3 letters, not capitalised, no locative
    'Djeneba a ete battue par son mari', // a woman's name, not Djenné
    'Diallo a paye sa dette', // a surname, and a village of Bara Sara
    'mogo duuru salen', // bm "five", not Dourou
    'u ye a muso gosi', // bm "beat", not Gossi
    'san min temena suman tun ka ca', // bm "year", not San
    'jemma be ngari', // ff "night", not Diéma
    'hommes armes',
  ])('%j → no place', (text) => {
    expect(classify(text)).toMatchObject({ location: null, commune: null, cercle: null });
  });
});

describe('classify: places as people misspell them', () => {
  it.each([
    ['attaque a Tenekou', 'ML050708', 'ML0507'], // one letter off Ténenkou
    ['hommes armes a Asongo', 'ML070101', 'ML0701'],
    ['hommes armes pres de Sevarre', 'ML050609', 'ML0506'], // Sévaré, a town of Mopti commune
    ['attaque a Bandiagarra', 'ML050101', 'ML0501'],
    ['attaque a Massina, 3 morts', 'ML040305', 'ML0403'],
    ['hommes armes vus a Tomboctou', 'ML060506', 'ML0605'],
    ['vol de boeufs a Duentza', 'ML050406', 'ML0504'],
    ['palabre champ a Jɛnɛ', 'ML050303', 'ML0503'],
    ['mogo caman bolila Koro kono', 'ML050512', 'ML0505'], // bm "in Koro"
  ])('%j → commune %s, cercle %s', (text, commune, cercle) => {
    expect(classify(text)).toMatchObject({ commune: { pcode: commune }, cercle: { pcode: cercle } });
  });
});

describe('classify: the event place when two are named', () => {
  it.each([
    ['des gens venus de Koro ont attaque Dinangourou', 'ML050505'], // they came from Koro
    ['des familles de Dinangourou arrivent a Mopti', 'ML050609'], // displaced people arrive in Mopti
    ['exode des populations de Koro vers Bankass', 'ML050201'],
    ['attaque du village Akoumbourou commune de Dinangourou', 'ML050505'],
    ['ya palabre a Sio cercle de Mopti', 'ML050613'],
  ])('%j → %s', (text, commune) => {
    expect(classify(text).commune?.pcode).toBe(commune);
  });
});

describe('classify: villages (mali-settlements.csv)', () => {
  it.each([
    ['hommes armes a moto vus a Nombori', 'Nombori', 'ML050108'], // Dourou commune, Bandiagara
    ['attaque du village Akoumbourou commune de Dinangourou', 'Akoumbourou', 'ML050505'],
    ['le marche de Boni a repris', 'Boni', 'ML050408'], // two Boni; the chef-lieu of Hairé
  ])('%j → village %s in commune %s', (text, village, commune) => {
    const c = classify(text);
    expect(c.village?.name).toBe(village);
    expect(c.commune?.pcode).toBe(commune);
  });

  it("resolves a village name shared by several communes with the reporter's known area", () => {
    expect(classify('attaque a Sofara', { knownPcode: 'ML0503' })).toMatchObject({
      village: { name: 'Sofara' },
      commune: { pcode: 'ML050304', name: 'Fakala' },
      needsPlace: false,
      placeCandidates: [],
    });
  });

  it('else lists the candidates and asks', () => {
    const c = classify('attaque a Sofara, 2 morts');
    expect(c).toMatchObject({ commune: null, cercle: null, needsPlace: true });
    expect(c.placeCandidates).toEqual([
      { pcode: 'ML010206', name: 'Sofara', communeName: 'Dioumara Koussata' },
      { pcode: 'ML050304', name: 'Sofara', communeName: 'Fakala' },
    ]);
  });

  it('keeps the cercle when all the same-named villages are in it', () => {
    const c = classify('attaque a Ogossagou, cercle de Bandiagara');
    expect(c.cercle?.pcode).toBe('ML0501');
  });
});
