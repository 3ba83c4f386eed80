// TAXONOMY severity rules: the category's default, raised by dead or wounded (3) and by weapons (at least 2).
import { CATEGORY_RULES, type Category, type Severity } from '../domain/taxonomy.ts';
import type { Hit } from './match.ts';

const SEVERE = new Set(['dead', 'wounded', 'kill']);
const WEAPONS = new Set(['gun', 'armed_men']);
/**
 * Words before a killing that make it a threat or an intention, not a death: "vont tuer", "menacent
 * de tuer", bm "bɛna u faga" (will kill them), "ka u faga" (to kill them). Ours.
 */
const NOT_DONE = new Set(['vont', 'va', 'veulent', 'voulaient', 'menacent', 'menace', 'pour', 'bena', 'bina', 'ka']);

function happened(words: readonly string[], h: Hit): boolean {
  if (h.entry.concept !== 'kill') return true; // the dead and the wounded are already there
  if (h.text === 'tuer') return false; // infinitive: "vont tuer", "menacent de tuer"
  for (let i = h.start - 1; i >= Math.max(0, h.start - 2); i--) if (NOT_DONE.has(words[i] ?? '')) return false;
  return true;
}

/** The hits that raise severity: deaths, wounds, killings that happened; weapons. */
export function raisers(words: readonly string[], kept: readonly Hit[]): Hit[] {
  return kept.filter((h) => (SEVERE.has(h.entry.concept) && happened(words, h)) || WEAPONS.has(h.entry.concept));
}

/**
 * Category default, raised to 3 on dead/wounded/killed and to at least 2 on weapons. A rumour is
 * unverified: weapons raise it to 2, deaths do not (ours). NON_ALERTE is always 0.
 */
export function severityOf(category: Category, words: readonly string[], kept: readonly Hit[]): Severity {
  if (category === 'NON_ALERTE') return 0;
  let s = CATEGORY_RULES[category].defaultSeverity;
  const raised = raisers(words, kept);
  const weapons = raised.some((h) => WEAPONS.has(h.entry.concept));
  if (category === 'RUMEUR') return weapons ? 2 : s;
  if (raised.some((h) => SEVERE.has(h.entry.concept))) return 3;
  if (weapons && s < 2) s = 2;
  return s;
}

/** Concepts that mean people are being shot, killed or attacked: such a report alerts at once even when unsure. */
const URGENT = new Set(['attack', 'shooting', 'burn', 'kidnapping', 'mine_explosion']);

/**
 * A severity-3 cue: dead, wounded or killed (that happened), or shooting / an attack under way. Not for a
 * rumour or a non-alert: hearsay is checked before anyone is woken.
 */
export function urgentCue(category: Category, words: readonly string[], kept: readonly Hit[]): boolean {
  if (category === 'NON_ALERTE' || category === 'RUMEUR') return false;
  return kept.some((h) => (SEVERE.has(h.entry.concept) && happened(words, h)) || URGENT.has(h.entry.concept));
}
