// Turns a (verified) SIM gateway webhook into a received SMS, a delivery report or a ping; refuses only what cannot be stored.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { jsonBody, required, storableText } from '../schema.ts';
import { normalisePhone } from '../../phone/phone.ts';
import type { ParseResult } from '../types.ts';
import { lookupStatusEvent, PING_EVENT, RECEIVED_EVENT, type DeliveryState, type StatusEvent } from './statuses.ts';

interface EventBase {
  /** The app's id for this webhook call (stable across its retries); null when absent. */
  eventId: string | null;
  /** The app's device id: which phone sent it (for markContact). */
  deviceId: string;
}

export interface ReceivedSms extends EventBase {
  kind: 'received';
  /**
   * Dedup key: a hash of sender, instant and text. The app's messageId is derived from the content and
   * not unique (docs: features/webhooks.md), and the event id changes when the app re-exports its inbox.
   */
  providerId: string;
  /** E.164 when it is a number, else the raw value trimmed. */
  from: string;
  fromIsNumber: boolean;
  /** Our SIM's number when the app reports it, else 'sim<n>', else ''. */
  to: string;
  simNumber: number | null;
  /** As sent, never trimmed; '' when missing. */
  text: string;
  /** The phone's clock (with its own offset), as an instant; null when unreadable. */
  receivedAt: Date | null;
}

export interface GatewayStatus extends EventBase {
  kind: 'status';
  /** The id the send API answered with. */
  providerMessageId: string;
  rawEvent: StatusEvent;
  state: DeliveryState;
  final: boolean;
  /** The app's failure reason (sms:failed), e.g. 'RESULT_ERROR_GENERIC_FAILURE'; null otherwise. */
  reason: string | null;
  at: Date | null;
}

export interface GatewayPing extends EventBase {
  kind: 'ping';
}

export type GatewayEvent = ReceivedSms | GatewayStatus | GatewayPing;

const envelopeSchema = z.object({
  event: required('event'),
  deviceId: required('deviceId'),
  id: z.string().optional(),
  payload: z.record(z.string(), z.unknown(), { error: 'payload must be an object' }).optional(),
});

// `phoneNumber` is deprecated in favour of sender/recipient but still sent (docs blog 2026-02-17).
const receivedSchema = z.object({
  sender: z.string().optional(),
  phoneNumber: z.string().optional(),
  recipient: z.string().nullish(),
  simNumber: z.number().int().nullish(),
  message: z.string().optional(),
  receivedAt: z.string().optional(),
});

const statusSchema = z.object({
  messageId: required('messageId'),
  reason: z.string().nullish(), // the app's field; client-ts types call it `error`
  error: z.string().nullish(),
  sentAt: z.string().optional(),
  deliveredAt: z.string().optional(),
  failedAt: z.string().optional(),
});

/** Accepts the parsed JSON, or the raw body (string or Buffer) after signature verification. */
export function parseGatewayEvent(json: unknown): ParseResult<GatewayEvent> {
  const read = jsonBody(json);
  if (!read.ok) return read;
  const body = read.body;
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return refusal(envelope.error.issues);
  const { event, deviceId, id, payload = {} } = envelope.data;
  const base = { eventId: blankToNull(id), deviceId: deviceId.trim() };

  if (event === PING_EVENT) return { ok: true, flags: [], value: { kind: 'ping', ...base } };
  if (event === RECEIVED_EVENT) return parseReceived(payload, base);
  const status = lookupStatusEvent(event);
  if (!status) return { ok: false, field: 'event', message: `unsupported event '${event}'` };

  const parsed = statusSchema.safeParse(payload);
  if (!parsed.success) return refusal(parsed.error.issues, 'payload');
  const p = parsed.data;
  const at = p.failedAt ?? p.deliveredAt ?? p.sentAt;
  return {
    ok: true,
    flags: [],
    value: {
      kind: 'status',
      ...base,
      providerMessageId: p.messageId.trim(),
      rawEvent: status.event,
      state: status.state,
      final: status.final,
      reason: blankToNull(p.reason ?? p.error ?? undefined),
      at: parseDeviceDate(at),
    },
  };
}

function parseReceived(payload: Record<string, unknown>, base: EventBase): ParseResult<GatewayEvent> {
  const parsed = receivedSchema.safeParse(payload);
  if (!parsed.success) return refusal(parsed.error.issues, 'payload');
  const p = parsed.data;
  const sender = (p.sender ?? p.phoneNumber ?? '').trim();
  if (sender === '') return { ok: false, field: 'payload.sender', message: 'payload.sender is required' };

  const flags: string[] = [];
  const phone = normalisePhone(sender);
  flags.push(...phone.flags);
  const from = phone.e164 ?? sender;

  const simNumber = p.simNumber ?? null;
  const to = p.recipient?.trim() || (simNumber !== null ? `sim${simNumber}` : '');
  if (to === '') flags.push('to_missing');

  const text = storableText(p.message, flags);

  const receivedAt = parseDeviceDate(p.receivedAt);
  if (receivedAt === null) flags.push('date_invalid');

  return {
    ok: true,
    flags,
    value: {
      kind: 'received',
      ...base,
      providerId: derivedInboundId(from, receivedAt?.toISOString() ?? p.receivedAt ?? '', text),
      from,
      fromIsNumber: phone.e164 !== null,
      to,
      simNumber,
      text,
      receivedAt,
    },
  };
}

/** 'asg-' + sha256(sender, instant, sha256(text)): stable across retries, no phone number in clear, fits one column. */
export function derivedInboundId(from: string, when: string, text: string): string {
  const textHash = createHash('sha256').update(text, 'utf8').digest('hex');
  return `asg-${createHash('sha256').update(`${from}\n${when}\n${textHash}`, 'utf8').digest('hex')}`;
}

// The app writes ISO 8601 with the phone's offset ('2024-06-22T15:46:11.000+07:00'); older builds write Z.
const DEVICE_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

function parseDeviceDate(raw: string | undefined): Date | null {
  const trimmed = raw?.trim() ?? '';
  if (!DEVICE_DATE.test(trimmed)) return null;
  const date = new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}

function refusal(issues: readonly z.core.$ZodIssue[], prefix?: string): { ok: false; field: string; message: string } {
  const issue = issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = [prefix, path].filter((part) => part).join('.') || 'body';
  const message = issue?.message ?? 'invalid body';
  // Our own messages already name the field ('messageId is required'); zod's generic ones do not.
  if (path !== '' && message.startsWith(path)) return { ok: false, field, message: prefix ? `${prefix}.${message}` : message };
  return { ok: false, field, message: `${field}: ${message}` };
}

function blankToNull(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
