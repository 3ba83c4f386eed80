// CSV for spreadsheets, the one cell function of every export: RFC 4180 quoting, a BOM so Excel reads
// UTF-8, and no formula injection. Every text cell is quoted, and wherever a spreadsheet could start a
// cell (the text's start, or after a `;`, `,` or tab that a spreadsheet may split on, or a line break)
// a leading = + - @ tab or carriage return gets an apostrophe before it, so it stays text.

/** Where a cell may begin (start, separator, line break), optional spaces, then a formula's first character. */
const FORMULA_START = /(^|[;,\t\n\r])( *)(?=[=+\-@\t\r])/g;

/** Text, neutralised; numbers and dates (which we write ourselves) as they are. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let s = String(value);
  // Again until stable: a carriage return is both a place a cell may begin and a formula's first character.
  for (let before = ''; before !== s;) {
    before = s;
    s = s.replace(FORMULA_START, "$1$2'");
  }
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

export const CSV_BOM = '\uFEFF';
