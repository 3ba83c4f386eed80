import { describe, expect, it } from 'vitest';
import { canMove } from './outbound.service.ts';

const open = (state: 'queued' | 'sent' | 'delivered' | 'failed') => ({ state, final: false });
const final = (state: 'delivered' | 'failed') => ({ state, final: true });

describe('canMove: a delivery report moves a message forward, never past a final state', () => {
  it.each([
    ['sent, then the handset is off (AbsentSubscriber)', open('sent'), open('failed'), true],
    ['handset off, then Success', open('failed'), final('delivered'), true],
    ['handset off, then failed for good', open('failed'), final('failed'), true],
    ['handset off, then Buffered', open('failed'), open('sent'), false],
    ['handset off twice', open('failed'), open('failed'), false],
    ['queued, then a late Sent', open('queued'), open('sent'), true],
    ['sent, then Success', open('sent'), final('delivered'), true],
    ['delivered, then Failed (SIM gateway: another part failed)', final('delivered'), final('failed'), false],
    ['delivered, then handset off', final('delivered'), open('failed'), false],
    ['Rejected, then Success', final('failed'), final('delivered'), false],
    ['sent, then Sent again', open('sent'), open('sent'), false],
  ])('%s', (_name, from, to, expected) => {
    expect(canMove(from, to)).toBe(expected);
  });
});
