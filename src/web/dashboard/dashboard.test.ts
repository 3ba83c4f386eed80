// Pure pieces of the dashboard: escaping, CSV cells, place input, and the web texts in both languages.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, EXCEL_FR } from './csv.ts';
import { html, raw } from './html.ts';
import { placeFromInput } from './triage.ts';

const flat = (o: Record<string, unknown>, p = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${p}${k}.`) : [`${p}${k}`],
  );
const web = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../../locales/${lang}/web.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('html templates', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['" onmouseover="x', '&quot; onmouseover=&quot;x'],
    ["l'Ouest & co", 'l&#39;Ouest &amp; co'],
  ])('escapes %s', (input, out) => {
    expect(html`<p title="${input}">${input}</p>`.value).toBe(`<p title="${out}">${out}</p>`);
  });
  it('keeps nested templates and raw markup, drops null and false, joins arrays', () => {
    expect(html`<ul>${['a', '<b>'].map((x) => html`<li>${x}</li>`)}</ul>${null}${false}${raw('<br>')}`.value).toBe(
      '<ul><li>a</li><li>&lt;b&gt;</li></ul><br>',
    );
  });
});

describe('CSV cells', () => {
  // Real report texts and hostile ones: every text quoted, and no cell a spreadsheet could start (at the
  // start, after ; , or tab, or after a line break) begins with = + - @ tab or carriage return.
  it.each([
    ['vol de betail a Niono', '"vol de betail a Niono"'],
    ["vol a Djenne;=cmd|' /C calc'!A0", `"vol a Djenne;'=cmd|' /C calc'!A0"`],
    ['conflit a Koro, =HYPERLINK("http://x")', `"conflit a Koro, '=HYPERLINK(""http://x"")"`],
    ['=SUM(A1)', `"'=SUM(A1)"`],
    ['+223 76 12 34 21', `"'+223 76 12 34 21"`],
    ['-5 morts a Bankass', `"'-5 morts a Bankass"`],
    ['@cmd', `"'@cmd"`],
    ['\t=1+1', `"'\t'=1+1"`],
    ['\r=1+1', `"'\r'=1+1"`],
    ['rumeur a Mopti;  +1', `"rumeur a Mopti;  '+1"`],
    ['a;;@x', `"a;;'@x"`],
    ['ligne 1\n=2+2', `"ligne 1\n'=2+2"`],
    ['Ségou\t-1', `"Ségou\t'-1"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['12 vaches - 3 chevres', '"12 vaches - 3 chevres"'],
    ['', '""'],
    [null, ''],
    [3, '3'],
    [new Date('2026-12-05T00:00:00Z'), '2026-12-05T00:00:00.000Z'],
  ])('%j → %s', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });
  it('writes for a French-locale spreadsheet: semicolons, decimal commas, Bamako time, formulas still defused', () => {
    const row = ['vol;=1+1', 0.85, new Date('2026-12-05T09:07:30Z'), 3, null];
    expect(csvLine(row, EXCEL_FR)).toBe(`"vol;'=1+1";0,85;05/12/2026 09:07;3;\r\n`);
    expect(csvLine(row)).toBe(`"vol;'=1+1",0.85,2026-12-05T09:07:30.000Z,3,\r\n`);
  });
  it('leaves no formula start in any piece a spreadsheet could split a cell into', () => {
    for (const text of ["vol a Djenne;=cmd|' /C calc'!A0", 'a,\r@b;\t+c\n-d', '\r\r=x', ' ;=1']) {
      const inner = csvCell(text).slice(1, -1);
      for (const part of inner.split(/[;,\t\n\r]/)) expect(part.trimStart()).not.toMatch(/^[=+\-@]/);
    }
  });
});

describe('place field of triage', () => {
  it.each([
    ['ML050512', 'ML050512'],
    ['Koro (Koro) ML050512', 'ML050512'],
    ['koro', 'ML050512'],
    ['Djenné', 'ML050303'],
    ['Mopti', 'ML050609'],
    ['', null],
    ['ML999999', undefined],
    ['Atlantis', undefined],
  ])('%s → %s', (input, out) => {
    expect(placeFromInput(input)).toBe(out);
  });
});

describe('web texts', () => {
  it('has the same keys in French and English', () => {
    expect(flat(web('en')).sort()).toEqual(flat(web('fr')).sort());
  });
  it('has every key the pages use', () => {
    const keys = new Set(flat(web('fr')));
    const dir = new URL('.', import.meta.url);
    const used = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        [...readFileSync(new URL(f, dir), 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z0-9.]+)'/g)].map((m) => m[1]!),
      );
    expect(used.length).toBeGreaterThan(100);
    // A key used with a count may exist only as its plural forms (i18next: key_one, key_other).
    expect(used.filter((k) => !keys.has(k) && !keys.has(`${k}_other`))).toEqual([]);
  });
});
