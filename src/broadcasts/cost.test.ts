import { describe, expect, it } from 'vitest';
import { measureText, previewCost, type Compose } from './cost.ts';
import type { PlannedSms } from './targeting.ts';

const FR =
  'Sabali: la rumeur sur le puits de Djenne est fausse. Le comite a verifie. Ne partagez pas ce message sans le verifier.';
const BM = "Sabali: kibaru min ye Jenne kɔlɔn ko fɔ, o ye nkalon ye. Komite y'a lajɛ. Aw kana a jɛnsɛn.";
const noFooter: Compose = (text) => text;

describe('cost of one text', () => {
  it.each([
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['a'.repeat(306), 'GSM-7', 2],
    ['a'.repeat(307), 'GSM-7', 3],
    ['é è à ù É', 'GSM-7', 1],
    ['ɛ'.repeat(70), 'UCS-2', 1],
    ['ɛ'.repeat(71), 'UCS-2', 2],
    [`${'a'.repeat(100)}ɔ`, 'UCS-2', 2],
    ['ê', 'UCS-2', 1],
  ])('%#: %s segments', (text, encoding, segments) => {
    expect(measureText(text)).toMatchObject({ encoding, segments });
  });
});

describe('preview of a broadcast', () => {
  const plan: PlannedSms[] = [
    { contactId: 'r1', role: 'radio_host', language: 'bm' },
    { contactId: 'r1', role: 'radio_host', language: 'fr' },
    { contactId: 's1', role: 'subscriber', language: 'bm' },
    { contactId: 's2', role: 'subscriber', language: 'bm' },
    { contactId: 's3', role: 'subscriber', language: 'fr' },
  ];

  it('counts recipients, messages and the segments of French in GSM-7 and Bambara in UCS-2', () => {
    const p = previewCost({ fr: FR, bm: BM }, plan, noFooter, 100);
    expect(p.recipients).toEqual({ radios: 1, subscribers: 3, total: 4 });
    expect(p.messages).toBe(5);
    const fr = p.languages.find((l) => l.language === 'fr')!;
    const bm = p.languages.find((l) => l.language === 'bm')!;
    expect(fr.text).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(fr.folded.changed).toBe(false);
    expect(bm.text).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(bm.folded).toMatchObject({ encoding: 'GSM-7', segments: 1, changed: true });
    expect(bm.subscriber?.asWritten).toMatchObject({ messages: 2, segments: 2 });
    expect(bm.radio?.asWritten).toMatchObject({ messages: 1, segments: 2 });
    // fr: 2 SMS × 1; bm: 3 SMS × 2 (UCS-2) or × 1 folded
    expect(p.totalSegments).toBe(2 + 6);
    expect(p.totalSegmentsFolded).toBe(2 + 3);
    expect(p).toMatchObject({ budget: 100, overBudget: false, overBudgetFolded: false });
  });

  it('counts the footer each recipient gets, and compares with the budget', () => {
    const footer: Compose = (text, _l, role) =>
      `${text} ${role === 'radio_host' ? 'Ref D7K3Q. Apres diffusion, repondez DIFFUSE D7K3Q' : 'STOP pour ne plus recevoir'}`;
    const p = previewCost({ fr: 'a'.repeat(140), bm: BM }, plan, footer, 6);
    const fr = p.languages.find((l) => l.language === 'fr')!;
    expect(fr.text.segments).toBe(1);
    expect(fr.radio?.asWritten.segments).toBe(2);
    expect(fr.subscriber?.asWritten.segments).toBe(2);
    expect(p.overBudget).toBe(true);
  });

  it('shows a language nobody gets with no SMS', () => {
    const p = previewCost({ fr: FR, bm: BM, ff: 'Sabali: kabaaru' }, plan, noFooter, 100);
    expect(p.languages.find((l) => l.language === 'ff')).toMatchObject({ radio: null, subscriber: null });
  });
});
