import { describe, expect, it } from 'vitest';
import { allowedActions, transition, type AlertAction, type AlertState } from './state-machine.ts';

describe('alert state machine', () => {
  it.each<[AlertState, AlertAction, string]>([
    ['sent', 'deliver', 'delivered'],
    ['sent', 'acknowledge', 'acknowledged'],
    ['delivered', 'acknowledge', 'acknowledged'],
    ['escalated', 'acknowledge', 'acknowledged'],
    ['acknowledged', 'confirm', 'confirmed'],
    ['acknowledged', 'refute', 'refuted'],
    ['confirmed', 'refute', 'refuted'],
    ['confirmed', 'resolve', 'resolved'],
    ['refuted', 'resolve', 'resolved'],
    ['sent', 'resolve', 'resolved'],
    ['sent', 'escalate', 'escalated'],
    ['escalated', 'escalate', 'escalated'],
    ['escalated', 'expire', 'expired'],
    ['expired', 'acknowledge', 'acknowledged'],
  ])('%s --%s--> %s', (from, action, to) => {
    expect(transition(from, action)).toEqual({ kind: 'move', from, to });
  });

  it.each<[AlertState, AlertAction]>([
    ['acknowledged', 'acknowledge'],
    ['resolved', 'resolve'],
    ['delivered', 'deliver'],
    ['acknowledged', 'deliver'],
    ['confirmed', 'confirm'],
  ])('%s + %s is a no-op', (from, action) => {
    expect(transition(from, action).kind).toBe('noop');
  });

  it.each<[AlertState, AlertAction]>([
    ['resolved', 'acknowledge'],
    ['resolved', 'confirm'],
    ['acknowledged', 'escalate'],
    ['acknowledged', 'expire'],
    ['resolved', 'escalate'],
    ['confirmed', 'deliver'],
  ])('%s + %s is refused with a reason', (from, action) => {
    const r = transition(from, action);
    expect(r.kind).toBe('refused');
    if (r.kind === 'refused') expect(r.reason).toContain(`cannot ${action}`);
  });

  it('lists what a coordinator may do', () => {
    expect(allowedActions('acknowledged')).toEqual(['confirm', 'refute', 'resolve']);
    expect(allowedActions('resolved')).toEqual([]);
  });
});
