// Grouped k-fold cross-validation: every message predicted by a model that saw none of its situation's variants.
import { createClassifier } from './classifier.ts';
import { groupedFolds, groupKey } from './calibration.ts';
import { trainModel, type LabelledExample } from './model.ts';
import type { Classification } from './types.ts';

export interface OutOfFold {
  example: LabelledExample;
  fold: number;
  /** Predicted with an uncalibrated classifier: `confidence` is the raw score. */
  prediction: Classification;
}

/** Out-of-fold predictions over `examples` (k folds grouped by `groupKey`), in fold order. */
export function outOfFold(examples: readonly LabelledExample[], k = 5): OutOfFold[] {
  const folds = groupedFolds(examples, groupKey, k);
  const identity = { x: [], y: [], threshold: 0 };
  return folds.flatMap((test, fold) => {
    const train = folds.filter((_, i) => i !== fold).flat();
    const predict = createClassifier(trainModel(train), identity);
    return test.map((example) => ({ example, fold, prediction: predict(example.text) }));
  });
}
