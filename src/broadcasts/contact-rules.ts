// What makes a contact valid, whether it comes from the API or a CSV row: a Malian number, a role,
// P-codes of Mali, known languages, a station for radio hosts. Every problem is named. Pure.
import { LANGUAGES, isLanguage } from '../domain/taxonomy.ts';
import { getUnit } from '../geo/admin.ts';
import { normalisePhone } from '../phone/phone.ts';
import { CONTACT_ROLES, type ContactRole } from './targeting.ts';

export interface ContactInput {
  phone: string;
  name: string | null;
  role: ContactRole;
  station: string | null;
  languages: string[];
  zones: string[];
  language: string;
}

export interface RawContact {
  phone?: unknown;
  name?: unknown;
  role?: unknown;
  station?: unknown;
  languages?: unknown;
  zones?: unknown;
  language?: unknown;
}

export type Checked = { ok: true; value: ContactInput } | { ok: false; reasons: string[] };

const ROLE_WORDS: Record<string, ContactRole> = {
  radio_host: 'radio_host',
  radio: 'radio_host',
  animateur: 'radio_host',
  animatrice: 'radio_host',
  host: 'radio_host',
  subscriber: 'subscriber',
  abonne: 'subscriber',
  abonnee: 'subscriber',
  focal_point: 'focal_point',
  point_focal: 'focal_point',
  pf: 'focal_point',
};

const simple = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** A list given as an array or as one cell: "bm;fr", "bm fr", "ML050303|ML050304". */
export function listOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[;|,\s]+/) : [];
  return [...new Set(items.map((s) => s.trim()).filter(Boolean))];
}

const text = (value: unknown, max: number): string | null => {
  if (typeof value !== 'string') return null;
  const t = value
    .replace(/\p{Cc}/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  return t ? t.slice(0, max) : null;
};

export function checkContact(raw: RawContact): Checked {
  const reasons: string[] = [];
  const phoneRaw = typeof raw.phone === 'string' ? raw.phone : typeof raw.phone === 'number' ? String(raw.phone) : '';
  const phone = phoneRaw.trim() ? normalisePhone(phoneRaw).e164 : null;
  if (!phoneRaw.trim()) reasons.push('phone: missing');
  else if (!phone) reasons.push(`phone: ${phoneRaw.trim().slice(0, 30)} is not a phone number`);

  const role = typeof raw.role === 'string' ? ROLE_WORDS[simple(raw.role)] : undefined;
  if (!role) reasons.push(`role: one of ${CONTACT_ROLES.join(', ')}`);

  const zones = listOf(raw.zones).map((z) => z.toUpperCase());
  if (zones.length === 0) reasons.push('zones: at least one P-code (e.g. ML050303 for Djenné)');
  for (const z of zones) if (!getUnit(z)) reasons.push(`zones: ${z.slice(0, 20)} is not a P-code of Mali`);

  const languages = listOf(raw.languages).map((l) => l.toLowerCase());
  for (const l of languages)
    if (!isLanguage(l)) reasons.push(`languages: ${l.slice(0, 10)} is not one of ${LANGUAGES.join(', ')}`);
  const languageRaw = typeof raw.language === 'string' && raw.language.trim() ? raw.language.trim().toLowerCase() : undefined;
  if (languageRaw !== undefined && !isLanguage(languageRaw)) reasons.push(`language: one of ${LANGUAGES.join(', ')}`);

  const station = text(raw.station, 100);
  if (role === 'radio_host' && !station) reasons.push('station: a radio host needs the name of the station');

  if (reasons.length > 0 || !phone || !role) return { ok: false, reasons };
  const language = languageRaw ?? (role === 'radio_host' ? languages[0] : undefined) ?? 'fr';
  return {
    ok: true,
    value: {
      phone,
      name: text(raw.name, 100),
      role,
      station: role === 'radio_host' ? station : null,
      languages: role === 'radio_host' ? (languages.length > 0 ? languages : [language]) : languages,
      zones,
      language,
    },
  };
}
