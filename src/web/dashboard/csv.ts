// CSV for spreadsheets: the one cell function of every export lives in src/lib/csv.ts (the committees
// command exports too), in two dialects: commas and ISO times for tools (the default), and for a
// French-locale spreadsheet semicolons, decimal commas and local times (JJ/MM/AAAA HH:MM), defined here
// with the dashboard's date format.
import type { CsvDialect } from '../../lib/csv.ts';
import { fmtDate } from './view.ts';

export { csvCell, csvLine, CSV_BOM, RFC_4180, type CsvDialect } from '../../lib/csv.ts';

export const EXCEL_FR: CsvDialect = { separator: ';', date: (d) => fmtDate(d, 'fr'), number: (n) => String(n).replace('.', ',') };
