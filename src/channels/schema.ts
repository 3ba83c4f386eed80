// Shared by the channel parsers: a field that must be present and not blank, named in the error.
import { z } from 'zod';

export const required = (field: string) =>
  z.string({ error: `${field} is required` }).refine((value) => value.trim() !== '', `${field} is empty`);

/** The SMS text as sent ('' when absent, never trimmed); a missing or empty text is flagged, not refused. */
export function storableText(message: string | undefined, flags: string[]): string {
  if (message === undefined) flags.push('text_missing');
  else if (message === '') flags.push('text_empty');
  return message ?? '';
}
