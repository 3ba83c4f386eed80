// SMS from Mali are typed without accents or special letters (ɛ→e, ɲ→ny…), with shorthand: fold texts and word lists to one form.
import { foldWord, WORD_SEPARATOR } from '../geo/fold.ts';
import { ABBREVIATIONS } from './abbreviations.ts';

/** One word of the original text, its folded form and the word it stands for (SMS shorthand expanded). */
export interface Token {
  raw: string;
  norm: string;
  word: string;
}

const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/gu;

/** Folds one word: lower case, ɛ ɔ ɲ ŋ ɓ ɗ ƴ, accents and tones, gn→ny, letters typed 3+ times (see geo/fold.ts). */
export const normaliseWord = foldWord;

/** The word an SMS shorthand stands for ("prbl" → "probleme"), or the word itself. */
export function expand(norm: string): string {
  return ABBREVIATIONS[norm] ?? norm;
}

/** Splits a text into words, keeping each word's original spelling (for upper-case checks). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const cleaned = text.normalize('NFC').replace(ZERO_WIDTH, '');
  for (const piece of cleaned.split(WORD_SEPARATOR)) {
    if (!piece) continue;
    // "3morts", "2blesses", "3Koro": a count glued to a word is two words ("ri1", "dm1" stay whole).
    const glued = /^(\d+)(\p{L}{3,})$/u.exec(piece);
    const parts = glued ? [glued[1] ?? '', glued[2] ?? ''] : [piece];
    for (const raw of parts) {
      const norm = foldWord(raw);
      if (norm) out.push({ raw, norm, word: expand(norm) });
    }
  }
  return out;
}

/** The folded words of a text (no shorthand expansion: used for word lists and names). */
export function tokens(text: string): string[] {
  return tokenize(text).map((t) => t.norm);
}

/** The normalised text: folded words, SMS shorthand expanded, joined by single spaces. */
export function normalise(text: string): string {
  return tokenize(text)
    .map((t) => t.word)
    .join(' ');
}
