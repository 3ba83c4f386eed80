// `npm run -s retrain`: trains the classifier on the shipped examples plus the coordinators'
// corrections and prints what that changes on the development and held-out sets. Workers retrain
// by themselves when corrections arrive; this command shows the effect.
import {
  createClassifier,
  datasetExamples,
  DEFAULT_MODEL,
  defaultExamples,
  trainModel,
  type LabelledExample,
} from '../classify/index.ts';
import { evaluate } from '../classify/evaluate.ts';
import { runCli, withConfiguredDatabase } from '../db/cli.ts';
import { createRepositories } from '../db/index.ts';
import { CORRECTION_WEIGHT } from './classifier.service.ts';

runCli('retrain', () =>
  withConfiguredDatabase(async (db) => {
    const rows = await createRepositories(db).learning.labelledExamples();
    const corrections: LabelledExample[] = rows.map((r) => ({
      text: r.text,
      category: r.category as LabelledExample['category'],
      severity: r.severity as LabelledExample['severity'],
      language: r.language as LabelledExample['language'],
      pcode: r.pcode,
      weight: CORRECTION_WEIGHT,
    }));
    const before = createClassifier(DEFAULT_MODEL);
    const after = createClassifier(corrections.length ? trainModel([...defaultExamples(), ...corrections]) : DEFAULT_MODEL);
    const line = (label: string, set: 'dev' | 'test') => {
      const examples = datasetExamples(set);
      const a = evaluate(examples, (t) => before(t));
      const b = evaluate(examples, (t) => after(t));
      return `${label.padEnd(10)} accuracy ${(a.accuracy * 100).toFixed(1)}% → ${(b.accuracy * 100).toFixed(1)}%   macro-F1 ${a.macroF1.toFixed(3)} → ${b.macroF1.toFixed(3)}`;
    };
    const fixed = corrections.filter((c) => after(c.text).category === c.category).length;
    process.stdout.write(
      [
        `corrections from triage: ${corrections.length} (weight ${CORRECTION_WEIGHT} each)`,
        `corrections the retrained model now gets right: ${fixed}/${corrections.length}`,
        line('dev', 'dev'),
        line('held-out', 'test'),
        'workers pick up new corrections by themselves within one sweep interval',
        '',
      ].join('\n'),
    );
    return 0;
  }),
);
