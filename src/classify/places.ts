// Finds the place names in an SMS (communes, cercles, regions, villages; one-letter slips), telling them from ordinary words.
import { placeKey } from '../geo/fold.ts';
import { adminNamed, adminNear, namesStartingWith, villagesNamed, type Village } from '../geo/gazetteer.ts';
import type { AdminLevel, AdminUnit } from '../geo/admin.ts';
import type { Token } from './normalise.ts';
import {
  COMMON_WORDS,
  ORIGIN_WORDS,
  PEOPLE_WORDS,
  PERSON_NAMES,
  PLACE_WORDS_AFTER,
  PLACE_WORDS_BEFORE,
  WEAK_PLACE_WORDS_BEFORE,
} from './words.ts';

export interface Mention {
  start: number;
  end: number;
  /** Admin units with this name (exact or one letter away); empty for a village name. */
  admin: readonly AdminUnit[];
  villages: readonly Village[];
  /** "cercle de Koro", "commune de Sio": the level named just before. */
  hint: AdminLevel | null;
  /** How surely the words around make it a place: 2 "dans/vers/cercle de/kɔnɔ", 1 "à/de", 0 none. */
  cue: 0 | 1 | 2;
  /** Where people come from rather than where it happens: 2 "venus de X", 1 "les gens de X". */
  origin: 0 | 1 | 2;
  /** In the place slot of a structured report ("FONCIER DJENNE …"). */
  slot: boolean;
}

export interface FindOptions {
  /** Bambara, Fulfulde and Songhay messages: "a" is a pronoun there, not French "à". */
  localLanguage: boolean;
  /** Words known as ordinary vocabulary (lexicon, training texts): never a village, a place only with a cue. */
  isKnownWord: (word: string) => boolean;
  /** Token range [start, end) where names count without a cue (structured place slot, or a whole answer to "where?"). */
  lenient?: readonly [number, number];
  /** The text answers "where did it happen?": ordinary words that are village names count too. */
  answer?: boolean;
}

/** LOCATIVE_ONLY collide with frequent words: FAMa (the army), "salam" (hello). */
const LOCATIVE_ONLY = new Set(['fama', 'salam']);
const LEVEL_WORDS: Readonly<Record<string, AdminLevel>> = {
  commune: 'commune',
  mairie: 'commune',
  cercle: 'cercle',
  region: 'region',
};
const OF = new Set(['de', 'd', 'du', 'des']);

function context(toks: readonly Token[], start: number, end: number, localLanguage: boolean) {
  const prev = toks[start - 1]?.word ?? '';
  const before = OF.has(prev) ? (toks[start - 2]?.word ?? '') : prev;
  let cue: 0 | 1 | 2 = 0;
  let origin: 0 | 1 | 2 = 0;
  if (PLACE_WORDS_BEFORE.has(before) || PLACE_WORDS_AFTER.has(toks[end]?.word ?? '')) cue = 2;
  else if (OF.has(prev) && ORIGIN_WORDS.has(before)) origin = 2;
  else if (prev === 'bo' && toks[start - 2]?.word === 'ka')
    origin = 2; // bm "ka bɔ X": from X
  else if (WEAK_PLACE_WORDS_BEFORE.has(prev) && !(localLanguage && prev === 'a')) cue = 1;
  if (OF.has(prev) && PEOPLE_WORDS.has(before)) origin = 1;
  if (ORIGIN_WORDS.has(before) && cue === 0) origin = 2;
  const hint = LEVEL_WORDS[before] ?? null;
  return { cue, origin, hint };
}

/**
 * When a name counts as a place (ours, kept simple; a cue is "à/de/dans/vers/cercle de…" before or "kɔnɔ" after):
 * - FAMa, Salam: only after a strong cue; people's names (Sy, Diallo): a strong cue, capitals, or a cue and a capital;
 * - names of 3 letters or fewer (San, Gao, Sio), ordinary words (Koro, Diré, bm "duuru"): a cue, capitals, or a
 *   capital letter other than on the first word;
 * - one letter away from a commune (Tenekou) or a village name: not an ordinary word, and a cue or a capital letter;
 * - other commune, cercle and region names: always.
 */
function accepts(toks: readonly Token[], m: Mention, key: string, near: boolean, o: FindOptions, shouting: boolean): boolean {
  const raw = toks[m.start]?.raw ?? '';
  const inSlot = o.lenient !== undefined && m.start >= o.lenient[0] && m.end <= o.lenient[1];
  const words = toks.slice(m.start, m.end).map((t) => t.norm);
  const ordinary = words.every((w) => COMMON_WORDS.has(w) || o.isKnownWord(w));
  if (inSlot) return o.answer === true || !ordinary || (m.admin.length > 0 && !near);
  const capitals = !shouting && raw.length >= 2 && raw === raw.toUpperCase() && /\p{L}/u.test(raw);
  const capital = !shouting && m.start > 0 && raw[0] !== undefined && raw[0] !== raw[0].toLowerCase();
  if (LOCATIVE_ONLY.has(key)) return m.cue === 2;
  if (words.length === 1 && PERSON_NAMES.has(words[0] ?? '')) return m.cue === 2 || capitals || (m.cue === 1 && capital);
  if (near || m.admin.length === 0) {
    if (ordinary || key.replace(/ /g, '').length < 4) return false;
    return m.cue > 0 || m.origin > 0 || capital || capitals;
  }
  if (key.replace(/ /g, '').length <= 3 || ordinary) return m.cue > 0 || m.origin > 0 || capitals || capital;
  return true;
}

/** All place names in the message, longest first (up to the longest name starting with that word), left to right. */
export function findMentions(toks: readonly Token[], o: FindOptions): Mention[] {
  const keys = toks.map((t) => (/^\d+$/.test(t.norm) ? '' : placeKey(t.norm)));
  const letters = toks.map((t) => t.raw).join('');
  const shouting = letters.length > 6 && letters === letters.toUpperCase();
  const found: Mention[] = [];
  for (let i = 0; i < toks.length;) {
    let taken = 0;
    const longest = Math.max(namesStartingWith(keys[i] ?? ''), keys[i] ? 1 : 0); // 1: a slip may still name a commune
    for (let n = Math.min(longest, toks.length - i); n > 0 && taken === 0; n--) {
      const span = keys.slice(i, i + n);
      if (span.some((k) => !k)) continue;
      const key = span.join(' ');
      let admin = adminNamed(key);
      const villages = admin.length > 0 ? [] : villagesNamed(key);
      let near = false;
      if (admin.length === 0 && villages.length === 0 && n === 1) {
        admin = adminNear(key);
        near = admin.length > 0;
      }
      if (admin.length === 0 && villages.length === 0) continue;
      const m: Mention = { start: i, end: i + n, admin, villages, slot: false, ...context(toks, i, i + n, o.localLanguage) };
      if (!accepts(toks, m, key, near, o, shouting)) continue;
      m.slot = o.lenient !== undefined && i >= o.lenient[0] && i + n <= o.lenient[1];
      found.push(m);
      taken = n;
    }
    i += Math.max(taken, 1);
  }
  return found;
}
