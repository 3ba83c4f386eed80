// Drops alert words that the SMS negates ("pas de palabre", "aucun blessé", Bambara "kɛlɛ si tɛ").
import { BM_NEGATORS_AFTER, NEGATORS } from './keywords.ts';
import type { Hit } from './match.ts';

/** Small words that may sit between a negator and the word it negates: "pas eu d'attaque". */
const FILLERS = new Set(['de', 'd', 'du', 'des', 'eu', 'y', 'a', 'encore', 'un', 'une', 'le', 'la', 'les', 'plus', 'vraiment']);

function negatedBefore(words: readonly string[], start: number): boolean {
  for (let i = start - 1, skipped = 0; i >= 0 && skipped <= 2; i--, skipped++) {
    const w = words[i] ?? '';
    if (NEGATORS.has(w)) return true;
    if (!FILLERS.has(w)) return false;
  }
  return false;
}

function negatedAfter(words: readonly string[], end: number): boolean {
  const next = words[end] ?? '';
  return BM_NEGATORS_AFTER.has(next) || (next === 'si' && BM_NEGATORS_AFTER.has(words[end + 1] ?? ''));
}

/** Splits hits into those that stand and those the message negates. */
export function splitNegated(words: readonly string[], hits: readonly Hit[]): { kept: Hit[]; negated: Hit[] } {
  const kept: Hit[] = [];
  const negated: Hit[] = [];
  for (const hit of hits) {
    if (hit.entry.concept !== 'nothing' && (negatedBefore(words, hit.start) || negatedAfter(words, hit.end))) {
      negated.push(hit);
    } else {
      kept.push(hit);
    }
  }
  return { kept, negated };
}
