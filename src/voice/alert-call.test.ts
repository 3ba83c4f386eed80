// The focal point's call as a table: keys → outcome and effects.
import { describe, expect, it } from 'vitest';
import { alertCallStart, alertCallStep, type AlertCallState } from './alert-call.ts';

const start = alertCallStart({ alertId: 'a', focalPointId: 'f', category: 'ATTAQUE', pcode: 'ML050303', reference: 'A1B2C3' });
const after = (s: AlertCallState, ...keys: (string | null)[]) => keys.reduce((st, k) => alertCallStep(st, k).state, s);

describe('alertCallStep', () => {
  it.each([
    ['1 acknowledges', [], '1', 'acknowledged', [{ kind: 'acknowledge' }]],
    ['2 asks to be called again', [], '2', 'later', [{ kind: 'call_again' }]],
    ['silence repeats', [], null, null, []],
    ['another key repeats', [], '7', null, []],
    ['1 after a wrong key', ['9'], '1', 'acknowledged', [{ kind: 'acknowledge' }]],
    ['silence the third time: unanswered', [null, null], null, 'unanswered', []],
    ['a finished call stays finished', ['1'], '2', 'acknowledged', []],
  ] as const)('%s', (_label, before, key, outcome, effects) => {
    const r = alertCallStep(after(start, ...before), key);
    expect(r.state.outcome).toBe(outcome);
    expect(r.effects).toEqual(effects);
  });

  it('says the key was wrong only after a wrong key', () => {
    expect(alertCallStep(start, '7').state.hint).toBe('invalid');
    expect(alertCallStep(start, null).state.hint).toBeNull();
  });
});
