// What makes a committee valid, from the API's JSON or a CSV's lines: a name, a type, places of one
// level that exist (typed as people type them), focal points with Malian numbers and known languages.
// Every problem names its field (focalPoints[1].phone) and is a text key (locales/*/web.json committeeErrors)
// that problem-text.ts renders: in English for the API and the command, in the dashboard's language there. Pure.
import { z } from 'zod';
import { DIRECTORY_LEVELS, type DirectoryLevel } from '../domain/coverage.ts';
import { COMMITTEE_TYPES, LANGUAGES, isLanguage, type CommitteeType } from '../domain/taxonomy.ts';
import { lookUpPlace, type PlaceCandidate } from '../geo/place-lookup.ts';
import { normalisePhone } from '../phone/phone.ts';
import { foldedKey } from '../lib/keys.ts';

export interface FocalPointInput {
  name: string;
  /** E.164. */
  phone: string;
  /** 1 for primary focal points; backups 2, 3… in the order given. */
  rank: number;
  language: string;
}

export interface CommitteeInput {
  name: string;
  type: CommitteeType;
  level: DirectoryLevel;
  /** P-codes, the seat first. */
  coverage: string[];
  focalPoints: FocalPointInput[];
  /** Days between check-ins (RAS); absent: the committee's own, 7 for a new one. */
  checkinDays?: number;
}

export interface Problem {
  field: string;
  /** A key of committeeErrors in locales/<lang>/web.json. */
  key: string;
  values?: Record<string, string | number>;
  /** Places to choose from (an ambiguous name), or the places of mixed levels. */
  candidates?: PlaceCandidate[];
}

export type Checked = { ok: true; value: CommitteeInput } | { ok: false; problems: Problem[] };

const simple = foldedKey;

/** Committee types as people write them; VBG is the women-protection focal point. */
const TYPE_WORDS: Record<string, CommitteeType> = {
  ccs: 'CCS',
  cofo: 'COFO',
  cofo_communale: 'COFO',
  vbg: 'VBG_FOCAL',
  vbg_focal: 'VBG_FOCAL',
  gbv: 'VBG_FOCAL',
  humanitarian: 'HUMANITARIAN',
  humanitaire: 'HUMANITARIAN',
  coordination: 'COORDINATION',
};
export const TYPE_NAMES = `${COMMITTEE_TYPES.join(', ')} (or VBG)`;

const ROLE_WORDS: Record<string, 'primary' | 'backup'> = {
  primary: 'primary',
  principal: 'primary',
  titulaire: 'primary',
  backup: 'backup',
  suppleant: 'backup',
  suppleante: 'backup',
  secondary: 'backup',
  adjoint: 'backup',
};

const LEVEL_WORDS: Record<string, DirectoryLevel> = {
  commune: 'commune',
  cercle: 'cercle',
  region: 'region',
  country: 'country',
  pays: 'country',
  national: 'country',
};

const text = (max: number) =>
  z
    .string()
    .transform((s) =>
      s
        .replace(/\p{Cc}/gu, ' ')
        .trim()
        .replace(/\s+/g, ' '),
    )
    .pipe(z.string().min(1, 'missing').max(max, 'tooLong'));

/** How often a committee checks in, in days: weekly by default. */
export const CHECKIN_DAYS = { min: 1, max: 90, fallback: 7 } as const;

export const committeeBody = z.object({
  name: text(120),
  type: z.string({ error: 'typeMissing' }),
  level: z.string().optional(),
  coverage: z.array(z.string().max(200), { error: 'coverageList' }).min(1, 'coverageMissing').max(500),
  focalPoints: z
    .array(
      z.object({
        name: text(120),
        phone: z.union([z.string().max(40), z.number()], { error: 'phoneType' }),
        role: z.string().max(40).optional(),
        language: z.string().max(20).optional(),
      }),
      { error: 'focalPointsList' },
    )
    .min(1, 'focalPointsMissing')
    .max(20, 'focalPointsTooMany'),
  checkinDays: z
    .number({ error: 'checkinDays' })
    .int('checkinDays')
    .min(CHECKIN_DAYS.min, 'checkinDays')
    .max(CHECKIN_DAYS.max, 'checkinDays')
    .optional(),
  reason: z.string().max(500).optional(),
});
export type CommitteeBody = z.input<typeof committeeBody>;

/** The zod path as a reader writes it: focalPoints[1].phone. */
export function fieldOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');
}

function placeProblem(field: string, found: ReturnType<typeof lookUpPlace>): Problem | null {
  switch (found.kind) {
    case 'found':
      return null;
    case 'unknown':
      return { field, key: 'placeUnknown', values: { text: found.text.slice(0, 60) } };
    case 'ambiguous':
      return { field, key: 'placeAmbiguous', values: { text: found.text }, candidates: found.candidates };
    case 'wrong_level':
      return { field, key: 'placeWrongLevel', values: { text: found.text, level: found.level }, candidates: found.candidates };
  }
}

/** Our own zod messages are keys; anything else zod says is kept as its words. */
const ZOD_KEYS = new Set(['missing', 'tooLong', 'typeMissing', 'coverageList', 'coverageMissing', 'phoneType']);
ZOD_KEYS.add('focalPointsList').add('focalPointsMissing').add('focalPointsTooMany').add('checkinDays');

/** Checks a committee as the API or a CSV gives it; `body` is anything. */
export function checkCommittee(body: unknown): Checked {
  const parsed = committeeBody.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i): Problem => {
        const field = fieldOf(i.path) || 'body';
        if (!ZOD_KEYS.has(i.message)) return { field, key: 'shape', values: { message: i.message } };
        if (i.message === 'checkinDays') return { field, key: i.message, values: { ...CHECKIN_DAYS } };
        const max = 'maximum' in i ? Number(i.maximum) : undefined;
        return { field, key: i.message, ...(max !== undefined ? { values: { max } } : {}) };
      }),
    };
  const b = parsed.data;
  const problems: Problem[] = [];
  const type = TYPE_WORDS[simple(b.type)];
  if (!type) problems.push({ field: 'type', key: 'type', values: { text: b.type.slice(0, 30) } });
  let level: DirectoryLevel | undefined;
  if (b.level !== undefined && b.level.trim() !== '') {
    level = LEVEL_WORDS[simple(b.level)];
    if (!level) problems.push({ field: 'level', key: 'level', values: { levels: DIRECTORY_LEVELS.join(', ') } });
  }

  const coverage: (PlaceCandidate & { level: DirectoryLevel })[] = [];
  b.coverage.forEach((typed, i) => {
    const found = lookUpPlace(typed, level);
    const problem = placeProblem(`coverage[${i}]`, found);
    if (problem) problems.push(problem);
    else if (found.kind === 'found' && !coverage.some((c) => c.pcode === found.pcode))
      coverage.push({ pcode: found.pcode, name: found.name, level: found.level, within: '' });
  });
  const levels = [...new Set(coverage.map((c) => c.level))];
  if (!level && levels.length > 1) problems.push({ field: 'coverage', key: 'mixedLevels', candidates: coverage });

  const focalPoints: FocalPointInput[] = [];
  const seen = new Map<string, number>();
  let backups = 1;
  b.focalPoints.forEach((f, i) => {
    const at = `focalPoints[${i}]`;
    const typed = String(f.phone).trim();
    const phone = typed ? normalisePhone(typed).e164 : null;
    if (!phone) problems.push({ field: `${at}.phone`, key: 'phoneInvalid', values: { text: typed.slice(0, 30) } });
    else if (seen.has(phone)) problems.push({ field: `${at}.phone`, key: 'phoneDuplicate', values: { other: seen.get(phone)! } });
    else seen.set(phone, i);
    const role = f.role === undefined || f.role.trim() === '' ? (i === 0 ? 'primary' : 'backup') : ROLE_WORDS[simple(f.role)];
    if (!role) problems.push({ field: `${at}.role`, key: 'role' });
    const language = (f.language ?? 'fr').trim().toLowerCase() || 'fr';
    if (!isLanguage(language))
      problems.push({ field: `${at}.language`, key: 'language', values: { languages: LANGUAGES.join(', ') } });
    focalPoints.push({ name: f.name, phone: phone ?? '', rank: role === 'primary' ? 1 : ++backups, language });
  });
  if (!focalPoints.some((f) => f.rank === 1)) problems.push({ field: 'focalPoints', key: 'noPrimary' });

  if (problems.length > 0 || !type) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name: b.name,
      type,
      level: level ?? levels[0]!,
      coverage: coverage.map((c) => c.pcode),
      focalPoints,
      ...(b.checkinDays !== undefined ? { checkinDays: b.checkinDays } : {}),
    },
  };
}
