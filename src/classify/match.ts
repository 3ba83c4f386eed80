// Finds lexicon entries in a word list: longest phrase first, left to right, tolerant of plural endings; indexed for speed.
import type { LexEntry } from './lexicon.ts';

export interface Hit {
  entry: LexEntry;
  /** Word positions [start, end) in the message. */
  start: number;
  end: number;
  /** The words of the message that matched. */
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

/** Entries by first word; stems ('recrut*') by their first three letters. */
interface Index {
  exact: Map<string, LexEntry[]>;
  stems: Map<string, LexEntry[]>;
}
const INDEXES = new WeakMap<readonly LexEntry[], Index>();

function indexOf(entries: readonly LexEntry[]): Index {
  let index = INDEXES.get(entries);
  if (index) return index;
  index = { exact: new Map(), stems: new Map() };
  for (const e of entries) {
    const first = e.words[0] ?? '';
    const [map, key] = first.endsWith('*') ? [index.stems, first.slice(0, 3)] : [index.exact, first];
    map.set(key, [...(map.get(key) ?? []), e]);
  }
  INDEXES.set(entries, index);
  return index;
}

/** Entries whose first word may match this word: itself, without a plural ending, or sharing a stem. */
function candidates(index: Index, w: string): LexEntry[] {
  const lists: (LexEntry[] | undefined)[] = [index.exact.get(w), index.stems.get(w.slice(0, 3))];
  const last = w[w.length - 1];
  if (last === 's' || last === 'x' || last === 'e' || last === 'w') lists.push(index.exact.get(w.slice(0, -1)));
  if (w.endsWith('es')) lists.push(index.exact.get(w.slice(0, -2)));
  const out: LexEntry[] = [];
  for (const list of lists) if (list) for (const e of list) out.push(e);
  return out;
}

/**
 * At each position keeps the longest matching phrase (all entries of that length, so a word
 * listed under two concepts yields both) and skips past it. Empty words never match, so a caller
 * can blank words out (e.g. place names) without shifting positions.
 */
export function findHits(words: readonly string[], entries: readonly LexEntry[]): Hit[] {
  const index = indexOf(entries);
  const hits: Hit[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i];
    if (!w) {
      i++;
      continue;
    }
    let best: LexEntry[] = [];
    let bestLength = 0;
    for (const entry of candidates(index, w)) {
      const n = entry.words.length;
      if (n < bestLength || best.includes(entry) || !matchesAt(words, i, entry)) continue;
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
    // "armee" is the army (exact), not "arme" + e: an exact spelling beats a plural-tolerant one.
    const exact = best.filter((e) => e.words.join(' ') === text);
    for (const entry of exact.length > 0 ? exact : best) hits.push({ entry, start: i, end: i + bestLength, text });
    i += bestLength;
  }
  return hits;
}
