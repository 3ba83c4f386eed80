// The rules of a prevention message: texts per language (French and at least one local language),
// its states, and who may approve it. Pure.
import { LANGUAGES, isLanguage } from '../domain/taxonomy.ts';
import { LOCAL_LANGUAGES } from './targeting.ts';

export const BROADCAST_STATES = ['draft', 'approved', 'sending', 'sent', 'cancelled'] as const;
export type BroadcastState = (typeof BROADCAST_STATES)[number];

/** Long enough for a spoken announcement, short enough that nobody sends a newsletter by SMS. */
export const MAX_TEXT_LENGTH = 800;

/** Alert states that make an incident verified information: someone on the ground confirmed or refuted it. */
export const VERIFIED_ALERT_STATES = ['confirmed', 'refuted', 'resolved'] as const;

export type TextsCheck = { ok: true; texts: Record<string, string> } | { ok: false; reasons: string[] };

export function checkTexts(raw: Readonly<Record<string, unknown>>): TextsCheck {
  const reasons: string[] = [];
  const texts: Record<string, string> = {};
  for (const [language, value] of Object.entries(raw)) {
    if (!isLanguage(language)) {
      reasons.push(`texts.${language.slice(0, 10)}: not a language; use ${LANGUAGES.join(', ')}`);
      continue;
    }
    // Control characters (NUL cannot even be stored) out; line breaks stay, an SMS may carry them.
    const text =
      typeof value === 'string'
        ? value
            .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ')
            .trim()
            .replace(/[ \t]+/g, ' ')
        : '';
    if (!text) reasons.push(`texts.${language}: empty`);
    else if (text.length > MAX_TEXT_LENGTH)
      reasons.push(`texts.${language}: ${text.length} characters, at most ${MAX_TEXT_LENGTH}`);
    else texts[language] = text;
  }
  if (!('fr' in raw)) reasons.push('texts.fr: the French text is required');
  if (!LOCAL_LANGUAGES.some((l) => l in raw))
    reasons.push(`texts: at least one local language as well (${LOCAL_LANGUAGES.join(', ')})`);
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, texts };
}

/** What a coordinator may do next with a broadcast in this state. */
export function allowedActions(state: string): string[] {
  switch (state) {
    case 'draft':
      return ['approve', 'cancel'];
    case 'approved':
      return ['send', 'cancel'];
    case 'sending':
      return ['send', 'cancel'];
    default:
      return [];
  }
}

/** Why a state refuses an action, in words a coordinator understands; null when it is allowed. */
export function refusal(state: string, action: 'approve' | 'send' | 'cancel'): string | null {
  if (allowedActions(state).includes(action)) return null;
  if (action === 'send' && state === 'draft')
    return 'the message is not approved yet: a second coordinator must approve it before it is sent';
  if (state === 'sent' || (state === 'sending' && action === 'approve')) return `the message is already ${state}`;
  if (state === 'cancelled') return 'the message was cancelled';
  return `cannot ${action} a message that is ${state}`;
}
