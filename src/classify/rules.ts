// Turns the concepts found in an SMS into a TAXONOMY category: a commented table of weighted rules.
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
 * Scores add up per category; the highest wins. A lone weak word scores 1 or less (confidence
 * under 0.5); a clear phrase or a meaningful pair scores 2.5–3. Ours, to be tuned on real SMS.
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
];

/** Tie-break: the more urgent category first. */
const PRIORITY: readonly Category[] = [
  'ATTAQUE', 'VBG', 'VOL_BETAIL', 'FONCIER', 'RECRUT', 'ARMES', 'DEPLACEMENT', 'INTERCOM', 'GOUVERNANCE', 'RUMEUR', 'AUTRE',
];

export interface Decision {
  category: Category;
  score: number;
  /** Score of the best rival category (0 if none). */
  runnerUp: number;
  /** Hits of the concepts that fired the winning rules. */
  decisive: Hit[];
}

/** The best category for these hits, or null when no rule fires. */
export function decide(hits: readonly Hit[]): Decision | null {
  const present = new Set(hits.map((h) => h.entry.concept));
  const any = (item: string): boolean => item.split('|').some((c) => present.has(c));
  const scores = new Map<Category, { score: number; concepts: Set<string> }>();
  for (const rule of RULES) {
    if (!rule.all.every(any) || (rule.none ?? []).some(any)) continue;
    const s = scores.get(rule.category) ?? { score: 0, concepts: new Set<string>() };
    s.score += rule.weight;
    for (const item of rule.all) for (const c of item.split('|')) if (present.has(c)) s.concepts.add(c);
    scores.set(rule.category, s);
  }
  const ranked = [...scores.entries()].sort(
    (a, b) => b[1].score - a[1].score || PRIORITY.indexOf(a[0]) - PRIORITY.indexOf(b[0]),
  );
  const [winner, ...others] = ranked;
  if (!winner) return null;
  // A rival counts only if it rests on evidence the winner did not use: armed men in an attack
  // are part of the attack, not a second reading of the message.
  const rivals = others.filter(([, s]) => [...s.concepts].some((c) => !winner[1].concepts.has(c)));
  return {
    category: winner[0],
    score: winner[1].score,
    runnerUp: rivals[0]?.[1].score ?? 0,
    decisive: hits.filter((h) => winner[1].concepts.has(h.entry.concept)),
  };
}
