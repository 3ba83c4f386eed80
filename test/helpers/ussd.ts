// Drives a USSD dial the way Africa's Talking does: one form POST per hop, `text` accumulating every input.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TestGateway } from './gateway.ts';
import { form } from './africastalking.ts';

export const SERVICE_CODE = '*384*123#';

export function ussdSessionId(): string {
  return `ATUid_${randomBytes(12).toString('hex')}`;
}

export function postUssd(gw: TestGateway, body: Record<string, string>, key = gw.webhookKey) {
  return gw.http
    .post(`/webhooks/africastalking/ussd?key=${encodeURIComponent(key)}`)
    .type('form')
    .send(form(body));
}

export function postUssdEvent(gw: TestGateway, body: Record<string, string>, key = gw.webhookKey) {
  return gw.http
    .post(`/webhooks/africastalking/ussd-events?key=${encodeURIComponent(key)}`)
    .type('form')
    .send(form(body));
}

export class Dial {
  text = '';
  screen = '';
  hops = 0;
  readonly screens: string[] = [];

  constructor(
    /** Where the next hop goes: a test may switch it, as a balancer would between web processes. */
    public gw: TestGateway,
    readonly phone: string,
    readonly sessionId = ussdSessionId(),
  ) {}

  /** The first hop (no input), then one input per call; every answer must be a 200 text/plain CON or END. */
  async send(input?: string): Promise<string> {
    if (input !== undefined) this.text = this.hops === 0 ? input : this.text === '' ? input : `${this.text}*${input}`;
    const res = await postUssd(this.gw, {
      sessionId: this.sessionId,
      serviceCode: SERVICE_CODE,
      phoneNumber: this.phone,
      networkCode: '61002',
      text: this.text,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^(CON|END) \S/);
    expect(res.text.length).toBeLessThanOrEqual(160);
    this.hops++;
    this.screen = res.text;
    this.screens.push(res.text);
    return res.text;
  }

  /** The last hop again, as Africa's Talking resends it when an answer is lost. */
  async repeat(): Promise<string> {
    const res = await postUssd(this.gw, {
      sessionId: this.sessionId,
      serviceCode: SERVICE_CODE,
      phoneNumber: this.phone,
      networkCode: '61002',
      text: this.text,
    });
    expect(res.status, res.text).toBe(200);
    return res.text;
  }

  /** Sends the number of the option whose label matches, paging with 98 when it is further on. */
  async choose(label: RegExp): Promise<string> {
    for (let page = 0; page < 12; page++) {
      const line = this.screen
        .split('\n')
        .find((l) => /^\d+ /.test(l) && !/^(98|0|00) /.test(l) && label.test(l.replace(/^\d+ /, '')));
      if (line) return this.send(line.split(' ')[0]);
      if (!/\n98 /.test(this.screen)) throw new Error(`no option ${label} on:\n${this.screen}`);
      await this.send('98');
    }
    throw new Error(`no option ${label}`);
  }
}
