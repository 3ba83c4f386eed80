// The review files hold a status for every local-language text and lexicon word shipped, and nothing else.
import { describe, expect, it } from 'vitest';
import { lexiconKey, LOCAL_ENTRIES } from '../classify/lexicon.ts';
import { TEXT_ITEMS } from '../i18n/i18n.ts';
import { readReviewFile, type ReviewKind } from './review-files.ts';

const keysOf = (kind: ReviewKind): string[] =>
  Object.entries(readReviewFile(kind)).flatMap(([language, items]) => Object.keys(items).map((k) => `${language}|${k}`));

describe('review files', () => {
  it.each([
    ['text' as const, TEXT_ITEMS.map((i) => `${i.language}|${i.key}`)],
    ['lexicon' as const, LOCAL_ENTRIES.map((e) => `${e.language}|${lexiconKey(e)}`)],
  ])('%s: every shipped item has a status (else run `npm run -s languages -- export --files-only`)', (kind, shipped) => {
    expect(shipped.length).toBeGreaterThan(50);
    expect(keysOf(kind).sort()).toEqual([...new Set(shipped)].sort());
  });

  it.each(['text', 'lexicon'] as const)('%s: a reviewed item names who reviewed it and when', (kind) => {
    for (const items of Object.values(readReviewFile(kind)))
      for (const s of Object.values(items)) {
        if (s.status === 'unreviewed') continue;
        expect(s.status).toBe('reviewed');
        expect(s.by).toBeTruthy();
        expect(Number.isNaN(Date.parse(s.at))).toBe(false);
      }
  });

  it('the Bambara receipt is a text to review, with its placeholder', () => {
    expect(TEXT_ITEMS.find((i) => i.language === 'bm' && i.key === 'sms:receipt')?.value).toContain('{{ref}}');
  });
});
