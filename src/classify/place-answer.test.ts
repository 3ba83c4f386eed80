// The reporter's answer to "where did it happen?" completes a report: a place, villages to choose from, or nothing.
import { describe, expect, it } from 'vitest';
import { resolvePlaceAnswer } from './index.ts';

describe('resolvePlaceAnswer', () => {
  it.each([
    ['Sio', undefined, 'ML050613', 'ML0506'],
    ['a Dinangourou', undefined, 'ML050505', 'ML0505'],
    ['Jenne kono', undefined, 'ML050303', 'ML0503'],
    ['c est au village de Nombori', undefined, 'ML050108', 'ML0501'],
    ['KORO', undefined, 'ML050512', 'ML0505'],
    ['San', undefined, 'ML040517', 'ML0405'], // an answer: "San" is the town, not "year"
    ['Tenekou', undefined, 'ML050708', 'ML0507'],
    ['Sofara', 'ML0503', 'ML050304', 'ML0503'], // two Sofara; the reporter is known in Djenné cercle
    ['Kera', 'ML050303', 'ML050303', 'ML0503'], // Kera (also bm "happened"), in the reporter's commune
  ])('%j (known area %s) → commune %s, cercle %s', (text, knownPcode, commune, cercle) => {
    expect(resolvePlaceAnswer(text, { knownPcode })).toMatchObject({
      kind: 'location',
      commune: { pcode: commune },
      cercle: { pcode: cercle },
    });
  });

  it('names the cercle when only the cercle is given', () => {
    expect(resolvePlaceAnswer('cercle de Koro')).toMatchObject({ kind: 'location', commune: null, cercle: { pcode: 'ML0505' } });
  });

  it('lists same-named villages when the known area does not tell them apart', () => {
    const answer = resolvePlaceAnswer('Sofara');
    expect(answer).toEqual({
      kind: 'candidates',
      candidates: [
        { pcode: 'ML010206', name: 'Sofara', communeName: 'Dioumara Koussata' },
        { pcode: 'ML050304', name: 'Sofara', communeName: 'Fakala' },
      ],
    });
  });

  it.each([['je ne sais pas'], ['ayi'], [''], ['la brousse']])('%j → null (ask again or hand over)', (text) => {
    expect(resolvePlaceAnswer(text)).toBeNull();
  });
});
