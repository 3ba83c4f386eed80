// `npm run -s calibrate`: fits the confidence calibration and the triage threshold on grouped cross-validation
// folds of the shipped training and development sets (never on a held-out or frozen set), and writes
// src/classify/calibration.json, which the classifier reads at load.
import { writeFileSync } from 'node:fs';
import { CALIBRATION_FILE, calibrate, chooseThreshold, isotonic, reliability, type Calibration } from './calibration.ts';
import { outOfFold } from './cross-validate.ts';
import { datasetExamples } from './model.ts';

const examples = [...datasetExamples('train'), ...datasetExamples('dev')];
const oof = outOfFold(examples, 5);
const raw = oof.map((o) => ({ x: o.prediction.confidence, y: +(o.prediction.category === o.example.category) }));
const table = isotonic(raw);
const round = (v: number): number => Math.round(v * 10000) / 10000;
const pairs = oof.map((o, i) => ({ confidence: calibrate(table, raw[i]!.x), right: raw[i]!.y === 1 }));
const threshold = round(chooseThreshold(pairs));
const out: Calibration = {
  x: table.x.map(round),
  y: table.y.map(round),
  threshold,
  fittedOn: `isotonic on 5-fold grouped cross-validation of train+dev (${examples.length} messages)`,
};
writeFileSync(CALIBRATION_FILE, `${JSON.stringify(out)}\n`);
const triaged = pairs.filter((p) => p.confidence < threshold);
const rest = pairs.filter((p) => p.confidence >= threshold);
process.stdout.write(
  [
    `out-of-fold accuracy ${((raw.filter((r) => r.y).length / raw.length) * 100).toFixed(1)} % on ${raw.length} messages`,
    `threshold ${threshold}: ${((triaged.length / pairs.length) * 100).toFixed(1)} % to triage, the rest ${((rest.filter((p) => p.right).length / Math.max(1, rest.length)) * 100).toFixed(1)} % right`,
    ...reliability(pairs).map(
      (b) => `  [${b.from.toFixed(2)}, ${b.to.toFixed(2)})  n=${b.n}  mean ${b.meanConfidence}  right ${b.accuracy}`,
    ),
    '',
  ].join('\n'),
);
