// What a USSD screen may contain: plain ASCII inside GSM-7, so every handset shows it
// (ɛ ɔ ɲ ŋ folded, French accents dropped, GSM-7 extension characters such as [ ] ~ | removed).

/** AT and the operators: at most 160 characters per screen; we count the CON / END prefix too. */
export const SCREEN_MAX = 160;

// The letters and signs src/sms/encoding.ts folds for SMS, for the same reasons; here every accent goes too.
const FOLDS: Readonly<Record<string, string>> = {
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
  œ: 'oe',
  Œ: 'OE',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
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
  '\u00A0': ' ',
  '\u202F': ' ',
  '\u2009': ' ',
};

const SAFE_ONLY = /^[A-Za-z0-9 \n.,:;!?'"()+\-/*#%&=<>@$_]*$/;
const NON_ASCII = /[^\x00-\x7f]/g;
const COMBINING = /\p{M}/gu;
const UNSAFE = /[^A-Za-z0-9 \n.,:;!?'"()+\-/*#%&=<>@$_]/g;

export function screenText(text: string): string {
  if (SAFE_ONLY.test(text)) return text;
  return text
    .replace(/\r\n?/g, '\n')
    .replace(NON_ASCII, (ch) => FOLDS[ch] ?? ch)
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(UNSAFE, '');
}

/** Cuts a label to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 2)).trimEnd()}..`;
}
