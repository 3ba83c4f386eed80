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
  perLanguage: Record<string, { n: number; accuracy: number }>;
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

export function evaluate(examples: readonly LabelledExample[], predict: (text: string) => Prediction): Score {
  const preds = examples.map((e) => predict(e.text));
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
    ok += hit ? 1 : 0;
    goldN.set(e.category, (goldN.get(e.category) ?? 0) + 1);
    predN.set(p.category, (predN.get(p.category) ?? 0) + 1);
    if (hit) tp.set(e.category, (tp.get(e.category) ?? 0) + 1);
    else errors.push({ text: e.text, gold: e.category, predicted: p.category });
    const l = lang.get(e.language ?? '?') ?? { n: 0, ok: 0 };
    lang.set(e.language ?? '?', { n: l.n + 1, ok: l.ok + (hit ? 1 : 0) });
    if (e.pcode && p.cercle !== undefined) {
      cercleN++;
      if (p.cercle?.pcode === cercleOf(e.pcode)?.pcode) cercleOk++;
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
  for (const [l, v] of [...lang].sort()) perLanguage[l] = { n: v.n, accuracy: r3(ratio(v.ok, v.n)) };
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
