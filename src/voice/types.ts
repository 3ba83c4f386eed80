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

/** What to do with the call now, rendered by the adapter into its own markup. */
export type VoiceAnswer =
  /** Refuse an inbound call unanswered, so the caller pays nothing (a call back follows). */
  | { kind: 'reject' }
  /** Speak, then wait for keys (ended by '#' or a timeout); silence comes back as a callback without keys. */
  | { kind: 'ask'; say: readonly string[]; timeoutSeconds: number }
  /** Speak, beep, record at most maxSeconds. */
  | { kind: 'record'; say: readonly string[]; maxSeconds: number }
  /** Speak and hang up. */
  | { kind: 'end'; say: readonly string[] }
  /** Nothing to say (the final callback). */
  | { kind: 'empty' };
