// A channel that sends nothing, for development and tests; the outbound_messages table serves as its inbox.
import { randomUUID } from 'node:crypto';
import type { OutboundSms, SendError, SendOutcome, SmsChannel } from '../types.ts';

export interface SimulatedSend {
  sms: OutboundSms;
  outcome: SendOutcome;
  at: Date;
}

export interface SimulatorOptions {
  /** Called before each send; returning a SendError makes that send fail with it. */
  failNext?: (sms: OutboundSms) => SendError | null;
}

export type SimulatorChannel = SmsChannel & {
  /** Every accepted send, oldest first. */
  readonly sent: SimulatedSend[];
};

export function createSimulatorChannel(options: SimulatorOptions = {}): SimulatorChannel {
  const sent: SimulatedSend[] = [];
  return {
    name: 'simulator',
    // It hands nothing to anyone (outbound_messages is its inbox): a second attempt reaches nobody twice.
    deduplicates: true,
    sent,
    async send(sms: OutboundSms): Promise<SendOutcome> {
      const failure = options.failNext?.(sms);
      if (failure) throw failure;
      const outcome: SendOutcome = { providerMessageId: `sim-${randomUUID()}`, providerStatus: 'Success' };
      sent.push({ sms: { ...sms }, outcome, at: new Date() });
      return outcome;
    },
  };
}
