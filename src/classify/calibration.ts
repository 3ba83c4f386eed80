// Honest confidence: grouped cross-validation folds, an isotonic map from the model's raw score to the share of
// right answers at that score (fitted on out-of-fold predictions), and the triage threshold chosen on them.
import { readFileSync } from 'node:fs';
import { cercleOf } from '../geo/admin.ts';
import type { LabelledExample } from './model.ts';
import { tokens } from './normalise.ts';

/** Raw score → calibrated probability: increasing breakpoints, linear in between, flat outside. */
export interface Calibration {
  x: number[];
  y: number[];
  /** Below this calibrated confidence a report waits for a person (unless it carries a severity-3 cue). */
  threshold: number;
  /** How the table was made (for the bench and the docs). */
  fittedOn: string;
}

/**
 * Variants of one message must never sit on both sides of a fold. The dataset has no ids, so a group is
 * one situation as the files write them: the category and the event's cercle (every rewording and
 * translation of "cattle stolen near Niono" shares them); a message with no place is grouped by its
 * category and its three longest folded words (its rewordings share most of them).
 */
export function groupKey(e: LabelledExample): string {
  if (e.pcode) return `${e.category}@${cercleOf(e.pcode)?.pcode ?? e.pcode}`;
  const words = [...new Set(tokens(e.text).filter((w) => w.length >= 4 && !/\d/.test(w)))];
  words.sort((a, b) => b.length - a.length || a.localeCompare(b));
  return `${e.category}:${words.slice(0, 3).sort().join(' ')}`;
}

/** Deterministic k folds over groups: the largest groups first, each to the fold with the fewest messages so far. */
export function groupedFolds<T>(items: readonly T[], key: (t: T) => string, k: number): T[][] {
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const g = key(it);
    const list = groups.get(g) ?? [];
    list.push(it);
    groups.set(g, list);
  }
  const ordered = [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const folds: T[][] = Array.from({ length: k }, () => []);
  for (const [, list] of ordered) {
    const smallest = folds.reduce((best, f, i) => (f.length < (folds[best]?.length ?? 0) ? i : best), 0);
    folds[smallest]?.push(...list);
  }
  return folds;
}

/** Pool-adjacent-violators: the non-decreasing step function closest to (score, right?) pairs. */
export function isotonic(points: ReadonlyArray<{ x: number; y: number }>): { x: number[]; y: number[] } {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const blocks: { sum: number; n: number; lo: number; hi: number }[] = [];
  for (const p of sorted) {
    blocks.push({ sum: p.y, n: 1, lo: p.x, hi: p.x });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.n <= b.sum / b.n) break;
      blocks.splice(blocks.length - 2, 2, { sum: a.sum + b.sum, n: a.n + b.n, lo: a.lo, hi: b.hi });
    }
  }
  // One point at the middle of each block: linear interpolation between blocks instead of steps.
  return { x: blocks.map((b) => (b.lo + b.hi) / 2), y: blocks.map((b) => b.sum / b.n) };
}

export function calibrate(table: Pick<Calibration, 'x' | 'y'>, raw: number): number {
  const { x, y } = table;
  if (x.length === 0) return raw;
  if (raw <= x[0]!) return y[0]!;
  for (let i = 1; i < x.length; i++) {
    if (raw <= x[i]!) {
      const t = (raw - x[i - 1]!) / (x[i]! - x[i - 1]! || 1);
      return y[i - 1]! + t * (y[i]! - y[i - 1]!);
    }
  }
  return y[y.length - 1]!;
}

/** Reliability table: predictions in confidence bins, with how often each bin was right. */
export function reliability(
  pairs: ReadonlyArray<{ confidence: number; right: boolean }>,
  edges = [0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001],
): { from: number; to: number; n: number; meanConfidence: number; accuracy: number }[] {
  return edges.slice(0, -1).map((from, i) => {
    const to = edges[i + 1]!;
    const inBin = pairs.filter((p) => p.confidence >= from && p.confidence < to);
    const mean = (f: (p: (typeof inBin)[number]) => number) =>
      inBin.length ? Math.round((inBin.reduce((a, p) => a + f(p), 0) / inBin.length) * 1000) / 1000 : 0;
    return {
      from,
      to: Math.min(to, 1),
      n: inBin.length,
      meanConfidence: mean((p) => p.confidence),
      accuracy: mean((p) => +p.right),
    };
  });
}

/**
 * The lowest threshold whose untriaged predictions are ≥ `target` right, or the one that triages `maxShare` of
 * messages when none is: out-of-fold predictions only.
 */
export function chooseThreshold(
  pairs: ReadonlyArray<{ confidence: number; right: boolean }>,
  target = 0.95,
  maxShare = 0.2,
): number {
  const sorted = [...pairs].sort((a, b) => a.confidence - b.confidence);
  const cap = Math.floor(sorted.length * maxShare);
  let right = sorted.reduce((a, p) => a + +p.right, 0);
  for (let i = 0; i <= cap; i++) {
    const rest = sorted.length - i;
    const next = sorted[i]?.confidence ?? 1;
    if (rest > 0 && right / rest >= target && (i === 0 || next > (sorted[i - 1]?.confidence ?? 0))) return next;
    right -= +(sorted[i]?.right ?? false);
  }
  return sorted[cap]?.confidence ?? 0.5;
}

const FILE = new URL('./calibration.json', import.meta.url);

/** The shipped calibration (written by `npm run -s calibrate`); the identity when missing. */
export function loadCalibration(): Calibration {
  try {
    return JSON.parse(readFileSync(FILE, 'utf8')) as Calibration;
  } catch {
    return { x: [], y: [], threshold: 0.65, fittedOn: 'none' };
  }
}
export const CALIBRATION_FILE = FILE;
