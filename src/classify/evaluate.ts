// Scores a classifier on labelled SMS the way the targets are stated: accuracy, macro-F1, cercle, false alarms.
import { CATEGORIES, type Category } from '../domain/taxonomy.ts';
import { cercleOf } from '../geo/admin.ts';
import type { LabelledExample } from './model.ts';

/** What the benchmark needs from any classifier (the baseline answers the category only). */
export interface Prediction {
  category: string;
  severity?: number;
  languageTag?: string;
  cercle?: { pcode: string } | null;
  triage?: boolean;
}

export interface Score {
  n: number;
  accuracy: number;
  macroF1: number;
  perCategory: Record<string, { n: number; recall: number; precision: number; f1: number }>;
  /** Accuracy per language with a 95 % interval: Wilson (messages as independent), and when groups are given a
   * percentile bootstrap that resamples whole groups (variants of one situation are correlated). */
  perLanguage: Record<string, { n: number; accuracy: number; wilson: [number, number]; bootstrap?: [number, number] }>;
  /** The same intervals for the overall accuracy. */
  accuracyCi: { wilson: [number, number]; bootstrap?: [number, number] };
  /** confusion[gold][predicted] = count. */
  confusion: Record<string, Record<string, number>>;
  /** Among messages whose gold P-code is set: predicted cercle = the gold place's cercle. */
  cercle: { n: number; accuracy: number } | null;
  /** Gold NON_ALERTE predicted as any alert category. */
  falseAlarmRate: number;
  severityAccuracy: number | null;
  languageAccuracy: number | null;
  /** Share sent to triage, and accuracy of what was not. */
  triage: { rate: number; accuracyUntriaged: number } | null;
  errors: { text: string; gold: string; predicted: string }[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Wilson score interval for k right out of n, 95 %. */
export function wilson(k: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [r3(Math.max(0, c - h)), r3(Math.min(1, c + h))];
}

/**
 * 95 % percentile bootstrap of an accuracy, resampling groups (situations) with replacement, 2,000 draws,
 * fixed seed. `hits[i]` is whether message i was right, `groups[i]` its group.
 */
export function groupedBootstrap(hits: readonly boolean[], groups: readonly string[], draws = 2000): [number, number] {
  const byGroup = new Map<string, { n: number; ok: number }>();
  hits.forEach((h, i) => {
    const g = byGroup.get(groups[i] ?? '') ?? { n: 0, ok: 0 };
    byGroup.set(groups[i] ?? '', { n: g.n + 1, ok: g.ok + +h });
  });
  const list = [...byGroup.values()];
  if (list.length === 0) return [0, 1];
  let seed = 19;
  const rand = (): number => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const stats: number[] = [];
  for (let d = 0; d < draws; d++) {
    let n = 0,
      ok = 0;
    for (let j = 0; j < list.length; j++) {
      const g = list[Math.floor(rand() * list.length)]!;
      n += g.n;
      ok += g.ok;
    }
    stats.push(n ? ok / n : 0);
  }
  stats.sort((a, b) => a - b);
  return [r3(stats[Math.floor(draws * 0.025)]!), r3(stats[Math.floor(draws * 0.975)]!)];
}

export function evaluate(
  examples: readonly (LabelledExample & { cercle?: string | null })[],
  predict: (text: string) => Prediction,
  groups?: readonly string[],
): Score {
  const preds = examples.map((e) => predict(e.text));
  const confusion: Score['confusion'] = {};
  const hits: boolean[] = [];
  const tp = new Map<string, number>();
  const goldN = new Map<string, number>();
  const predN = new Map<string, number>();
  const lang = new Map<string, { n: number; ok: number }>();
  let ok = 0,
    cercleN = 0,
    cercleOk = 0,
    nonAlert = 0,
    falseAlarm = 0,
    sevN = 0,
    sevOk = 0,
    langN = 0,
    langOk = 0;
  let triaged = 0,
    untriaged = 0,
    untriagedOk = 0,
    hasTriage = false;
  const errors: Score['errors'] = [];
  examples.forEach((e, i) => {
    const p = preds[i] as Prediction;
    const hit = p.category === e.category;
    hits.push(hit);
    const row = (confusion[e.category] ??= {});
    row[p.category] = (row[p.category] ?? 0) + 1;
    ok += hit ? 1 : 0;
    goldN.set(e.category, (goldN.get(e.category) ?? 0) + 1);
    predN.set(p.category, (predN.get(p.category) ?? 0) + 1);
    if (hit) tp.set(e.category, (tp.get(e.category) ?? 0) + 1);
    else errors.push({ text: e.text, gold: e.category, predicted: p.category });
    const l = lang.get(e.language ?? '?') ?? { n: 0, ok: 0 };
    lang.set(e.language ?? '?', { n: l.n + 1, ok: l.ok + (hit ? 1 : 0) });
    const goldCercle = e.cercle ?? (e.pcode ? (cercleOf(e.pcode)?.pcode ?? null) : null);
    if (goldCercle && p.cercle !== undefined) {
      cercleN++;
      if (p.cercle?.pcode === goldCercle) cercleOk++;
    }
    if (e.category === 'NON_ALERTE') {
      nonAlert++;
      if ((CATEGORIES as readonly string[]).includes(p.category) && p.category !== 'NON_ALERTE') falseAlarm++;
    }
    if (p.severity !== undefined && e.severity !== undefined) {
      sevN++;
      sevOk += p.severity === e.severity ? 1 : 0;
    }
    if (p.languageTag !== undefined && e.language !== undefined) {
      langN++;
      langOk += p.languageTag === e.language ? 1 : 0;
    }
    if (p.triage !== undefined) {
      hasTriage = true;
      if (p.triage) triaged++;
      else {
        untriaged++;
        untriagedOk += hit ? 1 : 0;
      }
    }
  });
  const perCategory: Score['perCategory'] = {};
  const f1s: number[] = [];
  for (const c of CATEGORIES as readonly Category[]) {
    const n = goldN.get(c) ?? 0;
    if (n === 0) continue;
    const recall = ratio(tp.get(c) ?? 0, n);
    const precision = ratio(tp.get(c) ?? 0, predN.get(c) ?? 0);
    const f1 = ratio(2 * precision * recall, precision + recall);
    f1s.push(f1);
    perCategory[c] = { n, recall: r3(recall), precision: r3(precision), f1: r3(f1) };
  }
  const perLanguage: Score['perLanguage'] = {};
  for (const [l, v] of [...lang].sort()) {
    perLanguage[l] = { n: v.n, accuracy: r3(ratio(v.ok, v.n)), wilson: wilson(v.ok, v.n) };
    if (groups) {
      const idx = examples.flatMap((e, i) => ((e.language ?? '?') === l ? [i] : []));
      perLanguage[l].bootstrap = groupedBootstrap(
        idx.map((i) => hits[i]!),
        idx.map((i) => groups[i]!),
      );
    }
  }
  return {
    n: examples.length,
    accuracy: r3(ratio(ok, examples.length)),
    macroF1: r3(
      ratio(
        f1s.reduce((a, b) => a + b, 0),
        f1s.length,
      ),
    ),
    perCategory,
    perLanguage,
    accuracyCi: { wilson: wilson(ok, examples.length), ...(groups ? { bootstrap: groupedBootstrap(hits, groups) } : {}) },
    confusion,
    cercle: cercleN > 0 ? { n: cercleN, accuracy: r3(ratio(cercleOk, cercleN)) } : null,
    falseAlarmRate: r3(ratio(falseAlarm, nonAlert)),
    severityAccuracy: sevN > 0 ? r3(ratio(sevOk, sevN)) : null,
    languageAccuracy: langN > 0 ? r3(ratio(langOk, langN)) : null,
    triage: hasTriage
      ? { rate: r3(ratio(triaged, examples.length)), accuracyUntriaged: r3(ratio(untriagedOk, untriaged)) }
      : null,
    errors,
  };
}
