// The common types of every SMS channel: the sender (SmsChannel), its errors, and what webhooks give intake and outbound.

/**
 * What the sender should do next:
 * - 'retryable': this message may go through later on the same channel (5xx, network, timeout);
 * - 'throttled': the same, after backing off harder;
 * - 'channel': this channel cannot send anything now (credentials, balance, risk hold, sender, route,
 *   unknown device): another channel can, so failover moves on at once; alone, it is retried like 'retryable';
 * - 'permanent': the message itself cannot be sent (bad number, opted out): no channel can help, stop.
 */
export type SendErrorKind = 'retryable' | 'throttled' | 'channel' | 'permanent';

/**
 * A send that did not get the message accepted by the provider.
 * `code` is stable and safe to store or branch on: a provider status name
 * ('InsufficientBalance', 'InvalidPhoneNumber', …) or one of our own
 * ('http_429', 'http_500', 'network', 'timeout', 'unexpected_response', …).
 */
export class SendError extends Error {
  override readonly name = 'SendError';
  readonly code: string;
  readonly kind: SendErrorKind;
  readonly providerStatus?: string;

  constructor(code: string, kind: SendErrorKind, options: { providerStatus?: string; message?: string; cause?: unknown } = {}) {
    super(options.message ?? code, { cause: options.cause });
    this.code = code;
    this.kind = kind;
    if (options.providerStatus !== undefined) this.providerStatus = options.providerStatus;
  }
}

export interface OutboundSms {
  /** E.164, e.g. '+22376123421'. */
  to: string;
  text: string;
  /** Optional: a stable id for this message across retries (e.g. the outbound message id); lets a wrapper track its attempts. */
  key?: string;
  /** Optional: when an earlier attempt at this message first failed with a retryable error; a failover channel switches on it. */
  firstFailedAt?: Date;
}

export interface SendOutcome {
  /** The provider's key for later delivery reports; null when it gave none. */
  providerMessageId: string | null;
  /** The provider's own word for the acceptance, e.g. 'Success' or 'Sent'. */
  providerStatus: string;
  /** Optional: the channel that actually sent it, when a wrapper (failover) chose among several. */
  channel?: string;
}

export interface SmsChannel {
  readonly name: string;
  /**
   * The provider drops a second request carrying the same `key` (our message id), so a send whose first
   * attempt died mid-call may be made again without the recipient getting it twice.
   */
  readonly deduplicates?: boolean;
  /** Resolves when the provider accepted the message; throws SendError otherwise. */
  send(sms: OutboundSms): Promise<SendOutcome>;
}

/** A parser's answer: a value plus flags for odd-but-storable input, or the field that makes it unusable. */
export type ParseResult<T> = { ok: true; value: T; flags: string[] } | { ok: false; field: string; message: string };

/** An SMS received by any provider, as intake stores it. */
export interface InboundSms {
  /** The provider's id for it: the dedup key. */
  providerId: string;
  /** E.164 when it is a number, else the raw value trimmed (e.g. 'MTN'). */
  from: string;
  fromIsNumber: boolean;
  /** Our short code or number; null when the provider left it out. */
  to: string | null;
  /** As sent, never trimmed; '' when missing. */
  text: string;
  receivedAt: Date | null;
  linkId: string | null;
  networkCode: string | null;
}

/** A delivery report from any provider, as the outbound service applies it. */
export type { DeliveryReport } from '../outbound/outbound.service.ts';
