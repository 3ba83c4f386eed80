// A trained Model → classify(text, context): category and confidence from the model, severity and place from rules.
import { CATEGORIES, type Category } from '../domain/taxonomy.ts';
import { cercleOf, type AdminUnit } from '../geo/admin.ts';
import { analyse, type Analysis, type Reader } from './analyse.ts';
import { calibrate, loadCalibration, type Calibration } from './calibration.ts';
import { categoryFeatures } from './features.ts';
import { predict } from './linear.ts';
import { hasNegativeVerb } from './negation.ts';
import type { Hit } from './match.ts';
import { staticKnownWord, type Model } from './model.ts';
import { raisers, severityOf, urgentCue } from './severity.ts';
import type { Classification, ClassifyContext } from './types.ts';
import { FUNCTION_WORDS } from './words.ts';

/** The shipped calibration (`npm run -s calibrate`: isotonic on grouped cross-validation folds of train+dev). */
export const CALIBRATION: Calibration = loadCalibration();
/**
 * Below this calibrated confidence a report goes to the coordinators' triage list and raises no alert until a
 * person qualifies it (a severity-3 cue still alerts at once, and is flagged). Chosen on out-of-fold predictions:
 * the lowest threshold whose automatically routed reports are ≥ 95 % right, at most 20 % triaged.
 */
export const TRIAGE_THRESHOLD = CALIBRATION.threshold;
/** A structured report's text overrides its keyword only when the model is at least this sure of another alert. */
const OVERRIDE = 0.75;
/** The text contradicts the keyword when the model gives another category at least this probability. */
const CONTRADICTS = 0.5;
/** An alert resting on one meaningful word ("attaque", "2 morts à Koro", "palabre") is thin evidence: at most this sure. */
const THIN = 0.55;
/**
 * "Not an alert" needs a reason: a greeting, "RAS", a refutation, an opt-out, a negation. Without
 * one ("la situation est tendue", "Koro"), words the model does not know must not pass as calm.
 */
const UNEXPLAINED_CALM = 0.5;
const CALM = new Set(['nothing', 'refuted', 'greeting', 'thanks', 'ok', 'yes', 'no', 'trivial', 'optout', 'spam', 'question']);

const ALL_FUNCTION_WORDS = new Set(Object.values(FUNCTION_WORDS).flatMap((s) => [...s]));
/** Words that carry meaning: not blanked (places, keyword), not numbers, not grammatical words of any language. */
const meaningful = (words: readonly string[]): number =>
  words.filter((w) => w && !/^\d+$/.test(w) && !ALL_FUNCTION_WORDS.has(w)).length;

const round = (x: number): number => Math.round(x * 100) / 100;

export function placeFields(unit: AdminUnit | null): Pick<Classification, 'location' | 'commune' | 'cercle'> {
  if (!unit) return { location: null, commune: null, cercle: null };
  const cercle = cercleOf(unit.pcode);
  return {
    location: { pcode: unit.pcode, name: unit.name, level: unit.level },
    commune: unit.level === 'commune' ? { pcode: unit.pcode, name: unit.name } : null,
    cercle: cercle ? { pcode: cercle.pcode, name: cercle.name } : null,
  };
}

/** "concept:words as typed", e.g. "cattle_theft:vol de bétail"; for a non-alert, the calm markers and "not …" negations. */
function explain(a: Analysis, category: Category): string[] {
  const decisive = a.rules.get(category)?.concepts ?? new Set<string>();
  const calm = category === 'NON_ALERTE';
  const hits = [
    ...a.kept.filter((h) => decisive.has(h.entry.concept) || (calm && CALM.has(h.entry.concept))),
    ...(calm ? [] : raisers(a.words, a.kept)),
  ];
  const typed = (h: Hit): string =>
    a.toks
      .slice(h.start, h.end)
      .map((t) => t.raw)
      .join(' ');
  const out = hits.map((h) => `${h.entry.concept}:${typed(h)}`);
  if (calm) out.push(...a.negated.map((h) => `not ${h.entry.concept}:${typed(h)}`));
  return [...new Set(out)];
}

interface Verdict {
  category: Category;
  confidence: number;
  disagreement: string | null;
}

/**
 * The model's best category, made honest: thin or unexplained answers are capped below the triage
 * threshold; in a structured report the keyword wins unless the text clearly says another alert.
 */
function settle(a: Analysis, ranked: readonly { category: Category; p: number }[]): Verdict {
  const top = ranked[0] ?? { category: 'AUTRE' as Category, p: 0 };
  if (a.toks.length === 0) return { category: 'NON_ALERTE', confidence: 1, disagreement: null };
  if (a.keyword) {
    const said = a.keyword.category;
    if (top.category === said) return { category: said, confidence: Math.max(top.p, 0.9), disagreement: null };
    if (top.p < CONTRADICTS)
      return { category: said, confidence: Math.max(0.7, ranked.find((r) => r.category === said)?.p ?? 0), disagreement: null };
    const disagreement = `keyword "${a.keyword.keyword}" says ${said}, the text reads as ${top.category} (${round(top.p)})`;
    const overrides = top.p >= OVERRIDE && top.category !== 'NON_ALERTE' && top.category !== 'AUTRE';
    return overrides
      ? { category: top.category, confidence: top.p * 0.8, disagreement }
      : { category: said, confidence: 0.6, disagreement };
  }
  let confidence = top.p;
  if (top.category !== 'NON_ALERTE' && meaningful(a.words) <= 1) confidence = Math.min(confidence, THIN);
  const explained = a.kept.some((h) => CALM.has(h.entry.concept)) || a.negated.length > 0 || hasNegativeVerb(a.words);
  if (top.category === 'NON_ALERTE' && !explained) confidence = Math.min(confidence, UNEXPLAINED_CALM);
  return { category: top.category, confidence, disagreement: null };
}

/** A classifier over a trained model; pure, and cheap enough for thousands of SMS a second. */
export function createClassifier(
  model: Model,
  calibration: Pick<Calibration, 'x' | 'y' | 'threshold'> = CALIBRATION,
): (text: string, context?: ClassifyContext) => Classification {
  const reader: Reader = { language: model.language, isKnownWord: (w) => staticKnownWord(w) || model.vocabulary.has(w) };
  return (text, context = {}) => {
    const a = analyse(text, reader, context.knownPcode ?? null);
    const probs = predict(model.category, categoryFeatures(a));
    const ranked = CATEGORIES.map((category, k) => ({ category, p: probs[k] ?? 0 })).sort((x, y) => y.p - x.p);
    const settled = settle(a, ranked);
    const { category, disagreement } = settled;
    const confidence = calibrate(calibration, settled.confidence);
    const where = placeFields(a.located.unit);
    const severity = severityOf(category, a.words, a.kept);
    return {
      category,
      severity,
      language: a.language,
      languageTag: a.tag,
      confidence: round(confidence),
      ...where,
      village: a.located.village,
      placeCandidates: a.located.unit?.level === 'commune' ? [] : a.located.candidates,
      needsPlace: category !== 'NON_ALERTE' && where.cercle === null,
      structured: a.keyword ? { keyword: a.keyword.keyword, category: a.keyword.category } : null,
      disagreement,
      rawConfidence: settled.confidence,
      triage: confidence < calibration.threshold || disagreement !== null,
      urgent: severity === 3 && urgentCue(category, a.words, a.kept),
      alternatives: ranked
        .filter((r) => r.category !== category)
        .slice(0, 2)
        .map((r) => ({ category: r.category, p: round(r.p) })),
      matched: explain(a, category),
    };
  };
}
