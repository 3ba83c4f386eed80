// Reads a contacts CSV (comma or semicolon separated, as spreadsheets in French save it; quoted cells;
// a header naming the columns in English or French) into checked contacts and rejected rows with
// their reasons. Pure.
import { checkContact, type ContactInput, type ContactProblem, type RawContact } from './contact-rules.ts';
import { csvDelimiter, csvRows } from '../lib/csv.ts';
import { foldedKey } from '../lib/keys.ts';

export { csvRows, type CsvRow } from '../lib/csv.ts';

/** The file as a whole cannot be read; `message` is the problem in English until a reader renders it in its language. */
export class ContactsCsvError extends Error {
  readonly code = 'invalid_csv';
  constructor(
    readonly problem: ContactProblem,
    message = problem.key,
  ) {
    super(message);
  }
}

const COLUMNS: Record<string, keyof RawContact> = {
  phone: 'phone',
  telephone: 'phone',
  tel: 'phone',
  numero: 'phone',
  number: 'phone',
  name: 'name',
  nom: 'name',
  role: 'role',
  station: 'station',
  radio: 'station',
  languages: 'languages',
  langues: 'languages',
  station_languages: 'languages',
  langues_station: 'languages',
  zones: 'zones',
  zone: 'zones',
  pcodes: 'zones',
  pcode: 'zones',
  language: 'language',
  langue: 'language',
};
const key = foldedKey;

export interface ParsedContacts {
  contacts: { line: number; contact: ContactInput }[];
  rejected: { line: number; reasons: ContactProblem[] }[];
}

export const MAX_ROWS = 20_000;

export function parseContactsCsv(text: string): ParsedContacts {
  const [header, ...body] = csvRows(text, csvDelimiter(text));
  if (!header) throw new ContactsCsvError({ key: 'csvEmpty' });
  const fields = header.cells.map((c) => COLUMNS[key(c)]);
  const missing = (['phone', 'role', 'zones'] as const).filter((f) => !fields.includes(f));
  if (missing.length > 0) throw new ContactsCsvError({ key: 'csvHeader', values: { missing: missing.join(', ') } });
  if (body.length > MAX_ROWS) throw new ContactsCsvError({ key: 'csvTooMany', values: { rows: body.length, max: MAX_ROWS } });

  const out: ParsedContacts = { contacts: [], rejected: [] };
  const seen = new Map<string, number>();
  for (const row of body) {
    const raw: Record<string, string> = {};
    fields.forEach((f, i) => {
      if (f && row.cells[i] !== undefined && raw[f] === undefined) raw[f] = row.cells[i]!;
    });
    const checked = checkContact(raw);
    if (!checked.ok) {
      out.rejected.push({ line: row.line, reasons: checked.reasons });
      continue;
    }
    const first = seen.get(checked.value.phone);
    if (first !== undefined) {
      out.rejected.push({ line: row.line, reasons: [{ key: 'phoneDuplicate', values: { line: first } }] });
      continue;
    }
    seen.set(checked.value.phone, row.line);
    out.contacts.push({ line: row.line, contact: checked.value });
  }
  return out;
}
