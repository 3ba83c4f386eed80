// The catalog of voice prompts people record: every fixed sentence or option label the spoken menu and the
// focal points' call say, by a stable key, with the French text it replaces. Names of places, references
// and the alert's own wording are not in it: they change with each call and stay spoken by text to speech.
import { translator } from '../i18n/i18n.ts';
import { CATEGORY_PAGES, MENU_LANGUAGES } from '../ussd/catalog.ts';
import { ussdT } from '../ussd/screens.ts';
import type { VoiceAnswer } from './types.ts';

export const SPOKEN = 'fr';
/** Keys: letters, digits, dots and underscores (they go into a URL). */
export const PROMPT_KEY = /^[A-Za-z0-9._]{1,40}$/;

const v = translator(SPOKEN, 'voice');
const t = ussdT(SPOKEN);

/** "Tapez 1" … "Tapez 9": the key a press line starts with. */
const PRESS_KEYS = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const VOICE_LINES = [
  'welcome',
  'then',
  'more',
  'language',
  'back',
  'invalid',
  'record',
  'retry',
  'unavailable',
  'alertKeys',
  'alertLater',
  'alertUnanswered',
];
const MENU_TITLES = [
  'category.title',
  'where.title',
  'where.list',
  'region.title',
  'cercle.title',
  'commune.title',
  'gravity.title',
  'now.title',
];
const OPTIONS = [
  ...MENU_LANGUAGES.map((l) => `langName.${l}`),
  ...CATEGORY_PAGES.flat().map((c) => `cat.${c}`),
  'gravity.1',
  'gravity.2',
  'gravity.3',
  'now.yes',
  'now.no',
];

/** Every prompt key with the French it stands for, in the order a caller hears them. */
export function promptCatalog(): { key: string; text: string }[] {
  return [
    ...VOICE_LINES.map((key) => ({ key, text: v(key) })),
    ...PRESS_KEYS.map((n) => ({ key: `press.${n}`, text: v('pressKey', { key: n }) })),
    ...MENU_TITLES.map((key) => ({ key, text: t(key) })),
    ...OPTIONS.map((key) => ({ key, text: t(key) })),
  ];
}

let keys: ReadonlySet<string> | undefined;
export function isPromptKey(key: string): boolean {
  keys ??= new Set(promptCatalog().map((p) => p.key));
  return keys.has(key);
}

/** Where the provider fetches a recorded prompt (public, served only for prompts that were uploaded). */
export const promptPath = (lang: string, key: string) => `/voice/prompts/${lang}/${key}`;

/**
 * The answer with recorded prompts played where every prompt of a sentence is recorded in the answer's
 * language (`recorded` holds "lang/key"); the others stay spoken in French.
 */
export function withRecordedPrompts(answer: VoiceAnswer, recorded: ReadonlySet<string>): VoiceAnswer {
  if (!('say' in answer) || recorded.size === 0) return answer;
  const { lang } = answer;
  const say = answer.say.map((l) =>
    l.prompts.length > 0 && l.prompts.every((k) => recorded.has(`${lang}/${k}`))
      ? { ...l, play: l.prompts.map((k) => promptPath(lang, k)) }
      : l,
  );
  return { ...answer, say };
}
