// The directory as a CSV, one line per focal point, the lines of one committee grouped by name:
// name;type;coverage;focal_name;focal_phone;focal_role;language[;level][;checkin_days]. Comma or semicolon, BOM or not,
// RFC 4180 quotes; places in the coverage cell separated by `|` (or `,` inside quotes). Pure.
import { csvCell, csvDelimiter, csvRows, unneutralised, CSV_BOM } from '../lib/csv.ts';
import type { CommitteeBody, Problem } from './committee-rules.ts';
import { foldedKey } from '../lib/keys.ts';

export const CSV_HEADER = [
  'name',
  'type',
  'coverage',
  'focal_name',
  'focal_phone',
  'focal_role',
  'language',
  'level',
  'checkin_days',
] as const;
type Column = (typeof CSV_HEADER)[number];

/** Header words as spreadsheets in English or French name them. */
const COLUMNS: Record<string, Column> = {
  name: 'name',
  nom: 'name',
  committee: 'name',
  comite: 'name',
  type: 'type',
  coverage: 'coverage',
  couverture: 'coverage',
  places: 'coverage',
  lieux: 'coverage',
  zones: 'coverage',
  focal_name: 'focal_name',
  nom_point_focal: 'focal_name',
  point_focal: 'focal_name',
  focal_phone: 'focal_phone',
  phone: 'focal_phone',
  telephone: 'focal_phone',
  focal_role: 'focal_role',
  role: 'focal_role',
  language: 'language',
  langue: 'language',
  level: 'level',
  niveau: 'level',
  checkin_days: 'checkin_days',
  cadence: 'checkin_days',
  ras_jours: 'checkin_days',
  jours_ras: 'checkin_days',
};
const REQUIRED: readonly Column[] = ['name', 'type', 'coverage', 'focal_name', 'focal_phone'];

const key = foldedKey;

/** The whole file refused; `problem` says why, in the words problem-text.ts gives it (the service's message). */
export class CommitteesCsvError extends Error {
  readonly code = 'invalid_csv';
  constructor(
    readonly problem: Problem,
    message: string = problem.key,
  ) {
    super(message);
  }
}

export interface CsvCommittee {
  name: string;
  /** The file's lines of this committee; focalPoints[i] came from lines[i]. */
  lines: number[];
  body: CommitteeBody;
}

export interface ParsedCommittees {
  committees: CsvCommittee[];
  /** Lines wrong by themselves (no name, a cell that disagrees with the committee's first line), and their committee. */
  rejected: { line: number; problem: Problem; committee?: string }[];
}

export const MAX_LINES = 20_000;

export function splitPlaces(cell: string): string[] {
  return cell
    .split(/[|,]/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export function parseCommitteesCsv(text: string): ParsedCommittees {
  const [header, ...body] = csvRows(text, csvDelimiter(text));
  if (!header)
    throw new CommitteesCsvError({ field: 'file', key: 'csvEmpty', values: { header: CSV_HEADER.slice(0, 7).join(';') } });
  const fields = header.cells.map((c) => COLUMNS[key(c)]);
  const missing = REQUIRED.filter((f) => !fields.includes(f));
  if (missing.length > 0)
    throw new CommitteesCsvError({
      field: 'header',
      key: 'csvHeader',
      values: { missing: missing.join(', '), columns: CSV_HEADER.join(';') },
    });
  if (body.length > MAX_LINES)
    throw new CommitteesCsvError({ field: 'file', key: 'csvTooMany', values: { lines: body.length, max: MAX_LINES } });

  const groups = new Map<string, CsvCommittee & { first: Record<Column, string> }>();
  const rejected: ParsedCommittees['rejected'] = [];
  for (const row of body) {
    const cell = {} as Record<Column, string>;
    for (const c of CSV_HEADER) cell[c] = '';
    fields.forEach((f, i) => {
      if (f && row.cells[i] !== undefined && cell[f] === '') cell[f] = unneutralised(row.cells[i]!.trim());
    });
    if (!cell.name) {
      rejected.push({ line: row.line, problem: { field: 'name', key: 'nameMissing' } });
      continue;
    }
    const group = groups.get(cell.name.toLowerCase());
    if (!group) {
      groups.set(cell.name.toLowerCase(), {
        name: cell.name,
        lines: [row.line],
        first: cell,
        body: {
          name: cell.name,
          type: cell.type,
          ...(cell.level ? { level: cell.level } : {}),
          // A number the committee's rules check (1–90): "abc" is rejected with the line, like any bad cell.
          ...(cell.checkin_days ? { checkinDays: Number(cell.checkin_days) } : {}),
          coverage: splitPlaces(cell.coverage),
          focalPoints: [{ name: cell.focal_name, phone: cell.focal_phone, role: cell.focal_role, language: cell.language }],
        },
      });
      continue;
    }
    // Later lines may leave type, coverage, level and cadence empty; if they fill them in, they must agree.
    const differs = (['type', 'coverage', 'level', 'checkin_days'] as const).find(
      (c) => cell[c] !== '' && key(cell[c]) !== key(group.first[c]),
    );
    if (differs) {
      const problem = { field: differs, key: 'differs', values: { line: group.lines[0]! } };
      rejected.push({ line: row.line, problem, committee: group.name });
      continue;
    }
    group.lines.push(row.line);
    group.body.focalPoints.push({
      name: cell.focal_name,
      phone: cell.focal_phone,
      role: cell.focal_role,
      language: cell.language,
    });
  }
  return { committees: [...groups.values()].map(({ name, lines, body }) => ({ name, lines, body })), rejected };
}

export interface ExportedCommittee {
  name: string;
  type: string;
  level: string;
  /** Days between check-ins (RAS). */
  checkinDays: number;
  /** "Sangha (ML050117)": readable, and the P-code decides on import. */
  places: string[];
  focalPoints: { name: string; phone: string; role: 'primary' | 'backup'; language: string }[];
}

/** The same format the import reads (semicolons, a BOM, every text cell quoted), so export → import round-trips. */
export function committeesCsv(committees: readonly ExportedCommittee[]): string {
  const line = (cells: string[]) => `${cells.map((c) => csvCell(c)).join(';')}\r\n`;
  let out = CSV_BOM + `${CSV_HEADER.join(';')}\r\n`;
  for (const c of committees)
    for (const f of c.focalPoints)
      out += line([c.name, c.type, c.places.join(' | '), f.name, f.phone, f.role, f.language, c.level, String(c.checkinDays)]);
  return out;
}
