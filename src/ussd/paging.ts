// Splits a list into screens: numbered 1..N on each page, as many as fit a fixed character budget,
// so the numbers are the same in every language (titles and footers are checked to fit beside it).

/** Characters for the numbered lines of one page ("1 Djenne\n"…); the rest of 160 is title, hint and footer. */
export const LIST_BUDGET = 92;
export const LIST_MAX_ITEMS = 8;
/** Longest label on a list line. */
export const LABEL_MAX = 28;

export interface Page {
  start: number;
  end: number;
}

export function paginate(labels: readonly string[], budget = LIST_BUDGET, maxItems = LIST_MAX_ITEMS): Page[] {
  const pages: Page[] = [];
  let start = 0;
  while (start < labels.length) {
    let end = start;
    let used = 0;
    while (end < labels.length && end - start < maxItems) {
      const line = String(end - start + 1).length + 1 + (labels[end]?.length ?? 0) + 1;
      if (end > start && used + line > budget) break;
      used += line;
      end++;
    }
    pages.push({ start, end });
    start = end;
  }
  return pages.length > 0 ? pages : [{ start: 0, end: 0 }];
}

/** Index into the whole list of the item numbered `input` on `page`, or null. */
export function pick(pages: readonly Page[], page: number, input: string): number | null {
  const p = pages[page];
  if (!p || !/^[1-9]$/.test(input)) return null;
  const index = p.start + Number(input) - 1;
  return index < p.end ? index : null;
}
