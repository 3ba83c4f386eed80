// Turns an Africa's Talking incoming-SMS callback into something storable: refuse only what cannot be stored, flag the rest.
import { z } from 'zod';
import { required, storableText } from '../schema.ts';
import { normalisePhone } from '../../phone/phone.ts';
import type { ParseResult } from '../types.ts';

export interface InboundSms {
  /** AT's id: the dedup key. */
  providerId: string;
  /** E.164 when it is a number, else the raw value trimmed (e.g. 'MTN'). */
  from: string;
  fromIsNumber: boolean;
  /** Our short code or long number; '' when AT left it out. */
  to: string;
  /** As sent, never trimmed; '' when missing. */
  text: string;
  receivedAt: Date | null;
  linkId: string | null;
  networkCode: string | null;
}

// Unknown extra fields (cost, …) are stripped by z.object.
const schema = z.object({
  id: required('id'),
  from: required('from'),
  to: z.string().optional(),
  text: z.string().optional(),
  date: z.string().optional(),
  linkId: z.string().optional(),
  networkCode: z.string().optional(),
});

export type InboundForm = Record<string, string | undefined>;

export function parseInboundSms(form: InboundForm): ParseResult<InboundSms> {
  const parsed = schema.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: String(issue?.path[0] ?? 'body'), message: issue?.message ?? 'invalid body' };
  }
  const body = parsed.data;
  const flags: string[] = [];

  const phone = normalisePhone(body.from);
  flags.push(...phone.flags);

  const to = body.to?.trim() ?? '';
  if (to === '') flags.push('to_missing');

  const text = storableText(body.text, flags);

  const receivedAt = parseAtDate(body.date);
  if (receivedAt === null) flags.push('date_invalid');

  return {
    ok: true,
    flags,
    value: {
      providerId: body.id.trim(),
      from: phone.e164 ?? body.from.trim(),
      fromIsNumber: phone.e164 !== null,
      to,
      text,
      receivedAt,
      linkId: blankToNull(body.linkId),
      networkCode: blankToNull(body.networkCode),
    },
  };
}

// 'YYYY-MM-DD HH:mm:ss' (no zone: UTC) or 'YYYY-MM-DDTHH:mm:ssZ'; Fetch Messages adds milliseconds.
const AT_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?Z?$/;

/** Parses both date formats AT sends; null for anything else, including impossible dates like 02-30. */
export function parseAtDate(raw: string | undefined): Date | null {
  const match = AT_DATE.exec(raw?.trim() ?? '');
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((match[7] ?? '0').padEnd(3, '0'));
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  const roundTrips =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return roundTrips ? date : null;
}

function blankToNull(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
