// Learning from labelled SMS: the shipped training set plus coordinators' corrections → language and category models.
import { readFileSync } from 'node:fs';
import { CATEGORIES, isCategory, type Category, type Severity } from '../domain/taxonomy.ts';
import { analyse, type Reader } from './analyse.ts';
import { categoryFeatures } from './features.ts';
import { LANGUAGE_TAGS, languageFeatures, type LanguageTag } from './language.ts';
import { LEXICON } from './lexicon.ts';
import { trainLinear, trainNaiveBayes, type LinearModel, type TrainOptions } from './linear.ts';
import { tokenize } from './normalise.ts';
import { ABBREVIATIONS } from './abbreviations.ts';
import { FUNCTION_WORDS } from './words.ts';

/** One labelled SMS: a line of dataset/*.jsonl, or a coordinator's correction. */
export interface LabelledExample {
  text: string;
  category: Category;
  severity?: Severity;
  /** Omitted (e.g. a correction of the category only): the example does not train the language model. */
  language?: LanguageTag;
  /** Commune or cercle P-code of the event, or null. Not used for training (places come from the gazetteer). */
  pcode?: string | null;
  /** How much the example counts (default 1; a coordinator's correction may count more). */
  weight?: number;
}

export interface Model {
  language: LinearModel;
  category: LinearModel;
  /** Words of the training texts (2+ messages, outside place names): ordinary words, never villages. */
  vocabulary: ReadonlySet<string>;
  examples: number;
}

const STATIC_WORDS = new Set<string>([
  ...Object.values(FUNCTION_WORDS).flatMap((s) => [...s]),
  ...Object.keys(ABBREVIATIONS),
  ...Object.values(ABBREVIATIONS),
  ...LEXICON.flatMap((e) => (e.words.length === 1 ? [e.words[0]?.replace(/\*$/, '') ?? ''] : [])),
]);

export const staticKnownWord = (w: string): boolean => STATIC_WORDS.has(w);

/** Fixed so that the same examples always give the same model (ours, chosen on the development set). */
export const TRAINING: { languageAlpha: number; category: TrainOptions } = {
  languageAlpha: 0.1, // naive Bayes smoothing for the language model
  category: { epochs: 10, rate: 0.5, l2: 1e-5, seed: 11 }, // logistic regression for the category
};

/** Trains both models; pure and deterministic. Call again with more examples to learn from corrections. */
export function trainModel(examples: readonly LabelledExample[], options = TRAINING): Model {
  const usable = examples.filter((e) => isCategory(e.category) && typeof e.text === 'string');
  const toks = usable.map((e) => tokenize(e.text));
  const features = toks.map(languageFeatures);
  const language = trainNaiveBayes(
    usable.flatMap((e, i) => (e.language ? [{ features: features[i] ?? new Map(), label: e.language, weight: e.weight }] : [])),
    LANGUAGE_TAGS,
    options.languageAlpha,
  );
  // One reading of each example: its words outside place names make the vocabulary, its features the category model.
  const reader: Reader = { language, isKnownWord: staticKnownWord };
  const analysed = usable.map((e, i) => analyse(e.text, reader, null, toks[i], features[i]));
  const counts = new Map<string, number>();
  for (const a of analysed) for (const w of new Set(a.words)) if (w && !/\d/.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const vocabulary = new Set([...counts].filter(([, n]) => n >= 2).map(([w]) => w));
  const category = trainLinear(
    analysed.map((a, i) => ({ features: categoryFeatures(a), label: usable[i]?.category ?? 'AUTRE', weight: usable[i]?.weight })),
    CATEGORIES,
    options.category,
  );
  return { language, category, vocabulary, examples: usable.length };
}

/** Parses JSON lines of labelled examples; a malformed line throws with its number. */
export function parseExamples(jsonl: string, source = 'examples'): LabelledExample[] {
  return jsonl
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, n]) => {
      const e = JSON.parse(line) as LabelledExample;
      if (typeof e.text !== 'string' || !isCategory(e.category)) throw new Error(`${source}:${n}: expected {"text", "category"}`);
      return e;
    });
}

/** A shipped dataset file: "train", "dev" or "test" (the held-out set: never train or tune on it). */
export function datasetExamples(name: 'train' | 'dev' | 'test'): LabelledExample[] {
  const url = new URL(`./dataset/${name}.jsonl`, import.meta.url);
  return parseExamples(readFileSync(url, 'utf8'), `dataset/${name}.jsonl`);
}

/** The examples the default classifier learns from: the shipped training set. */
export function defaultExamples(): LabelledExample[] {
  return datasetExamples('train');
}
