// The spoken menu as a pure state machine, derived from the USSD one (src/ussd/machine.ts): the same
// questions in the same order with the same keys, and the same state. What differs for a voice: nothing
// typed (no village search: the place comes from the lists or the last place), silence repeats the
// question, and the USSD note and summary screens become "after the beep, say what happened".
import { SKIP_NOTE_KEY } from '../ussd/catalog.ts';
import { whereOptions } from '../ussd/lists.ts';
import { initialState, step } from '../ussd/machine.ts';
import type { Effect, Profile, StepResult, UssdState } from '../ussd/types.ts';

export type VoiceState = UssdState;

/** One callback of the call: the keys pressed (null: none, the question timed out) or the recording's end. */
export interface VoiceInput {
  digits: string | null;
  /** Set on the callback that follows the recording; null when nothing was recorded. */
  recordingUrl: string | null;
}

/** A call starts on the language question, or on "what happened" for a caller whose language we know. */
export function voiceStart(profile: Profile): VoiceState {
  return initialState(profile, null);
}

/** The options the voice speaks on the place question (no typed village). */
export function voiceWhereOptions(last: string | null) {
  return whereOptions(last).filter((o) => o !== 'village');
}

export function voiceStep(state: VoiceState, input: VoiceInput): StepResult {
  const { screen } = state.frame;
  if (screen === 'done') return { state, effects: [] };
  // The recording ended (or nothing was said): the USSD note skipped, then its summary confirmed.
  if (screen === 'note') {
    const effects: Effect[] = [];
    let s = state;
    for (const key of [SKIP_NOTE_KEY, '1']) {
      const r = step(s, key);
      s = r.state;
      effects.push(...r.effects);
    }
    return { state: s, effects };
  }
  const digits = input.digits?.trim() ?? '';
  if (digits === '') return { state: { ...state, hint: null }, effects: [] }; // silence: ask again
  if (screen === 'where' && /^[1-9]$/.test(digits)) {
    const option = whereOptions(state.last)[Number(digits) - 1];
    if (option === 'village') return { state: { ...state, hint: 'invalid' }, effects: [] };
  }
  return step(state, digits);
}
