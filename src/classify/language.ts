// Language of an SMS (fr, bm, ff, son, or a mix): features for the trained language model and how to read its answer.
import { LANGUAGES, type Language } from '../domain/taxonomy.ts';
import type { Features } from './linear.ts';
import { LEXICON } from './lexicon.ts';
import { findHits } from './match.ts';
import type { Token } from './normalise.ts';
import { ABBREVIATIONS } from './abbreviations.ts';
import { FUNCTION_WORDS } from './words.ts';

/** What the language model tells apart: the four languages, and "mix" for SMS that switch between them. */
export const LANGUAGE_TAGS = [...LANGUAGES, 'mix'] as const;
export type LanguageTag = (typeof LANGUAGE_TAGS)[number];

const LANGS: readonly Language[] = LANGUAGES;

/** Lexicon entries that say something about the language: long or multi-word forms only. */
const TELLING = LEXICON.filter((e) => e.words.length > 1 || (e.words[0]?.length ?? 0) >= 4);

/**
 * Words, character 2–3-grams of each word (so "misiw", "ndogii", "hawey" carry their language even
 * when unseen), and counts of function words, SMS shorthand and lexicon words per language.
 */
export function languageFeatures(toks: readonly Token[]): Features {
  const f: Features = new Map();
  const add = (name: string, v = 1): void => {
    f.set(name, (f.get(name) ?? 0) + v);
  };
  const evidence = Object.fromEntries(LANGS.map((l) => [l, 0])) as Record<Language, number>;
  for (const t of toks) {
    if (/^\d+$/.test(t.norm)) continue;
    add(`w:${t.norm}`);
    const padded = `^${t.norm}$`;
    for (let n = 2; n <= 3; n++) for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`, 0.3);
    for (const l of LANGS) if (FUNCTION_WORDS[l].has(t.norm)) evidence[l] += 1;
    if (ABBREVIATIONS[t.norm]) evidence.fr += 1;
  }
  const seen = new Set<string>();
  for (const h of findHits(
    toks.map((t) => t.word),
    TELLING,
  )) {
    const key = `${h.entry.language}:${h.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    evidence[h.entry.language] += 1.5;
  }
  for (const l of LANGS) {
    if (evidence[l] > 0) add(`e:${l}`, Math.min(evidence[l], 4));
    if (evidence[l] >= 2) add(`e2:${l}`, 2);
  }
  const local = LANGS.filter((l) => l !== 'fr' && evidence[l] >= 2).length;
  if (evidence.fr >= 2 && local > 0) add('e:fr+local', 2);
  return f;
}

/** The tag the model prefers, and the one language to answer in (for "mix", the local language most likely). */
export function readLanguage(probs: ArrayLike<number>): { tag: LanguageTag; language: Language; p: number } {
  let best = 0;
  for (let k = 1; k < LANGUAGE_TAGS.length; k++) if ((probs[k] ?? 0) > (probs[best] ?? 0)) best = k;
  const tag = LANGUAGE_TAGS[best] ?? 'fr';
  if (tag !== 'mix') return { tag, language: tag, p: probs[best] ?? 0 };
  let local = 1;
  for (let k = 2; k <= 3; k++) if ((probs[k] ?? 0) > (probs[local] ?? 0)) local = k;
  return { tag, language: LANGS[local] ?? 'bm', p: probs[best] ?? 0 };
}
