// The review status of every local-language text and lexicon entry, kept as data beside them:
// locales/review.json and reference/lexicon-review.json, `{ "bm": { "<key>": { "status": … } } }`.
import { readFileSync, writeFileSync } from 'node:fs';

export type ReviewKind = 'lexicon' | 'text';
export const REVIEW_KINDS: readonly ReviewKind[] = ['text', 'lexicon'];

export type ReviewStatus =
  | { status: 'unreviewed' }
  /** `correction`: the text or word as a speaker corrected it, laid over the shipped one. */
  | { status: 'reviewed'; by: string; at: string; correction?: string };

export type ReviewFile = Record<string, Record<string, ReviewStatus>>;

const FILES: Record<ReviewKind, URL> = {
  text: new URL('../../locales/review.json', import.meta.url),
  lexicon: new URL('../../reference/lexicon-review.json', import.meta.url),
};

export function readReviewFile(kind: ReviewKind): ReviewFile {
  try {
    return JSON.parse(readFileSync(FILES[kind], 'utf8')) as ReviewFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

/** One entry per item, in the items' order: a new text or word starts unreviewed, one gone is dropped. */
export function reviewFileOf(
  items: ReadonlyArray<{ language: string; key: string }>,
  status: (language: string, key: string) => ReviewStatus,
): ReviewFile {
  const out: ReviewFile = {};
  for (const { language, key } of items) (out[language] ??= {})[key] = status(language, key);
  return out;
}

/** One item a line, so a review is a one-line diff. */
export function formatReviewFile(file: ReviewFile): string {
  const entry = (s: ReviewStatus): string =>
    `{ ${Object.entries(s)
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(', ')} }`;
  const languages = Object.entries(file).map(
    ([language, items]) =>
      `  ${JSON.stringify(language)}: {\n${Object.entries(items)
        .map(([key, s]) => `    ${JSON.stringify(key)}: ${entry(s)}`)
        .join(',\n')}\n  }`,
  );
  return `{\n${languages.join(',\n')}\n}\n`;
}

export function writeReviewFile(kind: ReviewKind, file: ReviewFile): void {
  writeFileSync(FILES[kind], formatReviewFile(file));
}
