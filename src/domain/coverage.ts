// Which places a committee answers for: the P-codes it covers (its seat alone when a caller gives none). Pure.
export interface Covering {
  pcode: string;
  coverage?: readonly string[];
}

export function covers(c: Covering, pcode: string): boolean {
  return c.coverage && c.coverage.length > 0 ? c.coverage.includes(pcode) : c.pcode === pcode;
}

/** The levels of the directory: administrative units, and the country (P-code ML) for the national coordination. */
export const DIRECTORY_LEVELS = ['commune', 'cercle', 'region', 'country'] as const;
export type DirectoryLevel = (typeof DIRECTORY_LEVELS)[number];
