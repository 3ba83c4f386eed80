// The alert SMS a focal point reads: what, where, how grave, how many reports, reference, how to answer,
// in French, folded to GSM-7 and kept to one 160-character segment.
import { getUnit, cercleOf } from '../geo/admin.ts';
import { translator } from '../i18n/i18n.ts';
import { foldToGsm7, measureSms } from '../sms/encoding.ts';
import type { Category } from '../domain/taxonomy.ts';

export interface AlertTextInput {
  category: Category;
  severity: number;
  pcode: string | null;
  count: number;
  reference: string;
  /** 'escalated' when it goes to someone else because nobody answered. */
  kind?: 'alert' | 'escalated';
}

function placeVariants(pcode: string | null, unknown: string): string[] {
  const unit = pcode ? getUnit(pcode) : undefined;
  if (!unit) return [unknown];
  const cercle = unit.level === 'commune' ? cercleOf(unit.pcode) : null;
  const full = cercle && cercle.name !== unit.name ? `${unit.name} (cercle ${cercle.name})` : unit.name;
  return [full, unit.name, unit.name.slice(0, 20)];
}

/** Stands for the reference while a text is rendered: letters only, so folding leaves it as it is. */
const REF = 'QZXREFXZQ';
/** Rendered texts (folded, with REF for the reference) by kind, category, severity, place and count: i18next's interpolation was most of an alert's cost. */
const rendered = new Map<string, string[]>();
const MAX_RENDERED = 5000;

function templates(input: AlertTextInput): string[] {
  const key = `${input.kind ?? 'alert'}|${input.category}|${input.severity}|${input.pcode ?? ''}|${input.count}`;
  let variants = rendered.get(key);
  if (variants) return variants;
  const t = translator('fr');
  const render = (place: string) =>
    foldToGsm7(
      t(input.kind ?? 'alert', {
        category: t(`category.${input.category}`),
        severity: t(`severity.${input.severity}`),
        place,
        count: input.count,
        ref: REF,
      }),
    ).replace(/ {2,}/g, ' ');
  variants = placeVariants(input.pcode, t('unknownPlace')).map(render);
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
