// The alert lifecycle in one place: which action moves which state where. Pure.
export const ALERT_STATES = [
  'sent',
  'delivered',
  'acknowledged',
  'confirmed',
  'refuted',
  'resolved',
  'escalated',
  'expired',
] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const ALERT_ACTIONS = ['deliver', 'acknowledge', 'confirm', 'refute', 'resolve', 'escalate', 'expire'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** States in which nobody has answered yet: escalation keeps running. */
export const UNANSWERED: readonly AlertState[] = ['sent', 'delivered', 'escalated'];

const TARGET: Record<AlertAction, AlertState> = {
  deliver: 'delivered',
  acknowledge: 'acknowledged',
  confirm: 'confirmed',
  refute: 'refuted',
  resolve: 'resolved',
  escalate: 'escalated',
  expire: 'expired',
};

/** From which states each action may be taken. A late answer after expiry is still welcome. */
const FROM: Record<AlertAction, readonly AlertState[]> = {
  deliver: ['sent'],
  acknowledge: ['sent', 'delivered', 'escalated', 'expired'],
  confirm: ['sent', 'delivered', 'escalated', 'expired', 'acknowledged', 'refuted'],
  refute: ['sent', 'delivered', 'escalated', 'expired', 'acknowledged', 'confirmed'],
  resolve: ['sent', 'delivered', 'escalated', 'expired', 'acknowledged', 'confirmed', 'refuted'],
  escalate: ['sent', 'delivered', 'escalated'],
  expire: ['sent', 'delivered', 'escalated'],
};

export type TransitionResult =
  | { kind: 'move'; from: AlertState; to: AlertState }
  | { kind: 'noop'; state: AlertState }
  | { kind: 'refused'; state: AlertState; reason: string };

export function isAlertState(s: string): s is AlertState {
  return (ALERT_STATES as readonly string[]).includes(s);
}

export function isAlertAction(s: string): s is AlertAction {
  return (ALERT_ACTIONS as readonly string[]).includes(s);
}

export function transition(current: AlertState, action: AlertAction): TransitionResult {
  const to = TARGET[action];
  // Repeating a transition is a no-op (escalation moves levels, so it is never "repeated" here).
  if (current === to && action !== 'escalate') return { kind: 'noop', state: current };
  if (current === 'acknowledged' && action === 'deliver') return { kind: 'noop', state: current };
  if (!FROM[action].includes(current)) {
    return {
      kind: 'refused',
      state: current,
      reason: `cannot ${action} an alert that is ${current} (allowed from: ${FROM[action].join(', ')})`,
    };
  }
  return { kind: 'move', from: current, to };
}

/** The actions a person may take now (dashboard and API). */
export function allowedActions(current: AlertState): AlertAction[] {
  return ALERT_ACTIONS.filter((a) => transition(current, a).kind === 'move' && a !== 'deliver');
}
