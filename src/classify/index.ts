// The classifier's one entry point: SMS text → TAXONOMY category, severity, language, place. Keyword rules, replaceable.
import { CATEGORY_RULES, type Category, type Language, type Severity } from '../domain/taxonomy.ts';
import { cercleOf, type AdminUnit } from '../geo/admin.ts';
import { detectLanguage, FUNCTION_WORDS } from './language.ts';
import { entriesFor, LEXICON, SMS_ABBREVIATIONS } from './lexicon.ts';
import { findHits, type Hit } from './match.ts';
import { splitNegated } from './negation.ts';
import { findPlaces, locate } from './places.ts';
import { decide } from './rules.ts';
import { tokenize, type Token } from './normalise.ts';

export interface Classification {
  category: Category; // TAXONOMY code
  severity: Severity; // 0..3; NON_ALERTE is always 0
  language: Language; // fr | bm | ff | son (detected)
  confidence: number; // 0..1, honest: low when few/conflicting keywords
  location: { pcode: string; name: string; level: 'region' | 'cercle' | 'commune' } | null;
  commune: { pcode: string; name: string } | null;
  cercle: { pcode: string; name: string } | null; // filled whenever a commune is found
  matched: string[]; // the keywords / concepts that decided it, for explanation
}

/** Concepts that make a message trivial rather than an alert. */
const TRIVIAL = new Set(['greeting', 'thanks', 'ok', 'yes', 'no', 'trivial']);
const SEVERE = new Set(['dead', 'wounded', 'kill']);
const WEAPONS = new Set(['gun', 'armed_men']);

/** "concept:words as typed", e.g. "cattle_theft:vol de bétail"; negated ones start with "not ". */
const describe = (toks: readonly Token[], hits: readonly Hit[], prefix = ''): string[] => [
  ...new Set(hits.map((h) => `${prefix}${h.entry.concept}:${toks.slice(h.start, h.end).map((t) => t.raw).join(' ')}`)),
];
const round = (x: number): number => Math.round(x * 100) / 100;

function place(unit: AdminUnit | null): Pick<Classification, 'location' | 'commune' | 'cercle'> {
  if (!unit) return { location: null, commune: null, cercle: null };
  const cercle = cercleOf(unit.pcode);
  return {
    location: { pcode: unit.pcode, name: unit.name, level: unit.level },
    commune: unit.level === 'commune' ? { pcode: unit.pcode, name: unit.name } : null,
    cercle: cercle ? { pcode: cercle.pcode, name: cercle.name } : null,
  };
}

/** Category default, raised to 3 on dead/wounded/killed and to at least 2 on weapons (TAXONOMY). */
function severityOf(category: Category, hits: readonly Hit[]): Severity {
  let s = CATEGORY_RULES[category].defaultSeverity;
  if (category === 'NON_ALERTE') return 0;
  if (hits.some((h) => SEVERE.has(h.entry.concept))) return 3;
  if (hits.some((h) => WEAPONS.has(h.entry.concept)) && s < 2) s = 2;
  return s;
}

export function classify(text: string): Classification {
  const toks = tokenize(text);
  const places = findPlaces(toks);
  const where = place(locate(places));
  const isPlace = (i: number): boolean => places.some((p) => i >= p.start && i < p.end);
  // Place names are taken out before looking for keywords, so "Koro" is never read as a word.
  const words = toks.map((t, i) => (isPlace(i) ? '' : t.norm));
  const language = detectLanguage(words, findHits(words, LEXICON));
  const { kept, negated } = splitNegated(words, findHits(words, entriesFor(language)));
  const base = { language, ...where };

  if (toks.length === 0) return { ...base, category: 'NON_ALERTE', severity: 0, confidence: 1, matched: [] };

  const decision = decide(kept);
  const nothing = kept.filter((h) => h.entry.concept === 'nothing');
  const trivial = kept.filter((h) => TRIVIAL.has(h.entry.concept));
  // "RAS", "tout est calme", "foyi", "pas eu d'attaque": nothing to report unless a clear alert remains.
  if ((nothing.length > 0 || negated.length > 0) && (!decision || decision.score < 2)) {
    const matched = [...describe(toks, nothing), ...describe(toks, negated, 'not ')];
    return { ...base, category: 'NON_ALERTE', severity: 0, confidence: 0.85, matched };
  }

  if (!decision) {
    const covered = new Set<number>();
    for (const h of [...trivial, ...negated]) for (let i = h.start; i < h.end; i++) covered.add(i);
    const content = kept.filter((h) => !TRIVIAL.has(h.entry.concept));
    const unexplained = words.filter((w, i) => {
      if (!w || covered.has(i) || /^\d+$/.test(w) || SMS_ABBREVIATIONS.has(w)) return false;
      return !Object.values(FUNCTION_WORDS).some((set) => set.has(w));
    }).length;
    if (content.length === 0 && (unexplained === 0 || (trivial.length > 0 && unexplained <= 2))) {
      const confidence = trivial.length > 0 ? (unexplained === 0 ? 0.9 : 0.7) : 0.6;
      return { ...base, category: 'NON_ALERTE', severity: 0, confidence, matched: describe(toks, trivial) };
    }
    // Something was said but no rule knows it: a human looks at it.
    const confidence = content.length > 0 ? 0.3 : 0.2;
    return { ...base, category: 'AUTRE', severity: severityOf('AUTRE', kept), confidence, matched: describe(toks, content) };
  }

  const { category, score, runnerUp, decisive } = decision;
  const raisers = kept.filter((h) => SEVERE.has(h.entry.concept) || WEAPONS.has(h.entry.concept));
  // Grows with the evidence; shrinks when another category is close, and with the share of
  // lexicon words marked 'inferred' (not yet checked by native speakers).
  const inferred = decisive.filter((h) => h.entry.confidence === 'inferred').length / Math.max(1, decisive.length);
  let confidence = (1 - Math.exp(-score / 1.8)) * (1 - (0.5 * runnerUp) / score) * (1 - 0.2 * inferred);
  // One keyword of one word is thin evidence whatever its weight.
  const evidence = new Set(decisive.flatMap((h) => Array.from({ length: h.end - h.start }, (_, k) => h.start + k)));
  confidence = Math.min(category === 'AUTRE' ? 0.45 : evidence.size < 2 ? 0.6 : 0.95, confidence);
  return {
    ...base,
    category,
    severity: severityOf(category, kept),
    confidence: round(confidence),
    matched: describe(toks, [...decisive, ...raisers]),
  };
}
