import { describe, expect, it } from 'vitest';
import { inZones, languagesFor, planRecipients, type TargetContact } from './targeting.ts';

describe('zones', () => {
  it.each([
    [['ML050303'], ['ML050303'], true],
    [['ML050303'], ['ML0503'], true], // a subscriber of the commune, a message for the cercle
    [['ML0503'], ['ML050303'], true], // a cercle radio, a message for one of its communes
    [['ML05'], ['ML050303'], true], // a regional radio
    [['ML050512'], ['ML050303'], false],
    [['ML040406'], ['ML05'], false],
    [['ML050512', 'ML050303'], ['ML050303'], true],
  ])('%j in %j: %s', (contact, target, expected) => {
    expect(inZones(contact, target)).toBe(expected);
  });
});

const radio = (id: string, languages: string[], zones = ['ML050303'], language = languages[0] ?? 'fr'): TargetContact => ({
  id,
  role: 'radio_host',
  languages,
  zones,
  language,
});
const sub = (id: string, language: string, zones = ['ML050303']): TargetContact => ({
  id,
  role: 'subscriber',
  languages: [],
  zones,
  language,
});

describe('languages', () => {
  it.each([
    [radio('r', ['bm', 'fr']), ['fr', 'bm'], ['bm', 'fr']],
    [radio('r', ['ff']), ['fr', 'bm'], ['fr']],
    [sub('s', 'bm'), ['fr', 'bm'], ['bm']],
    [sub('s', 'son'), ['fr', 'bm'], ['fr']],
  ])('%#', (contact, available, expected) => {
    expect(languagesFor(contact, available)).toEqual(expected);
  });
});

describe('plan', () => {
  const contacts = [
    sub('s1', 'bm'),
    radio('r1', ['bm']),
    sub('s2', 'fr', ['ML050512']),
    radio('r2', ['fr'], ['ML0503']),
    { id: 'f1', role: 'focal_point', languages: [], zones: ['ML050303'], language: 'fr' },
  ];

  it('puts radio hosts first and keeps to the audience and the zones', () => {
    expect(planRecipients(contacts, 'both', ['ML050303'], ['fr', 'bm'])).toEqual([
      { contactId: 'r1', role: 'radio_host', language: 'bm' },
      { contactId: 'r2', role: 'radio_host', language: 'fr' },
      { contactId: 's1', role: 'subscriber', language: 'bm' },
    ]);
    expect(planRecipients(contacts, 'radios', ['ML050303'], ['fr', 'bm']).map((p) => p.contactId)).toEqual(['r1', 'r2']);
    expect(planRecipients(contacts, 'subscribers', ['ML05'], ['fr', 'bm']).map((p) => p.contactId)).toEqual(['s1', 's2']);
  });
});
