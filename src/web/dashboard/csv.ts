// CSV for spreadsheets, the one cell function of every export: RFC 4180 quoting, a BOM so Excel reads
// UTF-8, and no formula injection, in two dialects: commas and ISO times for tools (the default), and
// for a French-locale spreadsheet semicolons, decimal commas and local times (JJ/MM/AAAA HH:MM). Every text cell is quoted, and wherever a spreadsheet could start a
// cell (the text's start, or after a `;`, `,` or tab that a spreadsheet may split on, or a line break)
// a leading = + - @ tab or carriage return gets an apostrophe before it, so it stays text.

import { fmtDate } from './view.ts';

export interface CsvDialect {
  separator: ',' | ';';
  date(d: Date): string;
  number(n: number): string;
}

export const RFC_4180: CsvDialect = { separator: ',', date: (d) => d.toISOString(), number: String };
export const EXCEL_FR: CsvDialect = { separator: ';', date: (d) => fmtDate(d, 'fr'), number: (n) => String(n).replace('.', ',') };

/** Where a cell may begin (start, separator, line break), optional spaces, then a formula's first character. */
const FORMULA_START = /(^|[;,\t\n\r])( *)(?=[=+\-@\t\r])/g;

/** Text, neutralised; numbers and dates (which we write ourselves) as they are. */
export function csvCell(value: unknown, dialect: CsvDialect = RFC_4180): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dialect.date(value);
  if (typeof value === 'number') return dialect.number(value);
  if (typeof value === 'bigint') return String(value);
  let s = String(value);
  // Again until stable: a carriage return is both a place a cell may begin and a formula's first character.
  for (let before = ''; before !== s;) {
    before = s;
    s = s.replace(FORMULA_START, "$1$2'");
  }
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvLine(values: unknown[], dialect: CsvDialect = RFC_4180): string {
  return `${values.map((v) => csvCell(v, dialect)).join(dialect.separator)}\r\n`;
}

export const CSV_BOM = '\uFEFF';
