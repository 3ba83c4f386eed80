// What the menu offers, as data: languages, the TAXONOMY categories a villager recognises, and severity.
import { LANGUAGES, type Category, type Language, type Severity } from '../domain/taxonomy.ts';
import type { Gravity } from './types.ts';

/** Order of the language screen (1..4). */
export const MENU_LANGUAGES: readonly Language[] = LANGUAGES;

/**
 * Categories over fixed pages (the same numbers in every language, so a helper can tell a
 * villager "1 then 4"): the urgent and frequent first. NON_ALERTE is not offered.
 */
export const CATEGORY_PAGES: readonly (readonly Category[])[] = [
  ['ATTAQUE', 'ARMES', 'FONCIER', 'VOL_BETAIL', 'INTERCOM'],
  ['VBG', 'DEPLACEMENT', 'RECRUT', 'RUMEUR', 'GOUVERNANCE', 'AUTRE'],
];

/** On the first category page (home), this key opens the language screen. */
export const LANGUAGE_KEY = '9';
export const MORE_KEY = '98';
export const BACK_KEY = '0';
export const HOME_KEY = '00';
/** On the note screen: no detail to add. */
export const SKIP_NOTE_KEY = '1';

/** Longest free-text note kept (operators cap USSD input at 80 to 90 characters anyway). */
export const NOTE_MAX = 100;

/** Categories that are at least an alert (2), whatever the reporter answered (TAXONOMY: weapons raise to at least 2). */
const FLOOR_2: ReadonlySet<Category> = new Set(['ATTAQUE', 'ARMES']);

/**
 * TAXONOMY severity from the two questions (ours, to be validated with the committees):
 * 3 "injured, dead, attack" is 3; an attack under way is 3; something happening now is at
 * least an alert (2); a past event without injury is information (1), except for the
 * categories that are always at least an alert.
 */
export function severityFor(category: Category, gravity: Gravity, now: boolean): Severity {
  if (gravity === 3) return 3;
  if (category === 'ATTAQUE' && now) return 3;
  if (gravity === 2 || now) return 2;
  return FLOOR_2.has(category) ? 2 : 1;
}
