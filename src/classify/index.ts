// The classifier's entry point: SMS text → TAXONOMY category, severity, language, place. A trained model over lexicon rules.
import { createClassifier } from './classifier.ts';
import { defaultExamples, trainModel } from './model.ts';
import type { Classification, ClassifyContext } from './types.ts';

export type { Classification, ClassifyContext, Place, PlaceCandidate } from './types.ts';
export type { LabelledExample, Model } from './model.ts';
export type { LanguageTag } from './language.ts';
export type { PlaceAnswer } from './place-answer.ts';
export { createClassifier, TRIAGE_THRESHOLD } from './classifier.ts';
export { datasetExamples, defaultExamples, parseExamples, trainModel } from './model.ts';
export { resolvePlaceAnswer } from './place-answer.ts';
export { CATEGORY_NUMBERS } from './structured.ts';

/** The default model, trained at load on the shipped training set. Retrain with corrections via trainModel(). */
export const DEFAULT_MODEL = trainModel(defaultExamples());

const defaultClassifier = createClassifier(DEFAULT_MODEL);

/** Classifies one SMS with the default model; the reporter's known commune or cercle resolves same-named villages. */
export function classify(text: string, context?: ClassifyContext): Classification {
  return defaultClassifier(text, context);
}
