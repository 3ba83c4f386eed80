// One pass over an SMS before any decision: words, language, structured keyword, places, lexicon hits and negations.
import type { Category, Language } from '../domain/taxonomy.ts';
import { LANGUAGE_TAGS, languageFeatures, readLanguage, type LanguageTag } from './language.ts';
import { entriesFor } from './lexicon.ts';
import { predict, type Features, type LinearModel } from './linear.ts';
import { findHits, type Hit } from './match.ts';
import { splitNegated } from './negation.ts';
import { tokenize, type Token } from './normalise.ts';
import { locate, type Located } from './place-choice.ts';
import { findMentions, type Mention } from './places.ts';
import { scoreRules, type RuleScore } from './rules.ts';
import { leadingKeyword, type Keyword } from './structured.ts';

export interface Reader {
  /** Trained language model; null reads every message as French (only while training that model). */
  language: LinearModel | null;
  isKnownWord: (word: string) => boolean;
}

export interface Analysis {
  toks: Token[];
  tag: LanguageTag;
  language: Language;
  languageProbs: Float64Array;
  /** The structured report's keyword, when a place follows it. */
  keyword: Keyword | null;
  mentions: Mention[];
  located: Located;
  /** Words as read for the category: SMS shorthand expanded, place names and the keyword blanked (''). */
  words: string[];
  kept: Hit[];
  negated: Hit[];
  /** The SMS asks something ("?"). */
  question: boolean;
  /** The hand-written rules' vote per category for the kept hits. */
  rules: Map<Category, RuleScore>;
}

const SLOT_WORDS = 3;

/** Reads one SMS; `features` lets the trainer reuse the language features it already computed. */
export function analyse(
  text: string,
  reader: Reader,
  knownPcode: string | null = null,
  toks = tokenize(text),
  features?: Features,
): Analysis {
  const languageProbs = reader.language
    ? predict(reader.language, features ?? languageFeatures(toks))
    : Float64Array.from(LANGUAGE_TAGS, (t) => (t === 'fr' ? 1 : 0));
  const { tag, language } = readLanguage(languageProbs);
  const base = { localLanguage: tag !== 'fr' && tag !== 'mix', isKnownWord: reader.isKnownWord };
  let keyword = leadingKeyword(toks);
  let mentions: Mention[] = [];
  if (keyword) {
    mentions = findMentions(toks, { ...base, lenient: [keyword.end, keyword.end + SLOT_WORDS] });
    if (!mentions.some((m) => m.start === keyword?.end)) keyword = null;
  }
  if (!keyword) mentions = findMentions(toks, base);
  const located = locate(mentions, knownPcode);
  const blank = new Set<number>();
  for (const m of mentions) for (let i = m.start; i < m.end; i++) blank.add(i);
  if (keyword) for (let i = 0; i < keyword.end; i++) blank.add(i);
  const words = toks.map((t, i) => (blank.has(i) ? '' : t.word));
  const { kept, negated } = splitNegated(words, findHits(words, entriesFor(language)), language);
  return {
    toks,
    tag,
    language,
    languageProbs,
    keyword,
    mentions,
    located,
    words,
    kept,
    negated,
    question: text.includes('?'),
    rules: scoreRules(kept),
  };
}
