// Shared by the channel parsers and config: a field that must be present and not blank, named in the error.
import { z } from 'zod';

/** An env var that may be unset; blank counts as unset, and the value is trimmed. */
export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const required = (field: string) =>
  z.string({ error: `${field} is required` }).refine((value) => value.trim() !== '', `${field} is empty`);

/** The SMS text as sent ('' when absent, never trimmed); a missing or empty text is flagged, not refused. */
export function storableText(message: string | undefined, flags: string[]): string {
  if (message === undefined) flags.push('text_missing');
  else if (message === '') flags.push('text_empty');
  return message ?? '';
}

/** The body of a JSON webhook: already parsed, or raw (string or Buffer, as kept for signature checks). */
export function jsonBody(json: unknown): { ok: true; body: unknown } | { ok: false; field: 'body'; message: string } {
  if (typeof json !== 'string' && !Buffer.isBuffer(json)) return { ok: true, body: json };
  try {
    return { ok: true, body: JSON.parse(json.toString()) };
  } catch {
    return { ok: false, field: 'body', message: 'body is not JSON' };
  }
}
