// Reads a reporter's answer to "where did it happen?": any place name counts, the known area breaks ties.
import { tokenize } from './normalise.ts';
import { locate, type PlaceCandidate } from './place-choice.ts';
import { findMentions } from './places.ts';
import { placeFields } from './classifier.ts';
import { staticKnownWord } from './model.ts';
import type { Classification, ClassifyContext } from './types.ts';

export type PlaceAnswer =
  | ({ kind: 'location'; village: Classification['village'] } & Pick<Classification, 'location' | 'commune' | 'cercle'>)
  | { kind: 'candidates'; candidates: PlaceCandidate[] };

/**
 * "à Sio", "Dinangourou", "c'est au village de Kera près de Djenné", "Jenne kɔnɔ", "cercle de Koro":
 * the place, the same-named villages to choose from, or null when the answer names no place
 * (then ask again or hand over to a coordinator).
 */
export function resolvePlaceAnswer(text: string, context: ClassifyContext = {}): PlaceAnswer | null {
  const toks = tokenize(text);
  // A short answer ("Sio", "a Koro", "Kera Djenne") is a place by construction; a sentence is read like any SMS.
  const short = toks.length <= 3;
  const mentions = findMentions(toks, {
    localLanguage: false,
    isKnownWord: staticKnownWord,
    ...(short ? { lenient: [0, toks.length] as const, answer: true } : {}),
  });
  const located = locate(mentions, context.knownPcode ?? null);
  if (located.unit && (located.unit.level === 'commune' || located.candidates.length === 0)) {
    return { kind: 'location', village: located.village, ...placeFields(located.unit) };
  }
  if (located.candidates.length > 0) return { kind: 'candidates', candidates: located.candidates };
  return null;
}
