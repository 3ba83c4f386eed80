// Pure routing rules: which configured committees receive an alert for a category at a place.
import { covers } from '../domain/coverage.ts';
import { CATEGORY_RULES, type Category } from '../domain/taxonomy.ts';

export interface CommitteeRef {
  id: string;
  type: string;
  pcode: string;
  /** The places it covers (its seat alone when not given). */
  coverage?: readonly string[];
}

/** The place itself, then its cercle, region and the country ('ML'), most local first. */
export type PlaceChain = readonly string[];

function firstOnChain<T extends CommitteeRef>(committees: T[], chain: PlaceChain, type: string): T | undefined {
  for (const pcode of chain) {
    const hit = committees.find((c) => c.type === type && covers(c, pcode));
    if (hit) return hit;
  }
  return undefined;
}

/** Committee types to look up for a category (the fallback is always looked up too). */
export function typesFor(category: Category): string[] {
  const rule = CATEGORY_RULES[category];
  return [...new Set([...rule.routedTo, 'CCS', 'COORDINATION'])];
}

/**
 * Chooses the committees: for each committee type TAXONOMY routes the category to, the most local
 * one configured on the chain (commune first, then cercle, then region); for ATTAQUE a copy to the
 * regional CCS; when nothing matches, the nearest coordination so no alert is left without a reader.
 */
export function selectCommittees<T extends CommitteeRef>(category: Category, chain: PlaceChain, committees: T[]): T[] {
  const rule = CATEGORY_RULES[category];
  if (rule.routedTo.length === 0) return [];
  const chosen = new Map<string, T>();
  for (const type of rule.routedTo) {
    const hit = firstOnChain(committees, chain, type);
    if (hit) chosen.set(hit.id, hit);
  }
  if (rule.copyRegionalCcs) {
    const region = chain.find((p) => p.length === 4);
    const regional = region ? committees.find((c) => c.type === 'CCS' && covers(c, region)) : undefined;
    if (regional) chosen.set(regional.id, regional);
  }
  if (chosen.size === 0) {
    const fallback = firstOnChain(committees, chain, 'COORDINATION');
    if (fallback) chosen.set(fallback.id, fallback);
  }
  return [...chosen.values()];
}
