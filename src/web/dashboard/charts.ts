// Weekly series as server-rendered SVG (no script, no CDN): bars for one series, lines for several.
// Each chart scales to its box (viewBox, width 100 % in app.css), names itself for screen readers, and
// carries every figure in a <title> on its mark, so the chart says what the table beside it says. Pure.
import { html, raw, type SafeHtml } from './html.ts';

export const CHART = { width: 640, height: 220, left: 44, right: 12, top: 12, bottom: 30 } as const;
export const PALETTE = ['#0b4f8a', '#d7263d', '#e07b00', '#2a7d4f', '#6a4c93', '#8d6e63', '#4a4a4a'] as const;

export interface Series {
  name: string;
  /** One value per label; null: no figure that week (the line breaks). */
  values: readonly (number | null)[];
}

export interface ChartSpec {
  id: string;
  title: string;
  /** The x axis: one label per point (weeks, YYYY-MM-DD). */
  labels: readonly string[];
  /** How a value reads (ticks and titles); plain numbers by default. */
  format?: (v: number) => string;
  /** Shown instead of an empty chart. */
  empty: string;
}

/** The smallest 1, 2 or 5 × 10^k at or above `max` (1 for nothing): the top of the y axis. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * step >= max - 1e-9) return m * step;
  return 10 * step;
}

const n1 = (v: number) => (Math.round(v * 10) / 10).toString();
const plain = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

function frame(spec: ChartSpec, top: number, body: SafeHtml): SafeHtml {
  const { width, height, left, right, top: t, bottom } = CHART;
  const fmt = spec.format ?? plain;
  const y = (v: number) => t + (height - t - bottom) * (1 - v / top);
  const ticks = [0, top / 2, top];
  const n = spec.labels.length;
  const x = (i: number) => left + ((width - left - right) * (i + 0.5)) / Math.max(1, n);
  // First, middle and last week only: readable on a phone too.
  const shown = [...new Set([0, Math.floor((n - 1) / 2), n - 1])].filter((i) => i >= 0 && i < n);
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" class="chart" id="${spec.id}" role="img" aria-labelledby="${spec.id}-title"><title id="${spec.id}-title">${spec.title}</title>
${ticks.map((v) => html`<line x1="${left}" x2="${width - right}" y1="${n1(y(v))}" y2="${n1(y(v))}" stroke="#d6d6d0" stroke-width="1"/><text x="${left - 6}" y="${n1(y(v) + 4)}" font-size="12" text-anchor="end" fill="#3d3d3a">${fmt(v)}</text>`)}
${body}
${shown.map((i) => html`<text x="${n1(x(i))}" y="${height - 8}" font-size="12" text-anchor="middle" fill="#3d3d3a">${spec.labels[i]}</text>`)}
</svg>`;
}

function emptyChart(spec: ChartSpec): SafeHtml {
  return html`<p class="empty" id="${spec.id}">${spec.empty}</p>`;
}

/** One series as bars, one per label. */
export function barChart(spec: ChartSpec & { values: readonly number[]; color?: string }): SafeHtml {
  if (spec.labels.length === 0 || spec.values.every((v) => !v)) return emptyChart(spec);
  const { width, height, left, right, top: t, bottom } = CHART;
  const fmt = spec.format ?? plain;
  const top = niceMax(Math.max(...spec.values));
  const slot = (width - left - right) / spec.labels.length;
  const barW = Math.max(1, slot * 0.7);
  const plot = height - t - bottom;
  const bars = spec.values.map((v, i) => {
    const h = (plot * v) / top;
    const x = left + slot * i + (slot - barW) / 2;
    return html`<rect x="${n1(x)}" y="${n1(t + plot - h)}" width="${n1(barW)}" height="${n1(h)}" fill="${spec.color ?? PALETTE[0]}"><title>${spec.labels[i]}: ${fmt(v)}</title></rect>`;
  });
  return frame(spec, top, html`${bars}`);
}

/** Several series as lines (a gap where a value is null), each point titled with its figure. */
export function lineChart(spec: ChartSpec & { series: readonly Series[] }): SafeHtml {
  const all = spec.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  if (spec.labels.length === 0 || all.length === 0) return emptyChart(spec);
  const { width, height, left, right, top: t, bottom } = CHART;
  const fmt = spec.format ?? plain;
  const top = niceMax(Math.max(...all));
  const n = spec.labels.length;
  const x = (i: number) => left + ((width - left - right) * (i + 0.5)) / n;
  const y = (v: number) => t + (height - t - bottom) * (1 - v / top);
  const lines = spec.series.map((s, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    // Runs of consecutive figures: a week without one breaks the line rather than inventing a slope.
    const runs: string[][] = [];
    let run: string[] = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (run.length) runs.push(run);
        run = [];
      } else run.push(`${n1(x(i))},${n1(y(v))}`);
    });
    if (run.length) runs.push(run);
    return html`<g data-series="${s.name}">${runs.filter((r) => r.length > 1).map((r) => html`<polyline points="${raw(r.join(' '))}" fill="none" stroke="${color}" stroke-width="2"/>`)}${s.values.map((v, i) => (v === null ? '' : html`<circle cx="${n1(x(i))}" cy="${n1(y(v))}" r="3" fill="${color}"><title>${s.name}, ${spec.labels[i]}: ${fmt(v)}</title></circle>`))}</g>`;
  });
  return frame(spec, top, html`${lines}`);
}

/** The key of a line chart, as HTML under it (wraps on a phone). */
export function chartLegend(series: readonly Series[]): SafeHtml {
  return html`<ul class="legend">${series.map((s, k) => html`<li><svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" class="key"><rect width="14" height="14" fill="${PALETTE[k % PALETTE.length]}"/></svg> ${s.name}</li>`)}</ul>`;
}
