// What the voice says for a state of the menu: the USSD screen's question and options, from the same
// catalog and lists, spoken as "Tapez 1: …". French text to speech for every language (Africa's Talking
// has no Bambara, Fulfulde or Songhay voice), each sentence naming the prompts people may record for it
// in the caller's language (src/voice/prompts.ts).
import { translator } from '../i18n/i18n.ts';
import { CATEGORY_PAGES, MENU_LANGUAGES } from '../ussd/catalog.ts';
import { listFor, placeName } from '../ussd/lists.ts';
import { ussdT } from '../ussd/screens.ts';
import type { AlertCallState } from './alert-call.ts';
import { voiceWhereOptions, type VoiceState } from './machine.ts';
import { SPOKEN } from './prompts.ts';
import type { Spoken, VoiceAnswer } from './types.ts';

/** Seconds a question waits for keys before the call comes back to ask it again. */
export const ASK_TIMEOUT_SECONDS = 10;
/** The longest recording of "what happened". */
export const RECORD_MAX_SECONDS = 60;

const v = translator(SPOKEN, 'voice');
const t = ussdT(SPOKEN);

/** "R4QX9C" read out as "R, 4, Q, X, 9, C". */
export const spelled = (reference: string) => reference.split('').join(', ');

/** A sentence of the voice catalog (voice.json) or of the USSD one, with its own prompt. */
const line = (text: string, ...prompts: string[]): Spoken => ({ text, prompts });
const said = (key: string, vars?: Record<string, unknown>): Spoken => (vars ? line(v(key, vars)) : line(v(key), key));
const ussd = (key: string): Spoken => line(t(key), key);

/** "Tapez 1: label." with the prompts "press.1" and the label's (none for a place name: text to speech). */
function options(labels: readonly { text: string; key: string | null }[]): Spoken[] {
  return labels.map((l, i) => line(v('press', { key: i + 1, label: l.text }), ...(l.key ? [`press.${i + 1}`, l.key] : [])));
}
const keyed = (keys: readonly string[]) => keys.map((key) => ({ text: t(key), key }));
const places = (labels: readonly string[]) => labels.map((text) => ({ text, key: null }));

function ask(state: VoiceState, lines: (Spoken | false)[]): VoiceAnswer {
  const hint = state.hint ? [said(state.hint === 'invalid' ? 'invalid' : 'retry')] : [];
  const back = state.history.length > 0 ? [said('back')] : [];
  const say = [...hint, ...lines.filter((l): l is Spoken => l !== false), ...back, said('then')];
  return { kind: 'ask', say, timeoutSeconds: ASK_TIMEOUT_SECONDS, lang: state.lang ?? SPOKEN };
}

export function speech(state: VoiceState): VoiceAnswer {
  const { screen, page } = state.frame;
  const lang = state.lang ?? SPOKEN;
  switch (screen) {
    case 'lang':
      return ask(state, [said('welcome'), ...options(keyed(MENU_LANGUAGES.map((l) => `langName.${l}`)))]);
    case 'category':
      return ask(state, [
        page === 0 && ussd('category.title'),
        ...options(keyed((CATEGORY_PAGES[page] ?? []).map((c) => `cat.${c}`))),
        page + 1 < CATEGORY_PAGES.length && said('more'),
        page === 0 && said('language'),
      ]);
    case 'where': {
      const label = (o: string) =>
        o === 'last' && state.last ? { text: placeName(state.last), key: null } : { text: t('where.list'), key: 'where.list' };
      return ask(state, [ussd('where.title'), ...options(voiceWhereOptions(state.last).map(label))]);
    }
    case 'region':
    case 'cercle':
    case 'commune': {
      const list = listFor(state.frame);
      const p = list.pages[page] ?? { start: 0, end: 0 };
      return ask(state, [
        ussd(`${screen}.title`),
        ...options(places(list.labels.slice(p.start, p.end))),
        page + 1 < list.pages.length && said('more'),
      ]);
    }
    case 'gravity':
      return ask(state, [ussd('gravity.title'), ...options(keyed(['gravity.1', 'gravity.2', 'gravity.3']))]);
    case 'now':
      return ask(state, [ussd('now.title'), ...options(keyed(['now.yes', 'now.no']))]);
    case 'note':
      return { kind: 'record', say: [said('record')], maxSeconds: RECORD_MAX_SECONDS, lang };
    case 'done':
      return { kind: 'end', say: [said('done', { ref: spelled(state.reference ?? '') })], lang };
    default:
      // resume, village, villagePick, summary: never reached by a call (voiceStep skips or refuses them).
      return { kind: 'end', say: [said('unavailable')], lang };
  }
}

/** When the call's state cannot be read or kept, or the report not stored. */
export function voiceUnavailable(): VoiceAnswer {
  return { kind: 'end', say: [said('unavailable')], lang: SPOKEN };
}

/** The report could not be stored: say so rather than give a reference that does not exist. */
export function voiceRetry(): VoiceAnswer {
  return { kind: 'end', say: [said('retry')], lang: SPOKEN };
}

/** The call to a focal point (in French: focal points read French SMS): the alert, its keys, or what a key did. */
export function alertSpeech(state: AlertCallState): VoiceAnswer {
  const ref = spelled(state.reference);
  const end = (s: Spoken): VoiceAnswer => ({ kind: 'end', say: [s], lang: SPOKEN });
  switch (state.outcome) {
    case 'acknowledged':
      return end(said('alertAcknowledged', { ref }));
    case 'later':
      return end(said('alertLater'));
    case 'unanswered':
      return end(said('alertUnanswered'));
    default: {
      const category = t(`cat.${state.category}`);
      const place = state.pcode ? placeName(state.pcode) : '';
      const hint = state.hint ? [said('invalid')] : [];
      return {
        kind: 'ask',
        say: [...hint, said('alert', { category, place, ref }), said('alertKeys')],
        timeoutSeconds: ASK_TIMEOUT_SECONDS,
        lang: SPOKEN,
      };
    }
  }
}
