// Finds lexicon entries in a folded word list: longest phrase first, left to right, tolerant of plural endings.
import type { LexEntry } from './lexicon.ts';

export interface Hit {
  entry: LexEntry;
  /** Word positions [start, end) in the message. */
  start: number;
  end: number;
  /** The words of the message that matched, folded. */
  text: string;
}

const FRENCH_ENDINGS = ['s', 'x', 'e', 'es'] as const;

function wordMatches(word: string, pattern: string, entry: LexEntry): boolean {
  if (word === pattern) return true;
  if (pattern.endsWith('*')) return word.startsWith(pattern.slice(0, -1));
  if (pattern.length >= 3 && entry.language === 'fr') return FRENCH_ENDINGS.some((e) => word === pattern + e);
  if (pattern.length >= 2 && entry.language === 'bm') return word === `${pattern}w`; // Bambara plural -w
  return false;
}

function matchesAt(words: readonly string[], i: number, entry: LexEntry): boolean {
  if (i + entry.words.length > words.length) return false;
  return entry.words.every((pattern, k) => wordMatches(words[i + k] ?? '', pattern, entry));
}

/**
 * At each position keeps the longest matching phrase (all entries of that length, so a word
 * listed under two concepts yields both) and skips past it. Empty words never match, so a caller
 * can blank words out (e.g. place names) without shifting positions.
 */
export function findHits(words: readonly string[], entries: readonly LexEntry[]): Hit[] {
  const hits: Hit[] = [];
  let i = 0;
  while (i < words.length) {
    if (!words[i]) {
      i++;
      continue;
    }
    let best: LexEntry[] = [];
    let bestLength = 0;
    for (const entry of entries) {
      const n = entry.words.length;
      if (n < bestLength || !matchesAt(words, i, entry)) continue;
      if (n > bestLength) {
        best = [];
        bestLength = n;
      }
      best.push(entry);
    }
    if (bestLength === 0) {
      i++;
      continue;
    }
    const text = words.slice(i, i + bestLength).join(' ');
    for (const entry of best) hits.push({ entry, start: i, end: i + bestLength, text });
    i += bestLength;
  }
  return hits;
}
