// Picks the event's place among the names found: one unit per name, then the best-cued, most specific, consistent one.
import { ancestors, cercleOf, getUnit, type AdminLevel, type AdminUnit } from '../geo/admin.ts';
import type { Village } from '../geo/gazetteer.ts';
import type { Mention } from './places.ts';

/** A village the reporter may mean, when its name is ambiguous: the ask-back lists these. */
export interface PlaceCandidate {
  pcode: string; // commune P-code
  name: string; // village name
  communeName: string;
}

export interface Located {
  /** The unit to route on: the commune (also for a village), else a cercle or region; null when unknown. */
  unit: AdminUnit | null;
  village: { pcode: string; name: string } | null;
  /** Same-named villages in different communes, when nothing in the message or the known area tells them apart. */
  candidates: PlaceCandidate[];
  /** Token range of the chosen name, so it is not read as a word. */
  span: readonly [number, number] | null;
}

const RANK: Readonly<Record<AdminLevel, number>> = { commune: 0, cercle: 1, region: 2 };
const within = (pcode: string, area: string): boolean => ancestors(pcode).some((a) => a.pcode === area);
const inAny = (pcode: string, areas: readonly string[]): boolean => areas.some((a) => within(pcode, a));

interface Reading {
  mention: Mention;
  unit: AdminUnit | null;
  village: Village | null;
  candidates: readonly Village[];
}

/** One admin unit for a name: the level named before it, else the most specific; same names told apart by context. */
function readAdmin(m: Mention, others: readonly string[], known: string | null): AdminUnit | null {
  let units = [...new Map(m.admin.map((u) => [u.pcode, u])).values()];
  const hinted = units.filter((u) => u.level === m.hint);
  if (hinted.length > 0) units = hinted;
  const top = Math.min(...units.map((u) => RANK[u.level]));
  units = units.filter((u) => RANK[u.level] === top);
  if (units.length === 1) return units[0] ?? null;
  for (const areas of [others, known ? [known] : []]) {
    const inside = units.filter((u) => inAny(u.pcode, areas));
    if (inside.length === 1) return inside[0] ?? null;
  }
  const names = new Set(m.admin.map((u) => u.pcode));
  const chefLieu = units.filter((u) => u.parentPcode !== null && names.has(u.parentPcode));
  if (chefLieu.length === 1) return chefLieu[0] ?? null;
  const first = units[0];
  if (!first) return null;
  return (
    ancestors(first.pcode)
      .slice(1)
      .find((a) => units.every((u) => within(u.pcode, a.pcode))) ?? null
  );
}

/** A village name: narrowed by other places named, then the reporter's known area, then the chef-lieu. */
function readVillage(m: Mention, others: readonly string[], known: string | null): Reading {
  let villages = m.villages;
  for (const areas of [others, known ? [known] : []]) {
    const inside = villages.filter((v) => inAny(v.communePcode, areas));
    if (inside.length > 0) villages = inside;
    if (villages.length === 1) break;
  }
  const chefLieu = villages.filter((v) => v.chefLieu);
  if (villages.length > 1 && chefLieu.length === 1) villages = chefLieu;
  const communes = new Set(villages.map((v) => v.communePcode));
  if (communes.size === 1) {
    const v = villages[0] ?? null;
    return { mention: m, unit: v ? (getUnit(v.communePcode) ?? null) : null, village: v, candidates: [] };
  }
  const cercles = new Set(villages.map((v) => cercleOf(v.communePcode)?.pcode));
  const [cercle] = [...cercles];
  return {
    mention: m,
    unit: cercles.size === 1 && cercle ? (getUnit(cercle) ?? null) : null,
    village: null,
    candidates: villages,
  };
}

/**
 * The event's place (ours, to be tuned on real SMS): each name scores its precision (commune or
 * village 3, cercle 2, region 1), +2 after "dans/vers/cercle de/kɔnɔ", +1 after "à/de", −2 per
 * origin level ("venus de X" −4, "les gens de X" −2), +10 in a structured report's place slot.
 * The best wins, earliest on a tie; a more precise name inside it (village, commune) refines it.
 */
export function locate(mentions: readonly Mention[], knownPcode: string | null = null): Located {
  const readings: Reading[] = mentions.map((m) => {
    const others = mentions.filter((o) => o !== m).flatMap((o) => o.admin.map((u) => u.pcode));
    if (m.admin.length > 0) return { mention: m, unit: readAdmin(m, others, knownPcode), village: null, candidates: [] };
    return readVillage(m, others, knownPcode);
  });
  const precision = (r: Reading): number => (r.unit ? 3 - RANK[r.unit.level] : r.candidates.length > 0 ? 0.5 : -9);
  const score = (r: Reading): number => precision(r) + r.mention.cue - 2 * r.mention.origin + (r.mention.slot ? 10 : 0);
  let best: Reading | null = null;
  for (const r of readings) if ((r.unit || r.candidates.length > 0) && (!best || score(r) > score(best))) best = r;
  if (!best) return { unit: null, village: null, candidates: [], span: null };
  for (const r of readings) {
    const refines = r.unit && best.unit && r.unit.pcode !== best.unit.pcode && within(r.unit.pcode, best.unit.pcode);
    const names = r.village && best.unit && r.unit?.pcode === best.unit.pcode && !best.village;
    if ((refines || names) && r.mention.origin === 0) best = r;
  }
  const candidates = best.candidates.map((v) => ({
    pcode: v.communePcode,
    name: v.name,
    communeName: getUnit(v.communePcode)?.name ?? '',
  }));
  const village = best.village ? { pcode: best.village.pcode, name: best.village.name } : null;
  return { unit: best.unit, village, candidates, span: [best.mention.start, best.mention.end] };
}
