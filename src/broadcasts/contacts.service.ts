// Contacts of prevention messages: one at a time (API) or a whole CSV (API, CLI), each number stored
// encrypted with its look-up hash; radio hosts become trusted reporters.
import type { Repositories } from '../db/index.ts';
import { newPseudonym } from '../domain/reference.ts';
import type { Logger } from '../log.ts';
import { maskPhone } from '../phone/phone.ts';
import { TRUST } from '../safety/abuse.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { checkContact, type ContactInput, type RawContact } from './contact-rules.ts';
import { parseContactsCsv } from './contacts-csv.ts';
import { inZones } from './targeting.ts';
import { requireInScope, type Principal } from '../users/roles.ts';

export class ContactError extends Error {
  constructor(
    readonly code: 'invalid_contact',
    message: string,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

export interface ImportReport {
  created: number;
  updated: number;
  rejected: { line: number; reasons: string[] }[];
}

type ContactRow = NonNullable<Awaited<ReturnType<Repositories['contacts']['byId']>>>;

export function createContactsService({ repos, vault, log }: { repos: Repositories; vault: PhoneVault; log: Logger }) {
  async function save(c: ContactInput): Promise<{ id: string; created: boolean }> {
    const phoneHash = vault.hash(c.phone);
    const phoneEnc = vault.encrypt(c.phone);
    const saved = await repos.contacts.upsert({
      phoneHash,
      phoneEnc,
      name: c.name,
      role: c.role,
      station: c.station,
      languages: c.languages,
      zones: c.zones,
      language: c.language,
    });
    // "Radio hosts are also trusted reporters": their reports corroborate like a focal point's.
    if (c.role === 'radio_host')
      await repos.contacts.trustAsReporter(phoneHash, phoneEnc, newPseudonym, c.language, TRUST.focalPoint);
    return saved;
  }

  /** What an API client sees of a contact: the number masked. */
  function view(c: ContactRow) {
    const phone = vault.decrypt(c.phoneEnc);
    return {
      id: c.id,
      name: c.name,
      role: c.role,
      station: c.station,
      languages: c.languages,
      zones: c.zones,
      language: c.language,
      phone: maskPhone(phone),
      optedOut: c.optedOutAt !== null,
      optedOutAt: c.optedOutAt,
      createdAt: c.createdAt,
    };
  }

  /**
   * A user limited to regions writes only contacts wholly inside them: the zones given and, for a number
   * already known (an import or a new form updates it), the zones it has now. Throws OutsideRegionsError.
   */
  async function requireWritable(user: Principal, c: ContactInput): Promise<void> {
    if (user.regions.length === 0) return;
    requireInScope(user, c.zones);
    const existing = await repos.contacts.byHash(vault.hash(c.phone));
    if (existing) requireInScope(user, existing.zones);
  }

  return {
    async create(raw: RawContact, user: Principal) {
      const checked = checkContact(raw);
      if (!checked.ok) throw new ContactError('invalid_contact', checked.reasons.join('; '), checked.reasons);
      await requireWritable(user, checked.value);
      const saved = await save(checked.value);
      log.info({ contactId: saved.id, role: checked.value.role, created: saved.created }, 'contact saved');
      return { created: saved.created, contact: view((await repos.contacts.byId(saved.id))!) };
    },

    /**
     * Valid rows are created or updated (by number); every rejected row comes back with its reasons. A row
     * outside the user's regions refuses the whole file before anything is written (OutsideRegionsError).
     */
    async import(csv: string, user: Principal): Promise<ImportReport> {
      const parsed = parseContactsCsv(csv);
      for (const { contact } of parsed.contacts) await requireWritable(user, contact);
      const report: ImportReport = { created: 0, updated: 0, rejected: parsed.rejected };
      for (const { contact } of parsed.contacts) {
        const saved = await save(contact);
        if (saved.created) report.created++;
        else report.updated++;
      }
      report.rejected.sort((a, b) => a.line - b.line);
      log.info({ created: report.created, updated: report.updated, rejected: report.rejected.length }, 'contacts imported');
      return report;
    },

    /** Newest first; a user limited to regions sees only contacts with a zone inside them. */
    async list(user: Principal, filter: { role?: string; zone?: string; limit: number }) {
      const rows = await repos.contacts.list(filter.role, filter.zone ? 5000 : filter.limit, user.regions);
      const zone = filter.zone;
      return (zone ? rows.filter((c) => inZones(c.zones, [zone])) : rows).slice(0, filter.limit).map(view);
    },
  };
}
export type ContactsService = ReturnType<typeof createContactsService>;
