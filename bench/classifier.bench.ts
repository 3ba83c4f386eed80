// Classifier benchmark. The honest figure first: the frozen independent set (bench/classifier/independent.jsonl,
// written blind to the training data; it measures and never trains or tunes), then cross-validation on the
// training data grouped by situation, then the dev / held-out sets written by the same hands as the training set.
// Every figure beside wink's naive Bayes trained on the same data. Prints a table; writes bench/results/classifier.json.
// Only aggregates are printed: never the frozen set's texts.
import { readFileSync, writeFileSync } from 'node:fs';
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

// Module load: reference data, lexicon, calibration and the default model trained on the shipped set.
let t = performance.now();
const { createClassifier, datasetExamples, defaultExamples, trainModel, TRIAGE_THRESHOLD } =
  await import('../src/classify/index.ts');
const { CALIBRATION } = await import('../src/classify/classifier.ts');
const { evaluate } = await import('../src/classify/evaluate.ts');
const { groupKey, reliability, calibrate } = await import('../src/classify/calibration.ts');
const { outOfFold } = await import('../src/classify/cross-validate.ts');
const loadMs = performance.now() - t;

type Frozen = LabelledExample & { situation: string; cercle: string | null };
const frozen: Frozen[] = readFileSync(join(import.meta.dirname, 'classifier', 'independent.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Frozen);

const train = defaultExamples();
const sets: Record<string, LabelledExample[]> = { dev: datasetExamples('dev'), test: datasetExamples('test') };

// Ours: the shipped default model (what `npm run -s classify` and the gateway use).
t = performance.now();
const ours = createClassifier(trainModel(train));
const trainMs = performance.now() - t;

/** wink's multinomial naive Bayes, Laplace smoothing, lower-case split tokenizer; "unknown" counts as wrong. */
function naiveBayes(examples: readonly LabelledExample[]): (text: string) => Prediction {
  const nb = winkNB();
  nb.definePrepTasks([
    (s) =>
      s
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
  ]);
  for (const e of examples) nb.learn(e.text, e.category);
  nb.consolidate();
  return (text) => ({ category: nb.predict(text) });
}
t = performance.now();
const baseline = naiveBayes(train);
const nbTrainMs = performance.now() - t;

/** Messages per second on one core, after a warm-up, for at least 2 s: per wall second and per CPU second of this process. */
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

// ---- scores ----
const scores: Record<string, { ours: Score; baseline: Score }> = {};
const situations = frozen.map((e) => e.situation);
const frozenPreds = frozen.map((e) => ours(e.text));
scores.frozen = {
  ours: evaluate(frozen, (x) => frozenPreds[frozen.findIndex((e) => e.text === x)] ?? ours(x), situations),
  baseline: evaluate(frozen, baseline, situations),
};

// Grouped 5-fold cross-validation on train+dev: ours (uncalibrated in each fold, calibrated with the shipped table) and NB.
const pool = [...train, ...(sets.dev ?? [])];
const oof = outOfFold(pool, 5);
const oofExamples = oof.map((o) => o.example);
const oofGroups = oofExamples.map(groupKey);
const oofOurs = new Map(oof.map((o) => [o.example, o.prediction]));
const nbOof = new Map<LabelledExample, Prediction>();
for (const fold of new Set(oof.map((o) => o.fold))) {
  const nb = naiveBayes(oof.filter((o) => o.fold !== fold).map((o) => o.example));
  for (const o of oof.filter((x) => x.fold === fold)) nbOof.set(o.example, nb(o.example.text));
}
const byText = <T>(m: Map<LabelledExample, T>) => {
  const queue = new Map<string, T[]>();
  for (const [e, p] of m) queue.set(e.text, [...(queue.get(e.text) ?? []), p]);
  return (text: string): T => queue.get(text)!.shift()!;
};
const calibrated = (p: Prediction & { confidence?: number; urgent?: boolean }): Prediction => ({
  ...p,
  triage: calibrate(CALIBRATION, p.confidence ?? 0) < CALIBRATION.threshold,
});
scores.groupedCV = {
  ours: evaluate(oofExamples, (x) => calibrated(byText(oofOurs)(x)), oofGroups),
  baseline: evaluate(oofExamples, byText(nbOof), oofGroups),
};
for (const [name, examples] of Object.entries(sets)) {
  scores[name] = { ours: evaluate(examples, (x) => ours(x)), baseline: evaluate(examples, baseline) };
}
const speed = { ours: throughput((x) => ours(x)), baseline: throughput((x) => baseline(x)) };

// Calibration: reliability of the calibrated confidence out of fold, and on the frozen set.
const oofCal = oof.map((o) => ({
  confidence: calibrate(CALIBRATION, o.prediction.confidence),
  right: o.prediction.category === o.example.category,
}));
const frozenCal = frozen.map((e, i) => ({
  confidence: frozenPreds[i]!.confidence,
  right: frozenPreds[i]!.category === e.category,
}));
const reliabilityTables = { groupedCV: reliability(oofCal), frozen: reliability(frozenCal) };
const urgentInTriage = frozenPreds.filter((p) => p.triage && p.urgent).length;

// ---- table ----
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const ci = (c: [number, number] | undefined): string => (c ? `${(c[0] * 100).toFixed(0)}–${(c[1] * 100).toFixed(0)}` : '—');
const order = ['frozen', 'groupedCV', 'dev', 'test'];
const cols = order.flatMap((s) => [`ours ${s}`, `NB ${s}`]);
const rows: [string, (s: Score) => string][] = [
  ['category accuracy', (s) => pct(s.accuracy)],
  ['  95 % CI, Wilson', (s) => ci(s.accuracyCi.wilson)],
  ['  95 % CI, bootstrap by group', (s) => ci(s.accuracyCi.bootstrap)],
  ['macro-F1', (s) => s.macroF1.toFixed(3)],
  ['cercle accuracy (place given)', (s) => (s.cercle ? `${pct(s.cercle.accuracy)} /${s.cercle.n}` : '—')],
  ['non-alerts raised as alerts', (s) => pct(s.falseAlarmRate)],
  ['severity accuracy', (s) => pct(s.severityAccuracy)],
  ['language identification', (s) => pct(s.languageAccuracy)],
  ['sent to triage', (s) => (s.triage ? pct(s.triage.rate) : '—')],
  ['routed automatically: right', (s) => (s.triage ? pct(s.triage.accuracyUntriaged) : '—')],
];
const categories = Object.keys(scores.frozen?.ours.perCategory ?? {});
const languages = ['fr', 'bm', 'ff', 'son', 'mix'];
for (const c of categories)
  rows.push([`  ${c} (recall)`, (s) => (s.perCategory[c] ? `${pct(s.perCategory[c].recall)} /${s.perCategory[c].n}` : '—')]);
for (const l of languages) {
  rows.push([
    `  lang ${l} (category accuracy)`,
    (s) => (s.perLanguage[l] ? `${pct(s.perLanguage[l].accuracy)} /${s.perLanguage[l].n}` : '—'),
  ]);
  rows.push([`    95 % CI Wilson`, (s) => ci(s.perLanguage[l]?.wilson)]);
  rows.push([`    95 % CI bootstrap by group`, (s) => ci(s.perLanguage[l]?.bootstrap)]);
}
const cell = (set: string, who: 'ours' | 'baseline', f: (s: Score) => string): string => {
  const s = scores[set]?.[who];
  return s ? f(s) : '—';
};
const width = 34;
const w = 14;
const matrix = (s: Score): string[] => {
  const labels = Object.keys(s.perCategory);
  const short = (c: string) => c.slice(0, 5);
  return [
    `${'gold \\ predicted'.padEnd(14)}${labels.map((c) => short(c).padStart(6)).join('')}`,
    ...labels.map((g) => `${g.padEnd(14)}${labels.map((p) => `${s.confusion[g]?.[p] ?? 0}`.padStart(6)).join('')}`),
  ];
};
const lines = [
  `frozen independent set: ${frozen.length} messages, ${new Set(situations).size} situations (measures only; never trains or tunes)`,
  `training: ${train.length} examples; grouped CV: ${pool.length} (train+dev) in 5 folds, ${new Set(oofGroups).size} groups; dev ${sets.dev?.length}, held-out ${sets.test?.length}`,
  `confidence intervals: Wilson treats messages as independent; the bootstrap resamples whole situations (frozen) or groups (CV)`,
  `triage threshold ${TRIAGE_THRESHOLD} (${CALIBRATION.fittedOn})`,
  '',
  `${''.padEnd(width)}${cols.map((c) => c.padStart(w)).join('')}`,
  ...rows.map(
    ([label, f]) =>
      `${label.padEnd(width)}${order
        .flatMap((s) => [cell(s, 'ours', f), cell(s, 'baseline', f)])
        .map((v) => v.padStart(w))
        .join('')}`,
  ),
  '',
  `frozen set: ${urgentInTriage} unsure reports carry a severity-3 cue (alerted at once and flagged for triage)`,
  '',
  'confusion matrix, frozen set, ours:',
  ...matrix(scores.frozen!.ours),
  '',
  'confusion matrix, frozen set, naive Bayes:',
  ...matrix(scores.frozen!.baseline),
  '',
  'reliability of the calibrated confidence (bin: n, mean confidence → share right)',
  `${'bin'.padEnd(16)}${'grouped CV'.padStart(26)}${'frozen'.padStart(26)}`,
  ...reliabilityTables.groupedCV.map((b, i) => {
    const f = reliabilityTables.frozen[i]!;
    const fmt = (x: typeof b) => `${x.n} ${x.meanConfidence.toFixed(2)} → ${x.accuracy.toFixed(2)}`;
    return `${`[${b.from.toFixed(2)}, ${b.to.toFixed(2)})`.padEnd(16)}${fmt(b).padStart(26)}${fmt(f).padStart(26)}`;
  }),
  '',
  `${'throughput, msgs per wall second'.padEnd(width)}${`${speed.ours.wall}`.padStart(w)}${`${speed.baseline.wall}`.padStart(w)}   (one thread; ours includes place resolution)`,
  `${'throughput, msgs per CPU second'.padEnd(width)}${`${speed.ours.cpu}`.padStart(w)}${`${speed.baseline.cpu}`.padStart(w)}`,
  `${'training time, ms'.padEnd(width)}${trainMs.toFixed(0).padStart(w)}${nbTrainMs.toFixed(0).padStart(w)}`,
  `${'module load (data + default model), ms'.padEnd(width)}${loadMs.toFixed(0).padStart(w)}`,
];
process.stdout.write(`${lines.join('\n')}\n`);

const strip = (s: Score): Omit<Score, 'errors'> & { errors: number } => ({ ...s, errors: s.errors.length });
const out = {
  datasets: {
    frozen: frozen.length,
    train: train.length,
    groupedCV: pool.length,
    dev: sets.dev?.length,
    test: sets.test?.length,
  },
  baseline: 'wink-naive-bayes-text-classifier 2.x, multinomial, Laplace smoothing, lower-case split tokenizer',
  intervals:
    'Wilson 95 % (messages independent); percentile bootstrap 95 %, 2,000 draws, resampling situations (frozen) or CV groups',
  triage: { threshold: TRIAGE_THRESHOLD, calibration: CALIBRATION.fittedOn, frozenUrgentInTriage: urgentInTriage },
  results: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, { ours: strip(v.ours), baseline: strip(v.baseline) }])),
  reliability: reliabilityTables,
  throughput: speed,
  trainingMs: { ours: Math.round(trainMs), baseline: Math.round(nbTrainMs) },
  moduleLoadMs: Math.round(loadMs),
};
writeFileSync(join(import.meta.dirname, 'results', 'classifier.json'), `${JSON.stringify(out, null, 2)}\n`);
