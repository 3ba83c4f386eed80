// Names as people type them in a header or a cell ("Téléphone", "focal point", "VBG-focal"), folded to
// one key: accents off, trimmed, lower case, spaces and hyphens as underscores. Pure.
export function foldedKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}
