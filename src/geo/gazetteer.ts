// Name → place lookups for text: admin units with their aliases, villages (mali-settlements.csv), and near-miss spellings.
import { allUnits, getUnit, type AdminUnit } from './admin.ts';
import { readCsv, readCsvTable } from './csv.ts';
import { nameKey } from './fold.ts';
import { EXTRA_ALIASES, VILLAGE_QUALIFIERS } from './extra-aliases.ts';

export interface Village {
  /** 2015 settlement P-code (mali-settlements.csv), kept for reference only. */
  pcode: string;
  name: string;
  communePcode: string;
  /** The commune's chef-lieu (2015 code ending in 000). */
  chefLieu: boolean;
}

const ADMIN = new Map<string, AdminUnit[]>();
const VILLAGES = new Map<string, Village[]>();
/** Deletion index for one-letter slips in single-word admin names: key minus one letter → keys. */
const DELETIONS = new Map<string, Set<string>>();
/** First word of any indexed name → the most words such a name has: most words start no name at all. */
const FIRST_WORDS = new Map<string, number>();

function addTo<T>(map: Map<string, T[]>, key: string, value: T, same: (a: T, b: T) => boolean): void {
  if (!key) return;
  let words = 1;
  for (let i = key.indexOf(' '); i >= 0; i = key.indexOf(' ', i + 1)) words++;
  const first = words === 1 ? key : key.slice(0, key.indexOf(' '));
  if ((FIRST_WORDS.get(first) ?? 0) < words) FIRST_WORDS.set(first, words);
  const list = map.get(key) ?? [];
  if (!list.some((v) => same(v, value))) list.push(value);
  map.set(key, list);
}
const addAdmin = (name: string, unit: AdminUnit | undefined): void => {
  if (unit) addTo(ADMIN, nameKey(name), unit, (a, b) => a.pcode === b.pcode);
};

function deletions(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}

/** "Sannahoye ou Komamign", "Dalba (Dalbabero)", "Ogossagou-Peulh" (also "Ogossagou"): the names a village goes by. */
function villageNames(name: string, alt: string): string[] {
  const names = /\sou\s|\(/.test(name + alt)
    ? [name, alt].flatMap((n) => n.split(/\s+ou\s+|[()]/)).map((n) => n.trim())
    : [name, alt];
  if (!/[- ]/.test(name)) return names;
  for (const n of [...names]) {
    const m = /^(.+?)[- ](\S+)$/.exec(n);
    if (m && VILLAGE_QUALIFIERS.has(nameKey(m[2] ?? ''))) names.push(m[1] ?? '');
  }
  return names;
}

function load(): void {
  for (const unit of allUnits()) addAdmin(unit.name, unit);
  for (const row of readCsv(new URL('../../reference/mali-admin-aliases.csv', import.meta.url))) {
    addAdmin(row.alias ?? '', getUnit(row.pcode ?? ''));
  }
  for (const [alias, pcode] of EXTRA_ALIASES) addAdmin(alias, getUnit(pcode));
  const settlements = readCsvTable(new URL('../../reference/mali-settlements.csv', import.meta.url));
  const [P, N, A, C] = ['settlement_pcode_2015', 'name', 'alt_names', 'commune_pcode'].map(settlements.column);
  for (const row of settlements.rows) {
    const communePcode = row[C as number] ?? '';
    if (!getUnit(communePcode)) continue;
    const pcode = row[P as number] ?? '';
    const village: Village = { pcode, name: row[N as number] ?? '', communePcode, chefLieu: pcode.endsWith('000') };
    const keys = new Set(villageNames(village.name, row[A as number] ?? '').map(nameKey));
    for (const key of keys) {
      // One entry per commune; the chef-lieu row wins (Boni has a chef-lieu row and a plain one in Hairé).
      const same = VILLAGES.get(key)?.findIndex((v) => v.communePcode === communePcode) ?? -1;
      if (same >= 0 && village.chefLieu) (VILLAGES.get(key) as Village[])[same] = village;
      else addTo(VILLAGES, key, village, (a, b) => a.communePcode === b.communePcode);
    }
  }
  for (const key of ADMIN.keys()) {
    if (key.includes(' ') || key.length < 5) continue;
    for (const d of [key, ...deletions(key)]) DELETIONS.set(d, (DELETIONS.get(d) ?? new Set()).add(key));
  }
}
load();

/** How many words the longest name starting with this word key has; 0 when no name starts with it. */
export function namesStartingWith(wordKey: string): number {
  return FIRST_WORDS.get(wordKey) ?? 0;
}

/** Admin units (regions, cercles, communes) that bear this name key, official or alias. */
export function adminNamed(key: string): readonly AdminUnit[] {
  return ADMIN.get(key) ?? [];
}

/** Villages of mali-settlements.csv with this name key (one per commune). */
export function villagesNamed(key: string): readonly Village[] {
  return VILLAGES.get(key) ?? [];
}

/** True when a one-letter slip separates a and b (insertion, deletion, substitution or swap). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const NEAR = new Map<string, readonly AdminUnit[]>();
const NEAR_CACHE = 50_000;

/** Single-word admin names one letter away from this key (5+ letters): "tenekou" → Ténenkou. Remembered per word. */
export function adminNear(key: string): readonly AdminUnit[] {
  if (key.length < 5 || key.includes(' ')) return [];
  const cached = NEAR.get(key);
  if (cached) return cached;
  const found = new Set<string>();
  for (const d of [key, ...deletions(key)]) for (const k of DELETIONS.get(d) ?? []) if (oneEditApart(key, k)) found.add(k);
  const units = [...found].flatMap((k) => ADMIN.get(k) ?? []);
  if (NEAR.size >= NEAR_CACHE) NEAR.clear();
  NEAR.set(key, units);
  return units;
}

/** Names (admin units first, then villages) whose key starts with this prefix key, at most `limit` of each kind. */
export function namesStartingWithPrefix(prefix: string, limit: number): { admin: AdminUnit[]; villages: Village[] } {
  const admin = new Map<string, AdminUnit>();
  for (const [key, units] of ADMIN) if (key.startsWith(prefix)) for (const u of units) admin.set(u.pcode, u);
  const villages: Village[] = [];
  if (prefix.length >= 3)
    for (const [key, list] of VILLAGES) {
      if (villages.length >= limit) break;
      if (key.startsWith(prefix)) villages.push(...list.slice(0, limit - villages.length));
    }
  return { admin: [...admin.values()].slice(0, 200), villages };
}
