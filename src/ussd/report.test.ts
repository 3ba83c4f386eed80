// What the two severity questions and the choices become for the intake pipeline.
import { describe, expect, it } from 'vitest';
import { severityFor } from './catalog.ts';
import { paginate, pick } from './paging.ts';
import { menuReport } from './report.ts';
import { screenText } from './text.ts';
import type { Draft, UssdState } from './types.ts';

describe('severity from "how grave" and "happening now" (TAXONOMY levels)', () => {
  it.each([
    ['VOL_BETAIL', 1, false, 1],
    ['VOL_BETAIL', 1, true, 2],
    ['VOL_BETAIL', 2, false, 2],
    ['VOL_BETAIL', 2, true, 2],
    ['VOL_BETAIL', 3, false, 3],
    ['FONCIER', 1, false, 1],
    ['RUMEUR', 1, false, 1],
    ['ARMES', 1, false, 2],
    ['ATTAQUE', 1, false, 2],
    ['ATTAQUE', 2, false, 2],
    ['ATTAQUE', 2, true, 3],
    ['VBG', 3, true, 3],
  ] as const)('%s, gravity %i, now %s → %i', (category, gravity, now, severity) => {
    expect(severityFor(category, gravity, now)).toBe(severity);
  });
});

const state = (draft: Draft, lang: UssdState['lang'] = 'bm'): UssdState => ({
  lang,
  last: null,
  frame: { screen: 'summary', page: 0, draft },
  history: [],
  hint: null,
});

describe('menuReport', () => {
  it('fixes category, severity, place and language, and says it in French for the committee', () => {
    expect(menuReport(state({ category: 'VOL_BETAIL', pcode: 'ML050303', gravity: 2, now: true, note: '20 boeufs' }))).toEqual({
      category: 'VOL_BETAIL',
      severity: 2,
      pcode: 'ML050303',
      village: null,
      language: 'bm',
      text: 'USSD: Vol de betail. Lieu: Djenné (ML050303). Gravite: Menace, degats, vol, en cours. Detail: 20 boeufs',
    });
  });
  it('names the village and its commune, and keeps the village for the alert', () => {
    const report = menuReport(
      state({ category: 'FONCIER', pcode: 'ML050306', village: 'ML050506001', gravity: 1, now: false }, 'fr'),
    );
    expect(report?.village).toBe('Dietenga');
    expect(report?.text).toMatch(
      /^USSD: Champ, betail, terre\. Lieu: village Dietenga, commune Kéwa \(ML050306\)\. Gravite: Deja passe, pas de blesse, passe\.$/,
    );
  });
  it('is null while something is missing', () => {
    expect(menuReport(state({ category: 'FONCIER', pcode: 'ML050306' }))).toBeNull();
  });
});

describe('paging', () => {
  it('fills each page up to the budget, numbers 1..N per page', () => {
    const pages = paginate(
      ['Kayes', 'Koulikoro', 'Sikasso', 'Segou', 'Mopti', 'Tombouctou', 'Gao', 'Kidal', 'Bamako', 'Menaka'],
      40,
      8,
    );
    expect(pages).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 8 },
      { start: 8, end: 10 },
    ]);
    expect(pick(pages, 1, '2')).toBe(5);
    expect(pick(pages, 2, '3')).toBeNull();
    expect(pick(pages, 0, '98')).toBeNull();
    expect(pick(pages, 0, '01')).toBeNull();
  });
  it('an empty list is one empty page', () => expect(paginate([])).toEqual([{ start: 0, end: 0 }]));
});

describe('screenText', () => {
  it.each([
    ['Ségou, Ténenkou, Diré', 'Segou, Tenenkou, Dire'],
    ['Mun bɛ kɛra? Ɲɛ, Soŋay', 'Mun be kera? Nye, Songay'],
    ['Worɓe e fetelaaji, ɗemngal, ƴeewto', 'Worbe e fetelaaji, demngal, yeewto'],
    ['« Ça » – c’est… [ok] {x} ~|^', '" Ca " - c\'est... ok x '],
  ])('%s → %s', (text, screen) => expect(screenText(text)).toBe(screen));
});
