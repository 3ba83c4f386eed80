// A place as a person types it in a form or a CSV cell (a P-code, a name with or without accents, an
// alias, a village) → one P-code, or the reason it is not one: unknown, or the candidates to pick from. Pure.
import type { DirectoryLevel } from '../domain/coverage.ts';
import { getUnit, type AdminUnit } from './admin.ts';
import { nameKey } from './fold.ts';
import { adminNamed, adminNear, namesStartingWithPrefix, villagesNamed } from './gazetteer.ts';

export interface PlaceCandidate {
  /** The P-code a committee would cover: the unit's, or the village's commune. */
  pcode: string;
  name: string;
  level: DirectoryLevel | 'village';
  /** The units above it, nearest first ("Bandiagara, Mopti"). */
  within: string;
  /** A village's own settlement P-code. */
  villagePcode?: string;
}

export type PlaceLookup =
  | { kind: 'found'; pcode: string; name: string; level: DirectoryLevel }
  | { kind: 'unknown'; text: string }
  | { kind: 'ambiguous'; text: string; candidates: PlaceCandidate[] }
  | { kind: 'wrong_level'; text: string; level: DirectoryLevel; candidates: PlaceCandidate[] };

const COUNTRY = { pcode: 'ML', name: 'Mali', level: 'country' as const };

function within(unit: AdminUnit | undefined): string {
  const names: string[] = [];
  for (let u = unit; u; u = u.parentPcode ? getUnit(u.parentPcode) : undefined) names.push(u.name);
  return names.join(', ');
}

const ofUnit = (u: AdminUnit): PlaceCandidate => ({
  pcode: u.pcode,
  name: u.name,
  level: u.level,
  within: within(u.parentPcode ? getUnit(u.parentPcode) : undefined),
});

/** What a committee's level makes of a candidate: a village stands for its commune. */
const levelOf = (c: PlaceCandidate): DirectoryLevel => (c.level === 'village' ? 'commune' : c.level);

function candidates(key: string): PlaceCandidate[] {
  const admin = adminNamed(key);
  if (admin.length > 0) return admin.map(ofUnit);
  const villages = villagesNamed(key);
  if (villages.length > 0)
    return villages.map((v) => ({
      pcode: v.communePcode,
      name: v.name,
      level: 'village' as const,
      within: within(getUnit(v.communePcode)),
      villagePcode: v.pcode,
    }));
  return adminNear(key).map(ofUnit); // one letter off: "Bandiagra", "Tenekou"
}

/** `level`, when given, settles a name several levels share (Bandiagara the cercle or the commune). */
export function lookUpPlace(text: string, level?: DirectoryLevel): PlaceLookup {
  // "Sangha (ML050117)", as the export writes it: the P-code decides.
  const typed = (/\((ml\d*)\)\s*$/i.exec(text)?.[1] ?? text).trim();
  if (/^ml\d*$/i.test(typed)) {
    const pcode = typed.toUpperCase();
    if (pcode === 'ML') return { kind: 'found', ...COUNTRY };
    const unit = getUnit(pcode);
    return unit ? { kind: 'found', pcode, name: unit.name, level: unit.level } : { kind: 'unknown', text: typed };
  }
  const key = nameKey(typed);
  if (!key) return { kind: 'unknown', text: typed };
  if (key === nameKey(COUNTRY.name)) return { kind: 'found', ...COUNTRY };
  const all = [...new Map(candidates(key).map((c) => [`${c.pcode}|${c.villagePcode ?? ''}`, c])).values()];
  if (all.length === 0) return { kind: 'unknown', text: typed };
  const fit = level ? all.filter((c) => levelOf(c) === level) : all;
  if (fit.length === 0) return { kind: 'wrong_level', text: typed, level: level!, candidates: all };
  const places = new Set(fit.map((c) => c.pcode));
  if (places.size > 1) return { kind: 'ambiguous', text: typed, candidates: fit };
  const one = fit[0]!;
  const unit = getUnit(one.pcode)!;
  return { kind: 'found', pcode: unit.pcode, name: unit.name, level: unit.level };
}

const LEVEL_ORDER: Record<PlaceCandidate['level'], number> = { country: 0, region: 1, cercle: 2, commune: 3, village: 4 };

/** Places whose name starts as typed, for a form's suggestions: exact names first, then by level and name. */
export function suggestPlaces(text: string, limit = 12): PlaceCandidate[] {
  const key = nameKey(text.replace(/\(.*$/, ''));
  if (key.length < 2) return [];
  const found = namesStartingWithPrefix(key, limit);
  const exact = (c: PlaceCandidate) => (nameKey(c.name) === key ? 0 : 1);
  const admin = found.admin
    .map(ofUnit)
    .sort((a, b) => exact(a) - exact(b) || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.name.localeCompare(b.name, 'fr'));
  const villages = found.villages.map((v) => ({
    pcode: v.communePcode,
    name: v.name,
    level: 'village' as const,
    within: within(getUnit(v.communePcode)),
    villagePcode: v.pcode,
  }));
  const country = nameKey(COUNTRY.name).startsWith(key) ? [{ ...COUNTRY, within: '' }] : [];
  const all: PlaceCandidate[] = [...country, ...admin, ...villages];
  return [...new Map(all.map((c) => [`${c.pcode}|${c.villagePcode ?? ''}`, c])).values()].slice(0, limit);
}
