// Minimal RFC 4180 CSV reader for the reference/ files (quoted fields, "" escapes, CRLF); no dependency.
import { readFileSync } from 'node:fs';

/** Parses CSV text into rows of fields. A trailing newline does not produce an empty row. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // skip a UTF-8 BOM
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Lines without quotes split on commas directly and the few quoted ones go through the full
 * parser; null when a quoted field spans lines (an odd number of quotes on a line).
 */
function fastRows(text: string): string[][] | null {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  for (const line of body.split(/\r?\n/)) {
    if (!line.includes('"')) {
      if (line !== '') rows.push(line.split(','));
      continue;
    }
    if ((line.match(/"/g)?.length ?? 0) % 2 === 1) return null;
    rows.push(...parseCsvRows(line));
  }
  return rows;
}

/** Parses CSV text with a header line into objects keyed by column name (missing cells are ''). */
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...body] = fastRows(text) ?? parseCsvRows(text);
  if (!header) return [];
  return body
    .filter((cells) => !(cells.length === 1 && cells[0] === ''))
    .map((cells) => Object.fromEntries(header.map((name, k) => [name, cells[k] ?? ''])));
}

/** Reads a CSV file synchronously (used once at module load for reference data). */
export function readCsv(url: URL): Record<string, string>[] {
  return parseCsv(readFileSync(url, 'utf8'));
}

/** Reads a CSV file as a header and rows of cells (no per-row objects: for the 18 769 settlements). */
export function readCsvTable(url: URL): { column: (name: string) => number; rows: string[][] } {
  const text = readFileSync(url, 'utf8');
  const [header = [], ...rows] = fastRows(text) ?? parseCsvRows(text);
  return {
    column: (name) => {
      const k = header.indexOf(name);
      if (k < 0) throw new Error(`${url.pathname}: no column ${name}`);
      return k;
    },
    rows: rows.filter((cells) => !(cells.length === 1 && cells[0] === '')),
  };
}
