// One folding of Malian words and names for every module: SMS are typed without accents or ɛ ɔ ɲ ŋ, and with stretched letters.

/** Letters that NFD does not decompose, as people type them on phones (see lexicon.csv typing_note rows). */
const LETTERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[ɛε]/gu, 'e'], // Greek ε typed for ɛ on some keyboards
  [/ɔ/gu, 'o'],
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
const SPECIAL = /[ɛεɔɲñŋɓɗƴəǝɣœæß]/u;

/**
 * Folds one word: lower case, special letters, accents and tones stripped, gn→ny, and a letter
 * typed three times or more counts once ("attaaaque", "ouiii"); doubled letters are kept, since
 * Fulfulde and Songhay write long vowels double ("nyaamii", "baani").
 */
export function foldWord(word: string): string {
  let w = word.toLowerCase();
  if (SPECIAL.test(w)) for (const [pattern, replacement] of LETTERS) w = w.replace(pattern, replacement);
  if (/[^a-z0-9]/.test(w)) w = w.normalize('NFKD').replace(/\p{M}+/gu, '');
  if (w.includes('gn')) w = w.replace(/gn/g, 'ny');
  return hasTriple(w) ? w.replace(/(\p{L})\1{2,}/gu, '$1') : w;
}

function hasTriple(w: string): boolean {
  for (let i = 2; i < w.length; i++) if (w[i] === w[i - 1] && w[i] === w[i - 2]) return true;
  return false;
}

/** Anything that is not a letter, digit or combining mark separates words. */
export const WORD_SEPARATOR = /[^\p{L}\p{N}\p{M}]+/u;

/**
 * The looser key place names are compared on, as the data README advises: ou→u, dj→j and di
 * before a vowel→j (Djenné, Dienné, Jenne; Bandiagara, Bandjagara), c before e/i→s and
 * otherwise k (Macina, Massina; Tomboctou), qu→k, w→u, h after a consonant dropped, doubles collapsed.
 */
export function placeKey(folded: string): string {
  const out: number[] = [];
  const n = folded.length;
  for (let i = 0; i < n; i++) {
    const c = folded.charCodeAt(i);
    const next = i + 1 < n ? folded.charCodeAt(i + 1) : 0;
    let k = c;
    if (c === O && next === U) {
      k = U;
      i++;
    } else if (c === D && (next === J || (next === I && VOWEL_AEOU.has(folded.charCodeAt(i + 2))))) {
      k = J;
      i++;
    } else if (c === Q && next === U) {
      k = K;
      i++;
    } else if (c === C) k = next === E || next === I || next === Y ? S : K;
    else if (c === W) k = U;
    else if (c === H && HARD.has(out[out.length - 1] ?? 0)) continue;
    if (k !== out[out.length - 1]) out.push(k); // doubled letters count once
  }
  return String.fromCharCode(...out);
}

const code = (ch: string): number => ch.charCodeAt(0);
const [C, D, E, H, I, J, K, O, Q, S, U, W, Y] = [...'cdehijkoqsuwy'].map(code) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
const VOWEL_AEOU = new Set([...'aeou'].map((ch) => ch.charCodeAt(0)));
const HARD = new Set([...'bdgkpt'].map((ch) => ch.charCodeAt(0)));

/** A name's key: its words folded, keyed and joined by single spaces. */
export function nameKey(name: string): string {
  // Most of the 18 769 settlement names are plain ASCII: skip the Unicode work for them.
  const ascii = /^[\x00-\x7f]*$/.test(name);
  const words = ascii ? name.split(/[^A-Za-z0-9]+/) : name.normalize('NFC').split(WORD_SEPARATOR);
  let key = '';
  for (const w of words) {
    if (!w) continue;
    const folded = ascii && !/gn|GN|Gn|(.)\1\1/.test(w) ? w.toLowerCase() : foldWord(w);
    const k = placeKey(folded);
    if (k) key = key ? `${key} ${k}` : k;
  }
  return key;
}
