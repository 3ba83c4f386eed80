import { describe, expect, it } from 'vitest';
import { classify, TRIAGE_THRESHOLD } from './index.ts';

// SMS as villagers type them: no accents, abbreviations, Bambara/Fulfulde/Songhay typed with Latin letters.
describe('classify: category, severity and language', () => {
  it.each([
    // French, land (FONCIER)
    ['ya palabre champ peul ds vil de Djenne', 'FONCIER', 2, 'fr'],
    ['Slt, les animaux des peulhs ont detruit nos champs a Bankass', 'FONCIER', 2, 'fr'],
    ['conflit foncier entre 2 villages cercle de Bankass', 'FONCIER', 2, 'fr'],
    ['ya prbl entre 2 familles pr une parcelle ds le vlg de Sio', 'FONCIER', 2, 'fr'],
    // a fight over land stays FONCIER, severity rises with the wounded
    ['bagarre entre eleveurs et cultivateurs a cause du champ, 2 blesses, Koro', 'FONCIER', 3, 'fr'],
    // ATTAQUE
    ['Bjr, des hommes armes ont attaque le village de Dinangourou, 3 morts et 2 blesses', 'ATTAQUE', 3, 'fr'],
    ['Urgent! Attaque en cours a Ogossagou, ca tire', 'ATTAQUE', 3, 'fr'],
    ['hommes armes non identifies ont enleve le chef de village hier soir', 'ATTAQUE', 3, 'fr'],
    ['une mine a explose sur la route de Boni, 1 mort', 'ATTAQUE', 3, 'fr'],
    ['incendie des greniers a Dinangourou', 'ATTAQUE', 3, 'fr'],
    // ARMES
    ['hommes armés à moto vers Koro', 'ARMES', 2, 'fr'],
    ['les jihadistes imposent la zakat aux villageois', 'ARMES', 2, 'fr'],
    // VOL_BETAIL
    ['vol de betail a Niono hier soir, 40 boeufs emportes', 'VOL_BETAIL', 2, 'fr'],
    ['vol de 30 boeufs par des bandits armes a Macina', 'VOL_BETAIL', 2, 'fr'],
    // VBG
    ['une fille a ete violee au marche de Sevare', 'VBG', 2, 'fr'],
    ['mariage force d une fille de 14 ans ds le cercle de Koro', 'VBG', 2, 'fr'],
    ['une femme battue par son mari', 'VBG', 2, 'fr'],
    // RECRUT, DEPLACEMENT, INTERCOM, RUMEUR, GOUVERNANCE, AUTRE
    ['recrutement des jeunes par les djihadistes a Bandjagara', 'RECRUT', 2, 'fr'],
    ['plus de 50 familles deplacees arrivent a Mopti', 'DEPLACEMENT', 2, 'fr'],
    ['des familles ont fui vers Mopti', 'DEPLACEMENT', 2, 'fr'],
    ['Dozos menacent les peuls de quitter le village', 'INTERCOM', 2, 'fr'],
    ['tension entre peuls et dogons', 'INTERCOM', 2, 'fr'],
    ['on dit que les dozos vont attaquer les peuls, c une rumeur ou vrai?', 'RUMEUR', 1, 'fr'],
    ['un audio circule sur whatsapp qui insulte les peuls', 'RUMEUR', 1, 'fr'],
    ['les gendarmes font le racket au poste de Sévaré', 'GOUVERNANCE', 1, 'fr'],
    ['corruption au tribunal de San', 'GOUVERNANCE', 1, 'fr'],
    ['les militaires ont frappe des jeunes', 'GOUVERNANCE', 1, 'fr'],
    ['reunion de reconciliation entre les villages a Dienné', 'AUTRE', 1, 'fr'],
    ['Le marche de Boni est rouvert', 'AUTRE', 1, 'fr'],
    // Bambara typed without special letters (words from lexicon.csv / Bamadaba)
    ['misiw ye an ka forow tinye Jenne', 'FONCIER', 2, 'bm'],
    ['Fulaw ni senekelaw ka kele Macina', 'FONCIER', 2, 'bm'],
    ['bandiw ye misiw sonya Bankass', 'VOL_BETAIL', 2, 'bm'],
    ['marifatigiw be dugu kan', 'ARMES', 2, 'bm'],
    ['u ye mogo mine ka taa', 'ATTAQUE', 3, 'bm'],
    ['u binna dugu kan, mogo 3 salen', 'ATTAQUE', 3, 'bm'],
    ['bandiw ye mogow faga Niono', 'ATTAQUE', 3, 'bm'],
    ['u ye sow jeni', 'ATTAQUE', 3, 'bm'],
    ['donsow ye kankari ke fulaw ma', 'INTERCOM', 2, 'bm'],
    ['mogow bolila dugu la', 'DEPLACEMENT', 2, 'bm'],
    ['kibaru bè dugu kònò ko bandiw bè na', 'RUMEUR', 1, 'bm'],
    ['musokandonna ye sunguru dɔ minɛ Koro', 'VBG', 2, 'bm'],
    // Fulfulde (Maasina) and Songhay: lexicon rows, mostly 'inferred'
    ["wujjube nangi na'i amen", 'VOL_BETAIL', 2, 'ff'],
    ["na'i nyamii gese Tenenkou", 'FONCIER', 2, 'ff'],
    ['be mbari gorko Tenenkou', 'ATTAQUE', 3, 'ff'],
    ['zayko zay hawey a Gao', 'VOL_BETAIL', 2, 'son'],
    ['i na boro wi kwaara ra, buukoy hinka', 'ATTAQUE', 3, 'son'],
  ] as const)('%j → %s, severity %i, %s', (text, category, severity, language) => {
    const c = classify(text);
    expect({ category: c.category, severity: c.severity, language: c.language }).toEqual({ category, severity, language });
    expect(c.matched.length).toBeGreaterThan(0);
    expect(c.confidence).toBeGreaterThan(0);
    expect(c.confidence).toBeLessThanOrEqual(1);
  });
});

describe('classify: greetings, tests and "nothing to report" are not alerts', () => {
  it.each([
    ['', 'fr'],
    ['   ', 'fr'],
    ['Bonjour', 'fr'],
    ['Slt cv la famille?', 'fr'],
    ['Bonsoir, comment ca marche ce service?', 'fr'],
    ['TEST', 'fr'],
    ['STOP', 'fr'],
    ['RAS', 'fr'],
    ['RAS au village, tout est calme', 'fr'],
    ['Rien a signaler ds le village merci', 'fr'],
    ['pas de probleme a Macina', 'fr'],
    ['pas de palabre cette semaine a Koro', 'fr'],
    ['il n y a pas eu d attaque au village', 'fr'],
    ['aucun blesse', 'fr'],
    ['i ni sogoma', 'bm'],
    ['i ni ce', 'bm'],
    ['ayi', 'bm'],
    ['foyi', 'bm'],
    ['foyi te', 'bm'],
    ['hɛrɛ dɔrɔn', 'bm'],
    ['kele si te Jenne', 'bm'],
    ['jam waali', 'ff'],
    ['a jaraama', 'ff'],
    ['hoy baani', 'son'],
    ['Irkoy saabu', 'son'],
  ] as const)('%j → NON_ALERTE (%s)', (text, language) => {
    const c = classify(text);
    expect({ category: c.category, severity: c.severity, language: c.language }).toEqual({
      category: 'NON_ALERTE',
      severity: 0,
      language,
    });
  });
});

describe('classify: severity rules', () => {
  it.each([
    ['il y a des hommes armes a Koro mais pas de blesses', 'ARMES', 2], // negated wounded do not raise
    ['bagarre au champ, 1 mort', 'FONCIER', 3],
    ['on dit que des hommes armes sont a Koro', 'RUMEUR', 2], // weapons: at least 2
    ['2 morts a Koro', 'ATTAQUE', 3],
    ['les dozos menacent, 1 blesse', 'INTERCOM', 3],
  ] as const)('%j → %s, severity %i', (text, category, severity) => {
    expect(classify(text)).toMatchObject({ category, severity });
  });
});

describe('classify: honest confidence', () => {
  // None of these texts is in the training set: vague or one-word reports go to a coordinator.
  it.each([
    ['palabre'], // one vague word: land or community?
    ['kele'],
    ['2 morts a Koro'], // deaths, cause unknown
    ['3 morts'],
    ['ya un probleme'],
    ['la situation est tendue'],
    ['il y a eu des coups'], // no known word: not passed off as calm
    ['Koro'], // a place and nothing else
    ['bcp de gens au marche'],
  ] as const)('%j → triage (confidence < TRIAGE_THRESHOLD)', (text) => {
    const c = classify(text);
    expect(c.confidence).toBeLessThan(TRIAGE_THRESHOLD);
    expect(c.triage).toBe(true);
  });

  it.each([
    ['Bonjour', 'NON_ALERTE'],
    ['RAS', 'NON_ALERTE'],
    ['i ni ce', 'NON_ALERTE'],
    ['Bjr, des hommes armes ont attaque le village de Dinangourou, 3 morts et 2 blesses', 'ATTAQUE'],
    ['les voleurs ont emporte 25 vaches cette nuit a Niono', 'VOL_BETAIL'],
  ] as const)('%j → %s, sure enough to skip triage', (text, category) => {
    expect(classify(text)).toMatchObject({ category, triage: false });
  });

  it('is higher for a detailed report than for one word', () => {
    const detailed = classify('Bjr, des hommes armes ont attaque le village de Dinangourou, 3 morts et 2 blesses');
    const oneWord = classify('attaque');
    expect(detailed.confidence).toBeGreaterThan(0.8);
    expect(oneWord.confidence).toBeLessThan(TRIAGE_THRESHOLD);
    expect(oneWord).toMatchObject({ triage: true, urgent: true }); // unsure, but an attack alerts at once (and is flagged)
  });

  it('explains itself with the words that decided', () => {
    const c = classify('vol de bétail a Niono, 40 boeufs emportés');
    expect(c.matched).toEqual(expect.arrayContaining(['cattle_theft:vol de bétail', 'cattle:boeufs']));
  });
});
