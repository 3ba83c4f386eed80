// Builds Africa's Talking callbacks exactly as AT posts them (form-encoded strings).
import { uniqueId, type TestGateway } from './gateway.ts';

export function smsCallback(fields: {
  from: string;
  text?: string;
  id?: string;
  date?: string;
  to?: string;
}): Record<string, string> {
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

/** An incoming SMS posted to the gateway's webhook as Africa's Talking posts it. */
export function postSms(gw: TestGateway, fields: Parameters<typeof smsCallback>[0]) {
  return gw.http
    .post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`)
    .type('form')
    .send(form(smsCallback(fields)));
}
