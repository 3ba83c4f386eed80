// The spoken menu as a table: (state, keys or recording) → next question, hint, effects.
import { describe, expect, it } from 'vitest';
import type { Draft, Frame, UssdState } from '../ussd/types.ts';
import { voiceStep, type VoiceInput } from './machine.ts';

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
const keys = (digits: string | null): VoiceInput => ({ digits, recordingUrl: null });
const ready: Draft = { category: 'VOL_BETAIL', pcode: 'ML050303', gravity: 2, now: true };

describe('voiceStep', () => {
  it.each([
    // label, state, input → screen, hint, effects
    ['silence repeats the language question', s(f('lang'), { lang: null }), keys(null), 'lang', null, []],
    ['a language', s(f('lang'), { lang: null }), keys('2'), 'category', null, [{ kind: 'language', lang: 'bm' }]],
    ['a wrong key', s(f('category')), keys('7'), 'category', 'invalid', []],
    ['a category, as in USSD', s(f('category')), keys('4'), 'where', null, []],
    ['more categories with 98', s(f('category')), keys('98'), 'category', null, []],
    ['the list of regions', s(f('where', { category: 'ATTAQUE' })), keys('1'), 'region', null, []],
    ['no typed village by voice', s(f('where', { category: 'ATTAQUE' })), keys('2'), 'where', 'invalid', []],
    ['the last place', s(f('where', { category: 'ATTAQUE' }), { last: 'ML050303' }), keys('1'), 'gravity', null, []],
    ['home with 00', s(f('gravity', { category: 'ATTAQUE' }), { history: [f('category')] }), keys('00'), 'category', null, []],
    ['back with 0', s(f('gravity', { category: 'ATTAQUE' }), { history: [f('where')] }), keys('0'), 'where', null, []],
    ['now → record', s(f('now', { ...ready, now: undefined })), keys('1'), 'note', null, []],
    [
      'the recording ends: submitted',
      s(f('note', ready)),
      { digits: null, recordingUrl: 'https://m/r.mp3' },
      'done',
      null,
      [{ kind: 'submit' }],
    ],
    ['nothing recorded: submitted all the same', s(f('note', ready)), keys(null), 'done', null, [{ kind: 'submit' }]],
    ['a call that is done stays done', s(f('done', ready)), keys('1'), 'done', null, []],
  ] as const)('%s', (_label, state, input, screen, hint, effects) => {
    const r = voiceStep(state as UssdState, input);
    expect(r.state.frame.screen).toBe(screen);
    expect(r.state.hint).toBe(hint);
    expect(r.effects).toEqual(effects);
  });
});
