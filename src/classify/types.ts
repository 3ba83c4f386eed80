// The classifier's answer for one SMS: the contract with intake, triage, the ask-back SMS and the CLI.
import type { Category, Language, Severity } from '../domain/taxonomy.ts';
import type { LanguageTag } from './language.ts';
import type { PlaceCandidate } from './place-choice.ts';

export type { PlaceCandidate };

export interface Place {
  pcode: string;
  name: string;
}

export interface Classification {
  category: Category; // TAXONOMY code
  severity: Severity; // 0..3; NON_ALERTE is always 0
  language: Language; // fr | bm | ff | son: the language to answer in (for a mix, its local language)
  languageTag: LanguageTag; // fr | bm | ff | son | mix: what the message is written in
  confidence: number; // 0..1: the model's probability for the category, adjusted for structured reports
  location: { pcode: string; name: string; level: 'region' | 'cercle' | 'commune' } | null;
  commune: Place | null;
  cercle: Place | null; // filled whenever a commune or village is found
  village: Place | null; // the village named, when the place came from mali-settlements.csv (2015 settlement P-code)
  placeCandidates: PlaceCandidate[]; // an ambiguous village name: the communes it may be in (ask which)
  needsPlace: boolean; // an alert (not NON_ALERTE) with no commune or cercle: ask the reporter where
  structured: { keyword: string; category: Category } | null; // "<CATEGORY> <place> <text>" syntax
  disagreement: string | null; // the structured keyword and the text say different things
  rawConfidence: number; // the model's score before calibration (what the calibration table maps)
  triage: boolean; // a coordinator should look: confidence < TRIAGE_THRESHOLD, or a disagreement
  urgent: boolean; // a severity-3 cue (dead, wounded, killing, shooting, attack under way): alert at once even in triage
  alternatives: { category: Category; p: number }[]; // the next most likely categories, for the triage list
  matched: string[]; // the keywords / concepts that decided it, for explanation
}

/** What the gateway knows about the reporter: their commune or cercle resolves same-named villages. */
export interface ClassifyContext {
  knownPcode?: string | null;
}
