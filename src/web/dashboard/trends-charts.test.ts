import { describe, expect, it } from 'vitest';
import { ackSeries, topSeries, weekLabels, weeklyTotals } from './trends-charts.ts';

describe('weekLabels', () => {
  it.each([
    // since, now, Mondays (as PostgreSQL's date_trunc('week') names weeks)
    ['2026-11-18T10:00:00Z', '2026-12-05T12:00:00Z', ['2026-11-16', '2026-11-23', '2026-11-30']],
    ['2026-11-16T00:00:00Z', '2026-11-16T01:00:00Z', ['2026-11-16']],
    ['2026-11-22T23:00:00Z', '2026-11-23T00:30:00Z', ['2026-11-16', '2026-11-23']],
  ])('%s → %s', (since, now, weeks) => {
    expect(weekLabels(new Date(since), new Date(now))).toEqual(weeks);
  });
});

const weeks = ['2026-11-16', '2026-11-23', '2026-11-30'];

describe('weekly series', () => {
  const rows = [
    { week: '2026-11-16', key: 'FONCIER', n: 3 },
    { week: '2026-11-16', key: 'VOL_BETAIL', n: 1 },
    { week: '2026-11-30', key: 'FONCIER', n: 2 },
    { week: '2026-11-30', key: 'ARMES', n: 4 },
  ];

  it('totals each week, 0 for a week without reports', () => {
    expect(weeklyTotals(rows, weeks)).toEqual([4, 0, 6]);
  });

  it('keeps the categories with the most reports, each week filled in', () => {
    expect(topSeries(rows, weeks, (k) => k.toLowerCase(), 2)).toEqual([
      { name: 'foncier', values: [3, 0, 2] },
      { name: 'armes', values: [0, 0, 4] },
    ]);
  });

  it('gives each committee its weekly median in hours, null where nothing was answered', () => {
    const ack = [
      { committee: 'CCS de Koro', week: '2026-11-16', alerts: 4, acked: 3, medianS: 5400 },
      { committee: 'CCS de Koro', week: '2026-11-30', alerts: 2, acked: 0, medianS: null },
      { committee: 'COFO de Koro', week: '2026-11-23', alerts: 1, acked: 1, medianS: 86_400 },
    ];
    expect(ackSeries(ack, weeks)).toEqual([
      { name: 'CCS de Koro', values: [1.5, null, null] },
      { name: 'COFO de Koro', values: [null, 24, null] },
    ]);
  });
});
