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

export class ContactError extends Error {
  constructor(readonly code: 'invalid_contact', message: string, readonly reasons: string[]) {
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
    const saved = await repos.contacts.upsert({ phoneHash, phoneEnc, name: c.name, role: c.role, station: c.station, languages: c.languages, zones: c.zones, language: c.language });
    // "Radio hosts are also trusted reporters": their reports corroborate like a focal point's.
    if (c.role === 'radio_host') await repos.contacts.trustAsReporter(phoneHash, phoneEnc, newPseudonym, c.language, TRUST.focalPoint);
    return saved;
  }

  /** What an API client sees of a contact: the number masked. */
  function view(c: ContactRow) {
    const phone = vault.decrypt(c.phoneEnc);
    return {
      id: c.id, name: c.name, role: c.role, station: c.station, languages: c.languages, zones: c.zones, language: c.language,
      phone: maskPhone(phone), optedOut: c.optedOutAt !== null, optedOutAt: c.optedOutAt, createdAt: c.createdAt,
    };
  }

  return {
    async create(raw: RawContact) {
      const checked = checkContact(raw);
      if (!checked.ok) throw new ContactError('invalid_contact', checked.reasons.join('; '), checked.reasons);
      const saved = await save(checked.value);
      log.info({ contactId: saved.id, role: checked.value.role, created: saved.created }, 'contact saved');
      return { created: saved.created, contact: view((await repos.contacts.byId(saved.id))!) };
    },

    /** Valid rows are created or updated (by number); every rejected row comes back with its reasons. */
    async import(csv: string): Promise<ImportReport> {
      const parsed = parseContactsCsv(csv);
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

    async list(filter: { role?: string; zone?: string; limit: number }) {
      const rows = await repos.contacts.list(filter.role, filter.zone ? 5000 : filter.limit);
      const zone = filter.zone;
      return (zone ? rows.filter((c) => inZones(c.zones, [zone])) : rows).slice(0, filter.limit).map(view);
    },
  };
}
export type ContactsService = ReturnType<typeof createContactsService>;
