// Africa's Talking status vocabularies as data: delivery-report statuses and per-recipient send codes (AFRICASTALKING.md §1.2, §3.3).
import type { SendErrorKind } from '../types.ts';

export type DeliveryState = 'sent' | 'delivered' | 'failed';

/** DLR `status` → our state. `final`: no later report may change it; a failure that is not final can still become delivered. */
export const DLR_STATUSES = {
  Sent: { state: 'sent', final: false }, //             sent out by AT
  Submitted: { state: 'sent', final: false }, //        handed to the operator
  Buffered: { state: 'sent', final: false }, //         queued by the operator (handset off, network busy)
  Success: { state: 'delivered', final: true }, //      reached the handset
  Rejected: { state: 'failed', final: true }, //        the operator refused it
  Failed: { state: 'failed', final: true }, //          not delivered
  Expired: { state: 'failed', final: true }, //         dropped by the operator (content or sender ID flagged); AT: "treat as final"
  AbsentSubscriber: { state: 'failed', final: false }, // handset off or out of coverage; the network may retry: a later Success still counts
} as const satisfies Record<string, { state: DeliveryState; final: boolean }>;

export type DlrStatus = keyof typeof DLR_STATUSES;
export const DLR_STATUS_NAMES = Object.keys(DLR_STATUSES) as DlrStatus[];

/** Finds a DLR status by name, ignoring case; undefined for a status AT has not documented. */
export function lookupDlrStatus(raw: string): { name: DlrStatus; state: DeliveryState; final: boolean } | undefined {
  const name = DLR_STATUS_NAMES.find((known) => known.toLowerCase() === raw.trim().toLowerCase());
  return name && { name, ...DLR_STATUSES[name] };
}

/** DLR `failureReason` values in AT's spelling; matched case-insensitively ('UserInBlacklist' vs 'UserInBlackList'). */
export const DLR_FAILURE_REASONS = [
  'InsufficientCredit', //          premium only
  'InvalidLinkId', //               premium only
  'UserNotSubscribedToProduct', //  premium only
  'UserIsInactive',
  'UserInBlackList',
  'UserAccountSuspended',
  'NotNetworkSubcriber', //         sic: AT's spelling
  'UserDoesNotExist',
  'DeliveryFailure', //             the catch-all
  'DoNotDisturbRejection', //       Nigeria only
] as const;

/** Canonical spelling of a failure reason; null when absent or 'none'; an unknown reason is kept as sent. */
export function canonicalFailureReason(raw: string | undefined): string | null {
  const trimmed = raw?.trim() ?? '';
  if (trimmed === '' || trimmed.toLowerCase() === 'none') return null;
  return DLR_FAILURE_REASONS.find((known) => known.toLowerCase() === trimmed.toLowerCase()) ?? trimmed;
}

/**
 * Per-recipient `statusCode` of a send response. Accepted means AT took it (not delivered:
 * the DLR says that). Otherwise `kind` tells the sender what can help: 'channel' when the account
 * cannot send now (another channel can, so failover moves on at once), 'permanent' when the message
 * or number is at fault, 'retryable' when trying again later may work. After medic/cht-core's STATUS_MAP.
 */
export const SEND_STATUS_CODES: Readonly<
  Record<number, { name: string; accepted: true } | { name: string; accepted: false; kind: SendErrorKind }>
> = {
  100: { name: 'Processed', accepted: true },
  101: { name: 'Sent', accepted: true },
  102: { name: 'Queued', accepted: true },
  401: { name: 'RiskHold', accepted: false, kind: 'channel' }, //                held by AT's risk checks: contact AT
  402: { name: 'InvalidSenderId', accepted: false, kind: 'channel' }, //         sender not registered: needs a config fix
  403: { name: 'InvalidPhoneNumber', accepted: false, kind: 'permanent' },
  404: { name: 'UnsupportedNumberType', accepted: false, kind: 'permanent' },
  405: { name: 'InsufficientBalance', accepted: false, kind: 'channel' }, //     until a top-up
  406: { name: 'UserInBlacklist', accepted: false, kind: 'permanent' }, //       opted out or barred
  407: { name: 'CouldNotRoute', accepted: false, kind: 'channel' }, //           AT has no route to that network (expect it for Mali)
  409: { name: 'DoNotDisturbRejection', accepted: false, kind: 'retryable' }, // Nigeria: inside the allowed window
  500: { name: 'InternalServerError', accepted: false, kind: 'retryable' },
  501: { name: 'GatewayError', accepted: false, kind: 'retryable' },
  502: { name: 'RejectedByGateway', accepted: false, kind: 'retryable' },
};

/**
 * The HTTP status of a send answer that names no recipient (AFRICASTALKING.md §3.3). A bad key gets 401;
 * other 4xx bodies are undocumented: a request we built wrong is at fault, not the number.
 */
export function httpErrorKind(status: number): SendErrorKind {
  if (status === 401 || status === 403) return 'channel'; //  wrong username or API key, or a disabled app
  if (status === 429) return 'throttled';
  if (status >= 500) return 'retryable';
  return 'permanent'; //                                       any other 4xx
}

/** Finds a send code by its name (AT sometimes reports only the name, e.g. Message 'InvalidSenderId'). */
export function lookupSendStatusByName(name: string): (typeof SEND_STATUS_CODES)[number] | undefined {
  const wanted = name.trim().toLowerCase();
  return Object.values(SEND_STATUS_CODES).find((entry) => entry.name.toLowerCase() === wanted);
}
