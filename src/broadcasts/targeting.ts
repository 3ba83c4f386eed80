// Who receives a prevention message, in which language, and in what order. Pure.
import { LANGUAGES } from '../domain/taxonomy.ts';

export const CONTACT_ROLES = ['radio_host', 'subscriber', 'focal_point'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const AUDIENCES = ['radios', 'subscribers', 'both'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * BullMQ priority (1 runs first): alerts use 1–4 and receipts 5, so every alert and receipt waiting
 * goes before any broadcast SMS, and radio hosts (who relay to whole villages) before subscribers.
 */
export const BROADCAST_PRIORITY = { radio_host: 10, subscriber: 11 } as const;

export const LOCAL_LANGUAGES = LANGUAGES.filter((l) => l !== 'fr');

export function rolesFor(audience: Audience): ('radio_host' | 'subscriber')[] {
  return audience === 'radios' ? ['radio_host'] : audience === 'subscribers' ? ['subscriber'] : ['radio_host', 'subscriber'];
}

/**
 * A contact is in the target when one of its zones and one of the targeted P-codes contain each
 * other: a subscriber of commune ML050303 is in a message for cercle ML0503, and a regional radio
 * (ML05) covers a message for that commune.
 */
export function inZones(contactZones: readonly string[], targetZones: readonly string[]): boolean {
  return contactZones.some((z) => targetZones.some((t) => z.startsWith(t) || t.startsWith(z)));
}

export interface TargetContact {
  id: string;
  role: string;
  language: string;
  /** Station languages (radio hosts). */
  languages: readonly string[];
  zones: readonly string[];
}

export interface PlannedSms {
  contactId: string;
  role: 'radio_host' | 'subscriber';
  language: string;
}

/**
 * A radio host gets the text in each language the station broadcasts in (they read it on air); a
 * subscriber gets it in their own language. French when no text exists in the wanted language.
 */
export function languagesFor(c: TargetContact, available: readonly string[]): string[] {
  const wanted = c.role === 'radio_host' && c.languages.length > 0 ? c.languages : [c.language];
  const chosen = wanted.filter((l) => available.includes(l));
  if (chosen.length > 0) return [...new Set(chosen)];
  return [available.includes(c.language) ? c.language : 'fr'];
}

/** One SMS per recipient and language, radio hosts first. */
export function planRecipients(
  contacts: readonly TargetContact[],
  audience: Audience,
  zones: readonly string[],
  available: readonly string[],
): PlannedSms[] {
  const roles: string[] = rolesFor(audience);
  const out: PlannedSms[] = [];
  for (const role of ['radio_host', 'subscriber'] as const) {
    if (!roles.includes(role)) continue;
    for (const c of contacts) {
      if (c.role !== role || !inZones(c.zones, zones)) continue;
      for (const language of languagesFor(c, available)) out.push({ contactId: c.id, role, language });
    }
  }
  return out;
}
