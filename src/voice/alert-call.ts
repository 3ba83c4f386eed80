// A call to a focal point about an unanswered severity-3 alert, as a pure machine: the alert is spoken
// (category, place, reference), key 1 acknowledges it, key 2 asks to be called again in 10 minutes;
// silence or another key repeats it, three times at most.

/** Kept in Redis under the call's session, like the menu's state. */
export interface AlertCallState {
  mode: 'alert';
  alertId: string;
  focalPointId: string;
  category: string;
  pcode: string | null;
  reference: string;
  /** How many times the alert was spoken. */
  asked: number;
  hint: 'invalid' | null;
  outcome: 'acknowledged' | 'later' | 'unanswered' | null;
}

export const ALERT_CALL_MAX_ASKS = 3;

export type AlertCallEffect = { kind: 'acknowledge' } | { kind: 'call_again' };

export function alertCallStart(a: Omit<AlertCallState, 'mode' | 'asked' | 'hint' | 'outcome'>): AlertCallState {
  return { ...a, mode: 'alert', asked: 1, hint: null, outcome: null };
}

export function alertCallStep(
  state: AlertCallState,
  digits: string | null,
): { state: AlertCallState; effects: AlertCallEffect[] } {
  if (state.outcome) return { state, effects: [] };
  const key = digits?.trim() ?? '';
  if (key === '1') return { state: { ...state, outcome: 'acknowledged' }, effects: [{ kind: 'acknowledge' }] };
  if (key === '2') return { state: { ...state, outcome: 'later' }, effects: [{ kind: 'call_again' }] };
  if (state.asked >= ALERT_CALL_MAX_ASKS) return { state: { ...state, outcome: 'unanswered' }, effects: [] };
  return { state: { ...state, asked: state.asked + 1, hint: key === '' ? null : 'invalid' }, effects: [] };
}

export const isAlertCall = (s: unknown): s is AlertCallState => (s as { mode?: unknown } | null)?.mode === 'alert';
