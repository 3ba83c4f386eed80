// The trends page's charts: the weeks of the period, weekly report totals, the main categories as lines,
// and each committee's median time to a first answer by week (charts.ts draws them).
import { barChart, chartLegend, lineChart, type Series } from './charts.ts';
import { html, type SafeHtml } from './html.ts';
import { fmtDuration, type Ctx } from './view.ts';

const DAY_MS = 86_400_000;

/** Mondays (UTC, as PostgreSQL's date_trunc('week') gives them) from the week of `since` to the week of `now`. */
export function weekLabels(since: Date, now: Date): string[] {
  const monday = (d: Date) => {
    const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
  };
  const out: string[] = [];
  for (let w = monday(since); w.getTime() <= now.getTime(); w = new Date(w.getTime() + 7 * DAY_MS))
    out.push(w.toISOString().slice(0, 10));
  return out;
}

type WeekRow = { week: string; key: string; n: number };

export function weeklyTotals(rows: readonly WeekRow[], weeks: readonly string[]): number[] {
  return weeks.map((w) => rows.filter((r) => r.week === w).reduce((s, r) => s + r.n, 0));
}

/** The `max` keys with the most over the period, one series each (0 for a week without). */
export function topSeries(rows: readonly WeekRow[], weeks: readonly string[], label: (key: string) => string, max = 5): Series[] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + r.n);
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([key]) => ({ name: label(key), values: weeks.map((w) => rows.find((r) => r.week === w && r.key === key)?.n ?? 0) }));
}

export type AckRow = { committee: string; week: string; alerts: number; acked: number; medianS: number | null };

/** Committees with the most alerts first, their weekly median time to a first answer in hours (null: none answered). */
export function ackSeries(rows: readonly AckRow[], weeks: readonly string[], max = 6): Series[] {
  const alerts = new Map<string, number>();
  for (const r of rows) alerts.set(r.committee, (alerts.get(r.committee) ?? 0) + r.alerts);
  return [...alerts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([name]) => ({
      name,
      values: weeks.map((w) => {
        const m = rows.find((r) => r.week === w && r.committee === name)?.medianS;
        return m === null || m === undefined ? null : Math.round(m / 360) / 10;
      }),
    }));
}

/** Weekly totals and the main categories, as charts above the tables. */
export function reportCharts(ctx: Ctx, weeks: readonly string[], byCategory: readonly WeekRow[], label: (k: string) => string) {
  const { t } = ctx;
  const series = topSeries(byCategory, weeks, label);
  return html`<div class="chart-box">${barChart({ id: 'chart-weekly', title: t('charts.weekly'), labels: weeks, values: weeklyTotals(byCategory, weeks), empty: t('trends.noData') })}</div>
<div class="chart-box">${lineChart({ id: 'chart-categories', title: t('charts.categories'), labels: weeks, series, empty: t('trends.noData') })}${series.length ? chartLegend(series) : ''}</div>`;
}

/** Each committee's median time to a first answer by week: a chart, and the table of the same figures. */
export function ackSection(ctx: Ctx, weeks: readonly string[], rows: readonly AckRow[]): SafeHtml {
  const { t } = ctx;
  const series = ackSeries(rows, weeks);
  const hours = (v: number) => t('charts.hours', { n: v });
  const committees = [...new Set(rows.map((r) => r.committee))].sort();
  const shown = [...weeks].reverse().filter((w) => rows.some((r) => r.week === w));
  return html`<h2 id="h-ack-by-committee">${t('charts.ackTitle')}</h2><p class="muted">${t('charts.ackIntro')}</p>
<div class="chart-box">${lineChart({ id: 'chart-ack', title: t('charts.ackTitle'), labels: weeks, series, format: hours, empty: t('charts.ackNone') })}${series.length ? chartLegend(series) : ''}</div>
${
  committees.length === 0
    ? ''
    : html`<div class="table-wrap"><table id="ack-by-committee" aria-labelledby="h-ack-by-committee"><thead><tr><th scope="col">${t('trends.committee')}</th>${shown.map((w) => html`<th scope="col" class="nowrap">${w}</th>`)}</tr></thead>
<tbody>${committees.map(
        (c) =>
          html`<tr><th scope="row">${c}</th>${shown.map((w) => {
            const r = rows.find((x) => x.week === w && x.committee === c);
            return html`<td>${r ? html`${fmtDuration(r.medianS, t)} <small class="muted">(${r.acked}/${r.alerts})</small>` : ''}</td>`;
          })}</tr>`,
      )}</tbody></table></div>`
}`;
}
