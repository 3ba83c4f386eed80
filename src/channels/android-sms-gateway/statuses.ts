// The SIM gateway's vocabularies as data: webhook events, message states and HTTP errors of its send API.
// Sources: android-sms-gateway/docs-web docs/features/webhooks.md and status-tracking.md; the app's
// localserver/routes/MessagesRoutes.kt and android-sms-gateway/server handlers/messages/3rdparty.go.
import type { SendErrorKind } from '../types.ts';

export type DeliveryState = 'sent' | 'delivered' | 'failed';

/** Webhook `event` of a sent message → our state. `final`: no later report should overwrite it. */
export const STATUS_EVENTS = {
  'sms:sent': { state: 'sent', final: false }, //          the SMSC accepted it (Android's sent confirmation)
  'sms:delivered': { state: 'delivered', final: true }, // the handset confirmed receipt (needs withDeliveryReport)
  // Terminal at any stage, as the app records it: a long message with any part failed is Failed (docs-web
  // status-tracking.md), even when another part was delivered. After our delivered it changes nothing.
  'sms:failed': { state: 'failed', final: true },
} as const satisfies Record<string, { state: DeliveryState; final: boolean }>;

export type StatusEvent = keyof typeof STATUS_EVENTS;

/** Other webhook events we subscribe to. Anything else (mms:*, sms:batch:*, app:started, …) is not ours to parse. */
export const RECEIVED_EVENT = 'sms:received';
export const PING_EVENT = 'system:ping';

export function lookupStatusEvent(event: string): { event: StatusEvent; state: DeliveryState; final: boolean } | undefined {
  return event in STATUS_EVENTS ? { event: event as StatusEvent, ...STATUS_EVENTS[event as StatusEvent] } : undefined;
}

/** `state` in the send answer (202). Everything but Failed means the phone has the message. */
export const PROCESS_STATES = {
  Pending: { accepted: true }, //   queued on the server or phone
  Processed: { accepted: true }, // handed to Android's SMS API
  Sent: { accepted: true },
  Delivered: { accepted: true },
  Failed: { accepted: false, kind: 'permanent' },
} as const satisfies Record<string, { accepted: true } | { accepted: false; kind: SendErrorKind }>;

/**
 * HTTP errors of POST /messages. The API sends only `{ message }`, no codes. `deviceFault`: the trouble is
 * with this phone or its account (try another phone); otherwise it is about the message (no phone can help).
 * A 'channel' kind means no message can go through this phone as configured: the pool tries the next phone,
 * and failover the next channel, at once.
 */
export const HTTP_ERRORS: Readonly<Record<number, { kind: SendErrorKind; deviceFault: boolean }>> = {
  400: { kind: 'permanent', deviceFault: false }, // invalid request: bad number, empty text (unknown device: see below)
  401: { kind: 'channel', deviceFault: true }, //    wrong username/password for this phone
  403: { kind: 'channel', deviceFault: true }, //    token lacks the send scope
  404: { kind: 'channel', deviceFault: true }, //    wrong base URL (local mode has no /3rdparty/v1 prefix)
  429: { kind: 'throttled', deviceFault: true },
  500: { kind: 'retryable', deviceFault: true },
  502: { kind: 'retryable', deviceFault: true },
  503: { kind: 'retryable', deviceFault: true }, //  cloud: queue limits exceeded, device offline
  504: { kind: 'retryable', deviceFault: true },
};

/**
 * The cloud and private servers answer 400 for a deviceId they do not know (server handlers/messages/
 * 3rdparty.go: devices.ErrNotFound → 400, message 'failed to select device: …'): our configuration is wrong.
 */
const UNKNOWN_DEVICE = /device/i;

/**
 * 409: a message with this id already exists on the phone or server. We send our outbound id as the
 * message id, so a 409 answers a retry of a send that got through: accepted, not sent twice.
 */
export const ALREADY_ACCEPTED_STATUS = 409;

export function httpError(status: number, serverMessage = ''): { kind: SendErrorKind; deviceFault: boolean } {
  if (status === 400 && UNKNOWN_DEVICE.test(serverMessage)) return { kind: 'channel', deviceFault: true };
  return (
    HTTP_ERRORS[status] ?? (status >= 500 ? { kind: 'retryable', deviceFault: true } : { kind: 'permanent', deviceFault: false })
  );
}
