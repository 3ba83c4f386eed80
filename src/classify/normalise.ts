// SMS from Mali are typed without accents or special letters (ɛ→e, ɲ→ny…): fold both the texts and the word lists to one form.

/** One word of the original text and its folded form. */
export interface Token {
  raw: string;
  norm: string;
}

const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/gu;
/** Anything that is not a letter, digit or combining mark separates words (apostrophes, punctuation, emoji). */
const SEPARATOR = /[^\p{L}\p{N}\p{M}]+/u;

/** Letters that NFD does not decompose, as people type them on phones (see lexicon.csv typing_note rows). */
const LETTERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ɛ/gu, 'e'],
  [/[ɔ]/gu, 'o'],
  [/[ɲñ]/gu, 'ny'],
  [/ŋ/gu, 'ng'],
  [/ɓ/gu, 'b'],
  [/ɗ/gu, 'd'],
  [/ƴ/gu, 'y'],
  [/[əǝ]/gu, 'e'],
  [/ɣ/gu, 'gh'],
  [/œ/gu, 'oe'],
  [/æ/gu, 'ae'],
  [/ß/gu, 'ss'],
];

/** Folds one word: lower case, special letters, accents and tones (NFKD) stripped, gn→ny. */
export function normaliseWord(word: string): string {
  let w = word.toLowerCase();
  for (const [pattern, replacement] of LETTERS) w = w.replace(pattern, replacement);
  w = w.normalize('NFKD').replace(/\p{M}+/gu, '');
  return w.replace(/gn/g, 'ny');
}

/** Splits a text into words, keeping each word's original spelling (for upper-case checks). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const cleaned = text.normalize('NFC').replace(ZERO_WIDTH, '');
  for (const piece of cleaned.split(SEPARATOR)) {
    if (!piece) continue;
    // "3morts", "2blesses": a count glued to a word is two words.
    const glued = /^(\d+)(\p{L}{3,})$/u.exec(piece);
    const parts = glued ? [glued[1] ?? '', glued[2] ?? ''] : [piece];
    for (const raw of parts) {
      const norm = normaliseWord(raw);
      if (norm) out.push({ raw, norm });
    }
  }
  return out;
}

/** The folded words of a text. */
export function tokens(text: string): string[] {
  return tokenize(text).map((t) => t.norm);
}

/** The folded text: words joined by single spaces. */
export function normalise(text: string): string {
  return tokens(text).join(' ');
}
