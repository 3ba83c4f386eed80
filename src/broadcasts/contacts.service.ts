// Contacts of prevention messages: one at a time (API) or a whole CSV (API, CLI), each number stored
// encrypted with its look-up hash; radio hosts become trusted reporters.
import type { Repositories } from '../db/index.ts';
import { newPseudonym } from '../domain/reference.ts';
import { translator } from '../i18n/i18n.ts';
import type { Logger } from '../log.ts';
import { maskPhone } from '../phone/phone.ts';
import { TRUST } from '../safety/abuse.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { checkContact, type ContactInput, type ContactProblem, type RawContact } from './contact-rules.ts';
import { ContactsCsvError, parseContactsCsv } from './contacts-csv.ts';
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

/** The language problems are told in: the dashboard's (French or English); the API and the command answer in English. */
export type ProblemLanguage = 'fr' | 'en';

/** "zones: Koro names several places; …: Koro (ML0505) – cercle, Mopti / Koro (ML050512) – commune, …", in the reader's language. */
export function problemText(p: ContactProblem, lang: ProblemLanguage = 'en'): string {
  const t = translator(lang, 'web');
  const candidates = (p.candidates ?? [])
    .map((c) =>
      t(c.within ? 'contactErrors.candidate' : 'contactErrors.candidateTop', {
        name: c.name,
        pcode: c.pcode,
        level: t(`contactErrors.level.${c.level}`),
        within: c.within,
      }),
    )
    .join(' / ');
  return t(`contactErrors.${p.key}`, { ...p.values, candidates });
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
    async create(raw: RawContact, user: Principal, lang: ProblemLanguage = 'en') {
      const checked = checkContact(raw);
      if (!checked.ok) {
        const reasons = checked.reasons.map((r) => problemText(r, lang));
        throw new ContactError('invalid_contact', reasons.join('; '), reasons);
      }
      await requireWritable(user, checked.value);
      const saved = await save(checked.value);
      log.info({ contactId: saved.id, role: checked.value.role, created: saved.created }, 'contact saved');
      return { created: saved.created, contact: view((await repos.contacts.byId(saved.id))!) };
    },

    /**
     * Valid rows are created or updated (by number); every rejected row comes back with its reasons. A row
     * outside the user's regions refuses the whole file before anything is written (OutsideRegionsError).
     */
    async import(csv: string, user: Principal, lang: ProblemLanguage = 'en'): Promise<ImportReport> {
      let parsed;
      try {
        parsed = parseContactsCsv(csv);
      } catch (err) {
        if (err instanceof ContactsCsvError) throw new ContactsCsvError(err.problem, problemText(err.problem, lang));
        throw err;
      }
      for (const { contact } of parsed.contacts) await requireWritable(user, contact);
      const rejected = parsed.rejected.map((r) => ({ line: r.line, reasons: r.reasons.map((p) => problemText(p, lang)) }));
      const report: ImportReport = { created: 0, updated: 0, rejected };
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
