// Word lists the classifier recognises: reference/lexicon.csv (fr, bm, ffm, ses rows) plus our own keywords.ts, folded once.
import { LANGUAGES, type Language } from '../domain/taxonomy.ts';
import { readCsv } from '../geo/csv.ts';
import { OUR_KEYWORDS } from './keywords.ts';
import { expand, tokens } from './normalise.ts';

/** Languages the classifier tells apart: the taxonomy's. */
export type LexLanguage = Language;

export interface LexEntry {
  concept: string;
  language: LexLanguage;
  /** Folded words; a word ending in '*' matches any word starting with it. */
  words: readonly string[];
  /** 'sourced' / 'inferred' as in lexicon.csv; 'ours' for keywords.ts. */
  confidence: 'sourced' | 'inferred' | 'ours';
}

/** lexicon.csv language codes → ours (Dogon, Tamasheq rows are not used yet). */
const LANGUAGE_OF: Readonly<Record<string, LexLanguage>> = { fr: 'fr', bm: 'bm', ffm: 'ff', ses: 'son' };

/**
 * lexicon.csv forms we deliberately drop (concept:language:form): each collides with a very common
 * word of the same language and would raise false alerts.
 */
const IGNORED = new Set([
  'land:bm:dugu', // also "village"; kept as village only
  'sexual_violence:bm:binkanni', // Bamadaba: "agression; viol; banditisme" — kept as attack only
  'dead:bm:sa', // bare "sa" is also "snake" and a frequent particle; "salen", "u sara" are kept
  'dead:bm:su', // "su" is also "night" ("su fɛ" = at night)
  'theft:bm:son', // "sɔn" = to agree; "nson" is kept
  'sexual_violence:fr:agression', // generic; our 'assault' concept handles it (VBG only with women)
]);

function entry(concept: string, language: LexLanguage, phrase: string, confidence: LexEntry['confidence']): LexEntry | null {
  if (phrase.includes('...') || phrase.includes('…')) return null; // "bin ... kan": its variants are listed
  const words = tokens(phrase).map(expand); // '*' is a separator for tokens(), so put it back on the last word
  if (words.length === 0) return null;
  if (phrase.trim().endsWith('*')) words[words.length - 1] += '*';
  if (IGNORED.has(`${concept}:${language}:${words.join(' ')}`)) return null;
  return { concept, language, words, confidence };
}

function load(): LexEntry[] {
  const entries: LexEntry[] = [];
  for (const row of readCsv(new URL('../../reference/lexicon.csv', import.meta.url))) {
    const forms = [row.form ?? '', ...(row.variants ?? '').split('|')].filter((f) => f.trim() !== '');
    if (row.language === 'fr-sms') continue; // SMS shorthand is expanded by normalise.ts (abbreviations.ts)
    const language = LANGUAGE_OF[row.language ?? ''];
    if (!language || row.concept === 'typing_note' || !row.concept) continue;
    const confidence = row.confidence === 'inferred' ? 'inferred' : 'sourced';
    for (const form of forms) {
      const e = entry(row.concept, language, form, confidence);
      if (e) entries.push(e);
    }
  }
  for (const { concept, language, words } of OUR_KEYWORDS) {
    for (const phrase of words.split('|')) {
      const e = entry(concept, language, phrase, 'ours');
      if (e) entries.push(e);
    }
  }
  // One entry per (concept, language, words).
  const seen = new Set<string>();
  const unique = entries.filter((e) => {
    const key = `${e.concept}:${e.language}:${e.words.join(' ')}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return unique;
}

/** Every entry, all four languages, as shipped. */
export const LEXICON: readonly LexEntry[] = load();

/** An entry's name for its native review: `concept:folded words` within its language (`theft:sonyali`). */
export const lexiconKey = (e: LexEntry): string => `${e.concept}:${e.words.join(' ')}`;

/** The local-language entries a native speaker reviews (French ones are the team's). */
export const LOCAL_ENTRIES: readonly LexEntry[] = LEXICON.filter((e) => e.language !== 'fr');

const letters = (e: LexEntry): number => e.words.join('').replace(/\*/g, '').length;

/**
 * Entries used to read a message once its language is known: French (code-switching is the
 * norm), the message's language, and words of other languages only when 5+ letters long (short
 * words like ses "wi" or ffm "wari", which is "money" in Bambara, collide across languages).
 */
export function entriesFor(language: LexLanguage): readonly LexEntry[] {
  return byLanguage[language];
}

const byLanguageOf = (entries: readonly LexEntry[]): Readonly<Record<LexLanguage, readonly LexEntry[]>> => {
  const forLanguage = (l: LexLanguage): readonly LexEntry[] =>
    entries.filter((e) => e.language === 'fr' || e.language === l || letters(e) >= 5);
  return Object.fromEntries(LANGUAGES.map((l) => [l, forLanguage(l)])) as Readonly<Record<LexLanguage, readonly LexEntry[]>>;
};
let byLanguage = byLanguageOf(LEXICON);

/**
 * Reads messages with a speaker's accepted corrections: each names an entry (language, lexiconKey) and
 * the word or phrase it should be. Replaces the previous set of corrections; unknown keys are ignored.
 */
export function applyLexiconCorrections(corrections: ReadonlyArray<{ language: string; key: string; value: string }>): void {
  const fixed = new Map(corrections.map((c) => [`${c.language}|${c.key}`, c.value]));
  byLanguage = byLanguageOf(
    LEXICON.flatMap((e) => {
      const value = fixed.get(`${e.language}|${lexiconKey(e)}`);
      if (value === undefined) return [e];
      const corrected = entry(e.concept, e.language, value, e.confidence);
      return corrected ? [corrected] : [];
    }),
  );
}
