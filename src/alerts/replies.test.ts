import { describe, expect, it } from 'vitest';
import { looksLikeAnswer, parseReply } from './replies.ts';

describe('parseReply', () => {
  it.each([
    ['OK A7K3Q', 'acknowledge', 'A7K3Q', ''],
    ['ok a7k3q', 'acknowledge', 'A7K3Q', ''],
    ['  Ok   A7K3Q  ', 'acknowledge', 'A7K3Q', ''],
    ['OK', 'acknowledge', null, ''],
    ['Reçu A7K3Q', 'acknowledge', 'A7K3Q', ''],
    ['A7K3Q ok', 'acknowledge', 'A7K3Q', ''],
    ['OK A 7K3Q', 'acknowledge', 'A7K3Q', ''],
    ['VRAI A7K3Q', 'confirm', 'A7K3Q', ''],
    ['confirmé', 'confirm', null, ''],
    ['FAUX A7K3Q', 'refute', 'A7K3Q', ''],
    ['pas vrai A7K3Q', 'refute', 'A7K3Q', ''],
    ['FIN A7K3Q les deux familles ont signe un accord', 'resolve', 'A7K3Q', 'les deux familles ont signe un accord'],
    ['fin reglé par le chef de village', 'resolve', null, 'reglé par le chef de village'],
    ['AIDE', 'help', null, ''],
    ['awo A7K3Q', 'acknowledge', 'A7K3Q', ''],
    ['tiɲɛ A7K3Q', 'confirm', 'A7K3Q', ''],
    ['a banna A7K3Q', 'resolve', 'A7K3Q', ''],
    ['goonga', 'confirm', null, ''],
  ])('%s → %s %s', (text, command, reference, note) => {
    expect(parseReply(text)).toMatchObject({ command, reference, note });
  });

  it.each(['ya palabre champ a Djenne', 'vol de betail a Koro', '', 'bonjour', 'les voleurs sont venus'])(
    '%s is not an answer',
    (text) => {
      expect(parseReply(text)).toBeNull();
    },
  );

  it.each([
    ['OK A7K3Q', true],
    ['OK', true],
    ['fin de la bagarre a Koro', false],
    ['vrai probleme a Niono ya des armes', false],
  ])('looksLikeAnswer(%s) = %s', (text, expected) => {
    expect(looksLikeAnswer(text)).toBe(expected);
  });
});
