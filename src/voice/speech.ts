// What the voice says for a state of the menu: the USSD screen's question and options, from the same
// catalog and lists, spoken as "Tapez 1: …". French text to speech for every language (Africa's Talking
// has no Bambara, Fulfulde or Songhay voice) until people record the prompts.
import { translator } from '../i18n/i18n.ts';
import { CATEGORY_PAGES, MENU_LANGUAGES } from '../ussd/catalog.ts';
import { listFor, placeName } from '../ussd/lists.ts';
import { ussdT } from '../ussd/screens.ts';
import { voiceWhereOptions, type VoiceState } from './machine.ts';
import type { VoiceAnswer } from './types.ts';

/** Seconds a question waits for keys before the call comes back to ask it again. */
export const ASK_TIMEOUT_SECONDS = 10;
/** The longest recording of "what happened". */
export const RECORD_MAX_SECONDS = 60;

const SPOKEN = 'fr';
const v = translator(SPOKEN, 'voice');
const t = ussdT(SPOKEN);

/** "R4QX9C" read out as "R, 4, Q, X, 9, C". */
export const spelled = (reference: string) => reference.split('').join(', ');

function options(labels: readonly string[]): string[] {
  return labels.map((label, i) => v('press', { key: i + 1, label }));
}

function ask(state: VoiceState, lines: (string | false)[]): VoiceAnswer {
  const hint = state.hint ? [v(state.hint === 'invalid' ? 'invalid' : 'retry')] : [];
  const back = state.history.length > 0 ? [v('back')] : [];
  const say = [...hint, ...lines.filter((l): l is string => typeof l === 'string'), ...back, v('then')];
  return { kind: 'ask', say, timeoutSeconds: ASK_TIMEOUT_SECONDS };
}

export function speech(state: VoiceState): VoiceAnswer {
  const { screen, page } = state.frame;
  switch (screen) {
    case 'lang':
      return ask(state, [v('welcome'), ...options(MENU_LANGUAGES.map((l) => t(`langName.${l}`)))]);
    case 'category': {
      const cats = (CATEGORY_PAGES[page] ?? []).map((c) => t(`cat.${c}`));
      return ask(state, [
        page === 0 && t('category.title'),
        ...options(cats),
        page + 1 < CATEGORY_PAGES.length && v('more'),
        page === 0 && v('language'),
      ]);
    }
    case 'where': {
      const label = (o: string) => (o === 'last' && state.last ? placeName(state.last) : t('where.list'));
      return ask(state, [t('where.title'), ...options(voiceWhereOptions(state.last).map(label))]);
    }
    case 'region':
    case 'cercle':
    case 'commune': {
      const list = listFor(state.frame);
      const p = list.pages[page] ?? { start: 0, end: 0 };
      return ask(state, [
        t(`${screen}.title`),
        ...options(list.labels.slice(p.start, p.end)),
        page + 1 < list.pages.length && v('more'),
      ]);
    }
    case 'gravity':
      return ask(state, [t('gravity.title'), ...options([1, 2, 3].map((g) => t(`gravity.${g}`)))]);
    case 'now':
      return ask(state, [t('now.title'), ...options([t('now.yes'), t('now.no')])]);
    case 'note':
      return { kind: 'record', say: [v('record')], maxSeconds: RECORD_MAX_SECONDS };
    case 'done':
      return { kind: 'end', say: [v('done', { ref: spelled(state.reference ?? '') })] };
    default:
      // resume, village, villagePick, summary: never reached by a call (voiceStep skips or refuses them).
      return { kind: 'end', say: [v('unavailable')] };
  }
}

/** When the call's state cannot be read or kept, or the report not stored. */
export function voiceUnavailable(): VoiceAnswer {
  return { kind: 'end', say: [v('unavailable')] };
}

/** The report could not be stored: say so rather than give a reference that does not exist. */
export function voiceRetry(): VoiceAnswer {
  return { kind: 'end', say: [v('retry')] };
}
