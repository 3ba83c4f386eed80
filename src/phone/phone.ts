// One place that turns whatever a provider or a form calls a phone number into E.164, and masks it for logs and screens.
import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';

export interface NormalisedPhone {
  e164: string | null;
  flags: string[];
}

// Digits plus the punctuation people and providers put around them; anything else is a name, not a number.
const NUMBER_LIKE = /^[+\d\s().\-/]+$/;
// AT posts '+' unencoded at times, and form decoding turns it into a leading space: ' 22376123421'.
const LOST_PLUS = /^\s+(\d{7,15})$/;

function parse(text: string, country?: CountryCode): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, country);
  } catch {
    return undefined;
  }
}

/**
 * Normalise a phone number to E.164. Uses the full ('max') metadata, which knows Mali's
 * real ranges (5x, 6x, 7x, 8x, 9x mobile; 44 fixed). A number of the right length in a
 * range the metadata does not know yet is kept, flagged 'sender_number_unrecognised_range',
 * so a reporter on a newly opened range can still be answered.
 */
export function normalisePhone(raw: string, defaultCountry: string = 'ML'): NormalisedPhone {
  const flags: string[] = [];
  const trimmed = raw.trim();
  if (trimmed === '' || !NUMBER_LIKE.test(trimmed) || !/\d/.test(trimmed)) {
    return { e164: null, flags: ['sender_not_a_number'] };
  }

  const lostPlus = LOST_PLUS.exec(raw);
  if (lostPlus) {
    const repaired = parse(`+${lostPlus[1]}`);
    if (repaired?.isValid()) return { e164: repaired.number, flags: ['sender_plus_repaired'] };
  }

  const phone = parse(trimmed, defaultCountry as CountryCode);
  if (!phone || !phone.isPossible()) return { e164: null, flags: ['sender_number_invalid'] };
  if (!phone.isValid()) flags.push('sender_number_unrecognised_range');
  return { e164: phone.number, flags };
}

const MASK = '•';

/**
 * Mask a number for display: country code, first national digit and last three digits stay,
 * the national grouping is kept. '+22376123421' → '+223 7• •• •4 21'.
 */
export function maskPhone(e164: string): string {
  const phone = parse(e164);
  if (!phone) return maskDigits(e164, 0);
  const prefix = `+${phone.countryCallingCode}`;
  const national = phone.formatInternational().slice(prefix.length).trim();
  return `${prefix} ${maskDigits(national, 1)}`;
}

function maskDigits(text: string, keepFirst: number): string {
  const total = (text.match(/\d/g) ?? []).length;
  let seen = 0;
  return text.replace(/\d/g, (digit) => {
    const index = seen++;
    return index < keepFirst || index >= total - 3 ? digit : MASK;
  });
}
