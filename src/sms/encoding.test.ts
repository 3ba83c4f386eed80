import { describe, expect, it } from 'vitest';
import { SegmentedMessage } from 'sms-segments-calculator';
import { foldToGsm7, measureSms } from './encoding.ts';

const bambara = 'I ka kɛnɛ wa? Ɲɔgɔn ye & +223 ça va (ɓ ɗ ƴ ŋ)';

describe('measureSms', () => {
  it.each([
    ['empty', '', 'GSM-7', 1, 0],
    ['160 GSM-7 characters fit one part', 'a'.repeat(160), 'GSM-7', 1, 160],
    ['161 GSM-7 characters need two', 'a'.repeat(161), 'GSM-7', 2, 161],
    ['306 GSM-7 characters fit two parts of 153', 'a'.repeat(306), 'GSM-7', 2, 306],
    ['307 GSM-7 characters need three', 'a'.repeat(307), 'GSM-7', 3, 307],
    ['80 euro signs cost 2 septets each: one part', '€'.repeat(80), 'GSM-7', 1, 80],
    ['81 euro signs need two', '€'.repeat(81), 'GSM-7', 2, 81],
    ['70 ɛ fit one UCS-2 part', 'ɛ'.repeat(70), 'UCS-2', 1, 70],
    ['71 ɛ need two', 'ɛ'.repeat(71), 'UCS-2', 2, 71],
    ['one ɛ switches a whole 100-char message to UCS-2', 'a'.repeat(99) + 'ɛ', 'UCS-2', 2, 100],
    ['French with é è à ù stays GSM-7', 'Réunion à Mopti: sécurité, où?', 'GSM-7', 1, 30],
    ['French with ê is UCS-2', 'Fête au marché', 'UCS-2', 1, 14],
    ['a Bambara sentence is UCS-2', bambara, 'UCS-2', 1, 45],
  ])('%s', (_name, text, encoding, segments, characters) => {
    expect(measureSms(text)).toEqual({ encoding, segments, characters });
  });

  it('a 150-character Bambara message takes 3 parts, its folded form 1', () => {
    const text = 'Ɲɔgɔn ye kɛnɛ. '.repeat(10);
    expect(measureSms(text)).toMatchObject({ encoding: 'UCS-2', segments: 3, characters: 150 });
    expect(measureSms(foldToGsm7(text))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });
});

describe('the GSM-7 fast path agrees with the segmenter', () => {
  const basic =
    'AZaz09 \n!"#%&\'()*+,-./:;<=>?@$_\u00A3\u00A5\u00E8\u00E9\u00F9\u00EC\u00F2\u00C7\u00D8\u00F8\u00C5\u00E5\u0394\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\u00C6\u00E6\u00DF\u00C9\u00A4\u00A1\u00C4\u00D6\u00D1\u00DC\u00A7\u00BF\u00E4\u00F6\u00F1\u00FC\u00E0';
  it.each([...basic].map((ch) => [JSON.stringify(ch), ch]))('%s', (_name, ch) => {
    for (const n of [1, 160, 161, 307]) {
      const text = ch.repeat(n);
      const m = new SegmentedMessage(text, 'auto');
      expect(measureSms(text)).toEqual({ encoding: m.encodingName, segments: m.segmentsCount, characters: m.graphemes.length });
      expect(foldToGsm7(text)).toBe(text);
    }
  });
});

describe('foldToGsm7', () => {
  it.each([
    ['Bambara letters', 'ɛ Ɛ ɔ Ɔ ɲ Ɲ ŋ Ŋ', 'e E o O ny Ny ng Ng'],
    ['Fulfulde letters', 'ɓ Ɓ ɗ Ɗ ƴ Ƴ', 'b B d D y Y'],
    ['Bambara sentence from a real callback', bambara, 'I ka kene wa? Nyogon ye & +223 ca va (b d y ng)'],
    ['Bambara with a tone mark', 'ɛ\u0301 ɔ\u0300', 'e o'],
    ['French accents outside GSM-7', 'ê ë â î ï ô û ÿ', 'e e a i i o u y'],
    ['French capitals outside GSM-7', 'È À Ù Ê Î Ô Â', 'E A U E I O A'],
    ['ligatures and small ç', 'œuvre Œil ça', 'oeuvre OEil ca'],
    ['French punctuation', '«\u00A0Alerte\u00A0» l’école – 3 villages…', '" Alerte " l\'école - 3 villages...'],
    ['narrow no-break space before ?', 'Où\u202F?', 'Où ?'],
    ['GSM-7 letters are kept', 'é è à ù É Ç ì ò ä ö ü ñ Ø å', 'é è à ù É Ç ì ò ä ö ü ñ Ø å'],
    ['GSM-7 extension characters are kept', '€ [ ] { } ~ ^ | \\', '€ [ ] { } ~ ^ | \\'],
    ['plain text is unchanged', 'Attaque signalée à Ségou, 12h', 'Attaque signalée à Ségou, 12h'],
    ['decomposed é is recomposed, not stripped', 'se\u0301curite\u0301', 'sécurité'],
    ['characters with no fold are kept', 'Danger 🚨 ߒߞߏ', 'Danger 🚨 ߒߞߏ'],
    ['line breaks are kept', 'Ligne 1\nLigne 2\r\n', 'Ligne 1\nLigne 2\r\n'],
  ])('%s', (_name, input, expected) => {
    expect(foldToGsm7(input)).toBe(expected);
  });

  it.each(['Fête de l’Indépendance – réunion à Mopti…', 'I ka kɛnɛ wa? Ɲɔgɔn ye.', 'Ŋaara ɓe ɗon ƴiɗi œuvre ça'])(
    '%j folds to GSM-7',
    (text) => {
      expect(measureSms(foldToGsm7(text)).encoding).toBe('GSM-7');
    },
  );
});
