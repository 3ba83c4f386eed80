// What a confirmed menu becomes for the intake pipeline: the fixed fields (category, severity, place,
// language) and a short French text of the choices for the people who read the report.
import type { Category, Language, Severity } from '../domain/taxonomy.ts';
import { getUnit } from '../geo/admin.ts';
import { severityFor } from './catalog.ts';
import { ussdT } from './screens.ts';
import type { UssdState } from './types.ts';
import { getVillage } from './villages.ts';

export interface MenuReport {
  category: Category;
  severity: Severity;
  pcode: string;
  /** The village picked inside the commune (its name), when one was. */
  village: string | null;
  language: Language;
  text: string;
}

/** null while something the report needs is missing (never the case on the summary screen). */
/** `textKey`: the report text's key (the voice menu says the report came by a call). */
export function menuReport(state: UssdState, textKey: 'report.text' | 'report.voice' = 'report.text'): MenuReport | null {
  const d = state.frame.draft;
  if (!d.category || !d.pcode || !d.gravity || d.now === undefined) return null;
  const t = ussdT('fr');
  const unit = getUnit(d.pcode);
  const village = d.village ? getVillage(d.village) : undefined;
  const commune = `${unit?.name ?? d.pcode} (${d.pcode})`;
  const inCommune = village && village.code !== d.pcode ? village : undefined;
  const place = inCommune ? t('report.village', { village: inCommune.name, commune }) : commune;
  const lines = [
    t(textKey, {
      category: t(`cat.${d.category}`),
      place,
      gravity: t(`gravity.${d.gravity}`),
      when: t(d.now ? 'short.now' : 'short.past'),
    }),
    d.note ? t('report.note', { note: d.note }) : '',
  ];
  return {
    category: d.category,
    severity: severityFor(d.category, d.gravity, d.now),
    pcode: d.pcode,
    village: inCommune?.name ?? null,
    language: state.lang ?? 'fr',
    text: lines.filter(Boolean).join(' '),
  };
}
