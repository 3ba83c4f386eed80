// What a telephony adapter hands the voice service (one callback of a call) and what it renders back (one
// answer): channel-neutral, so another adapter than Africa's Talking can speak the same menu.

/** One callback of a call, as the adapter parsed it. */
export interface VoiceCallback {
  sessionId: string;
  /** False on the final callback of the call (it carries duration, cost and hang-up cause). */
  active: boolean;
  direction: 'inbound' | 'outbound';
  /** The phone user's number: E.164 when it is one, else as sent. */
  phone: string;
  phoneIsNumber: boolean;
  /** Our number. */
  ourNumber: string | null;
  /** Keys pressed after a GetDigits; null when none were (a timeout). */
  digits: string | null;
  /** After a Record: where the provider keeps the recording; null when nothing was recorded. */
  recordingUrl: string | null;
  durationSeconds: number | null;
  currencyCode: string | null;
  amount: string | null;
  hangupCause: string | null;
}

/**
 * One sentence: its French text (spoken by text to speech), the prompt keys recorded people can stand in
 * for it (src/voice/prompts.ts; none: always spoken), and, once the service found every one of them
 * recorded in the caller's language, the paths of those recordings (played instead of the text).
 */
export interface Spoken {
  text: string;
  prompts: readonly string[];
  play?: readonly string[];
}

/** What to do with the call now, rendered by the adapter into its own markup. */
export type VoiceAnswer =
  /** Refuse an inbound call unanswered, so the caller pays nothing (a call back follows). */
  | { kind: 'reject' }
  /** Speak, then wait for keys (ended by '#' or a timeout); silence comes back as a callback without keys. */
  | { kind: 'ask'; say: readonly Spoken[]; timeoutSeconds: number; lang: string }
  /** Speak, beep, record at most maxSeconds. */
  | { kind: 'record'; say: readonly Spoken[]; maxSeconds: number; lang: string }
  /** Speak and hang up. */
  | { kind: 'end'; say: readonly Spoken[]; lang: string }
  /** Nothing to say (the final callback). */
  | { kind: 'empty' };
