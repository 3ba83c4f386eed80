import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../domain/taxonomy.ts';
import { measureSms } from '../sms/encoding.ts';
import { alertText } from './alert-text.ts';

describe('alert SMS text', () => {
  it('says what, where, how grave, how many and how to answer', () => {
    const text = alertText({ category: 'FONCIER', severity: 2, pcode: 'ML050303', count: 3, reference: 'A7K2Q' });
    expect(text).toContain('Foncier');
    expect(text).toContain('Djenn');
    expect(text).toContain('grave');
    expect(text).toContain('3 signalement');
    expect(text).toContain('OK A7K2Q');
    expect(text).toContain('FIN A7K2Q');
  });

  const places = ['ML050303', 'ML0503', 'ML05', null, 'ML060506', 'ML070101'];
  it.each(CATEGORIES.flatMap((c) => places.map((p) => [c, p] as const)))(
    '%s at %s fits one GSM-7 segment',
    (category, pcode) => {
      for (const kind of ['alert', 'escalated'] as const) {
        const m = measureSms(alertText({ category, severity: 3, pcode, count: 12, reference: 'AXXXX', kind }));
        expect(m.encoding).toBe('GSM-7');
        expect(m.segments).toBe(1);
      }
    },
  );
});
