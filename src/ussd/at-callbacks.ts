// Africa's Talking USSD callbacks (a hop, the end-of-session notification) parsed into typed values;
// a 400 names the field only when the callback cannot be used at all.
import { z } from 'zod';
import { parseAtDate } from '../channels/africastalking/inbound.ts';
import { required } from '../channels/schema.ts';
import { normalisePhone } from '../phone/phone.ts';

export type Parsed<T> = { ok: true; value: T; flags: string[] } | { ok: false; field: string; message: string };

const optional = z.string().optional();

function failure(error: z.ZodError): { ok: false; field: string; message: string } {
  const issue = error.issues[0];
  return { ok: false, field: String(issue?.path[0] ?? 'body'), message: issue?.message ?? 'invalid body' };
}

const blankToNull = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v.trim());

// Every hop of a dial repeats the number: remember the last few thousand normalisations.
const PHONES = new Map<string, ReturnType<typeof normalisePhone>>();

function phoneOf(raw: string, flags: string[]): { phone: string; phoneIsNumber: boolean } {
  let normalised = PHONES.get(raw);
  if (!normalised) {
    if (PHONES.size >= 20_000) PHONES.clear();
    PHONES.set(raw, (normalised = normalisePhone(raw)));
  }
  flags.push(...normalised.flags);
  return { phone: normalised.e164 ?? raw.trim(), phoneIsNumber: normalised.e164 !== null };
}

export interface UssdHop {
  sessionId: string;
  /** E.164 when it is a number (a leading space from an unencoded '+' repaired), else as sent, trimmed. */
  phone: string;
  phoneIsNumber: boolean;
  serviceCode: string;
  networkCode: string | null;
  /** Every input of the dial joined with '*'; '' on the first hop. */
  text: string;
}

const hopSchema = z.object({
  sessionId: required('sessionId').pipe(z.string().max(200, 'sessionId is too long')),
  phoneNumber: required('phoneNumber'),
  serviceCode: optional,
  networkCode: optional,
  text: z.string().max(2000, 'text is too long').optional(),
});

export function parseUssdHop(form: Record<string, string | undefined>): Parsed<UssdHop> {
  const parsed = hopSchema.safeParse(form);
  if (!parsed.success) return failure(parsed.error);
  const b = parsed.data;
  const flags: string[] = [];
  const { phone, phoneIsNumber } = phoneOf(b.phoneNumber, flags);
  return {
    ok: true,
    flags,
    value: {
      sessionId: b.sessionId.trim(),
      phone,
      phoneIsNumber,
      serviceCode: b.serviceCode?.trim() ?? '',
      networkCode: blankToNull(b.networkCode),
      text: b.text ?? '',
    },
  };
}

/** AT's end-of-session statuses (case-insensitive); anything else is refused, naming these. */
export const USSD_EVENT_STATUSES = ['Success', 'Incomplete', 'Failed'] as const;
export type UssdEventStatus = (typeof USSD_EVENT_STATUSES)[number];

export interface UssdEnd {
  sessionId: string;
  status: UssdEventStatus;
  phone: string | null;
  phoneIsNumber: boolean;
  serviceCode: string | null;
  networkCode: string | null;
  cost: string | null;
  durationMs: number | null;
  hopsCount: number | null;
  hopsMetadata: string | null;
  lastAppResponse: string | null;
  errorMessage: string | null;
  date: Date | null;
}

const eventSchema = z.object({
  sessionId: required('sessionId'),
  status: required('status').transform((s, ctx) => {
    const found = USSD_EVENT_STATUSES.find((v) => v.toLowerCase() === s.trim().toLowerCase());
    if (!found) ctx.addIssue({ code: 'custom', message: `status must be one of ${USSD_EVENT_STATUSES.join(', ')}` });
    return found ?? 'Failed';
  }),
  phoneNumber: optional,
  serviceCode: optional,
  networkCode: optional,
  cost: optional,
  durationInMillis: optional,
  hopsCount: optional,
  hopsMetadata: optional,
  lastAppResponse: optional,
  errorMessage: optional,
  date: optional,
});

function count(raw: string | undefined, field: string, flags: string[]): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 0 && n <= 2 ** 31 - 1) return n;
  flags.push(`${field}_invalid`);
  return null;
}

export function parseUssdEnd(form: Record<string, string | undefined>): Parsed<UssdEnd> {
  const parsed = eventSchema.safeParse(form);
  if (!parsed.success) return failure(parsed.error);
  const b = parsed.data;
  const flags: string[] = [];
  const who = b.phoneNumber && b.phoneNumber.trim() !== '' ? phoneOf(b.phoneNumber, flags) : null;
  if (!who) flags.push('phone_missing');
  const date = parseAtDate(b.date);
  if (b.date !== undefined && date === null) flags.push('date_invalid');
  return {
    ok: true,
    flags,
    value: {
      sessionId: b.sessionId.trim(),
      status: b.status,
      phone: who?.phone ?? null,
      phoneIsNumber: who?.phoneIsNumber ?? false,
      serviceCode: blankToNull(b.serviceCode),
      networkCode: blankToNull(b.networkCode),
      cost: blankToNull(b.cost),
      durationMs: count(b.durationInMillis, 'durationInMillis', flags),
      hopsCount: count(b.hopsCount, 'hopsCount', flags),
      hopsMetadata: blankToNull(b.hopsMetadata),
      lastAppResponse: b.lastAppResponse ?? null,
      errorMessage: blankToNull(b.errorMessage),
      date,
    },
  };
}
