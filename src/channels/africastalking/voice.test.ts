// Voice callbacks as Africa's Talking posts them (fields from its "Handling a call" page) and the XML we answer.
import { describe, expect, it } from 'vitest';
import { parseVoiceCallback } from './voice-callback.ts';
import { escapeXml, voiceXml } from './voice-xml.ts';

const inbound = {
  isActive: '1',
  sessionId: 'ATVId_1',
  direction: 'Inbound',
  callerNumber: '+22376123421',
  destinationNumber: '+22320000000',
};

describe('parseVoiceCallback', () => {
  it.each([
    ['first step of an inbound call', inbound, { phone: '+22376123421', ourNumber: '+22320000000', active: true, digits: null }],
    ['keys ended by #', { ...inbound, dtmfDigits: '98#' }, { digits: '98' }],
    [
      'an outbound call names the user destinationNumber',
      { ...inbound, direction: 'Outbound', callerNumber: '+22320000000', destinationNumber: '+22376123421' },
      { phone: '+22376123421', direction: 'outbound' },
    ],
    [
      'the final callback',
      { ...inbound, isActive: '0', durationInSeconds: '42', currencyCode: 'XOF', amount: '50.0', hangupCause: 'NORMAL_CLEARING' },
      { active: false, durationSeconds: 42, amount: '50.0', hangupCause: 'NORMAL_CLEARING' },
    ],
    ['an empty recording', { ...inbound, recordingUrl: '' }, { recordingUrl: null }],
  ])('%s', (_label, form, expected) => {
    const parsed = parseVoiceCallback(form);
    expect(parsed.ok && parsed.value).toMatchObject(expected);
  });

  it.each([
    [{ ...inbound, sessionId: '' }, 'sessionId'],
    [{ ...inbound, isActive: 'yes' }, 'isActive'],
    [{ isActive: '1', sessionId: 'x' }, 'callerNumber'],
  ])('refuses %j naming %s', (form, field) => {
    expect(parseVoiceCallback(form)).toMatchObject({ ok: false, field });
  });
});

const line = (text: string, play?: string[]) => ({ text, prompts: play ? ['k'] : [], ...(play ? { play } : {}) });

describe('voiceXml', () => {
  it.each([
    [{ kind: 'reject' } as const, '<Response><Reject/></Response>'],
    [
      { kind: 'end', say: [line('Réf R, 4 & <b>')], lang: 'fr' } as const,
      '<Response><Say>Réf R, 4 &amp; &lt;b&gt;</Say></Response>',
    ],
    [
      { kind: 'ask', say: [line('Tapez 1: "Oui".')], timeoutSeconds: 10, lang: 'fr' } as const,
      '<Response><GetDigits timeout="10" finishOnKey="#" callbackUrl="https://x/v?key=a&amp;b"><Say>Tapez 1: &quot;Oui&quot;.</Say></GetDigits><Redirect>https://x/v?key=a&amp;b</Redirect></Response>',
    ],
    [
      { kind: 'record', say: [line('Parlez')], maxSeconds: 60, lang: 'fr' } as const,
      '<Response><Record finishOnKey="#" maxLength="60" trimSilence="true" playBeep="true" callbackUrl="https://x/v?key=a&amp;b"><Say>Parlez</Say></Record></Response>',
    ],
    [
      {
        kind: 'ask',
        say: [line('Tapez 1: Bamanankan.', ['/voice/prompts/bm/press.1', '/voice/prompts/bm/langName.bm']), line('Puis dièse.')],
        timeoutSeconds: 10,
        lang: 'bm',
      } as const,
      '<Response><GetDigits timeout="10" finishOnKey="#" callbackUrl="https://x/v?key=a&amp;b"><Play url="https://x/voice/prompts/bm/press.1"/><Play url="https://x/voice/prompts/bm/langName.bm"/><Say>Puis dièse.</Say></GetDigits><Redirect>https://x/v?key=a&amp;b</Redirect></Response>',
    ],
  ])('%j', (answer, xml) => {
    expect(voiceXml(answer, 'https://x/v?key=a&b', 'https://x')).toBe(`<?xml version="1.0" encoding="UTF-8"?>${xml}`);
  });

  it('drops characters XML cannot hold', () => {
    expect(escapeXml('a\u0001b')).toBe('a b');
  });
});
