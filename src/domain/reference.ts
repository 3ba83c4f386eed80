// Short human references (alert `A7K2Q`, report `R4QX9C`) read over the phone: no 0/O, 1/I, 2/Z, 5/S, 8/B.
import { randomInt } from 'node:crypto';

const ALPHABET = 'ACDEFGHJKLMNPQRTUVWXY34679';

export function newReference(prefix: string, length: number): string {
  let out = prefix;
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export const newAlertReference = (): string => newReference('A', 4);
export const newReportReference = (): string => newReference('R', 5);

/** Normalises what a person typed (`a7k2`, `A 7K2`) for comparison with a stored reference. */
export function canonicalReference(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}
export const newPseudonym = (): string => newReference('P-', 6);
