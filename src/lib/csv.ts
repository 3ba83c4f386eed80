// CSV as spreadsheets write and read it. Reading: RFC 4180 cells (quotes, "" escapes, line breaks inside
// quotes), comma or semicolon as the header line shows, with or without a BOM. Writing: the one cell
// function of every export: RFC 4180 quoting, a BOM so Excel reads UTF-8, and no formula injection.
// Every text cell is quoted, and wherever a spreadsheet could start a cell (the text's start, or after
// a `;`, `,` or tab that a spreadsheet may split on, or a line break) a leading = + - @ tab or carriage
// return gets an apostrophe before it, so it stays text. Pure.

export interface CsvRow {
  line: number;
  cells: string[];
}

/** RFC 4180 cells with the line each row starts on; blank lines are skipped. */
export function csvRows(text: string, delimiter: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) rows.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') continue;
      end();
      start = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) end();
  return rows;
}

/** Semicolon when the header line has more semicolons than commas (French-locale spreadsheets), else comma. */
export function csvDelimiter(text: string): ';' | ',' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/** A cell as an export wrote it: the apostrophe csvCell put before a formula's first character taken off. */
export function unneutralised(cell: string): string {
  return cell.replace(/^( *)'(?=[=+\-@\t\r])/, '$1');
}

/** How numbers, dates and separators are written: RFC_4180 for tools, a French-locale dialect for spreadsheets. */
export interface CsvDialect {
  separator: ',' | ';';
  date(d: Date): string;
  number(n: number): string;
}

export const RFC_4180: CsvDialect = { separator: ',', date: (d) => d.toISOString(), number: String };

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
