// Concepts found in an SMS → a weighted vote per TAXONOMY category: a commented table of rules (features for the trained model).
import type { Category } from '../domain/taxonomy.ts';
import type { Hit } from './match.ts';

interface Rule {
  category: Category;
  weight: number;
  /** Every item must be present; an item "a|b" is satisfied by either concept. */
  all: readonly string[];
  /** None of these concepts may be present. */
  none?: readonly string[];
}

const ATTACK = 'attack|kill|burn|fire|kidnapping|mine_explosion';
const ARMED = 'armed_men|gun|bandit';
const QUARREL = 'conflict|dispute|fight';
const LAND = 'land|field|water_point|well|field_damage';

/**
 * Scores add up per category; the trained model weighs these votes beside the words themselves. A
 * lone weak word scores 1 or less; a clear phrase or a meaningful pair 2.5–3. Ours, to be tuned on real SMS.
 */
export const RULES: readonly Rule[] = [
  { category: 'VOL_BETAIL', weight: 3, all: ['cattle_theft'] },
  { category: 'VOL_BETAIL', weight: 3, all: ['theft', 'cattle'] },
  { category: 'VOL_BETAIL', weight: 3, all: ['kidnapping', 'cattle'], none: ['dead|wounded'] }, // "bétail enlevé"
  { category: 'VOL_BETAIL', weight: 1, all: ['cattle_theft|theft', 'cattle|cattle_theft', ARMED] }, // armed rustlers
  { category: 'ATTAQUE', weight: 2, all: ['attack|kill|burn|kidnapping|mine_explosion'] },
  { category: 'ATTAQUE', weight: 1.5, all: ['fire'] }, // also bush fires: weaker
  { category: 'ATTAQUE', weight: 1, all: [ATTACK, ARMED] },
  { category: 'ATTAQUE', weight: 1, all: [ATTACK, 'dead|wounded'] },
  { category: 'ATTAQUE', weight: 2, all: ['dead|wounded', ARMED] },
  { category: 'ATTAQUE', weight: 1, all: ['dead|wounded'] }, // deaths with no cause given: weak, but routed to the CCS
  { category: 'ATTAQUE', weight: 1, all: ['assault'] },
  { category: 'VBG', weight: 3, all: ['sexual_violence'] },
  { category: 'VBG', weight: 3, all: ['assault', 'women'] },
  // Land: a quarrel or fight over fields, water or pasture stays FONCIER even with deaths (TAXONOMY).
  { category: 'FONCIER', weight: 2.5, all: ['field_damage'] },
  { category: 'FONCIER', weight: 2.5, all: ['land|field|water_point|well', `${QUARREL}|threat`] },
  { category: 'FONCIER', weight: 2, all: ['field|field_damage', 'cattle|herder'] },
  { category: 'FONCIER', weight: 2, all: ['herder', 'farmer'] },
  { category: 'FONCIER', weight: 1, all: ['damage', 'field|cattle'] }, // "les animaux ont détruit nos champs"
  { category: 'FONCIER', weight: 1.5, all: ['herder', 'farmer', QUARREL] },
  { category: 'RECRUT', weight: 3, all: ['recruit'] },
  { category: 'RECRUT', weight: 0.5, all: ['recruit', ARMED] }, // recruiters are often armed: not a rival ARMES
  { category: 'ARMES', weight: 2, all: ['armed_men'] },
  { category: 'ARMES', weight: 1.5, all: ['gun|bandit'] },
  { category: 'ARMES', weight: 0.5, all: ['motorbike'] },
  { category: 'DEPLACEMENT', weight: 2.5, all: ['displacement'] },
  { category: 'DEPLACEMENT', weight: 2, all: ['flee'] },
  { category: 'INTERCOM', weight: 2, all: ['threat|intercom'] },
  { category: 'INTERCOM', weight: 1.5, all: ['militia_hunter'] },
  { category: 'INTERCOM', weight: 2, all: ['community|herder|farmer|militia_hunter', QUARREL], none: [LAND, 'farmer'] },
  { category: 'INTERCOM', weight: 1, all: [QUARREL], none: [LAND] }, // "palabre" alone: weak
  { category: 'GOUVERNANCE', weight: 2.5, all: ['governance'] },
  { category: 'GOUVERNANCE', weight: 2.5, all: ['soldier', 'assault'] },
  // An explicit "on dit que" outweighs most single events: the CCS verifies before acting.
  { category: 'RUMEUR', weight: 3.5, all: ['rumour'] },
  { category: 'AUTRE', weight: 1.5, all: ['dialogue'] },
  { category: 'AUTRE', weight: 1, all: ['peace'] },
  { category: 'AUTRE', weight: 1, all: ['theft'] }, // theft of something other than livestock
  { category: 'VBG', weight: 1, all: ['women', 'kidnapping|assault|threat'] },
  { category: 'INTERCOM', weight: 1, all: ['community', 'threat'] },
  { category: 'DEPLACEMENT', weight: 1, all: ['flee|displacement', 'village'] },
  { category: 'GOUVERNANCE', weight: 1, all: ['soldier', 'kidnapping|theft'], none: ['armed_men'] }, // arbitrary arrests, racket
  // Authorities abusing people (racket, arbitrary arrest, beatings) are GOUVERNANCE, not ATTAQUE (issue 19).
  { category: 'GOUVERNANCE', weight: 2.5, all: ['soldier|governance', 'arrest|money|assault'], none: ['armed_men|dead'] },
  // Armed men on a road, a checkpoint or a convoy are a sighting (ARMES), not a displacement (issue 19).
  { category: 'ARMES', weight: 2, all: ['armed_men|gun|bandit', 'road'], none: ['attack|kill|dead|wounded|cattle'] },
  { category: 'ATTAQUE', weight: 1.5, all: ['shooting'] },
];

export interface RuleScore {
  score: number;
  /** Concepts that made the category's rules fire. */
  concepts: Set<string>;
}

/** The rules with their "a|b" items split once. */
const COMPILED = RULES.map((r) => ({
  ...r,
  allSets: r.all.map((i) => i.split('|')),
  noneSets: (r.none ?? []).map((i) => i.split('|')),
}));

/** Every category's summed rule weight for these hits (categories with no rule firing are absent). */
export function scoreRules(hits: readonly Hit[]): Map<Category, RuleScore> {
  const scores = new Map<Category, RuleScore>();
  if (hits.length === 0) return scores;
  const present = new Set(hits.map((h) => h.entry.concept));
  const any = (item: readonly string[]): boolean => item.some((c) => present.has(c));
  for (const rule of COMPILED) {
    if (!rule.allSets.every(any) || rule.noneSets.some(any)) continue;
    const s = scores.get(rule.category) ?? { score: 0, concepts: new Set<string>() };
    s.score += rule.weight;
    for (const item of rule.allSets) for (const c of item) if (present.has(c)) s.concepts.add(c);
    scores.set(rule.category, s);
  }
  return scores;
}
