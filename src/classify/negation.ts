// Drops alert words that the SMS negates ("pas de palabre", "aucun blessé", Bambara "kɛlɛ si tɛ", "u ma mɔgɔ faga").
import type { Language } from '../domain/taxonomy.ts';
import { BM_NEGATORS_AFTER, NEGATORS } from './keywords.ts';
import type { Hit } from './match.ts';

/** Small words that may sit between a negator and the word it negates: "pas eu d'attaque", "u ma mɔgɔ faga". */
const FILLERS = new Set([
  'de',
  'd',
  'du',
  'des',
  'eu',
  'y',
  'a',
  'encore',
  'un',
  'une',
  'le',
  'la',
  'les',
  'plus',
  'vraiment',
  'mogo',
  'mogow',
  'si',
]);
/** Concepts that say the message is calm or false: never themselves negated. */
const MARKERS = new Set(['nothing', 'refuted']);

function negatedBefore(words: readonly string[], start: number, bambara: boolean): boolean {
  for (let i = start - 1, skipped = 0; i >= 0 && skipped <= 2; i--, skipped++) {
    const w = words[i] ?? '';
    if (NEGATORS.has(w) || (bambara && w === 'ma')) return true; // bm "u ma mɔgɔ faga": they killed nobody
    if (!FILLERS.has(w)) return false;
  }
  return false;
}

function negatedAfter(words: readonly string[], end: number): boolean {
  const next = words[end] ?? '';
  const then = words[end + 1] ?? '';
  if (BM_NEGATORS_AFTER.has(next)) return true;
  return next === 'si' && (BM_NEGATORS_AFTER.has(then) || then === 'ma' || then === '');
}

/** Splits hits into those that stand and those the message negates. */
export function splitNegated(
  words: readonly string[],
  hits: readonly Hit[],
  language: Language,
): { kept: Hit[]; negated: Hit[] } {
  const kept: Hit[] = [];
  const negated: Hit[] = [];
  const bambara = language === 'bm';
  for (const hit of hits) {
    const isNegated =
      !MARKERS.has(hit.entry.concept) && (negatedBefore(words, hit.start, bambara) || negatedAfter(words, hit.end));
    (isNegated ? negated : kept).push(hit);
  }
  return { kept, negated };
}

/** A Fulfulde negative verb ("ngaraani", "yahaani") or French "ne … pas/plus/jamais/personne/rien" anywhere. */
export function hasNegativeVerb(words: readonly string[]): boolean {
  let ne = false;
  for (const w of words) {
    if (w.length >= 6 && w.endsWith('aani')) return true;
    if (w === 'ne' || w === 'n') ne = true;
    else if (ne && (w === 'pas' || w === 'plus' || w === 'jamais' || w === 'personne' || w === 'rien')) return true;
  }
  return false;
}
