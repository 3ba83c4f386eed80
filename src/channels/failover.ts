// Sends through the first channel, and once that channel has kept failing a message for long enough, sends it through the next ones instead.
// The outbound worker calls send() once per job attempt (BullMQ retries with backoff). Each attempt tries the
// first channel; when it fails retryably and the first such failure of this message is older than
// failoverAfterMs, the same attempt goes on to the next channels. A 'channel' error (bad credentials, no
// balance, unknown device: nothing this channel sends can succeed) goes on to the next channels at once.
// The caller passes that
// time as sms.firstFailedAt (from its attempt records: works across worker processes), or passes sms.key
// and this wrapper remembers first failures in memory (one process only).
import { SendError, type OutboundSms, type SendOutcome, type SmsChannel } from './types.ts';

export interface SwitchEvent {
  key: string | null;
  from: string;
  to: string;
  /** How long the first channel had been failing this message. */
  failingForMs: number;
  /** The first channel's error in this attempt. */
  cause: SendError;
}

export interface FailoverOptions {
  failoverAfterMs: number;
  now?: () => Date;
  /** Log it: called each time an attempt goes past the first channel. */
  onSwitch?: (event: SwitchEvent) => void;
  /** First failures remembered for callers that pass only a key. Default 10 000 messages. */
  memoryLimit?: number;
}

/**
 * Named after its first channel, where messages go unless they fail over; each outcome's `channel`
 * says which channel sent it (delivery reports then come from that channel).
 */
export function createFailoverChannel(channels: readonly SmsChannel[], options: FailoverOptions): SmsChannel {
  const [primary, ...fallbacks] = channels;
  if (!primary) throw new Error('failover needs at least one channel');
  if (!(options.failoverAfterMs >= 0)) throw new Error('failoverAfterMs must be 0 or more');
  const now = options.now ?? (() => new Date());
  const limit = options.memoryLimit ?? 10_000;
  const firstFailures = new Map<string, Date>();

  const remember = (key: string | null, at: Date) => {
    if (key === null || firstFailures.has(key)) return;
    firstFailures.set(key, at);
    if (firstFailures.size > limit) firstFailures.delete(firstFailures.keys().next().value as string);
  };
  const forget = (key: string | null) => {
    if (key !== null) firstFailures.delete(key);
  };
  const sent = (outcome: SendOutcome, channel: SmsChannel, key: string | null): SendOutcome => {
    forget(key);
    return { ...outcome, channel: channel.name };
  };

  return {
    name: primary.name,
    // An attempt that died may have gone to any of them: a second one is safe only if every one deduplicates.
    deduplicates: channels.every((c) => c.deduplicates === true),
    async send(sms: OutboundSms): Promise<SendOutcome> {
      const key = sms.key ?? null;
      // The first channel is always tried first: it is the one configured, and it may have recovered.
      let cause: SendError;
      try {
        return sent(await primary.send(sms), primary, key);
      } catch (error) {
        if (!(error instanceof SendError) || error.kind === 'permanent') {
          forget(key); // a bad number is bad on every channel
          throw error;
        }
        cause = error;
      }
      const firstFailedAt = sms.firstFailedAt ?? (key !== null ? firstFailures.get(key) : undefined) ?? now();
      remember(key, firstFailedAt);
      const failingForMs = now().getTime() - firstFailedAt.getTime();
      const waitFirst = cause.kind !== 'channel' && failingForMs < options.failoverAfterMs;
      if (fallbacks.length === 0 || waitFirst) throw cause;

      // Failing for long enough, or unable to send at all: the other channels, in order, until one takes the message.
      let last: SendError = cause;
      for (const channel of fallbacks) {
        options.onSwitch?.({ key, from: primary.name, to: channel.name, failingForMs, cause });
        try {
          return sent(await channel.send(sms), channel, key);
        } catch (error) {
          if (!(error instanceof SendError) || error.kind === 'permanent') {
            forget(key);
            throw error;
          }
          last = error;
        }
      }
      throw last;
    },
  };
}
