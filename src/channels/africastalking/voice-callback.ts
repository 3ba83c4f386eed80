// Africa's Talking voice callbacks (every step of a call, and the final one with isActive=0) parsed into a
// channel-neutral VoiceCallback. Field names from AT's voice docs ("Handling a call"); only what a step
// needs is required, anything else that comes is tolerated. A 400 names the field.
import { z } from 'zod';
import { normalisePhone } from '../../phone/phone.ts';
import type { VoiceCallback } from '../../voice/types.ts';
import { required } from '../schema.ts';

export type ParsedVoice = { ok: true; value: VoiceCallback; flags: string[] } | { ok: false; field: string; message: string };

const optional = z.string().optional();
const blankToNull = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v.trim());

const schema = z.object({
  sessionId: required('sessionId').pipe(z.string().max(200, 'sessionId is too long')),
  isActive: required('isActive').refine((v) => v.trim() === '0' || v.trim() === '1', 'isActive must be 0 or 1'),
  direction: optional,
  callerNumber: required('callerNumber'),
  destinationNumber: optional,
  dtmfDigits: z.string().max(64, 'dtmfDigits is too long').optional(),
  recordingUrl: z.string().max(2000, 'recordingUrl is too long').optional(),
  durationInSeconds: optional,
  currencyCode: optional,
  amount: optional,
  hangupCause: optional,
});

export function parseVoiceCallback(form: Record<string, string | undefined>): ParsedVoice {
  const parsed = schema.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: String(issue?.path[0] ?? 'body'), message: issue?.message ?? 'invalid body' };
  }
  const b = parsed.data;
  const flags: string[] = [];
  // On an outbound call (a call back) AT names our number the caller and the phone user the destination.
  const outbound = b.direction?.trim().toLowerCase() === 'outbound';
  const user = outbound ? b.destinationNumber : b.callerNumber;
  const ours = outbound ? b.callerNumber : b.destinationNumber;
  if (!user || user.trim() === '') return { ok: false, field: 'destinationNumber', message: 'destinationNumber is required' };
  const number = normalisePhone(user);
  flags.push(...number.flags);
  let durationSeconds: number | null = null;
  const rawDuration = blankToNull(b.durationInSeconds);
  if (rawDuration !== null) {
    const n = Number(rawDuration);
    if (Number.isInteger(n) && n >= 0 && n < 2 ** 31) durationSeconds = n;
    else flags.push('durationInSeconds_invalid');
  }
  const digits = b.dtmfDigits?.replace(/[^0-9*]/g, '') ?? '';
  return {
    ok: true,
    flags,
    value: {
      sessionId: b.sessionId.trim(),
      active: b.isActive.trim() === '1',
      direction: outbound ? 'outbound' : 'inbound',
      phone: number.e164 ?? user.trim(),
      phoneIsNumber: number.e164 !== null,
      ourNumber: blankToNull(ours),
      digits: digits === '' ? null : digits,
      recordingUrl: blankToNull(b.recordingUrl),
      durationSeconds,
      currencyCode: blankToNull(b.currencyCode),
      amount: blankToNull(b.amount),
      hangupCause: blankToNull(b.hangupCause),
    },
  };
}
