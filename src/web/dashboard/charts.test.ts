import { describe, expect, it } from 'vitest';
import { barChart, chartLegend, lineChart, niceMax } from './charts.ts';

const weeks = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];

describe('niceMax', () => {
  it.each([
    [0, 1],
    [-3, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [12, 20],
    [50, 50],
    [51, 100],
    [0.3, 0.5],
  ])('%d → %d', (max, top) => expect(niceMax(max)).toBeCloseTo(top, 9));
});

describe('barChart', () => {
  const svg = barChart({ id: 'weekly', title: 'Reports per week', labels: weeks, values: [2, 0, 5, 10], empty: 'none' }).value;

  it('is one titled, scalable SVG image', () => {
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 640 220" class="chart" id="weekly" role="img"/,
    );
    expect(svg).toContain('<title id="weekly-title">Reports per week</title>');
    expect(svg).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it.each([
    // label, value, height in a plot of 178 px scaled to 10
    ['2026-11-02', 2, 35.6],
    ['2026-11-09', 0, 0],
    ['2026-11-16', 5, 89],
    ['2026-11-23', 10, 178],
  ])('the bar of %s (%d) is %d px high, titled with its figure', (label, value, height) => {
    const bar = new RegExp(`<rect [^>]*height="${height}"[^>]*><title>${label}: ${value}</title></rect>`);
    expect(svg).toMatch(bar);
  });

  it('labels the y axis 0, half and top, and the first, middle and last weeks', () => {
    expect([...svg.matchAll(/text-anchor="end"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(['0', '5', '10']);
    expect([...svg.matchAll(/text-anchor="middle"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual([
      '2026-11-02',
      '2026-11-09',
      '2026-11-23',
    ]);
  });

  it('says there is nothing rather than drawing an empty frame', () => {
    expect(barChart({ id: 'w', title: 't', labels: weeks, values: [0, 0, 0, 0], empty: 'No reports' }).value).toBe(
      '<p class="empty" id="w">No reports</p>',
    );
  });

  it('escapes the text it is given', () => {
    const out = barChart({ id: 'x', title: '<b>&', labels: ['<i>'], values: [1], empty: '' }).value;
    expect(out).toContain('<title id="x-title">&lt;b&gt;&amp;</title>');
    expect(out).not.toContain('<i>');
  });
});

describe('lineChart', () => {
  const svg = lineChart({
    id: 'ack',
    title: 'Median hours to first answer',
    labels: weeks,
    series: [
      { name: 'CCS de Koro', values: [2, 4, null, 1] },
      { name: 'COFO de Koro', values: [null, 8, 6, 3] },
    ],
    format: (v) => `${v} h`,
    empty: 'none',
  }).value;

  it('breaks a line where a week has no figure', () => {
    const koro = /<g data-series="CCS de Koro">(.*?)<\/g>/.exec(svg)![1]!;
    expect(koro.match(/<polyline/g)).toHaveLength(1); // weeks 1–2; week 4 stands alone as a point
    expect(koro.match(/<circle/g)).toHaveLength(3);
    const cofo = /<g data-series="COFO de Koro">(.*?)<\/g>/.exec(svg)![1]!;
    expect(cofo.match(/<polyline/g)).toHaveLength(1);
    expect(cofo.match(/<circle/g)).toHaveLength(3);
  });

  it('titles each point with its series, week and figure, in the given format', () => {
    expect(svg).toContain('<title>CCS de Koro, 2026-11-09: 4 h</title>');
    expect(svg).toContain('<title>COFO de Koro, 2026-11-23: 3 h</title>');
    expect([...svg.matchAll(/text-anchor="end"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(['0 h', '5 h', '10 h']);
  });

  it('colours each series, and the legend the same way', () => {
    const legend = chartLegend([
      { name: 'CCS de Koro', values: [] },
      { name: 'COFO de Koro', values: [] },
    ]).value;
    expect(svg).toContain('stroke="#0b4f8a"');
    expect(svg).toContain('stroke="#d7263d"');
    expect(legend).toMatch(/fill="#0b4f8a"\/><\/svg> CCS de Koro<\/li>.*fill="#d7263d"\/><\/svg> COFO de Koro<\/li>/);
  });

  it('says there is nothing when no series has a figure', () => {
    expect(
      lineChart({
        id: 'l',
        title: 't',
        labels: weeks,
        series: [{ name: 'a', values: [null, null, null, null] }],
        empty: 'No answers',
      }).value,
    ).toBe('<p class="empty" id="l">No answers</p>');
  });
});
