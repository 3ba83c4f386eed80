// Guesses the language of an SMS (fr, bm, ff, son) from function words and lexicon hits; French when unsure.
import type { Language } from '../domain/taxonomy.ts';
import { SMS_ABBREVIATIONS } from './lexicon.ts';
import type { Hit } from './match.ts';
import { tokens } from './normalise.ts';

const words = (list: string): ReadonlySet<string> => new Set(tokens(list));

/**
 * Short, frequent grammatical words. French and Bambara lists as given in the brief, plus a few
 * obvious ones; the Fulfulde and Songhay lists are ours (inferred, to be checked by speakers) and
 * kept to words that do not collide with French or Bambara.
 */
export const FUNCTION_WORDS: Readonly<Record<Language, ReadonlySet<string>>> = {
  fr: words('le la les de des du un une et est a au pour dans il ils on nous pas y sont ont en sur avec qui que ce se ne mais'),
  bm: words('ye ka ni be bɛ ma tun ko an u o la kan te tɛ ani fana kɔnɔ bɛɛ'),
  ff: words('ngam ɗum hande jooni kadi wonaa'),
  son: words('nda goo'),
};

const ORDER: readonly Language[] = ['bm', 'ff', 'son'];

/**
 * Scores each language: 1 per function word (French SMS abbreviations count as French), 2 per
 * lexicon hit of that language. A local language wins only with a score of at least 2 that beats
 * French; otherwise the answer is French.
 */
export function detectLanguage(folded: readonly string[], hits: readonly Hit[]): Language {
  const score: Record<Language, number> = { fr: 0, bm: 0, ff: 0, son: 0 };
  for (const w of folded) {
    for (const lang of Object.keys(FUNCTION_WORDS) as Language[]) if (FUNCTION_WORDS[lang].has(w)) score[lang] += 1;
    if (SMS_ABBREVIATIONS.has(w)) score.fr += 1;
  }
  const counted = new Set<string>();
  for (const hit of hits) {
    const key = `${hit.entry.language}:${hit.start}`;
    if (counted.has(key)) continue;
    counted.add(key);
    score[hit.entry.language] += 2;
  }
  let best: Language = 'fr';
  for (const lang of ORDER) if (score[lang] > score[best] && score[lang] >= 2) best = lang;
  return best;
}
