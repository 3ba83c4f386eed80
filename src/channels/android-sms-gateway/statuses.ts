// The SIM gateway's vocabularies as data: webhook events, message states and HTTP errors of its send API.
// Sources: android-sms-gateway/docs-web docs/features/webhooks.md and status-tracking.md; the app's
// localserver/routes/MessagesRoutes.kt and android-sms-gateway/server handlers/messages/3rdparty.go.
import type { SendErrorKind } from '../types.ts';

export type DeliveryState = 'sent' | 'delivered' | 'failed';

/** Webhook `event` of a sent message → our state. `final`: no later report should overwrite it. */
export const STATUS_EVENTS = {
  'sms:sent': { state: 'sent', final: false }, //          the SMSC accepted it (Android's sent confirmation)
  'sms:delivered': { state: 'delivered', final: true }, // the handset confirmed receipt (needs withDeliveryReport)
  'sms:failed': { state: 'failed', final: true }, //       terminal error at any stage; the app may report it even after Delivered
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
 */
export const HTTP_ERRORS: Readonly<Record<number, { kind: SendErrorKind; deviceFault: boolean }>> = {
  400: { kind: 'permanent', deviceFault: false }, // invalid request: bad number, empty text
  401: { kind: 'permanent', deviceFault: true }, //  wrong username/password for this phone
  403: { kind: 'permanent', deviceFault: true }, //  token lacks the send scope
  404: { kind: 'permanent', deviceFault: true }, //  wrong base URL (local mode has no /3rdparty/v1 prefix)
  409: { kind: 'permanent', deviceFault: false }, // same message id already exists (we never send one)
  429: { kind: 'throttled', deviceFault: true },
  500: { kind: 'retryable', deviceFault: true },
  502: { kind: 'retryable', deviceFault: true },
  503: { kind: 'retryable', deviceFault: true }, //  cloud: queue limits exceeded, device offline
  504: { kind: 'retryable', deviceFault: true },
};

export function httpError(status: number): { kind: SendErrorKind; deviceFault: boolean } {
  return HTTP_ERRORS[status] ?? (status >= 500 ? { kind: 'retryable', deviceFault: true } : { kind: 'permanent', deviceFault: false });
}
