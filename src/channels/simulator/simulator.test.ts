import { describe, expect, it } from 'vitest';
import { SendError, type OutboundSms } from '../types.ts';
import { createSimulatorChannel } from './simulator.ts';

const sms: OutboundSms = { to: '+22376123421', text: 'Alerte: réunion du comité à 10h' };

describe('createSimulatorChannel', () => {
  it('accepts at once with a sim- id and records the send', async () => {
    const channel = createSimulatorChannel();
    const outcome = await channel.send(sms);
    expect(channel.name).toBe('simulator');
    expect(outcome.providerStatus).toBe('Success');
    expect(outcome.providerMessageId).toMatch(/^sim-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(channel.sent).toEqual([{ sms, outcome, at: expect.any(Date) }]);
  });

  it('gives every send its own id', async () => {
    const channel = createSimulatorChannel();
    const ids = await Promise.all([1, 2, 3].map(() => channel.send(sms).then((o) => o.providerMessageId)));
    expect(new Set(ids).size).toBe(3);
  });

  it.each([
    ['retryable', new SendError('InsufficientBalance', 'retryable', { providerStatus: 'InsufficientBalance' })],
    ['throttled', new SendError('http_429', 'throttled')],
    ['permanent', new SendError('InvalidPhoneNumber', 'permanent', { providerStatus: 'InvalidPhoneNumber' })],
  ])('injects a %s failure and records nothing', async (_kind, error) => {
    const channel = createSimulatorChannel({ failNext: () => error });
    await expect(channel.send(sms)).rejects.toBe(error);
    expect(channel.sent).toEqual([]);
  });

  it('fails only the sends the injector picks', async () => {
    let calls = 0;
    const channel = createSimulatorChannel({
      failNext: (next) => (next.to === '+22300000000' || ++calls === 2 ? new SendError('network', 'retryable') : null),
    });
    const results = await Promise.allSettled([
      channel.send(sms),
      channel.send(sms),
      channel.send({ ...sms, to: '+22300000000' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(channel.sent).toHaveLength(1);
  });
});
