// The CSV reader must survive the quoted, comma-laden source column of lexicon.csv.
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRows } from './csv.ts';

describe('parseCsvRows', () => {
  it.each([
    [
      'plain',
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'no trailing newline',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'CRLF',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'quoted comma',
      'a,b\n"x, y",2\n',
      [
        ['a', 'b'],
        ['x, y', '2'],
      ],
    ],
    ['escaped quote', 'a\n"say ""hi"""\n', [['a'], ['say "hi"']]],
    [
      'newline inside quotes',
      'a,b\n"l1\nl2",z\n',
      [
        ['a', 'b'],
        ['l1\nl2', 'z'],
      ],
    ],
    [
      'empty fields',
      'a,b,c\n,,\n',
      [
        ['a', 'b', 'c'],
        ['', '', ''],
      ],
    ],
    ['BOM', '\uFEFFa\n1\n', [['a'], ['1']]],
  ])('%s', (_name, text, rows) => {
    expect(parseCsvRows(text)).toEqual(rows);
  });
});

describe('parseCsv', () => {
  it('keys each row by the header, like a lexicon.csv line', () => {
    const text =
      'concept,language,form,variants,source,confidence\n' +
      'fight,bm,kɛlɛ kɛ,kele ke|u ye kele ke,"researcher knowledge — kɛlɛ + kɛ ""faire""",inferred\n';
    expect(parseCsv(text)).toEqual([
      {
        concept: 'fight',
        language: 'bm',
        form: 'kɛlɛ kɛ',
        variants: 'kele ke|u ye kele ke',
        source: 'researcher knowledge — kɛlɛ + kɛ "faire"',
        confidence: 'inferred',
      },
    ]);
  });
});
