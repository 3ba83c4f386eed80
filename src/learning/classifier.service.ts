// The live classifier: the shipped model plus every correction coordinators made, retrained without a
// code change when new corrections arrive (workers poll; `npm run -s retrain` reports the effect).
import {
  createClassifier,
  DEFAULT_MODEL,
  defaultExamples,
  trainModel,
  type Classification,
  type ClassifyContext,
  type LabelledExample,
} from '../classify/index.ts';
import type { Repositories } from '../db/index.ts';
import type { Logger } from '../log.ts';

/** A correction counts more than a shipped example: a person looked at a real message. */
export const CORRECTION_WEIGHT = 3;

export function createClassifierService(deps: { repos: Repositories; log: Logger }) {
  let current = createClassifier(DEFAULT_MODEL);
  let version = '0:';
  let corrections = 0;

  return {
    classify: (text: string, context?: ClassifyContext): Classification => current(text, context),

    name: () => (corrections > 0 ? `model-v2+${corrections}` : 'model-v2'),

    /** Retrains from the shipped examples and the stored corrections when they changed; returns whether it did. */
    async refresh(force = false): Promise<boolean> {
      const next = await deps.repos.learning.version();
      if (!force && next === version) return false;
      const rows = await deps.repos.learning.labelledExamples();
      const extra: LabelledExample[] = rows.map((r) => ({
        text: r.text,
        category: r.category as LabelledExample['category'],
        severity: r.severity as LabelledExample['severity'],
        language: r.language as LabelledExample['language'],
        pcode: r.pcode,
        weight: CORRECTION_WEIGHT,
      }));
      current = createClassifier(extra.length ? trainModel([...defaultExamples(), ...extra]) : DEFAULT_MODEL);
      version = next;
      corrections = extra.length;
      deps.log.info({ corrections }, 'classifier retrained');
      return true;
    },
  };
}
export type ClassifierService = ReturnType<typeof createClassifierService>;
