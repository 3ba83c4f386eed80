// What the category model sees of an analysed SMS: words, stems, word pairs, letter groups, lexicon concepts and rule votes.
import type { Analysis } from './analyse.ts';
import type { Features } from './linear.ts';
import { hasNegativeVerb } from './negation.ts';

/** Concepts that make a message trivial rather than an alert. */
const TRIVIAL = new Set(['greeting', 'thanks', 'ok', 'yes', 'no', 'trivial', 'optout', 'spam', 'question']);

/**
 * - w: each word (SMS shorthand expanded), "#" for numbers, places and the keyword left out;
 * - s: the first 5 letters of longer words ("attaqu", "recrut"), so inflections meet;
 * - b: word pairs, with places as "@" ("a @", "@ kono");
 * - c: letter 4-grams of words, so "tinyena", "attaquee" or typos share most of their groups;
 * - k:/n: lexicon concepts found / negated; r: the hand-written rules' vote per category;
 * - f: flags: nothing to report, refuted, negative verb, greeting-only, question, length, place.
 */
export function categoryFeatures(a: Analysis): Features {
  const f: Features = new Map();
  const add = (name: string, v = 1): void => {
    f.set(name, (f.get(name) ?? 0) + v);
  };
  const seq: string[] = [];
  a.words.forEach((w, i) => {
    if (!w) {
      if (seq[seq.length - 1] !== '@' && a.toks[i] && !(a.keyword && i < a.keyword.end)) seq.push('@');
      return;
    }
    const word = /^\d+$/.test(w) ? '#' : w;
    seq.push(word);
    add(`w:${word}`);
    if (word.length >= 6) add(`s:${word.slice(0, 5)}`, 0.5);
    if (word.length >= 4) {
      const padded = `^${word.replace(/(\p{L})\1+/gu, '$1')}$`; // doubled letters collapsed: "haalii" meets "halii"
      for (let k = 0; k + 4 <= padded.length; k++) add(`c:${padded.slice(k, k + 4)}`, 0.15);
    }
  });
  for (let i = 0; i + 1 < seq.length; i++) add(`b:${seq[i]}_${seq[i + 1]}`, 0.7);
  for (const h of a.kept) add(`k:${h.entry.concept}`, 1.5);
  for (const h of a.negated) add(`n:${h.entry.concept}`, 1.5);
  for (const [category, s] of a.rules) add(`r:${category}`, Math.min(s.score, 4));
  const concepts = new Set(a.kept.map((h) => h.entry.concept));
  const content = [...concepts].filter((c) => !TRIVIAL.has(c) && c !== 'nothing' && c !== 'refuted' && c !== 'village');
  if (concepts.has('nothing')) add('f:calm', 2);
  // A denial refutes something circulating: a rumour for the committee to check or counter on the radio (TAXONOMY).
  if (concepts.has('refuted')) add('f:denial', 2);
  if (a.question && content.length > 0) add('f:question-about-event', 2);
  if (a.negated.length > 0 && content.length === 0) add('f:all-negated', 2);
  if (hasNegativeVerb(a.words)) add('f:neg-verb', 1);
  if (content.length === 0 && [...concepts].some((c) => TRIVIAL.has(c))) add('f:trivial-only', 2);
  if (content.length === 0) add('f:no-concept', 1);
  const n = a.words.filter(Boolean).length;
  add(n <= 1 ? 'f:len1' : n <= 3 ? 'f:len3' : n <= 8 ? 'f:len8' : 'f:long', 1);
  if (a.question) add('f:question', 1);
  if (a.located.unit || a.located.candidates.length > 0) add('f:place', 1);
  return f;
}
