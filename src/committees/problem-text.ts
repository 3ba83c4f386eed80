// A committee problem in words: English for the API and the command (their texts), the dashboard's
// language there, where a field is named as the form labels it ("place 2") and an ambiguous place asks
// to pick a suggestion rather than type a P-code.
import type { PlaceCandidate } from '../geo/place-lookup.ts';
import { translator } from '../i18n/i18n.ts';
import { TYPE_NAMES, type Problem } from './committee-rules.ts';

export type ProblemLanguage = 'fr' | 'en';

export interface Reader {
  lang: ProblemLanguage;
  /** A dashboard form: fields by their labels, places picked rather than typed as P-codes. */
  form?: boolean;
}

export const API_READER: Reader = { lang: 'en' };

export function problemText(p: Problem, reader: Reader = API_READER): string {
  const t = translator(reader.lang, 'web');
  const k = (key: string) => `committeeErrors.${key}`;
  const level = (l: string) => t(k(`levelName.${l}`), { defaultValue: l });
  const candidate = (c: PlaceCandidate) =>
    t(k(`${c.level === 'village' ? 'village' : 'candidate'}${c.within ? '' : 'Top'}`), {
      name: c.name,
      level: level(c.level),
      pcode: c.pcode,
      village: c.villagePcode,
      within: c.within,
    });
  const many = (p.candidates ?? []).slice(0, 8);
  const field = (name: string): string => {
    if (!reader.form) return name;
    const m = /^(coverage|focalPoints)\[(\d+)\](?:\.(\w+))?$/.exec(name);
    if (!m) return t(k(`fields.${name}`), { defaultValue: name });
    const n = Number(m[2]) + 1;
    if (m[1] === 'coverage') return t(k('fields.place'), { n });
    const part = m[3] ? t(k(`fields.${m[3]}`), { defaultValue: m[3] }) : '';
    return t(k(part ? 'fields.focalPointPart' : 'fields.focalPoint'), { n, part });
  };
  return t(k(p.key), {
    ...p.values,
    field: field(p.field),
    types: TYPE_NAMES,
    ...(typeof p.values?.level === 'string' ? { levelName: level(p.values.level) } : {}),
    ...(typeof p.values?.other === 'number' ? { otherN: p.values.other + 1 } : {}),
    candidates: many.map(candidate).join(t(k('or'))),
    places: many.map((c) => t(k('isLevel'), { name: c.name, level: level(c.level) })).join(', '),
    ...(reader.form ? { context: 'form' } : {}),
    defaultValue: p.key,
  });
}

/** Every problem, one after the other, as an error message gives them. */
export const problemsText = (problems: readonly Problem[], reader: Reader = API_READER): string =>
  problems.map((p) => problemText(p, reader)).join('; ');
