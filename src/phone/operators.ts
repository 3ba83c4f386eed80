// Which Malian network a number was issued by, so a SIM gateway can send from a SIM on the same network (on-net is cheaper and more reliable).
//
// Source: libphonenumber's carrier table for +223, google/libphonenumber
// resources/carrier/en/223.txt at commit 953bf63c73bf90630e159e18348928bf51284830 ("Sotelma" is
// Moov Africa Malitel; "Atel" is Alpha Telecom, branded Telecel Mali), cross-checked with
// DtechLabs/MaskedTextFields Sources/PhoneNumberField/Metadata/metadata_223.swift and the 2008
// move to 8 digits (Orange mobile numbers gained a leading 7, Malitel ones a 6: ouestaf.com).
// Uncertain: 85 is a mobile range with no carrier listed; the 5x and 8x blocks are recent; number
// portability, if AMRTP ever opens it, would make prefixes a hint only. Unknown ranges answer null,
// and a gateway then sends from whichever phone is up.

export type MalianOperator = 'orange' | 'moov' | 'telecel';

/** National significant number prefix (after +223) → operator. Longest prefix wins. */
export const MALI_PREFIXES: Readonly<Record<string, MalianOperator>> = {
  '200': 'orange', //   2001…: Orange fixed-wireless numbers classed as mobile
  '2079': 'moov', //    Sotelma fixed-wireless
  '217': 'moov', //     Sotelma fixed-wireless
  '5': 'telecel', //    50, 51: Alpha Telecom / Telecel Mali
  '6': 'moov', //       60–69: Malitel since 2008
  '7': 'orange', //     70–79: Orange Mali since 2008
  '82': 'orange',
  '83': 'orange',
  '84': 'orange',
  '89': 'moov',
  '90': 'orange',
  '91': 'orange',
  '92': 'orange',
  '93': 'orange',
  '94': 'orange',
  '95': 'moov',
  '96': 'moov',
  '97': 'moov',
  '98': 'moov',
  '99': 'moov',
};

const LONGEST_FIRST = Object.keys(MALI_PREFIXES).sort((a, b) => b.length - a.length);

/** The operator of a Malian E.164 number ('+223' and 8 digits); null for other countries and unknown ranges. */
export function malianOperatorOf(e164: string): MalianOperator | null {
  const match = /^\+223(\d{8})$/.exec(e164.trim());
  if (!match) return null;
  const national = match[1] as string;
  const prefix = LONGEST_FIRST.find((candidate) => national.startsWith(candidate));
  return prefix ? (MALI_PREFIXES[prefix] ?? null) : null;
}
