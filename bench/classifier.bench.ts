// Classifier benchmark: our hybrid model vs a plain naive Bayes baseline (wink-naive-bayes-text-classifier), same training data,
// scored on the development set and the held-out test set; prints a table and writes bench/results/classifier.json.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LabelledExample } from '../src/classify/index.ts';
import type { Prediction, Score } from '../src/classify/evaluate.ts';

interface WinkNB {
  definePrepTasks(tasks: Array<(s: string) => string[]>): void;
  learn(input: string, label: string): void;
  consolidate(): void;
  predict(input: string): string;
}
const require = createRequire(import.meta.url);
const winkNB = require('wink-naive-bayes-text-classifier') as () => WinkNB;

// Module load: reference data, lexicon, and the default model trained on the shipped set.
let t = performance.now();
const { createClassifier, datasetExamples, trainModel } = await import('../src/classify/index.ts');
const { evaluate } = await import('../src/classify/evaluate.ts');
const loadMs = performance.now() - t;

const train = datasetExamples('train');
const sets: Record<string, LabelledExample[]> = { dev: datasetExamples('dev'), test: datasetExamples('test') };

// Ours: trained on the training set only (the default model is the same).
t = performance.now();
const ours = createClassifier(trainModel(train));
const trainMs = performance.now() - t;

// Baseline: wink's multinomial naive Bayes, default Laplace smoothing, a plain tokenizer (lower case, split on
// anything that is not a letter or digit). "unknown" (no known word) counts as a wrong answer, not as an alert.
t = performance.now();
const nb = winkNB();
nb.definePrepTasks([
  (s) =>
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
]);
for (const e of train) nb.learn(e.text, e.category);
nb.consolidate();
const nbTrainMs = performance.now() - t;
const baseline = (text: string): Prediction => ({ category: nb.predict(text) });

/**
 * Messages per second on one core (JavaScript runs on one thread), after a warm-up, for at least
 * 2 s: per wall-clock second, and per CPU second of this process (steadier on a busy machine;
 * it also counts the garbage collector's threads, so it errs low).
 */
function throughput(predict: (text: string) => unknown): { wall: number; cpu: number } {
  const texts = [...(sets.dev ?? []), ...(sets.test ?? [])].map((e) => e.text);
  for (let i = 0; i < 3; i++) for (const x of texts) predict(x);
  let n = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  while (performance.now() - start < 2000) {
    for (const x of texts) predict(x);
    n += texts.length;
  }
  const used = process.cpuUsage(cpu);
  return { wall: Math.round(n / ((performance.now() - start) / 1000)), cpu: Math.round(n / ((used.user + used.system) / 1e6)) };
}

const scores: Record<string, { ours: Score; baseline: Score }> = {};
for (const [name, examples] of Object.entries(sets)) {
  scores[name] = { ours: evaluate(examples, (x) => ours(x)), baseline: evaluate(examples, baseline) };
}
const speed = { ours: throughput((x) => ours(x)), baseline: throughput((x) => nb.predict(x)) };

// ---- table ----
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const cols = ['dev', 'test'].flatMap((s) => [`ours ${s}`, `NB ${s}`]);
const rows: [string, (s: Score) => string][] = [
  ['category accuracy', (s) => pct(s.accuracy)],
  ['macro-F1', (s) => s.macroF1.toFixed(3)],
  ['cercle accuracy (place given)', (s) => (s.cercle ? `${pct(s.cercle.accuracy)} (n=${s.cercle.n})` : '—')],
  ['non-alerts raised as alerts', (s) => pct(s.falseAlarmRate)],
  ['severity accuracy', (s) => pct(s.severityAccuracy)],
  ['language accuracy (fr/bm/ff/son/mix)', (s) => pct(s.languageAccuracy)],
  ['sent to triage', (s) => (s.triage ? pct(s.triage.rate) : '—')],
  ['accuracy of the rest', (s) => (s.triage ? pct(s.triage.accuracyUntriaged) : '—')],
];
const categories = Object.keys(scores.test?.ours.perCategory ?? {});
const languages = Object.keys(scores.test?.ours.perLanguage ?? {});
for (const c of categories)
  rows.push([`  ${c} (recall)`, (s) => (s.perCategory[c] ? `${pct(s.perCategory[c].recall)} /${s.perCategory[c].n}` : '—')]);
for (const l of languages)
  rows.push([
    `  lang ${l} (category accuracy)`,
    (s) => (s.perLanguage[l] ? `${pct(s.perLanguage[l].accuracy)} /${s.perLanguage[l].n}` : '—'),
  ]);
const cell = (set: string, who: 'ours' | 'baseline', f: (s: Score) => string): string => {
  const s = scores[set]?.[who];
  return s ? f(s) : '—';
};
const width = 36;
const lines = [
  `training: ${train.length} examples; dev ${sets.dev?.length}, held-out test ${sets.test?.length}`,
  `${''.padEnd(width)}${cols.map((c) => c.padStart(16)).join('')}`,
  ...rows.map(
    ([label, f]) =>
      `${label.padEnd(width)}${['dev', 'test']
        .flatMap((s) => [cell(s, 'ours', f), cell(s, 'baseline', f)])
        .map((v) => v.padStart(16))
        .join('')}`,
  ),
  `${'throughput, msgs per wall second'.padEnd(width)}${`${speed.ours.wall}`.padStart(16)}${`${speed.baseline.wall}`.padStart(16)}   (one thread; ours includes place resolution)`,
  `${'throughput, msgs per CPU second'.padEnd(width)}${`${speed.ours.cpu}`.padStart(16)}${`${speed.baseline.cpu}`.padStart(16)}`,
  `${'training time, ms'.padEnd(width)}${trainMs.toFixed(0).padStart(16)}${nbTrainMs.toFixed(0).padStart(16)}`,
  `${'module load (data + default model), ms'.padEnd(width)}${loadMs.toFixed(0).padStart(16)}`,
];
process.stdout.write(`${lines.join('\n')}\n`);

const strip = (s: Score): Omit<Score, 'errors'> & { errors: number } => ({ ...s, errors: s.errors.length });
const out = {
  datasets: { train: train.length, dev: sets.dev?.length, test: sets.test?.length },
  baseline: 'wink-naive-bayes-text-classifier 2.x, multinomial, Laplace smoothing, lower-case split tokenizer',
  results: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, { ours: strip(v.ours), baseline: strip(v.baseline) }])),
  throughput: speed,
  trainingMs: { ours: Math.round(trainMs), baseline: Math.round(nbTrainMs) },
  moduleLoadMs: Math.round(loadMs),
};
writeFileSync(join(import.meta.dirname, 'results', 'classifier.json'), `${JSON.stringify(out, null, 2)}\n`);
