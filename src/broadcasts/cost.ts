// What a prevention broadcast will cost before it is sent: per language, the encoding and segments of
// the text as drafted and folded to GSM-7, and of each SMS with its footer; the totals against the
// budget. Pure.
import { foldToGsm7, measureSms, type SmsEncoding } from '../sms/encoding.ts';
import type { PlannedSms } from './targeting.ts';

export interface TextCost {
  characters: number;
  encoding: SmsEncoding;
  segments: number;
}

export interface SmsCost extends TextCost {
  /** How many SMS of this language go to this kind of recipient. */
  messages: number;
}

export interface LanguagePreview {
  language: string;
  /** The text as drafted, and folded to GSM-7 (ɛ→e, ɔ→o, ê→e …). */
  text: TextCost;
  folded: TextCost & { changed: boolean };
  /** Each SMS as sent (text + footer), as drafted and folded; null when nobody of that kind gets this language. */
  radio: { asWritten: SmsCost; folded: SmsCost } | null;
  subscriber: { asWritten: SmsCost; folded: SmsCost } | null;
}

export interface CostPreview {
  recipients: { radios: number; subscribers: number; total: number };
  messages: number;
  languages: LanguagePreview[];
  /** Segments of every SMS, as drafted and folded to GSM-7: the cost. */
  totalSegments: number;
  totalSegmentsFolded: number;
  budget: number;
  overBudget: boolean;
  overBudgetFolded: boolean;
}

/** The SMS a recipient gets: the drafted text and the footer for their role, in their language. */
export type Compose = (text: string, language: string, role: PlannedSms['role']) => string;

export function measureText(text: string): TextCost {
  const m = measureSms(text);
  return { characters: m.characters, encoding: m.encoding, segments: m.segments };
}

/** The text as it goes out: folded to GSM-7 or kept as written. */
export const asSent = (text: string, fold: boolean): string => (fold ? foldToGsm7(text) : text);

export function previewCost(
  texts: Readonly<Record<string, string>>,
  plan: readonly PlannedSms[],
  compose: Compose,
  budget: number,
): CostPreview {
  let totalSegments = 0;
  let totalSegmentsFolded = 0;
  const languages: LanguagePreview[] = Object.entries(texts).map(([language, text]) => {
    const folded = foldToGsm7(text);
    const forRole = (role: PlannedSms['role']) => {
      const messages = plan.filter((p) => p.language === language && p.role === role).length;
      if (messages === 0) return null;
      const full = compose(text, language, role);
      const asWritten = { ...measureText(full), messages };
      const foldedSms = { ...measureText(foldToGsm7(full)), messages };
      totalSegments += asWritten.segments * messages;
      totalSegmentsFolded += foldedSms.segments * messages;
      return { asWritten, folded: foldedSms };
    };
    return {
      language,
      text: measureText(text),
      folded: { ...measureText(folded), changed: folded !== text },
      radio: forRole('radio_host'),
      subscriber: forRole('subscriber'),
    };
  });
  const radios = new Set(plan.filter((p) => p.role === 'radio_host').map((p) => p.contactId)).size;
  const subscribers = new Set(plan.filter((p) => p.role === 'subscriber').map((p) => p.contactId)).size;
  return {
    recipients: { radios, subscribers, total: radios + subscribers },
    messages: plan.length,
    languages,
    totalSegments,
    totalSegmentsFolded,
    budget,
    overBudget: totalSegments > budget,
    overBudgetFolded: totalSegmentsFolded > budget,
  };
}
