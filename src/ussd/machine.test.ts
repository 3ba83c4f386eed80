// The menu as a table: (state, input) → (screen, what the next state holds, effects).
import { describe, expect, it } from 'vitest';
import { advance, initialState, isResumable, step } from './machine.ts';
import { listFor } from './lists.ts';
import { render } from './screens.ts';
import type { Draft, Frame, UssdState } from './types.ts';

const f = (screen: Frame['screen'], draft: Draft = {}, extra: Partial<Frame> = {}): Frame => ({
  screen,
  page: 0,
  draft,
  ...extra,
});
const s = (frame: Frame, extra: Partial<UssdState> = {}): UssdState => ({
  lang: 'fr',
  last: null,
  frame,
  history: [],
  hint: null,
  ...extra,
});
const theft: Draft = { category: 'VOL_BETAIL' };
const located: Draft = { ...theft, pcode: 'ML050303' };

/** Index (1-based, on its page) of the list item with this value. */
function numberOf(frame: Frame, value: string): { page: number; key: string } {
  const list = listFor(frame);
  const index = list.values.indexOf(value);
  const page = list.pages.findIndex((p) => index >= p.start && index < p.end);
  return { page, key: String(index - list.pages[page]!.start + 1) };
}

describe('first screen', () => {
  it.each([
    ['a new number', { lang: null, last: null }, null, 'lang'],
    ['a returning reporter', { lang: 'bm', last: 'ML050303' }, null, 'category'],
    [
      'a number with a dropped dial',
      { lang: 'fr', last: null },
      { lang: 'ff', frame: f('gravity', located), history: [] },
      'resume',
    ],
  ] as const)('%s → %s', (_label, profile, dropped, screen) => {
    const state = initialState(profile, dropped ? { ...dropped, history: [] } : null);
    expect(state.frame.screen).toBe(screen);
    if (dropped) expect(state.lang).toBe('ff');
  });
});

describe('one input', () => {
  it.each([
    // label, input → next screen, hint; the state before; what the next state holds; effects
    [
      'lang',
      '2',
      'category',
      null,
      s(f('lang'), { lang: null }),
      { lang: 'bm', langChosen: true },
      [{ kind: 'language', lang: 'bm' }],
    ],
    ['lang', '5', 'lang', 'invalid', s(f('lang'), { lang: null }), { lang: null }, []],
    ['lang', '', 'lang', 'invalid', s(f('lang'), { lang: null }), {}, []],
    ['category p1', '4', 'where', null, s(f('category')), { frame: { draft: theft } }, []],
    ['category p1', '98', 'category', null, s(f('category')), { frame: { page: 1 } }, []],
    ['category p1', '9', 'lang', null, s(f('category')), {}, []],
    ['category p1', '7', 'category', 'invalid', s(f('category')), {}, []],
    ['category p1', 'vol', 'category', 'invalid', s(f('category')), {}, []],
    ['category p2', '1', 'where', null, s(f('category', {}, { page: 1 })), { frame: { draft: { category: 'VBG' } } }, []],
    ['category p2', '98', 'category', 'invalid', s(f('category', {}, { page: 1 })), {}, []],
    ['category p2', '9', 'category', 'invalid', s(f('category', {}, { page: 1 })), {}, []],
    ['where, no last place', '1', 'region', null, s(f('where', theft)), {}, []],
    ['where, no last place', '2', 'village', null, s(f('where', theft)), {}, []],
    ['where, no last place', '3', 'where', 'invalid', s(f('where', theft)), {}, []],
    [
      'where, last place first',
      '1',
      'gravity',
      null,
      s(f('where', theft), { last: 'ML050512' }),
      { frame: { draft: { ...theft, pcode: 'ML050512' } } },
      [],
    ],
    ['where, last place first', '2', 'region', null, s(f('where', theft), { last: 'ML050512' }), {}, []],
    ['region', '5', 'cercle', null, s(f('region', theft)), { frame: { parent: 'ML05' } }, []],
    ['region: Bamako has one cercle', '9', 'region', 'invalid', s(f('region', theft)), {}, []],
    ['region', '98', 'region', null, s(f('region', theft)), { frame: { page: 1 } }, []],
    ['cercle', '3', 'commune', null, s(f('cercle', theft, { parent: 'ML05' })), { frame: { parent: 'ML0503' } }, []],
    ['gravity', '3', 'now', null, s(f('gravity', located)), { frame: { draft: { ...located, gravity: 3 } } }, []],
    ['gravity', '4', 'gravity', 'invalid', s(f('gravity', located)), {}, []],
    [
      'now',
      '1',
      'note',
      null,
      s(f('now', { ...located, gravity: 2 })),
      { frame: { draft: { ...located, gravity: 2, now: true } } },
      [],
    ],
    [
      'now',
      '2',
      'note',
      null,
      s(f('now', { ...located, gravity: 2 })),
      { frame: { draft: { ...located, gravity: 2, now: false } } },
      [],
    ],
    [
      'note',
      '1',
      'summary',
      null,
      s(f('note', { ...located, gravity: 2, now: true })),
      { frame: { draft: { ...located, gravity: 2, now: true } } },
      [],
    ],
    [
      'note',
      '  20 boeufs  emportes ',
      'summary',
      null,
      s(f('note', { ...located, gravity: 2, now: true })),
      { frame: { draft: { ...located, gravity: 2, now: true, note: '20 boeufs emportes' } } },
      [],
    ],
    ['note', '   ', 'note', 'invalid', s(f('note', { ...located, gravity: 2, now: true })), {}, []],
    ['summary', '1', 'done', null, s(f('summary', { ...located, gravity: 2, now: true })), {}, [{ kind: 'submit' }]],
    ['summary', '2', 'summary', 'invalid', s(f('summary', { ...located, gravity: 2, now: true })), {}, []],
    [
      'resume',
      '1',
      'gravity',
      null,
      s(f('resume', located), { resumable: { lang: 'son', frame: f('gravity', located), history: [f('category')] } }),
      { lang: 'son', resumable: null },
      [],
    ],
    [
      'resume',
      '2',
      'category',
      null,
      s(f('resume', located), { resumable: { lang: 'son', frame: f('gravity', located), history: [] } }),
      { resumable: null },
      [{ kind: 'discardDropped' }],
    ],
    [
      'resume',
      '3',
      'resume',
      'invalid',
      s(f('resume', located), { resumable: { lang: 'son', frame: f('gravity', located), history: [] } }),
      {},
      [],
    ],
    ['done', '1', 'done', null, s(f('done', located)), {}, []],
  ] as const)('%s: %j → %s (hint %s)', (_label, input, screen, hint, state, expected, effects) => {
    const result = step(state as UssdState, input);
    expect(result.state.frame.screen).toBe(screen);
    expect(result.state.hint).toBe(hint);
    expect(result.state).toMatchObject(expected);
    expect(result.effects).toEqual(effects);
  });

  it('an invalid input keeps everything but the hint, and the screen says so', () => {
    const before = s(f('gravity', located), { history: [f('where', theft)] });
    const after = step(before, 'x').state;
    expect({ ...after, hint: null }).toEqual(before);
    expect(render(after).text).toMatch(/^CON Choix invalide\.\nGravite\?/);
  });
});

describe('back (0) and start (00) work on every screen', () => {
  const path = ['1', '4', '1', '5', '3']; // French, cattle theft, choose the region, Mopti, Djenné
  it('0 undoes one step at a time, pages included, down to the first screen', () => {
    let state = initialState({ lang: null, last: null }, null);
    const screens: string[] = [state.frame.screen];
    for (const input of [...path, '98']) screens.push((state = step(state, input).state).frame.screen);
    const back: string[] = [];
    for (let i = 0; i < path.length + 2; i++) back.push((state = step(state, '0').state).frame.screen);
    expect(back).toEqual([...screens.slice(0, -1)].reverse().concat('lang'));
    expect(state.lang).toBe('fr'); // the language stays chosen
    expect(state.frame.draft).toEqual({});
  });

  it.each([
    'lang',
    'category',
    'where',
    'region',
    'cercle',
    'commune',
    'village',
    'villagePick',
    'gravity',
    'now',
    'note',
    'summary',
    'resume',
  ] as const)('00 on %s → the category screen, nothing chosen, nothing to go back to', (screen) => {
    const state = s(f(screen, located, { parent: 'ML0503', matches: ['ML050303'] }), {
      history: [f('category'), f('where', theft)],
    });
    const next = step(state, '00').state;
    expect(next.frame).toEqual(f('category'));
    expect(next.history).toEqual([]);
  });

  it('00 before any language → the language screen', () => {
    expect(step(s(f('lang'), { lang: null }), '00').state.frame.screen).toBe('lang');
  });
});

describe('places', () => {
  it('region → cercle → commune sets the commune; the village search sets the village and its commune', () => {
    let state = s(f('region', theft));
    const mopti = numberOf(state.frame, 'ML05');
    state = advance(state, mopti.key).state;
    const djenne = numberOf(state.frame, 'ML0503');
    state = advance(state, djenne.key).state;
    const commune = numberOf(state.frame, 'ML050303');
    for (let p = 0; p < commune.page; p++) state = step(state, '98').state;
    state = step(state, commune.key).state;
    expect(state.frame).toMatchObject({ screen: 'gravity', draft: { pcode: 'ML050303' } });
  });

  it.each([
    ['Kouakourou', 'gravity', 'ML050306'],
    ['kwakouru', 'villagePick', undefined],
    ['Sofara', 'villagePick', undefined],
    ['xq', 'village', undefined],
    ['zzqxwv', 'village', undefined],
  ])('village %s → %s', (typed, screen, pcode) => {
    const next = step(s(f('village', theft)), typed).state;
    expect(next.frame.screen).toBe(screen);
    if (pcode) expect(next.frame.draft.pcode).toBe(pcode);
    if (screen === 'village') expect(next.hint).toBe(typed === 'xq' ? 'short' : 'notFound');
  });

  it('several villages of that name: the pick list tells them apart by commune', () => {
    const pick = step(s(f('village', theft)), 'Sofara').state;
    expect(render(pick).text).toMatch(/1 Sofara \(.+\)\n2 Sofara \(.+\)/);
    const chosen = step(pick, '2').state;
    expect(chosen.frame.screen).toBe('gravity');
    expect(chosen.frame.draft.village).toBe(pick.frame.matches?.[1]);
  });

  it('Bamako: its single cercle is skipped', () => {
    const bamako = numberOf(f('region'), 'ML09');
    let state = s(f('region', theft));
    for (let p = 0; p < bamako.page; p++) state = step(state, '98').state;
    expect(step(state, bamako.key).state.frame).toMatchObject({ screen: 'commune', parent: 'ML0901' });
  });
});

describe('one hop carrying several inputs (deep dial, lost answer)', () => {
  it('applies them in order', () => {
    const result = advance(initialState({ lang: null, last: null }, null), '1*4*2');
    expect(result.state.frame.screen).toBe('village');
    expect(result.effects).toEqual([{ kind: 'language', lang: 'fr' }]);
  });
  it('a free-text screen takes the rest whole, * included', () => {
    const state = s(f('note', { ...located, gravity: 1, now: false }));
    expect(advance(state, 'vers 22h*2 motos').state.frame.draft.note).toBe('vers 22h*2 motos');
  });
  it('stops at the end of the report', () => {
    const result = advance(s(f('summary', { ...located, gravity: 1, now: false })), '1*1*1');
    expect(result.effects).toEqual([{ kind: 'submit' }]);
  });
});

describe('what a dropped dial keeps', () => {
  it.each([
    [f('category'), false],
    [f('where', theft), true],
    [f('summary', { ...located, gravity: 1, now: true }), true],
    [f('done', located), false],
  ])('%j → resumable %s', (frame, expected) => {
    expect(isResumable(frame)).toBe(expected);
  });
});
