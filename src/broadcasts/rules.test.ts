import { describe, expect, it } from 'vitest';
import { checkTexts, refusal } from './rules.ts';

describe('texts per language', () => {
  it.each([
    [{ fr: 'Bonjour', bm: 'I ni ce' }, null],
    [{ fr: '  Bonjour  ', son: 'Fofo' }, null],
    [{ fr: 'Bonjour' }, 'texts: at least one local language as well (bm, ff, son)'],
    [{ bm: 'I ni ce' }, 'texts.fr: the French text is required'],
    [{ fr: '', bm: 'I ni ce' }, 'texts.fr: empty'],
    [{ fr: 'x', bm: 'y', wo: 'z' }, 'texts.wo: not a language; use fr, bm, ff, son'],
    [{ fr: 'x'.repeat(801), bm: 'y' }, 'texts.fr: 801 characters, at most 800'],
  ])('%j', (texts, problem) => {
    const r = checkTexts(texts);
    if (problem === null) expect(r.ok).toBe(true);
    else expect(r.ok ? [] : r.reasons).toContain(problem);
  });
});

describe('states', () => {
  it.each([
    ['draft', 'approve', null],
    ['draft', 'send', 'the message is not approved yet: a second coordinator must approve it before it is sent'],
    ['approved', 'send', null],
    ['approved', 'approve', 'cannot approve a message that is approved'],
    ['sending', 'send', null],
    ['sent', 'send', 'the message is already sent'],
    ['cancelled', 'send', 'the message was cancelled'],
    ['sent', 'cancel', 'the message is already sent'],
  ] as const)('%s, %s', (state, action, expected) => {
    expect(refusal(state, action)).toBe(expected);
  });
});
