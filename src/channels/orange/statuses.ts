// Orange SMS API vocabularies as data: GSMA OneAPI delivery statuses and the request-error ids of the send API.
import type { SendErrorKind } from '../types.ts';

export type DeliveryState = 'sent' | 'delivered' | 'failed';

/**
 * `deliveryInfo.deliveryStatus` → our state (GSMA OneAPI SMS, DeliveryStatus; Orange's DR callbacks use it:
 * texttochange/vusion-backend transports/orange_sdp). `final`: no later report should overwrite it.
 */
export const DELIVERY_STATUSES = {
  DeliveredToNetwork: { state: 'sent', final: false }, //              the operator's network took it
  MessageWaiting: { state: 'sent', final: false }, //                  queued in the network (handset off or out of coverage)
  DeliveryUncertain: { state: 'sent', final: false }, //               the network cannot say; a later report may settle it
  DeliveryNotificationNotSupported: { state: 'sent', final: false }, // no report will come for this network
  DeliveredToTerminal: { state: 'delivered', final: true }, //         reached the handset
  DeliveryImpossible: { state: 'failed', final: true }, //             will not be delivered (bad number, expired, barred)
} as const satisfies Record<string, { state: DeliveryState; final: boolean }>;

export type DeliveryStatus = keyof typeof DELIVERY_STATUSES;
export const DELIVERY_STATUS_NAMES = Object.keys(DELIVERY_STATUSES) as DeliveryStatus[];

/** Finds a delivery status ignoring case; undefined for one OneAPI does not define. */
export function lookupDeliveryStatus(raw: string): { name: DeliveryStatus; state: DeliveryState; final: boolean } | undefined {
  const name = DELIVERY_STATUS_NAMES.find((known) => known.toLowerCase() === raw.trim().toLowerCase());
  return name && { name, ...DELIVERY_STATUSES[name] };
}

/**
 * `requestError.serviceException|policyException.messageId` → what to do. Ids and meanings from Orange's
 * API reference (developer.orange.com/apis/sms-bw/api-reference: 400 SVC0001–SVC0004, SVC0280; 403
 * POL0001, POL0003) and Orange's reseller Bizao (dev.bizao.com SMS API error codes: POL0001 covers "not
 * enough credit", "no contract for the country" and "expired contract"). Account-level trouble is a
 * 'channel' error, so that failover moves the message to another channel at once; only trouble with
 * the message itself is permanent.
 */
export const REQUEST_ERRORS: Readonly<Record<string, { kind: SendErrorKind; meaning: string }>> = {
  SVC0001: { kind: 'retryable', meaning: 'service error at Orange' },
  SVC0002: { kind: 'permanent', meaning: 'invalid input value' },
  SVC0003: { kind: 'permanent', meaning: 'invalid input value (out of range)' },
  SVC0004: { kind: 'permanent', meaning: 'no valid address (bad number, or a country the account does not serve)' },
  SVC0005: { kind: 'permanent', meaning: 'duplicate client correlator' },
  SVC0280: { kind: 'permanent', meaning: 'message too long' },
  POL0001: { kind: 'channel', meaning: 'policy error: SMS bundle used up, or contract missing or expired' },
  POL0003: { kind: 'permanent', meaning: 'too many addresses' },
  POL3003: { kind: 'throttled', meaning: 'too many transactions per interval (OneAPI gateways)' },
};

/** Our own codes, for answers that carry no requestError id. */
export const OWN_ERRORS = {
  orange_auth_failed: { kind: 'channel', meaning: 'the token endpoint refused our client id or secret' },
  orange_unauthorized: { kind: 'channel', meaning: 'the send API refused a freshly issued token (HTTP 401)' },
} as const satisfies Record<string, { kind: SendErrorKind; meaning: string }>;

/** An HTTP status without a known error id. */
export function httpErrorKind(status: number): SendErrorKind {
  if (status === 401 || status === 403) return 'channel'; // credentials, or an app without the SMS API
  if (status === 404) return 'channel'; //                  no such sender address or base URL: misconfigured
  if (status === 429) return 'throttled';
  if (status >= 500) return 'retryable';
  return 'permanent'; //                                      any other 4xx: about this request
}

/** The table entry for an error id; unknown ids fall back on the HTTP status. */
export function lookupRequestError(messageId: string, httpStatus: number): { kind: SendErrorKind; meaning: string } {
  const known = Object.hasOwn(REQUEST_ERRORS, messageId) ? REQUEST_ERRORS[messageId] : undefined;
  if (known) return known;
  if (httpStatus >= 500) return { kind: 'retryable', meaning: 'unknown server error' };
  return { kind: httpStatus === 401 ? 'channel' : 'permanent', meaning: 'unknown error' };
}
