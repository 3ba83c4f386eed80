// The alert SMS a focal point reads: how grave (in the dashboard's words), what, where (the village when
// known), how many reports, and every answer with its reference; in French, folded to GSM-7 and kept
// to one 160-character segment.
import { getUnit, cercleOf } from '../geo/admin.ts';
import { nameKey } from '../geo/fold.ts';
import { translator } from '../i18n/i18n.ts';
import { foldToGsm7, measureSms } from '../sms/encoding.ts';
import type { Category } from '../domain/taxonomy.ts';

export interface AlertTextInput {
  category: Category;
  severity: number;
  pcode: string | null;
  /** The village the report names, when one is known (the commune is `pcode`). */
  village?: string | null;
  count: number;
  reference: string;
  /** 'escalated' when it goes to someone else because nobody answered; 'update' when corroboration raised it. */
  kind?: 'alert' | 'escalated' | 'update';
}

/** The place as precisely as it may be written, then shorter: the village goes first, then the cercle, then letters. */
function placeVariants(pcode: string | null, village: string | null, t: ReturnType<typeof translator>): string[] {
  const unit = pcode ? getUnit(pcode) : undefined;
  if (!unit) return [t('unknownPlace')];
  const cercle = unit.level === 'commune' ? cercleOf(unit.pcode) : null;
  const full = cercle && cercle.name !== unit.name ? t('placeInCercle', { commune: unit.name, cercle: cercle.name }) : unit.name;
  const named = village && nameKey(village) !== nameKey(unit.name) ? [t('placeVillage', { village, place: full })] : [];
  return [...named, full, unit.name, unit.name.slice(0, 20)];
}

/** Stands for the reference while a text is rendered: letters only, so folding leaves it as it is. */
const REF = 'QZXREFXZQ';
/** Rendered texts (folded, with REF for the reference) by kind, category, severity, place and count: i18next's interpolation was most of an alert's cost. */
const rendered = new Map<string, string[]>();
const MAX_RENDERED = 5000;

function templates(input: AlertTextInput): string[] {
  const kind = input.kind ?? 'alert';
  const key = `${kind}|${input.category}|${input.severity}|${input.pcode ?? ''}|${input.village ?? ''}|${input.count}`;
  let variants = rendered.get(key);
  if (variants) return variants;
  const t = translator('fr');
  // The severity in the dashboard's own words (information, alerte, urgence), as a heading.
  const severity = translator('fr', 'web')(`severity.${input.severity}`).toLocaleUpperCase('fr');
  const reports = t(kind === 'update' ? 'reportsIndependent' : 'reports', { count: input.count });
  const render = (place: string) =>
    foldToGsm7(t(kind, { category: t(`category.${input.category}`), severity, place, reports, ref: REF })).replace(/ {2,}/g, ' ');
  variants = placeVariants(input.pcode, input.village ?? null, t).map(render);
  if (rendered.size >= MAX_RENDERED) rendered.clear();
  rendered.set(key, variants);
  return variants;
}

export function alertText(input: AlertTextInput): string {
  const ref = foldToGsm7(input.reference);
  const variants = templates(input).map((v) => v.replaceAll(REF, ref));
  for (const text of variants) {
    const m = measureSms(text);
    if (m.segments === 1 && m.encoding === 'GSM-7') return text;
  }
  return variants[variants.length - 1]!;
}
