// Turns Orange's OneAPI JSON callbacks (delivery receipts and inbound SMS) into delivery reports and storable SMS; refuses only what cannot be stored.
// Orange registers both URLs on request and documents no signature: the webhook must check a URL token.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { jsonBody, required, storableText } from '../schema.ts';
import { normalisePhone } from '../../phone/phone.ts';
import type { ParseResult } from '../types.ts';
import { lastSegment } from './send.ts';
import { DELIVERY_STATUS_NAMES, lookupDeliveryStatus, type DeliveryState } from './statuses.ts';

export interface OrangeDeliveryReport {
  kind: 'status';
  /**
   * What names the message: `callbackData`, which OneAPI echoes from the send (our outbound id; some Orange
   * platforms put the request id there instead); when it is empty or missing (seen in the field:
   * `"callbackData": ""`), the request id from the receipt's `resourceURL` or `messageId`. The outbound
   * service matches either against what the send recorded (our id, or Orange's request id).
   */
  providerMessageId: string;
  rawStatus: string;
  state: DeliveryState;
  final: boolean;
  /** The recipient, 'tel:' removed. */
  address: string;
}

export interface OrangeInboundSms {
  kind: 'received';
  /** Orange's messageId when present; else a hash of sender, instant and text (stable across retries). */
  providerId: string;
  from: string;
  fromIsNumber: boolean;
  /** Our short code or number, 'tel:' removed. */
  to: string;
  text: string;
  receivedAt: Date | null;
}

export type OrangeNotification = OrangeDeliveryReport | OrangeInboundSms;

const deliverySchema = z.object({
  deliveryInfoNotification: z.object(
    {
      deliveryInfo: z.object(
        {
          address: z.string().optional(),
          deliveryStatus: required('deliveryStatus'),
          resourceURL: z.unknown().optional(),
          messageId: z.unknown().optional(),
        },
        { error: 'deliveryInfo is required' },
      ),
      callbackData: z.string().nullish(),
      resourceURL: z.unknown().optional(),
      messageId: z.unknown().optional(),
    },
    { error: 'deliveryInfoNotification is required' },
  ),
});

const inboundSchema = z.object({
  inboundSMSMessageNotification: z.object(
    {
      inboundSMSMessage: z.object(
        {
          senderAddress: required('senderAddress'),
          destinationAddress: z.string().optional(),
          message: z.string().optional(),
          dateTime: z.string().optional(),
          messageId: z.string().optional(),
        },
        { error: 'inboundSMSMessage is required' },
      ),
    },
    { error: 'inboundSMSMessageNotification is required' },
  ),
});

/** Either kind of callback (Orange may post both to one URL); parsed JSON, or the raw body as a string or Buffer. */
export function parseOrangeNotification(json: unknown): ParseResult<OrangeNotification> {
  const read = jsonBody(json);
  if (!read.ok) return read;
  const body = read.body;
  if (typeof body === 'object' && body !== null && 'inboundSMSMessageNotification' in body) return parseInbound(body);
  return parseDelivery(body);
}

function parseDelivery(body: unknown): ParseResult<OrangeNotification> {
  const parsed = deliverySchema.safeParse(body);
  if (!parsed.success) return refusal(parsed.error.issues);
  const notification = parsed.data.deliveryInfoNotification;
  const { deliveryInfo } = notification;
  const status = lookupDeliveryStatus(deliveryInfo.deliveryStatus);
  if (!status) {
    return {
      ok: false,
      field: 'deliveryInfoNotification.deliveryInfo.deliveryStatus',
      message: `unknown deliveryStatus '${deliveryInfo.deliveryStatus}'; expected one of ${DELIVERY_STATUS_NAMES.join(', ')}`,
    };
  }
  const callbackData = notification.callbackData?.trim() ?? '';
  const requestId =
    [notification.resourceURL, deliveryInfo.resourceURL].map(lastSegment).find((id) => id !== null) ??
    [notification.messageId, deliveryInfo.messageId].map(nonBlank).find((id) => id !== null);
  const providerMessageId = callbackData !== '' ? callbackData : requestId;
  if (!providerMessageId) {
    return {
      ok: false,
      field: 'deliveryInfoNotification.callbackData',
      message: 'callbackData is empty and no resourceURL or messageId names the message',
    };
  }
  return {
    ok: true,
    flags: callbackData === '' ? ['callback_data_missing'] : [],
    value: {
      kind: 'status',
      providerMessageId,
      rawStatus: deliveryInfo.deliveryStatus,
      state: status.state,
      final: status.final,
      address: stripTel(deliveryInfo.address ?? ''),
    },
  };
}

function parseInbound(body: unknown): ParseResult<OrangeNotification> {
  const parsed = inboundSchema.safeParse(body);
  if (!parsed.success) return refusal(parsed.error.issues);
  const m = parsed.data.inboundSMSMessageNotification.inboundSMSMessage;
  const flags: string[] = [];

  const sender = stripTel(m.senderAddress);
  const phone = normalisePhone(sender);
  flags.push(...phone.flags);
  const from = phone.e164 ?? sender;

  const to = stripTel(m.destinationAddress ?? '');
  if (to === '') flags.push('to_missing');
  const text = storableText(m.message, flags);

  const receivedAt = parseIsoDate(m.dateTime);
  if (receivedAt === null) flags.push('date_invalid');

  const messageId = m.messageId?.trim() ?? '';
  return {
    ok: true,
    flags,
    value: {
      kind: 'received',
      providerId: messageId !== '' ? messageId : derivedId(from, receivedAt?.toISOString() ?? m.dateTime ?? '', text),
      from,
      fromIsNumber: phone.e164 !== null,
      to,
      text,
      receivedAt,
    },
  };
}

function nonBlank(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function stripTel(raw: string): string {
  return raw.trim().replace(/^tel:/i, '');
}

// OneAPI dateTime: ISO 8601 with an offset ('2012-10-10T11:17:27+02:00') or Z.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

function parseIsoDate(raw: string | undefined): Date | null {
  const trimmed = raw?.trim() ?? '';
  if (!ISO_DATE.test(trimmed)) return null;
  const date = new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 'orange-' + sha256(sender, instant, sha256(text)): no phone number in clear. */
function derivedId(from: string, when: string, text: string): string {
  const textHash = createHash('sha256').update(text, 'utf8').digest('hex');
  return `orange-${createHash('sha256').update(`${from}\n${when}\n${textHash}`, 'utf8').digest('hex')}`;
}

function refusal(issues: readonly z.core.$ZodIssue[]): { ok: false; field: string; message: string } {
  const issue = issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  const message = issue?.message ?? 'invalid body';
  const leaf = String(issue?.path.at(-1) ?? '');
  return { ok: false, field, message: leaf !== '' && message.startsWith(leaf) ? message : `${field}: ${message}` };
}
