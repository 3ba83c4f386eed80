// The USSD menu as a pure state machine: (state, input) → (next state, effects). No I/O, no clock, no
// randomness: the service loads and saves the state and carries out the effects.
import { childrenOf } from './admin-lists.ts';
import {
  BACK_KEY,
  CATEGORY_PAGES,
  HOME_KEY,
  LANGUAGE_KEY,
  MENU_LANGUAGES,
  MORE_KEY,
  NOTE_MAX,
  SKIP_NOTE_KEY,
} from './catalog.ts';
import { listFor, whereOptions } from './lists.ts';
import { pick } from './paging.ts';
import {
  FREE_TEXT,
  type Draft,
  type Effect,
  type Frame,
  type HintId,
  type Profile,
  type Resumable,
  type StepResult,
  type UssdState,
} from './types.ts';
import { findVillages, getVillage } from './villages.ts';
import type { Language } from '../domain/taxonomy.ts';

/** Enough to go back through any report; older frames are dropped. */
const HISTORY_MAX = 40;

const frame = (screen: Frame['screen'], draft: Draft, extra: Partial<Frame> = {}): Frame => ({
  screen,
  page: 0,
  draft,
  ...extra,
});
const homeFrame = (lang: Language | null): Frame => frame(lang ? 'category' : 'lang', {});

export function initialState(profile: Profile, dropped: Resumable | null): UssdState {
  const base = { lang: profile.lang, last: profile.last, history: [], hint: null };
  if (dropped)
    return { ...base, lang: dropped.lang ?? profile.lang, frame: frame('resume', dropped.frame.draft), resumable: dropped };
  return { ...base, frame: homeFrame(profile.lang) };
}

const ok = (state: UssdState, effects: Effect[] = []): StepResult => ({ state, effects });
const stay = (state: UssdState, hint: HintId | null): StepResult => ok({ ...state, hint });

function go(state: UssdState, next: Frame, changes: Partial<UssdState> = {}, effects: Effect[] = []): StepResult {
  const history = [...state.history, state.frame].slice(-HISTORY_MAX);
  return ok({ ...state, ...changes, frame: next, history, hint: null }, effects);
}

function home(state: UssdState): StepResult {
  return ok({ ...state, frame: homeFrame(state.lang), history: [], hint: null, resumable: null });
}

function back(state: UssdState): StepResult {
  const previous = state.history[state.history.length - 1];
  if (!previous) return stay(state, null);
  return ok({ ...state, frame: previous, history: state.history.slice(0, -1), hint: null });
}

/** "98" on a paged screen: the next page, as a step of its own so that "0" comes back. */
function nextPage(state: UssdState, pageCount: number): StepResult {
  const page = state.frame.page + 1;
  return page < pageCount ? go(state, { ...state.frame, page }) : stay(state, 'invalid');
}

function place(state: UssdState, pcode: string, village?: string): StepResult {
  const { village: _old, ...draft } = state.frame.draft;
  return go(state, frame('gravity', { ...draft, pcode, ...(village ? { village } : {}) }));
}

function onList(state: UssdState, input: string): StepResult {
  const list = listFor(state.frame);
  if (input === MORE_KEY) return nextPage(state, list.pages.length);
  const index = pick(list.pages, state.frame.page, input);
  const value = index === null ? undefined : list.values[index];
  if (!value) return stay(state, 'invalid');
  const draft = state.frame.draft;
  switch (state.frame.screen) {
    case 'region': {
      const cercles = childrenOf(value);
      // Bamako has a single cercle: go straight to its communes.
      if (cercles.length === 1 && cercles[0]) return go(state, frame('commune', draft, { parent: cercles[0].pcode }));
      return go(state, frame('cercle', draft, { parent: value }));
    }
    case 'cercle':
      return go(state, frame('commune', draft, { parent: value }));
    case 'commune':
      return place(state, value);
    default: {
      const village = getVillage(value);
      return village ? place(state, village.commune, village.code) : stay(state, 'invalid');
    }
  }
}

function onVillage(state: UssdState, text: string): StepResult {
  const found = findVillages(text);
  if (found.kind === 'short') return stay(state, 'short');
  if (found.kind === 'none') return stay(state, 'notFound');
  const only = found.exact && found.codes.length === 1 ? getVillage(found.codes[0] ?? '') : undefined;
  if (only) return place(state, only.commune, only.code);
  return go(state, frame('villagePick', state.frame.draft, { matches: found.codes }));
}

/** One input on the current screen. "00" and "0" work everywhere; anything else invalid repeats the screen with a hint. */
export function step(state: UssdState, raw: string): StepResult {
  const input = raw.trim();
  const { screen, page, draft } = state.frame;
  if (screen === 'done') return ok(state);
  if (input === HOME_KEY) return home(state);
  if (input === BACK_KEY) return back(state);
  switch (screen) {
    case 'resume': {
      const dropped = state.resumable;
      if (input === '1' && dropped)
        return ok({
          ...state,
          lang: dropped.lang ?? state.lang,
          frame: dropped.frame,
          history: dropped.history,
          hint: null,
          resumable: null,
        });
      if (input === '2')
        return ok({ ...state, frame: homeFrame(state.lang), history: [], hint: null, resumable: null }, [
          { kind: 'discardDropped' },
        ]);
      return stay(state, 'invalid');
    }
    case 'lang': {
      const lang = /^[1-9]$/.test(input) ? MENU_LANGUAGES[Number(input) - 1] : undefined;
      if (!lang) return stay(state, 'invalid');
      return go(state, frame('category', draft), { lang, langChosen: true }, [{ kind: 'language', lang }]);
    }
    case 'category': {
      if (input === MORE_KEY) return nextPage(state, CATEGORY_PAGES.length);
      if (input === LANGUAGE_KEY && page === 0) return go(state, frame('lang', draft));
      const category = /^[1-9]$/.test(input) ? CATEGORY_PAGES[page]?.[Number(input) - 1] : undefined;
      if (!category) return stay(state, 'invalid');
      return go(state, frame('where', { ...draft, category }));
    }
    case 'where': {
      const option = /^[1-9]$/.test(input) ? whereOptions(state.last)[Number(input) - 1] : undefined;
      if (option === 'last' && state.last) return place(state, state.last);
      if (option === 'list') return go(state, frame('region', draft));
      if (option === 'village') return go(state, frame('village', draft));
      return stay(state, 'invalid');
    }
    case 'region':
    case 'cercle':
    case 'commune':
    case 'villagePick':
      return onList(state, input);
    case 'village':
      return onVillage(state, input);
    case 'gravity': {
      const gravity = input === '1' ? 1 : input === '2' ? 2 : input === '3' ? 3 : null;
      return gravity ? go(state, frame('now', { ...draft, gravity })) : stay(state, 'invalid');
    }
    case 'now': {
      if (input !== '1' && input !== '2') return stay(state, 'invalid');
      return go(state, frame('note', { ...draft, now: input === '1' }));
    }
    case 'note': {
      const { note: _old, ...rest } = draft;
      if (input === SKIP_NOTE_KEY) return go(state, frame('summary', rest));
      const note = input.replace(/\s+/g, ' ').slice(0, NOTE_MAX).trim();
      return note ? go(state, frame('summary', { ...rest, note })) : stay(state, 'invalid');
    }
    case 'summary':
      return input === '1' ? go(state, frame('done', draft), {}, [{ kind: 'submit' }]) : stay(state, 'invalid');
  }
}

/**
 * Applies what one hop added to `text`: normally one input, several after a deep dial or a lost
 * answer. A free-text screen takes the rest whole, `*` included (AT cannot tell it from a separator).
 */
export function advance(state: UssdState, added: string): StepResult {
  let current = state;
  const effects: Effect[] = [];
  let rest: string | null = added;
  while (rest !== null && current.frame.screen !== 'done') {
    let input: string;
    const star = rest.indexOf('*');
    if (FREE_TEXT.has(current.frame.screen) || star < 0) [input, rest] = [rest, null];
    else [input, rest] = [rest.slice(0, star), rest.slice(star + 1)];
    const result = step(current, input);
    current = result.state;
    effects.push(...result.effects);
  }
  return { state: current, effects };
}

/** Worth offering again if the dial drops: something was chosen and the report is not sent. */
export function isResumable(frame: Frame): boolean {
  return frame.screen !== 'resume' && frame.screen !== 'done' && frame.draft.category !== undefined;
}
