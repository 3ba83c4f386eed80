// Spellings of Malian places that the reference alias file lacks (ours, from common usage); reviewed like data.

/** [spelling, P-code]. Historic and SMS spellings of communes and cercles. */
export const EXTRA_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['Massina', 'ML040305'], // Macina, the historic Peul spelling
  ['Massina', 'ML0403'],
  ['Tomboctou', 'ML060506'],
  ['Timbuktu', 'ML060506'],
  ['Tinbuktu', 'ML060506'],
];

/**
 * Second words of village names that qualify a base name (Ogossagou-Peulh, Kouyan-Coura): the
 * base name alone is indexed too, so "Ogossagou" finds both and asks which one.
 */
export const VILLAGE_QUALIFIERS: ReadonlySet<string> = new Set(
  [
    'peulh',
    'peul',
    'dogon',
    'bambara',
    'bozo',
    'mossi',
    'sonrai',
    'bella',
    'coura',
    'koura',
    'were',
    'ile',
    'haoussa',
    'habe',
    'maure',
    'sarakole',
  ].map((w) => w.replace(/ou/g, 'u').replace(/(.)\1+/g, '$1')),
);
