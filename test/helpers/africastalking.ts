// Builds Africa's Talking callbacks exactly as AT posts them (form-encoded strings).
import { uniqueId } from './gateway.ts';

export function smsCallback(fields: { from: string; text?: string; id?: string; date?: string; to?: string }): Record<string, string> {
  const body: Record<string, string> = {
    from: fields.from,
    to: fields.to ?? '38021',
    id: fields.id ?? uniqueId(),
    date: fields.date ?? new Date().toISOString().replace('T', ' ').slice(0, 19),
    linkId: '',
    networkCode: '61002',
  };
  if (fields.text !== undefined) body.text = fields.text;
  return body;
}

export function form(body: Record<string, string>): string {
  return new URLSearchParams(body).toString();
}
