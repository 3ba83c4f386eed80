// Drives a voice call the way Africa's Talking does (one form POST per step of the call) and checks every
// answer is well-formed voice XML, with a small strict parser (no XML library in the project).
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TestGateway } from './gateway.ts';
import { form } from './africastalking.ts';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const decode = (s: string) => {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bare & in ${s}`);
  return s.replace(ENTITY, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? '?');
};

/** Parses a whole document strictly (declaration, one root, balanced tags, quoted attributes); throws otherwise. */
export function parseXml(doc: string): XmlNode {
  let rest = doc.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>/, '');
  if (rest === doc) throw new Error('no XML declaration');
  const root: XmlNode = { name: '#doc', attrs: {}, children: [], text: '' };
  const stack = [root];
  while (rest.length > 0) {
    const top = stack[stack.length - 1]!;
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    if (text.includes('>')) throw new Error(`stray > in ${text}`);
    top.text += decode(text);
    if (lt < 0) break;
    rest = rest.slice(lt);
    const close = /^<\/([A-Za-z]+)>/.exec(rest);
    if (close) {
      if (top.name !== close[1]) throw new Error(`</${close[1]}> closes <${top.name}>`);
      stack.pop();
      rest = rest.slice(close[0].length);
      continue;
    }
    const open = /^<([A-Za-z]+)((?:\s+[A-Za-z]+="[^"<]*")*)\s*(\/?)>/.exec(rest);
    if (!open) throw new Error(`bad tag at ${rest.slice(0, 40)}`);
    const attrs: Record<string, string> = {};
    for (const m of open[2]!.matchAll(/([A-Za-z]+)="([^"]*)"/g)) attrs[m[1]!] = decode(m[2]!);
    const node: XmlNode = { name: open[1]!, attrs, children: [], text: '' };
    top.children.push(node);
    if (!open[3]) stack.push(node);
    rest = rest.slice(open[0].length);
  }
  if (stack.length !== 1 || root.children.length !== 1 || root.text.trim() !== '') throw new Error('not one root element');
  return root.children[0]!;
}

/** Every text spoken in the answer, in order. */
export function spoken(node: XmlNode): string[] {
  return node.name === 'Say' ? [node.text] : node.children.flatMap(spoken);
}

export class Call {
  readonly sessionId = `ATVId_${randomBytes(10).toString('hex')}`;
  answer!: XmlNode;
  constructor(
    readonly gw: TestGateway,
    readonly phone: string,
    readonly direction: 'Inbound' | 'Outbound' = 'Inbound',
    readonly ours = '+22320000000',
  ) {}

  /** One step of the call; the answer must be a 200 with one <Response>. */
  async post(fields: Record<string, string> = {}, isActive = '1'): Promise<XmlNode> {
    const [caller, destination] = this.direction === 'Inbound' ? [this.phone, this.ours] : [this.ours, this.phone];
    const res = await this.gw.http
      .post(`/webhooks/africastalking/voice?key=${encodeURIComponent(this.gw.webhookKey)}`)
      .type('form')
      .send(
        form({
          isActive,
          sessionId: this.sessionId,
          direction: this.direction,
          callerNumber: caller,
          destinationNumber: destination,
          ...fields,
        }),
      );
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    this.answer = parseXml(res.text);
    expect(this.answer.name).toBe('Response');
    return this.answer;
  }

  keys(dtmfDigits: string) {
    return this.post({ dtmfDigits });
  }

  /** Presses the key the current question gives for the option whose label matches, paging with 98. */
  async choose(label: RegExp): Promise<XmlNode> {
    for (let page = 0; page < 12; page++) {
      const line = spoken(this.answer).find((l) => /^Tapez \d+: /.test(l) && label.test(l.replace(/^Tapez \d+: |\.$/g, '')));
      if (line) return this.keys(/^Tapez (\d+)/.exec(line)![1]!);
      if (!spoken(this.answer).some((l) => l.startsWith('Tapez 98')))
        throw new Error(`no option ${label} in ${spoken(this.answer).join(' | ')}`);
      await this.keys('98');
    }
    throw new Error(`no option ${label}`);
  }
}

/** Walks the menu as a caller in Djenné would (cattle theft, serious, now), records, and returns the reference read out. */
export async function walkToDjenne(call: Call, recordingUrl = 'https://media.africastalking.com/rec/abc.mp3'): Promise<string> {
  await call.post();
  expect(spoken(call.answer)).toContain('Tapez 1: Francais.');
  await call.keys('1');
  await call.choose(/^Vol de betail$/);
  await call.choose(/^Choisir la region$/);
  await call.choose(/^Mopti$/);
  await call.choose(/^Djenne$/);
  await call.choose(/^Djenne$/);
  await call.keys('2'); // gravity: threat, damage, theft
  await call.keys('1'); // happening now
  expect(call.answer.children[0]).toMatchObject({ name: 'Record', attrs: { maxLength: '60', finishOnKey: '#' } });
  await call.post({ recordingUrl });
  const said = spoken(call.answer).join(' ');
  return /référence est ((?:[A-Z0-9], )+[A-Z0-9])\./.exec(said)![1]!.replace(/, /g, '');
}
