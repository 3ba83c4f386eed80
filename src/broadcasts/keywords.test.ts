import { describe, expect, it } from 'vitest';
import { resourcesOf } from '../i18n/i18n.ts';
import { measureSms } from '../sms/encoding.ts';
import { parseAiring, parseOptCommand } from './keywords.ts';

describe('STOP and START, only as the whole message', () => {
  it.each([
    ['STOP', 'stop', 'fr'],
    ['  Stop  ', 'stop', 'fr'],
    ['Arrêt', 'stop', 'fr'],
    ['ARRET', 'stop', 'fr'],
    ['stop sabali', 'stop', 'fr'],
    ['STOP!', 'stop', 'fr'],
    ['a dabila', 'stop', 'bm'],
    ['A JƆ', 'stop', 'bm'],
    ['accu', 'stop', 'ff'],
    ['naŋ', 'stop', 'son'],
    ['START', 'start', 'fr'],
    ['start sabali', 'start', 'fr'],
    ['daminɛ', 'start', 'bm'],
    ['fuɗɗo', 'start', 'ff'],
    ['sintin', 'start', 'son'],
  ])('%j → %s (%s)', (text, command, language) => {
    expect(parseOptCommand(text)).toEqual({ command, language });
  });

  it.each(['stop aux violences a Koro', 'arret de bus attaque a Bankass', 'ok A7K3Q', 'STOP STOP la guerre', '', 'start up'])(
    '%j is not an opt command',
    (text) => {
      expect(parseOptCommand(text)).toBeNull();
    },
  );
});

describe('DIFFUSE <ref> [times]', () => {
  it.each([
    ['DIFFUSE D7K3Q', 'D7K3Q', 1, 'fr'],
    ['diffusé d7k3q 3', 'D7K3Q', 3, 'fr'],
    ['Diffuse D7K3Q 3 fois', 'D7K3Q', 3, 'fr'],
    ['DIFFUSE D 7K3Q 2x', 'D7K3Q', 2, 'fr'],
    ['D7K3Q diffuse', 'D7K3Q', 1, 'fr'],
    ['diffuse D7K3Q merci, bonne journee', 'D7K3Q', 1, 'fr'],
    ['a fɔra D7K3Q 2 siɲɛ', 'D7K3Q', 2, 'bm'],
    ["wi'aama D7K3Q", 'D7K3Q', 1, 'ff'],
    ['a ci D7K3Q 4', 'D7K3Q', 4, 'son'],
    ['DIFFUSE D7K3Q 500', 'D7K3Q', 99, 'fr'],
  ])('%j → %s × %i (%s)', (text, reference, times, language) => {
    expect(parseAiring(text)).toMatchObject({ reference, times, language, badReference: null });
  });

  it.each([
    ['diffuse', null, 1],
    ['DIFFUSE 3', null, 3],
  ])('%j names no broadcast: %s, %i times', (text, reference, times) => {
    expect(parseAiring(text)).toMatchObject({ reference, times });
  });

  it('keeps a mistyped reference to answer it', () => {
    expect(parseAiring('DIFFUSE D7K3')).toMatchObject({ reference: null, badReference: 'D7K3' });
  });

  it.each(['diffusion de fausses nouvelles a Koro', 'a fɔra ko bandits be Koro', 'OK A7K3Q', 'vol de betail a Djenne'])(
    '%j is not an on-air confirmation',
    (text) => {
      expect(parseAiring(text)).toBeNull();
    },
  );
});

describe('footers', () => {
  it('stay GSM-7 in every language, so they never turn a GSM-7 text into UCS-2', () => {
    for (const [language, table] of Object.entries(resourcesOf('broadcasts'))) {
      const footer = (table as { footer: Record<string, string> }).footer;
      for (const [role, text] of Object.entries(footer)) expect(measureSms(text).encoding, `${language} ${role}`).toBe('GSM-7');
    }
  });
});
