// What makes a contact valid, whether it comes from the API or a CSV row: a Malian number, a role,
// places of Mali (P-codes or names as people type them), known languages, a station for radio hosts.
// Every problem is named, as a text key each reader renders in its language. Pure.
import { z } from 'zod';
import { LANGUAGES, isLanguage } from '../domain/taxonomy.ts';
import { lookUpPlace, type PlaceCandidate } from '../geo/place-lookup.ts';
import { normalisePhone } from '../phone/phone.ts';
import { CONTACT_ROLES, type ContactRole } from './targeting.ts';
import { foldedKey } from '../lib/keys.ts';

export interface ContactInput {
  phone: string;
  name: string | null;
  role: ContactRole;
  station: string | null;
  languages: string[];
  zones: string[];
  language: string;
}

const list = z.union([z.array(z.string()), z.string()]);
/** A contact's fields as the API takes them (the shape only: checkContact reads and checks each one). */
export const contactShape = z.object({
  // Optional in the shape so that a missing number is named among the contact's other problems (checkContact).
  phone: z.union([z.string(), z.number()]).optional().describe('required: the number, +223… or as typed in Mali'),
  name: z.string().optional(),
  role: z
    .string()
    .optional()
    .describe(`one of ${CONTACT_ROLES.join(', ')}`),
  station: z.string().optional().describe('a radio host’s station'),
  languages: list.optional().describe(`languages of the messages they get: ${LANGUAGES.join(', ')}`),
  zones: list.optional().describe('places (names or P-codes) whose messages they get'),
  language: z.string().optional(),
});

export interface RawContact {
  phone?: unknown;
  name?: unknown;
  role?: unknown;
  station?: unknown;
  languages?: unknown;
  zones?: unknown;
  language?: unknown;
}

/** A problem as a key of locales/<lang>/web.json's `contactErrors` and its values (candidates: places to choose from). */
export interface ContactProblem {
  key: string;
  values?: Record<string, string | number>;
  candidates?: PlaceCandidate[];
}

export type Checked = { ok: true; value: ContactInput } | { ok: false; reasons: ContactProblem[] };

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

const simple = foldedKey;

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

/** Zones as typed: "ML050303 ML050304", "Djenné; Koro", "Bandiagara (ML0504)"; names may hold spaces. */
function zoneItems(value: unknown): string[] {
  const cells = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[;|,\n]+/) : [];
  const items = cells.flatMap((c) => (/^\s*(ml\d*\s*)+$/i.test(c) ? c.split(/\s+/) : [c]));
  return [...new Set(items.map((s) => s.trim()).filter(Boolean))];
}

function zonesOf(value: unknown, reasons: ContactProblem[]): string[] {
  const zones: string[] = [];
  for (const item of zoneItems(value)) {
    const text = item.slice(0, 40);
    const found = lookUpPlace(item);
    if (found.kind === 'found' && found.level !== 'country') zones.push(found.pcode);
    else if (found.kind === 'found' || found.kind === 'unknown') reasons.push({ key: 'zoneUnknown', values: { text } });
    else reasons.push({ key: 'zoneAmbiguous', values: { text }, candidates: found.candidates });
  }
  return [...new Set(zones)];
}

export function checkContact(raw: RawContact): Checked {
  const reasons: ContactProblem[] = [];
  const phoneRaw = typeof raw.phone === 'string' ? raw.phone : typeof raw.phone === 'number' ? String(raw.phone) : '';
  const phone = phoneRaw.trim() ? normalisePhone(phoneRaw).e164 : null;
  if (!phoneRaw.trim()) reasons.push({ key: 'phoneMissing' });
  else if (!phone) reasons.push({ key: 'phoneInvalid', values: { text: phoneRaw.trim().slice(0, 30) } });

  const role = typeof raw.role === 'string' ? ROLE_WORDS[simple(raw.role)] : undefined;
  if (!role) reasons.push({ key: 'role', values: { roles: CONTACT_ROLES.join(', ') } });

  const zones = zonesOf(raw.zones, reasons);
  if (zoneItems(raw.zones).length === 0) reasons.push({ key: 'zonesMissing' });

  const languages = listOf(raw.languages).map((l) => l.toLowerCase());
  for (const l of languages)
    if (!isLanguage(l)) reasons.push({ key: 'languages', values: { text: l.slice(0, 10), languages: LANGUAGES.join(', ') } });
  const languageRaw = typeof raw.language === 'string' && raw.language.trim() ? raw.language.trim().toLowerCase() : undefined;
  if (languageRaw !== undefined && !isLanguage(languageRaw))
    reasons.push({ key: 'language', values: { languages: LANGUAGES.join(', ') } });

  const station = text(raw.station, 100);
  if (role === 'radio_host' && !station) reasons.push({ key: 'station' });

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
