// Native review (issue 19): which local-language texts and lexicon entries still need a speaker; a speaker
// marks one reviewed or proposes a correction, an admin accepts or rejects it, and accepted corrections are
// laid over the shipped texts and lexicon in this process at once and in every other one at its next refresh.
import { applyLexiconCorrections, lexiconKey, LOCAL_ENTRIES } from '../classify/lexicon.ts';
import type { Repositories } from '../db/index.ts';
import { applyTextCorrections, REVIEWED_LANGUAGES, TEXT_ITEMS } from '../i18n/i18n.ts';
import type { Logger } from '../log.ts';
import { auditActor, canAct, isAdmin, type Principal } from '../users/roles.ts';
import { readReviewFile, REVIEW_KINDS, type ReviewFile, type ReviewKind, type ReviewStatus } from './review-files.ts';

export class LanguageReviewError extends Error {
  constructor(
    readonly code: 'invalid' | 'not_found' | 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

export interface ReviewItem {
  kind: ReviewKind;
  language: string;
  key: string;
  /** As shipped in the repo; a word list joined with ` | `. */
  shipped: string;
  /** Lexicon: the concept the word stands for. */
  concept?: string;
  review: ReviewStatus;
  /** Corrections waiting for an admin. */
  pending: Array<{ id: string; proposed: string; by: string; at: Date }>;
}

interface Shipped {
  kind: ReviewKind;
  language: string;
  key: string;
  value: string;
  concept?: string;
}
const SHIPPED: readonly Shipped[] = [
  ...TEXT_ITEMS.map((i) => ({ kind: 'text' as const, language: i.language, key: i.key, value: i.value })),
  ...LOCAL_ENTRIES.map((e) => ({
    kind: 'lexicon' as const,
    language: e.language,
    key: lexiconKey(e),
    value: e.words.join(' '),
    concept: e.concept,
  })),
];
const idOf = (kind: string, language: string, key: string): string => `${kind}|${language}|${key}`;
const BY_ID = new Map(SHIPPED.map((s) => [idOf(s.kind, s.language, s.key), s]));
const FILES: Record<ReviewKind, ReviewFile> = { text: readReviewFile('text'), lexicon: readReviewFile('lexicon') };
const placeholders = (s: string): string =>
  [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');
const MAX_PROPOSAL = 500;

type Row = Awaited<ReturnType<Repositories['languages']['all']>>[number];

/** Every item with its status: the review files first, then the stored reviews (oldest first) in order. */
export function reviewItems(rows: readonly Row[]): ReviewItem[] {
  const out = new Map<string, ReviewItem>(
    SHIPPED.map((s) => [
      idOf(s.kind, s.language, s.key),
      {
        kind: s.kind,
        language: s.language,
        key: s.key,
        shipped: s.value,
        concept: s.concept,
        review: FILES[s.kind][s.language]?.[s.key] ?? { status: 'unreviewed' },
        pending: [],
      },
    ]),
  );
  for (const r of rows) {
    const item = out.get(idOf(r.kind, r.language, r.key));
    if (!item) continue; // a text or word no longer shipped
    // "Right as it is" of a corrected text confirms the correction.
    const kept =
      item.review.status === 'reviewed' && item.review.correction !== undefined ? { correction: item.review.correction } : {};
    if (r.status === 'reviewed') item.review = { status: 'reviewed', by: r.by, at: r.at.toISOString(), ...kept };
    if (r.status === 'accepted' && r.proposed !== null)
      item.review = { status: 'reviewed', by: r.by, at: (r.decidedAt ?? r.at).toISOString(), correction: r.proposed };
    if (r.status === 'proposed' && r.proposed !== null) item.pending.push({ id: r.id, proposed: r.proposed, by: r.by, at: r.at });
  }
  return [...out.values()];
}

export function createLanguagesService({ repos, log }: { repos: Repositories; log: Logger }) {
  let version = '';

  const items = async (): Promise<ReviewItem[]> => reviewItems(await repos.languages.all());

  async function apply(all?: ReviewItem[]): Promise<void> {
    const list = all ?? (await items());
    const fixes = (kind: ReviewKind) =>
      list.flatMap((i) =>
        i.kind === kind && i.review.status === 'reviewed' && i.review.correction !== undefined
          ? [{ language: i.language, key: i.key, value: i.review.correction }]
          : [],
      );
    applyTextCorrections(fixes('text'));
    applyLexiconCorrections(fixes('lexicon'));
  }

  function check(user: Principal, kind: string, language: string, key: string): Shipped {
    if (!canAct(user)) throw new LanguageReviewError('forbidden', 'only admins and coordinators review languages');
    if (!(REVIEW_KINDS as readonly string[]).includes(kind))
      throw new LanguageReviewError('invalid', `kind: text or lexicon, not ${kind}`);
    if (!(REVIEWED_LANGUAGES as readonly string[]).includes(language))
      throw new LanguageReviewError('invalid', `language: ${REVIEWED_LANGUAGES.join(', ')}, not ${language}`);
    const shipped = BY_ID.get(idOf(kind, language, key));
    if (!shipped) throw new LanguageReviewError('not_found', `no ${kind} ${key} in ${language}`);
    return shipped;
  }

  return {
    items,

    /** Per language: how many texts and lexicon entries still need a speaker, and corrections waiting. */
    async overview() {
      const all = await items();
      return REVIEWED_LANGUAGES.map((language) => {
        const mine = all.filter((i) => i.language === language);
        const count = (kind: ReviewKind) => mine.filter((i) => i.kind === kind && i.review.status === 'unreviewed').length;
        return {
          language,
          texts: count('text'),
          lexicon: count('lexicon'),
          pending: mine.reduce((n, i) => n + i.pending.length, 0),
          total: mine.length,
        };
      });
    },

    /** A speaker found the text or word right as it is. */
    async markReviewed(user: Principal, kind: string, language: string, key: string) {
      check(user, kind, language, key);
      await repos.languages.add(
        { kind: kind as ReviewKind, language, key, proposed: null, status: 'reviewed', by: user.email },
        (id) => ({
          entity: 'language_review',
          entityId: id,
          action: 'reviewed',
          fromState: null,
          toState: 'reviewed',
          actor: auditActor(user),
          channel: 'dashboard',
          reason: `${kind} ${language} ${key}`,
          details: { kind, language, key },
        }),
      );
      log.info({ kind, language, key }, 'language item reviewed');
    },

    /** A speaker proposes the corrected text or word; it takes effect once an admin accepts it. */
    async propose(user: Principal, kind: string, language: string, key: string, value: string) {
      const shipped = check(user, kind, language, key);
      const proposed = value.normalize('NFC').trim();
      if (!proposed) throw new LanguageReviewError('invalid', 'correction: write the corrected text');
      if (proposed.length > MAX_PROPOSAL)
        throw new LanguageReviewError('invalid', `correction: at most ${MAX_PROPOSAL} characters`);
      if (kind === 'text' && placeholders(proposed) !== placeholders(shipped.value))
        throw new LanguageReviewError(
          'invalid',
          `correction: keep the placeholders ${placeholders(shipped.value) || '(none)'} as they are`,
        );
      const saved = await repos.languages.add(
        { kind: kind as ReviewKind, language, key, proposed, status: 'proposed', by: user.email },
        (id) => ({
          entity: 'language_review',
          entityId: id,
          action: 'proposed',
          fromState: null,
          toState: 'proposed',
          actor: auditActor(user),
          channel: 'dashboard',
          reason: `${kind} ${language} ${key}`,
          details: { kind, language, key, from: shipped.value, to: proposed },
        }),
      );
      return saved.id;
    },

    /** An admin accepts (the correction applies from now on) or rejects a proposed correction. */
    async decide(user: Principal, id: string, decision: string) {
      if (!isAdmin(user)) throw new LanguageReviewError('forbidden', 'only an admin accepts or rejects a correction');
      if (decision !== 'accept' && decision !== 'reject') throw new LanguageReviewError('invalid', 'decision: accept or reject');
      const status = decision === 'accept' ? 'accepted' : 'rejected';
      const row = await repos.languages.byId(id).catch(() => null);
      if (!row) throw new LanguageReviewError('not_found', `no correction ${id}`);
      const done = await repos.languages.decide(id, status, user.email, {
        entity: 'language_review',
        entityId: id,
        action: status,
        fromState: 'proposed',
        toState: status,
        actor: auditActor(user),
        channel: 'dashboard',
        reason: `${row.kind} ${row.language} ${row.key}`,
        details: { kind: row.kind, language: row.language, key: row.key, to: row.proposed },
      });
      if (!done) throw new LanguageReviewError('invalid', `correction ${id} was already ${row.status}`);
      if (status === 'accepted') await apply();
      log.info({ kind: row.kind, language: row.language, key: row.key, status }, 'language correction decided');
      return done;
    },

    /** Lays the accepted corrections over texts and lexicon when the reviews changed (workers poll this). */
    async refresh(force = false): Promise<boolean> {
      const next = await repos.languages.version();
      if (!force && next === version) return false;
      await apply();
      version = next;
      return true;
    },
  };
}
export type LanguagesService = ReturnType<typeof createLanguagesService>;
