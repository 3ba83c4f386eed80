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

export function alertText(input: AlertTextInput): string {
  const t = translator('fr');
  const render = (place: string) =>
    foldToGsm7(
      t(input.kind ?? 'alert', {
        category: t(`category.${input.category}`),
        severity: t(`severity.${input.severity}`),
        place,
        count: input.count,
        ref: input.reference,
      }),
    ).replace(/ {2,}/g, ' ');
  const variants = placeVariants(input.pcode, t('unknownPlace'));
  for (const place of variants) {
    const text = render(place);
    const m = measureSms(text);
    if (m.segments === 1 && m.encoding === 'GSM-7') return text;
  }
  return render(variants[variants.length - 1]!);
}
