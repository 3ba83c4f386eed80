// Africa's Talking voice XML from a channel-neutral answer: <Response> with Say, Play, GetDigits, Record,
// Reject, Redirect. Every text and attribute escaped; Say's text has no markup of its own.
import type { Spoken, VoiceAnswer } from '../../voice/types.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// XML 1.0 cannot hold most control characters, even escaped.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, ' ').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function element(name: string, attrs: Record<string, string | number | boolean>, inner?: string): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  return inner === undefined ? `<${name}${a}/>` : `<${name}${a}>${inner}</${name}>`;
}

/**
 * `selfUrl`: this callback's own URL (key included), which the call comes back to after a GetDigits that
 * timed out (AT then goes on with the next action: our Redirect). `origin`: ours, before the paths of
 * recorded prompts (played instead of the text when the answer names them).
 */
export function voiceXml(answer: VoiceAnswer, selfUrl: string, origin = ''): string {
  const say = (lines: readonly Spoken[]) =>
    lines
      .map((l) =>
        l.play && l.play.length > 0
          ? l.play.map((path) => element('Play', { url: `${origin}${path}` })).join('')
          : element('Say', {}, escapeXml(l.text)),
      )
      .join('');
  let body = '';
  switch (answer.kind) {
    case 'reject':
      body = '<Reject/>';
      break;
    case 'ask':
      body =
        element('GetDigits', { timeout: answer.timeoutSeconds, finishOnKey: '#', callbackUrl: selfUrl }, say(answer.say)) +
        element('Redirect', {}, escapeXml(selfUrl));
      break;
    case 'record':
      body = element(
        'Record',
        { finishOnKey: '#', maxLength: answer.maxSeconds, trimSilence: true, playBeep: true, callbackUrl: selfUrl },
        say(answer.say),
      );
      break;
    case 'end':
      body = say(answer.say);
      break;
    case 'empty':
      break;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
}
