// Finds Malian regions, cercles and communes named in an SMS (official names, aliases, a few towns) and picks one location.
import { readCsv } from '../geo/csv.ts';
import { allUnits, ancestors, getUnit, type AdminLevel, type AdminUnit } from '../geo/admin.ts';
import { normaliseWord, tokens, type Token } from './normalise.ts';

/**
 * Place names are compared on a looser key than other words, as the data README advises:
 * ou→u, dj→j and double letters collapsed, so Djenné, Djenne, Jenne and Jɛnɛ all read "jene".
 */
export function placeKey(folded: string): string {
  return folded.replace(/ou/g, 'u').replace(/dj/g, 'j').replace(/(.)\1+/g, '$1');
}

/** Words that, just before a name, say it is a place (folded). "ds"/"vlg" are SMS spellings. */
const LOCATIVES = new Set(['a', 'au', 'de', 'd', 'du', 'ds', 'dans', 'vers', 'pres', 'village', 'vlg', 'commune', 'cercle', 'region']);
const LEVEL_WORDS: Readonly<Record<string, AdminLevel>> = { commune: 'commune', cne: 'commune', mairie: 'commune', cercle: 'cercle', region: 'region' };

/**
 * Names that are also ordinary words or people's names (ours). LOCATIVE_ONLY collide with
 * keywords (FAMa = the army, "salam" = hello); SURNAMES are frequent Malian names; COMMON are
 * words in French ("dire", "logo") or Bambara ("kɔrɔ" = old, "kulu" = hill, "kola").
 */
const keys = (list: string): Set<string> => new Set(list.split(' ').map(placeKey));
const LOCATIVE_ONLY = keys('fama salam');
const SURNAMES = keys('diarra dabo siby baye');
const COMMON = keys('koro dire logo kola kulu kala sony bara sana');

/**
 * Well-known towns that are not communes, resolved to their commune through
 * reference/mali-settlements.csv at load (ours; extend with care: many village names repeat).
 */
const TOWNS = ['Sévaré', 'Diafarabé', 'Boni'];

const INDEX = new Map<string, Set<string>>();
let MAX_WORDS = 1;

function add(name: string, pcode: string): void {
  const key = tokens(name).map(placeKey);
  if (key.length === 0) return;
  MAX_WORDS = Math.max(MAX_WORDS, key.length);
  const k = key.join(' ');
  INDEX.set(k, (INDEX.get(k) ?? new Set()).add(pcode));
}

function load(): void {
  for (const unit of allUnits()) add(unit.name, unit.pcode);
  for (const row of readCsv(new URL('../../reference/mali-admin-aliases.csv', import.meta.url))) {
    if (row.pcode && getUnit(row.pcode)) add(row.alias ?? '', row.pcode);
  }
  const wanted = new Map(TOWNS.map((t) => [placeKey(normaliseWord(t)), t]));
  const found = new Map<string, Record<string, string>[]>();
  for (const row of readCsv(new URL('../../reference/mali-settlements.csv', import.meta.url))) {
    const k = placeKey(normaliseWord(row.name ?? ''));
    if (wanted.has(k)) found.set(k, [...(found.get(k) ?? []), row]);
  }
  for (const [k, town] of wanted) {
    const rows = found.get(k) ?? [];
    // One row, or one chef-lieu row (2015 settlement codes ending in 000).
    const pick = rows.length === 1 ? rows : rows.filter((r) => r.settlement_pcode_2015?.endsWith('000'));
    const commune = pick.length === 1 ? pick[0]?.commune_pcode : undefined;
    if (!commune || !getUnit(commune)) throw new Error(`places.ts: town ${town} not resolvable in mali-settlements.csv`);
    add(town, commune);
  }
}
load();

export interface PlaceHit {
  start: number;
  end: number;
  candidates: AdminUnit[];
  /** Level named just before ("cercle de Koro"), if any. */
  hint: AdminLevel | null;
}

/**
 * When a matched name counts as a place (ours, kept simple):
 * - after a locative word ("à", "ds", "vers", "cercle de"…) or before Bambara "kɔnɔ": always;
 * - names of 3 letters or fewer (San, Gao, Sio, Sy) and surnames: only if typed in capitals (GAO);
 * - common words (Koro, Diré): in capitals or capitalised anywhere but as the first word;
 * - FAMa, Salam: only after a locative word; every other name: always.
 */
function isPlaceHere(toks: readonly Token[], start: number, end: number, key: string): boolean {
  if (LOCATIVES.has(toks[start - 1]?.norm ?? '') || toks[end]?.norm === 'kono') return true;
  if (LOCATIVE_ONLY.has(key)) return false;
  const raw = toks[start]?.raw ?? '';
  const capitals = raw.length >= 2 && raw === raw.toUpperCase();
  if (key.replace(/ /g, '').length <= 3 || SURNAMES.has(key)) return capitals;
  if (COMMON.has(key)) return capitals || (start > 0 && raw[0] !== undefined && raw[0] !== raw[0].toLowerCase());
  return true;
}

/** "cercle de Koro", "commune Djenné", "région de Mopti": the level named just before a name. */
function levelBefore(toks: readonly Token[], i: number): AdminLevel | null {
  const back = ['de', 'du', 'd'].includes(toks[i - 1]?.norm ?? '') ? 2 : 1;
  return LEVEL_WORDS[toks[i - back]?.norm ?? ''] ?? null;
}

/** All place names in the message, longest first (up to the longest name in the data), left to right. */
export function findPlaces(toks: readonly Token[]): PlaceHit[] {
  const keys = toks.map((t) => placeKey(t.norm));
  const hits: PlaceHit[] = [];
  for (let i = 0; i < toks.length; ) {
    let n = Math.min(MAX_WORDS, toks.length - i);
    for (; n > 0; n--) {
      const key = keys.slice(i, i + n).join(' ');
      const pcodes = INDEX.get(key);
      if (!pcodes || !isPlaceHere(toks, i, i + n, key)) continue;
      const candidates = [...pcodes].map((p) => getUnit(p)).filter((u): u is AdminUnit => u !== undefined);
      hits.push({ start: i, end: i + n, candidates, hint: levelBefore(toks, i) });
      break;
    }
    i += Math.max(n, 1);
  }
  return hits;
}

const RANK: Readonly<Record<AdminLevel, number>> = { commune: 0, cercle: 1, region: 2 };
const isWithin = (unit: AdminUnit, pcodes: ReadonlySet<string>): boolean =>
  ancestors(unit.pcode).slice(1).some((a) => pcodes.has(a.pcode));

/**
 * One unit per name: the level named before it if any, else the most specific level (so
 * "Djenné" is the commune, "cercle de Koro" the cercle). Same-named units are told apart by
 * another place in the text, then by the chef-lieu (commune inside the same-named cercle),
 * else their common cercle or region, else dropped.
 */
function resolve(hit: PlaceHit, context: ReadonlySet<string>): AdminUnit | null {
  let units = hit.candidates;
  const hinted = units.filter((u) => u.level === hit.hint);
  if (hinted.length > 0) units = hinted;
  const top = Math.min(...units.map((u) => RANK[u.level]));
  units = units.filter((u) => RANK[u.level] === top);
  if (units.length === 1) return units[0] ?? null;
  const inContext = units.filter((u) => isWithin(u, context));
  if (inContext.length === 1) return inContext[0] ?? null;
  const names = new Set(hit.candidates.map((u) => u.pcode));
  const chefLieu = units.filter((u) => u.parentPcode !== null && names.has(u.parentPcode));
  if (chefLieu.length === 1) return chefLieu[0] ?? null;
  const first = units[0];
  if (!first) return null;
  return ancestors(first.pcode).slice(1).find((a) => units.every((u) => isWithin(u, new Set([a.pcode])))) ?? null;
}

/** The most specific place named in the message (first one on a tie), or null. */
export function locate(hits: readonly PlaceHit[]): AdminUnit | null {
  let best: AdminUnit | null = null;
  for (const hit of hits) {
    const context = new Set(hits.filter((h) => h !== hit).flatMap((h) => h.candidates.map((u) => u.pcode)));
    const unit = resolve(hit, context);
    if (unit && (!best || RANK[unit.level] < RANK[best.level])) best = unit;
  }
  return best;
}
