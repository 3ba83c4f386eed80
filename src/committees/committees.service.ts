// The committees directory, as the operator keeps it: list, create, change, retire, import and export
// a CSV. Who may: admins, and coordinators within their regions. Every change is audited with who
// and why; numbers are stored encrypted with their look-up hash, never logged.
import type { Repositories } from '../db/index.ts';
import type { Clash, CommitteeToSave, DirectoryRow } from '../db/committees.repo.ts';
import type { AuditEntryInput } from '../db/audit.repo.ts';
import { getUnit } from '../geo/admin.ts';
import type { Logger } from '../log.ts';
import { maskPhone } from '../phone/phone.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import {
  auditActor,
  canAct,
  canRevealNumbers,
  inScope,
  OutsideRegionsError,
  requireInScope,
  touchesScope,
} from '../users/roles.ts';
import type { Principal } from '../users/roles.ts';
import { checkCommittee, type CommitteeInput, type Problem } from './committee-rules.ts';
import { committeesCsv, CommitteesCsvError, parseCommitteesCsv } from './committees-csv.ts';
import { problemsText, problemText, type ProblemLanguage } from './problem-text.ts';

export class CommitteeError extends Error {
  readonly problems: Problem[];
  /** With problems, the message is their English words (the API's); a dashboard renders them in its language. */
  constructor(
    readonly code: 'invalid_committee' | 'forbidden' | 'not_found' | 'committee_clash',
    what: string | Problem[],
  ) {
    super(typeof what === 'string' ? what : problemsText(what));
    this.problems = typeof what === 'string' ? [] : what;
  }
}

/** Who acts, and through what (api, cli, dashboard): the audit's actor and channel; `lang`: the import report's words. */
export interface Actor {
  principal: Principal;
  channel: string;
  reason?: string | undefined;
  lang?: ProblemLanguage;
}

/** Whether this user may change a committee covering these places: admins, and coordinators within their regions. */
export function mayManage(user: Principal, coverage: readonly string[]): boolean {
  return canAct(user) && coverage.every((p) => inScope(user, p));
}

/** The audit's actor: the operator's command, the demo seed, or the principal (a person, or the machine token). */
function actorOf(who: Actor): string {
  if (who.channel === 'cli') return 'operator:cli';
  if (who.channel === 'seed') return 'system:seed';
  return auditActor(who.principal);
}

export interface ImportReport {
  created: number;
  updated: number;
  rejected: { line: number; reason: string }[];
}

const placeName = (pcode: string) => (pcode === 'ML' ? 'Mali' : (getUnit(pcode)?.name ?? pcode));

/** A region-limited user sees a committee covering one of their places; the national one (ML) everyone sees. */
const sees = (user: Principal, coverage: readonly string[]) => coverage.includes('ML') || touchesScope(user, coverage);

export function createCommitteesService({ repos, vault, log }: { repos: Repositories; vault: PhoneVault; log: Logger }) {
  function requireManage(user: Principal, coverage: readonly string[]): void {
    if (mayManage(user, coverage)) return;
    if (!canAct(user)) throw new CommitteeError('forbidden', 'only admins and coordinators manage committees');
    requireInScope(user, coverage);
  }

  /** The committee as GET /api/committees shows it: numbers in clear for admins, masked for everyone else. */
  function view(c: DirectoryRow, user: Principal) {
    const clear = canRevealNumbers(user);
    return {
      id: c.id,
      name: c.name,
      type: c.type,
      level: c.level,
      coverage: c.coverage,
      checkinDays: c.checkinDays,
      places: c.coverage.map((pcode) => ({ pcode, name: placeName(pcode) })),
      retiredAt: c.retiredAt,
      focalPoints: c.focalPoints.map((f) => {
        const phone = vault.decrypt(f.phoneEnc);
        return {
          id: f.id,
          name: f.name,
          role: f.rank === 1 ? ('primary' as const) : ('backup' as const),
          rank: f.rank,
          language: f.language,
          ...(clear ? { phone } : {}),
          masked: maskPhone(phone),
        };
      }),
    };
  }
  type View = ReturnType<typeof view>;

  function refuseClashes(c: CommitteeInput) {
    return (found: Clash[]) => {
      const same = found.find((f) => f.name.toLowerCase() === c.name.toLowerCase());
      if (same) throw new CommitteeError('committee_clash', [{ field: 'name', key: 'nameClash', values: { name: same.name } }]);
      const other = found[0];
      if (other) {
        const shared = c.coverage.filter((p) => other.coverage.includes(p)).map((p) => `${placeName(p)} (${p})`);
        const values = { shared: shared.join(', '), type: c.type, name: other.name };
        throw new CommitteeError('committee_clash', [{ field: 'coverage', key: 'coverageClash', values }]);
      }
    };
  }

  function toSave(c: CommitteeInput): CommitteeToSave {
    return {
      name: c.name,
      type: c.type,
      level: c.level,
      coverage: c.coverage,
      checkinDays: c.checkinDays,
      focalPoints: c.focalPoints.map((f) => ({
        name: f.name,
        rank: f.rank,
        language: f.language,
        phoneHash: vault.hash(f.phone),
        phoneEnc: vault.encrypt(f.phone),
      })),
    };
  }

  function auditOf(action: 'create' | 'update', c: CommitteeInput, who: Actor) {
    return (id: string): AuditEntryInput => ({
      entity: 'committee',
      entityId: id,
      action,
      fromState: action === 'create' ? null : 'active',
      toState: 'active',
      actor: actorOf(who),
      channel: who.channel,
      reason: who.reason?.trim() || null,
      // Never the numbers: the audit log is read by more people than the directory's admins.
      details: {
        name: c.name,
        type: c.type,
        level: c.level,
        coverage: c.coverage,
        ...(c.checkinDays !== undefined ? { checkinDays: c.checkinDays } : {}),
        focalPoints: c.focalPoints.map((f) => ({ name: f.name, rank: f.rank, language: f.language })),
      },
    });
  }

  function checked(body: unknown): CommitteeInput {
    const r = checkCommittee(body);
    if (!r.ok) throw new CommitteeError('invalid_committee', r.problems);
    return r.value;
  }

  async function active(id: string, user: Principal): Promise<DirectoryRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await repos.committees.byId(id) : null;
    if (!row || row.retiredAt || !sees(user, row.coverage)) throw new CommitteeError('not_found', `no active committee ${id}`);
    return row;
  }

  async function saveChecked(id: string | null, c: CommitteeInput, who: Actor): Promise<string> {
    requireManage(who.principal, c.coverage);
    const saved = await repos.committees.save(id, toSave(c), auditOf(id ? 'update' : 'create', c, who), refuseClashes(c));
    log.info({ committeeId: saved, action: id ? 'update' : 'create', channel: who.channel }, 'committee saved');
    return saved;
  }

  /** The body a PATCH starts from: the committee as it is, numbers in clear. */
  function asBody(row: DirectoryRow) {
    return {
      name: row.name,
      type: row.type,
      level: row.level,
      coverage: row.coverage,
      checkinDays: row.checkinDays,
      focalPoints: row.focalPoints.map((f) => ({
        name: f.name,
        phone: vault.decrypt(f.phoneEnc),
        role: f.rank === 1 ? 'primary' : 'backup',
        language: f.language,
      })),
    };
  }

  /** A focal point given by its id without a phone keeps its number: a form shows none to send back. */
  function keepNumbers(row: DirectoryRow, given: unknown): unknown {
    if (!Array.isArray(given)) return given;
    return given.map((f: unknown) => {
      const o = f as Record<string, unknown> | null;
      if (!o || typeof o !== 'object' || typeof o.id !== 'string' || (o.phone !== undefined && o.phone !== '')) return f;
      const known = row.focalPoints.find((k) => k.id === o.id);
      return known ? { ...o, phone: vault.decrypt(known.phoneEnc) } : f;
    });
  }

  return {
    async list(user: Principal, opts: { retired?: boolean } = {}): Promise<View[]> {
      const rows = await repos.committees.directory(opts);
      return rows.filter((c) => sees(user, c.coverage)).map((c) => view(c, user));
    },

    async get(id: string, user: Principal): Promise<View> {
      return view(await active(id, user), user);
    },

    async create(body: unknown, who: Actor): Promise<View> {
      const id = await saveChecked(null, checked(body), who);
      return view((await repos.committees.byId(id))!, who.principal);
    },

    /** Changes what the body gives (name, type, level, coverage, focal points: the whole list, in order). */
    async update(id: string, patch: Record<string, unknown>, who: Actor): Promise<View> {
      const row = await active(id, who.principal);
      requireManage(who.principal, row.coverage);
      // A new coverage without a level finds its own level; otherwise the committee keeps its own.
      const base = asBody(row);
      const merged = { ...base, ...(patch.coverage !== undefined && patch.level === undefined ? { level: undefined } : {}) };
      for (const k of ['name', 'type', 'level', 'coverage', 'focalPoints', 'checkinDays'] as const)
        if (patch[k] !== undefined) merged[k] = patch[k] as never;
      merged.focalPoints = keepNumbers(row, merged.focalPoints) as typeof merged.focalPoints;
      await saveChecked(row.id, checked(merged), who);
      return view((await repos.committees.byId(row.id))!, who.principal);
    },

    /** Retires: no new alert; its open alerts stay and escalate past it; history and audit keep it. */
    async retire(id: string, who: Actor): Promise<View> {
      const row = await active(id, who.principal);
      requireManage(who.principal, row.coverage);
      const done = await repos.committees.retire(row.id, {
        entity: 'committee',
        entityId: row.id,
        action: 'retire',
        fromState: 'active',
        toState: 'retired',
        actor: actorOf(who),
        channel: who.channel,
        reason: who.reason?.trim() || null,
        details: { name: row.name, type: row.type, coverage: row.coverage },
      });
      if (!done) throw new CommitteeError('not_found', `no active committee ${id}`);
      log.info({ committeeId: row.id, action: 'retire', channel: who.channel }, 'committee retired');
      return view((await repos.committees.byId(row.id))!, who.principal);
    },

    /** A committee goes in whole or not at all: one rejected line of it keeps all of it out. Reasons in `who.lang` (English by default). */
    async import(csv: string, who: Actor): Promise<ImportReport> {
      const reader = { lang: who.lang ?? ('en' as const) };
      const say = (problems: Problem[]) => problems.map((p) => problemText(p, reader)).join('; ');
      let parsed: ReturnType<typeof parseCommitteesCsv>;
      try {
        parsed = parseCommitteesCsv(csv);
      } catch (err) {
        if (err instanceof CommitteesCsvError) throw new CommitteesCsvError(err.problem, say([err.problem]));
        throw err;
      }
      const report: ImportReport = {
        created: 0,
        updated: 0,
        rejected: parsed.rejected.map(({ line, problem }) => ({ line, reason: say([problem]) })),
      };
      const existing = await repos.committees.directory();
      for (const c of parsed.committees) {
        const badLines = parsed.rejected.filter((r) => r.committee === c.name).map((r) => r.line);
        const reject = (line: number, problems: Problem[]) => report.rejected.push({ line, reason: say(problems) });
        const notImported = (because: number[]) =>
          c.lines
            .filter((l) => !because.includes(l))
            .forEach((l) =>
              reject(l, [{ field: 'name', key: 'notImported', values: { name: c.name, lines: because.join(', ') } }]),
            );
        if (badLines.length > 0) {
          notImported(badLines);
          continue;
        }
        const r = checkCommittee(c.body);
        if (!r.ok) {
          const lineOf = (p: Problem) => c.lines[Number(/^focalPoints\[(\d+)\]/.exec(p.field)?.[1] ?? 0)] ?? c.lines[0]!;
          const lines = [...new Set(r.problems.map(lineOf))];
          for (const line of lines)
            reject(
              line,
              r.problems.filter((p) => lineOf(p) === line),
            );
          notImported(lines);
          continue;
        }
        const same = existing.find((e) => e.name.toLowerCase() === c.name.toLowerCase());
        try {
          await saveChecked(same?.id ?? null, r.value, who);
          report[same ? 'updated' : 'created']++;
        } catch (err) {
          if (err instanceof OutsideRegionsError) {
            const values = { pcode: err.pcode, regions: err.regions.join(', ') };
            reject(c.lines[0]!, [{ field: 'coverage', key: 'outsideRegions', values }]);
          } else if (err instanceof CommitteeError && err.problems.length > 0) reject(c.lines[0]!, err.problems);
          else if (err instanceof CommitteeError) report.rejected.push({ line: c.lines[0]!, reason: err.message });
          else throw err;
          notImported([c.lines[0]!]);
        }
      }
      report.rejected.sort((a, b) => a.line - b.line);
      return report;
    },

    /** The directory in the import's format, numbers in clear: admins only, and audited like a reveal. */
    async export(who: Actor): Promise<string> {
      if (!canRevealNumbers(who.principal))
        throw new CommitteeError('forbidden', 'only admins export the directory (it holds numbers)');
      const rows = await repos.committees.directory();
      await repos.alerts.audit({
        entity: 'committee',
        entityId: 'directory',
        action: 'export',
        fromState: null,
        toState: null,
        actor: actorOf(who),
        channel: who.channel,
        reason: who.reason?.trim() || null,
        details: { committees: rows.length },
      });
      return committeesCsv(
        rows.map((c) => ({
          name: c.name,
          type: c.type,
          level: c.level,
          checkinDays: c.checkinDays,
          places: c.coverage.map((p) => `${placeName(p)} (${p})`),
          focalPoints: c.focalPoints.map((f) => ({
            name: f.name,
            phone: vault.decrypt(f.phoneEnc),
            role: f.rank === 1 ? ('primary' as const) : ('backup' as const),
            language: f.language,
          })),
        })),
      );
    },

    /** Communes with reports that no active committee covers, for the dashboard. */
    async uncovered(user: Principal) {
      const rows = await repos.committees.uncoveredCommunes();
      return rows.filter((r) => touchesScope(user, [r.pcode])).map((r) => ({ ...r, name: placeName(r.pcode) }));
    },
  };
}
export type CommitteesService = ReturnType<typeof createCommitteesService>;
