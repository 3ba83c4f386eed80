// Multinomial logistic regression over sparse named features: small, deterministic, trained in milliseconds at load.

/** Named feature → value (1 for presence). */
export type Features = Map<string, number>;

export interface LinearModel {
  labels: readonly string[];
  /** Feature name → row; weights are row-major [feature][label]. */
  index: ReadonlyMap<string, number>;
  weights: Float64Array;
  bias: Float64Array;
}

export interface TrainOptions {
  epochs: number;
  /** AdaGrad base step. */
  rate: number;
  /** L2 penalty per update. */
  l2: number;
  seed: number;
}

interface Row {
  idx: Int32Array;
  val: Float64Array;
  label: number;
  weight: number;
}

/**
 * Unit L2 norm over all the message's features, known or not: long and short SMS weigh the same,
 * and a message made mostly of words never seen in training gets a weaker, less confident score.
 */
function rowOf(f: Features, index: ReadonlyMap<string, number>): { idx: number[]; val: number[] } {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (const [name, v] of f) {
    norm += v * v;
    const i = index.get(name);
    if (i === undefined || v === 0) continue;
    idx.push(i);
    val.push(v);
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < val.length; k++) val[k] = (val[k] ?? 0) * scale;
  return { idx, val };
}

function softmax(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) if (scores[k]! > max) max = scores[k]!;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) sum += scores[k] = Math.exp(scores[k]! - max);
  for (let k = 0; k < scores.length; k++) scores[k]! /= sum;
  return scores;
}

function scoresOf(model: LinearModel, idx: ArrayLike<number>, val: ArrayLike<number>): Float64Array {
  const L = model.labels.length;
  const w = model.weights;
  const out = new Float64Array(model.bias);
  for (let j = 0; j < idx.length; j++) {
    const base = idx[j]! * L;
    const v = val[j]!;
    for (let k = 0; k < L; k++) out[k]! += w[base + k]! * v;
  }
  return out;
}

/** Probability per label, in model.labels order. Unknown features are ignored. */
export function predict(model: LinearModel, f: Features): Float64Array {
  const { idx, val } = rowOf(f, model.index);
  return softmax(scoresOf(model, idx, val));
}

/** A small deterministic PRNG (mulberry32), so the same examples always give the same model. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Trains on (features, label, weight) samples with AdaGrad SGD and L2; labels absent from the samples get no mass. */
export function trainLinear(
  samples: ReadonlyArray<{ features: Features; label: string; weight?: number }>,
  labels: readonly string[],
  o: TrainOptions,
): LinearModel {
  const index = new Map<string, number>();
  for (const s of samples) for (const name of s.features.keys()) if (!index.has(name)) index.set(name, index.size);
  const L = labels.length;
  const model: LinearModel = { labels, index, weights: new Float64Array(index.size * L), bias: new Float64Array(L) };
  const rows: Row[] = samples.map((s) => {
    const { idx, val } = rowOf(s.features, index);
    return { idx: Int32Array.from(idx), val: Float64Array.from(val), label: labels.indexOf(s.label), weight: s.weight ?? 1 };
  });
  const g2 = new Float64Array(model.weights.length).fill(1e-8);
  const b2 = new Float64Array(L).fill(1e-8);
  const rand = random(o.seed);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    for (const r of order) {
      const row = rows[r]!;
      if (row.label < 0) continue;
      const p = softmax(scoresOf(model, row.idx, row.val));
      const { idx, val } = row;
      const w = model.weights;
      for (let k = 0; k < L; k++) {
        const g = (p[k]! - (k === row.label ? 1 : 0)) * row.weight;
        b2[k]! += g * g;
        model.bias[k]! -= (o.rate * g) / Math.sqrt(b2[k]!);
        for (let j = 0; j < idx.length; j++) {
          const at = idx[j]! * L + k;
          const gw = g * val[j]! + o.l2 * w[at]!;
          g2[at]! += gw * gw;
          w[at]! -= (o.rate * gw) / Math.sqrt(g2[at]!);
        }
      }
    }
  }
  return model;
}

/**
 * Multinomial naive Bayes as a linear model (weights = log P(feature | label), bias = log prior):
 * trained by counting, for the language model where letter groups are plentiful and speed at load matters.
 */
export function trainNaiveBayes(
  samples: ReadonlyArray<{ features: Features; label: string; weight?: number }>,
  labels: readonly string[],
  alpha = 0.1,
): LinearModel {
  const index = new Map<string, number>();
  for (const s of samples) for (const name of s.features.keys()) if (!index.has(name)) index.set(name, index.size);
  const L = labels.length;
  const counts = new Float64Array(index.size * L);
  const totals = new Float64Array(L);
  const priors = new Float64Array(L).fill(1);
  for (const s of samples) {
    const k = labels.indexOf(s.label);
    if (k < 0) continue;
    const w = s.weight ?? 1;
    priors[k]! += w;
    for (const [name, v] of s.features) {
      counts[index.get(name)! * L + k]! += v * w;
      totals[k]! += v * w;
    }
  }
  const priorSum = priors.reduce((a, b) => a + b, 0);
  const weights = new Float64Array(index.size * L);
  for (let f = 0; f < index.size; f++) {
    for (let k = 0; k < L; k++) weights[f * L + k] = Math.log((counts[f * L + k]! + alpha) / (totals[k]! + alpha * index.size));
  }
  const bias = Float64Array.from(priors, (p) => Math.log(p / priorSum));
  return { labels, index, weights, bias };
}
