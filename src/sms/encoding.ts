// Counts what an SMS will cost (encoding, parts) and folds Bambara/Fulfulde/French letters so a message can stay GSM-7.
import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsMeasure {
  encoding: SmsEncoding;
  /** Parts the operator bills: 160/153 per part in GSM-7, 70/67 in UCS-2. */
  segments: number;
  /** User-perceived characters (graphemes). */
  characters: number;
}

// GSM-7 basic characters, one septet and one grapheme each (no extension table, no \r that pairs with
// \n): such a text needs no segmenter, which is costly per message on the send path.
const GSM7_BASIC =
  /^[A-Za-z0-9 \n!"#%&'()*+,\-./:;<=>?@$_\u00A3\u00A5\u00E8\u00E9\u00F9\u00EC\u00F2\u00C7\u00D8\u00F8\u00C5\u00E5\u0394\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\u00C6\u00E6\u00DF\u00C9\u00A4\u00A1\u00C4\u00D6\u00D1\u00DC\u00A7\u00BF\u00E4\u00F6\u00F1\u00FC\u00E0]*$/;

export function measureSms(text: string): SmsMeasure {
  if (GSM7_BASIC.test(text)) {
    return { encoding: 'GSM-7', segments: text.length <= 160 ? 1 : Math.ceil(text.length / 153), characters: text.length };
  }
  const message = new SegmentedMessage(text, 'auto');
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    characters: message.graphemes.length,
  };
}

// Replacements for characters outside GSM-7 (3GPP TS 23.038). Accented Latin letters
// not listed here (ê â î ô û ï ë ÿ È À Ù Ê …) lose their accent through Unicode
// decomposition; é è à ù É Ç ì ò ä ö ü ñ are GSM-7 and are never touched.
const FOLDS: Readonly<Record<string, string>> = {
  // Bambara, Fulfulde, Songhay letters (none is in GSM-7)
  ɛ: 'e',
  Ɛ: 'E',
  ɔ: 'o',
  Ɔ: 'O',
  ɲ: 'ny',
  Ɲ: 'Ny',
  ŋ: 'ng',
  Ŋ: 'Ng',
  ɓ: 'b',
  Ɓ: 'B',
  ɗ: 'd',
  Ɗ: 'D',
  ƴ: 'y',
  Ƴ: 'Y',
  // French ligatures and the small ç (common libraries treat it as UCS-2; capital Ç is GSM-7)
  œ: 'oe',
  Œ: 'OE',
  æ: 'ae',
  ç: 'c',
  // French typography
  '«': '"',
  '»': '"',
  '“': '"',
  '”': '"',
  '„': '"',
  '‘': "'",
  '’': "'",
  ʼ: "'",
  '`': "'",
  '–': '-',
  '—': '-',
  '‑': '-',
  '…': '...',
  '\u00A0': ' ', // no-break space
  '\u202F': ' ', // narrow no-break space, before ; : ! ? in French
  '\u2009': ' ', // thin space
};

const COMBINING_MARKS = /\p{M}/gu;

/**
 * Rewrite text so that it fits GSM-7 where a faithful fold exists. Characters with no
 * fold (emoji, Arabic, N'Ko) are kept, so the result may still be UCS-2: measure it.
 */
export function foldToGsm7(text: string): string {
  if (GSM7_BASIC.test(text)) return text;
  const message = new SegmentedMessage(text.normalize('NFC'), 'auto');
  const nonGsm = new Set(message.getNonGsmCharacters());
  if (nonGsm.size === 0) return message.graphemes.join('');
  return message.graphemes.map((grapheme) => (nonGsm.has(grapheme) ? foldGrapheme(grapheme) : grapheme)).join('');
}

function foldGrapheme(grapheme: string): string {
  const direct = FOLDS[grapheme];
  if (direct !== undefined) return direct;
  const bare = grapheme.normalize('NFD').replace(COMBINING_MARKS, '');
  if (bare === '') return grapheme;
  const folded = Array.from(bare, (char) => FOLDS[char] ?? char).join('');
  return new SegmentedMessage(folded, 'auto').encodingName === 'GSM-7' ? folded : grapheme;
}
