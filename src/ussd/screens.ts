// Renders the current screen of a state in the reporter's language (locales/<lang>/ussd.json), folded to
// plain GSM-7 and at most 160 characters with its CON / END prefix. Screens without user data are memoised.
import type { TFunction } from 'i18next';
import { translator } from '../i18n/i18n.ts';
import { BACK_KEY, CATEGORY_PAGES, HOME_KEY, LANGUAGE_KEY, MENU_LANGUAGES, MORE_KEY } from './catalog.ts';
import { listFor, placeName, whereOptions } from './lists.ts';
import { clip, SCREEN_MAX, screenText } from './text.ts';
import type { Draft, ScreenId, UssdState } from './types.ts';
import { getVillage } from './villages.ts';

export interface Reply {
  /** The whole body, `CON …` or `END …`. */
  text: string;
  end: boolean;
  screen: ScreenId;
}

/**
 * t(key) of locales/<lang>/ussd.json, kept once looked up (the hot path). A text with parameters is split
 * once at its {{name}} placeholders and filled in like i18next (values as they are, an absent one left as
 * written), at a tenth of its cost; one with any other i18next syntax goes to i18next every time.
 */
export type UssdT = (key: string, params?: Record<string, string | number>) => string;
const translators = new Map<string, UssdT>();
const PLACEHOLDERS = /\{\{(\w+)\}\}/g;
export function ussdT(lang: string | null): UssdT {
  const key = lang ?? 'fr';
  let t = translators.get(key);
  if (!t) {
    const fixed: TFunction = translator(key, 'ussd');
    const plain = new Map<string, string>();
    const split = new Map<string, string[] | null>(); // literal, name, literal, … (null: i18next's to render)
    const text = (k: string) => {
      let found = plain.get(k);
      if (found === undefined) plain.set(k, (found = fixed(k)));
      return found;
    };
    t = (k, params) => {
      if (!params) return text(k);
      let parts = split.get(k);
      if (parts === undefined) {
        parts = text(k).split(PLACEHOLDERS);
        if (parts.some((p, i) => i % 2 === 0 && /\{\{|\$t\(/.test(p))) parts = null;
        split.set(k, parts);
      }
      if (!parts) return fixed(k, params);
      let out = parts[0]!;
      for (let i = 1; i < parts.length; i += 2) {
        const value = params[parts[i]!];
        out += (value === undefined ? `{{${parts[i]}}}` : String(value)) + parts[i + 1]!;
      }
      return out;
    };
    translators.set(key, t);
  }
  return t;
}

const numbered = (n: number | string, label: string) => `${n} ${label}`;

function finish(lines: (string | null | false)[], end: boolean, screen: ScreenId): Reply {
  const body = screenText(lines.filter((l): l is string => typeof l === 'string' && l !== '').join('\n'));
  return { text: `${end ? 'END' : 'CON'} ${body}`, end, screen };
}

/** The place of a draft as a reporter reads it: the village if one was picked, else the commune or cercle. */
export function draftPlace(draft: Draft): string {
  const village = draft.village ? getVillage(draft.village) : undefined;
  if (village && village.code !== draft.pcode) return screenText(village.name);
  return draft.pcode ? placeName(draft.pcode) : '-';
}

/** The summary with the note (then the place) shortened until it fits. */
function summary(state: UssdState, t: UssdT, hint: string | null, nav: string): Reply {
  const d = state.frame.draft;
  const build = (place: string, note: string | undefined) =>
    finish(
      [
        hint,
        t('summary.title', {
          what: t(`cat.${d.category}`),
          place,
          gravity: t(`short.gravity.${d.gravity}`),
          when: t(d.now ? 'short.now' : 'short.past'),
        }),
        note !== undefined && t('summary.note', { note }),
        numbered(1, t('summary.send')),
        nav,
      ],
      false,
      'summary',
    );
  const place = draftPlace(d);
  let note = d.note === undefined ? undefined : screenText(d.note);
  let reply = build(place, note);
  while (reply.text.length > SCREEN_MAX && note !== undefined && note.length > 3) {
    note = clip(note, Math.max(3, note.length - (reply.text.length - SCREEN_MAX) - 2));
    reply = build(place, note);
  }
  if (reply.text.length > SCREEN_MAX) reply = build(clip(place, 12), note === undefined ? undefined : '..');
  return reply;
}

function compose(state: UssdState): Reply {
  const t = ussdT(state.lang);
  const { screen, page, draft } = state.frame;
  const hint = state.hint ? t(`hint.${state.hint}`) : null;
  const nav = `${BACK_KEY} ${t('nav.back')} ${HOME_KEY} ${t('nav.home')}`;
  const more = (has: boolean) => has && numbered(MORE_KEY, t('nav.more'));
  switch (screen) {
    case 'resume':
      return finish(
        [
          hint,
          t('resume.title', { what: draft.category ? t(`cat.${draft.category}`) : '-' }),
          numbered(1, t('resume.continue')),
          numbered(2, t('resume.new')),
        ],
        false,
        screen,
      );
    case 'lang':
      return finish(
        [
          hint,
          t('lang.title'),
          ...MENU_LANGUAGES.map((l, i) => numbered(i + 1, t(`langName.${l}`))),
          state.history.length > 0 && nav,
        ],
        false,
        screen,
      );
    case 'category': {
      const items = (CATEGORY_PAGES[page] ?? []).map((c, i) => numbered(i + 1, t(`cat.${c}`)));
      const footer = page === 0 ? [numbered(LANGUAGE_KEY, t('nav.language'))] : [numbered(BACK_KEY, t('nav.back'))];
      return finish(
        [hint, page === 0 && t('category.title'), ...items, more(page + 1 < CATEGORY_PAGES.length), ...footer],
        false,
        screen,
      );
    }
    case 'where': {
      const labels = {
        last: () => t('where.last', { place: state.last ? placeName(state.last) : '' }),
        list: () => t('where.list'),
        village: () => t('where.village'),
      };
      return finish(
        [hint, t('where.title'), ...whereOptions(state.last).map((o, i) => numbered(i + 1, labels[o]())), nav],
        false,
        screen,
      );
    }
    case 'region':
    case 'cercle':
    case 'commune':
    case 'villagePick': {
      const list = listFor(state.frame);
      const p = list.pages[page] ?? { start: 0, end: 0 };
      const items = list.labels.slice(p.start, p.end).map((label, i) => numbered(i + 1, label));
      return finish([hint, t(`${screen}.title`), ...items, more(page + 1 < list.pages.length), nav], false, screen);
    }
    case 'village':
    case 'note':
      return finish([hint, t(`${screen}.title`), nav], false, screen);
    case 'gravity':
      return finish([hint, t('gravity.title'), ...[1, 2, 3].map((g) => numbered(g, t(`gravity.${g}`))), nav], false, screen);
    case 'now':
      return finish([hint, t('now.title'), numbered(1, t('now.yes')), numbered(2, t('now.no')), nav], false, screen);
    case 'summary':
      return summary(state, t, hint, nav);
    case 'done':
      return finish([t('done', { ref: state.reference ?? '-' })], true, screen);
  }
}

/** Screens that show nothing the reporter typed: the same state always renders the same text. */
const MEMO_SCREENS: ReadonlySet<ScreenId> = new Set([
  'lang',
  'category',
  'where',
  'region',
  'cercle',
  'commune',
  'village',
  'note',
  'gravity',
  'now',
]);
const memo = new Map<string, Reply>();

export function render(state: UssdState): Reply {
  const f = state.frame;
  if (!MEMO_SCREENS.has(f.screen)) return compose(state);
  const key = `${state.lang}|${f.screen}|${f.page}|${f.parent ?? ''}|${state.hint ?? ''}|${f.screen === 'where' ? state.last : ''}|${f.screen === 'lang' && state.history.length > 0}`;
  let reply = memo.get(key);
  if (!reply) {
    if (memo.size > 20_000) memo.clear();
    memo.set(key, (reply = compose(state)));
  }
  return reply;
}

/** When the session cannot be read or kept (Redis down): a clear end rather than an operator error. */
export function unavailable(lang: string | null): Reply {
  return finish([ussdT(lang)('unavailable')], true, 'done');
}
