// Finds the village a reporter typed among reference/mali-settlements.csv (and the commune names),
// tolerant of accents, case, spacing and a letter or two wrong; resolves it to its commune.
import { allUnits, getUnit } from '../geo/admin.ts';
import { readCsv } from '../geo/csv.ts';

export interface Village {
  /** 2015 settlement code, or the commune P-code for a commune's own name. */
  code: string;
  name: string;
  commune: string;
}

interface Entry extends Village {
  key: string;
}

const LETTERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ɛ/g, 'e'],
  [/ɔ/g, 'o'],
  [/[ɲñ]/g, 'ny'],
  [/ŋ/g, 'ng'],
  [/ɓ/g, 'b'],
  [/ɗ/g, 'd'],
  [/ƴ/g, 'y'],
];

/**
 * The loose key names are compared on, as the data README advises: lower case, accents and
 * ɛ ɔ ɲ ŋ folded, gn→ny, ou→u, dj→j, doubled letters collapsed, spaces and punctuation dropped.
 * Djenné, djenne, Jenne and "Dje nne" all give "jene".
 */
export function villageKey(text: string): string {
  let w = text.toLowerCase();
  for (const [pattern, replacement] of LETTERS) w = w.replace(pattern, replacement);
  return w
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '')
    .replace(/gn/g, 'ny')
    .replace(/ou/g, 'u')
    .replace(/dj/g, 'j')
    .replace(/(.)\1+/g, '$1');
}

const ENTRIES: Entry[] = [];
const BY_KEY = new Map<string, Entry[]>();
const BY_CODE = new Map<string, Entry>();

function add(code: string, name: string, commune: string): void {
  const key = villageKey(name);
  if (key.length < 2 || !getUnit(commune)) return;
  const same = BY_KEY.get(key) ?? [];
  if (same.some((e) => e.commune === commune)) return; // one entry per name and commune
  const entry = { code, name, commune, key };
  same.push(entry);
  BY_KEY.set(key, same);
  if (!BY_CODE.has(code)) BY_CODE.set(code, entry); // an alternative spelling shows the main name
  ENTRIES.push(entry);
}

for (const row of readCsv(new URL('../../reference/mali-settlements.csv', import.meta.url))) {
  const code = row.settlement_pcode_2015 ?? '';
  const commune = row.commune_pcode ?? '';
  add(code, row.name ?? '', commune);
  for (const alt of (row.alt_names ?? '').split('|')) if (alt.trim()) add(code, alt.trim(), commune);
}
for (const unit of allUnits()) if (unit.level === 'commune') add(unit.pcode, unit.name, unit.pcode);

export function getVillage(code: string): Village | undefined {
  return BY_CODE.get(code);
}

/** Every village code (for tests that check every screen). */
export function villageCodes(): IterableIterator<string> {
  return BY_CODE.keys();
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Edit distance between a and b, or max + 1 as soon as it must exceed max. */
export function distanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length + 1);
    rowB = new Int32Array(b.length + 1);
  }
  let prev = rowA;
  let row = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

export type VillageSearch =
  | { kind: 'short' }
  | { kind: 'none' }
  /** `exact`: the typed name is a known one (one or several homonyms); else close spellings. */
  | { kind: 'found'; exact: boolean; codes: string[] };

export const MAX_MATCHES = 16;

export function findVillages(query: string, limit = MAX_MATCHES): VillageSearch {
  const q = villageKey(query);
  if (q.length < 2 || query.replace(/[^\p{L}\p{N}]/gu, '').length < 3) return { kind: 'short' };
  const exact = BY_KEY.get(q);
  if (exact && exact.length > 0)
    return {
      kind: 'found',
      exact: true,
      codes: unique(
        exact.map((e) => e.code),
        limit,
      ),
    };
  const maxDistance = q.length >= 7 ? 2 : q.length >= 4 ? 1 : 0;
  const scored: { entry: Entry; score: number }[] = [];
  for (const entry of ENTRIES) {
    if (q.length >= 4 && entry.key.startsWith(q)) {
      scored.push({ entry, score: 0.5 });
      continue;
    }
    const d = maxDistance > 0 ? distanceWithin(q, entry.key, maxDistance) : maxDistance + 1;
    if (d <= maxDistance) scored.push({ entry, score: d });
  }
  if (scored.length === 0) return { kind: 'none' };
  scored.sort((a, b) => a.score - b.score || a.entry.key.length - b.entry.key.length || a.entry.name.localeCompare(b.entry.name));
  return {
    kind: 'found',
    exact: false,
    codes: unique(
      scored.map((s) => s.entry.code),
      limit,
    ),
  };
}

function unique(codes: string[], limit: number): string[] {
  return [...new Set(codes)].slice(0, limit);
}
