// Personal API tokens: `sab_<prefix>_<secret>`, shown once at creation, kept as the SHA-256 of the whole
// token (32 random bytes need no slow hash), revocable; a request with one acts as its user, with that
// user's role and regions. Every creation and revocation goes into the audit chain.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Repositories } from '../db/index.ts';
import type { Logger } from '../log.ts';
import { auditActor, isAdmin, isRole, type Principal } from './roles.ts';

const TOKEN = /^sab_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const PREFIX = /^(?:sab_)?([0-9a-f]{12})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_LABEL_LENGTH = 80;

export class ApiTokenError extends Error {
  constructor(
    readonly code: 'not_found' | 'forbidden' | 'invalid_label',
    message: string,
  ) {
    super(message);
  }
}

/** Who creates or revokes: a person on the dashboard, or the operator at the command line. */
export type TokenManager = Principal | 'operator:cli';

const digest = (token: string) => createHash('sha256').update(token).digest();

/** Whether a bearer value looks like a personal token (else it is checked as the shared ADMIN_TOKEN). */
export function isPersonalToken(value: string): boolean {
  return value.startsWith('sab_');
}

export function createApiTokensService({ repos, log }: { repos: Repositories; log: Logger }) {
  const actorOf = (by: TokenManager) => (by === 'operator:cli' ? by : auditActor(by));

  async function audit(tokenId: string, action: string, by: TokenManager, details: Record<string, unknown>) {
    await repos.alerts.audit({
      entity: 'api_token',
      entityId: tokenId,
      action,
      fromState: null,
      toState: null,
      actor: actorOf(by),
      channel: by === 'operator:cli' ? 'cli' : 'dashboard',
      reason: null,
      details,
    });
  }

  /** A token by its id or prefix (with or without `sab_`), or null. */
  async function find(ref: string) {
    const ref0 = ref.trim();
    const prefix = PREFIX.exec(ref0)?.[1];
    if (prefix) return repos.apiTokens.byPrefix(prefix);
    return UUID.test(ref0) ? repos.apiTokens.byId(ref0) : null;
  }

  return {
    /** A new token for this user; the only time its secret is seen. */
    async create(userId: string, labelRaw: string | null | undefined, by: TokenManager) {
      const label = labelRaw?.trim() || null;
      if (label && label.length > MAX_LABEL_LENGTH)
        throw new ApiTokenError('invalid_label', `label: at most ${MAX_LABEL_LENGTH} characters`);
      const user = await repos.users.byId(userId);
      if (!user) throw new ApiTokenError('not_found', 'no such user');
      if (user.disabledAt) throw new ApiTokenError('forbidden', `the account ${user.email} is disabled`);
      const prefix = randomBytes(6).toString('hex');
      const token = `sab_${prefix}_${randomBytes(32).toString('base64url')}`;
      const row = await repos.apiTokens.create({ userId, prefix, secretHash: digest(token).toString('hex'), label });
      await audit(row.id, 'token_created', by, { user: `user:${userId}`, prefix, label });
      log.info({ userId, tokenId: row.id }, 'API token created');
      return { id: row.id, prefix, label, createdAt: row.createdAt, token };
    },

    /** The user behind a personal token, or null: unknown, wrong secret, revoked, or its account disabled. */
    async authenticate(token: string): Promise<Principal | null> {
      const m = TOKEN.exec(token);
      if (!m) return null;
      const row = await repos.apiTokens.byPrefix(m[1]!);
      if (!row || !timingSafeEqual(digest(token), Buffer.from(row.secretHash, 'hex'))) return null;
      if (row.revokedAt || row.user.disabledAt) return null;
      await repos.apiTokens.touch(row.id);
      const u = row.user;
      return { id: u.id, email: u.email, role: isRole(u.role) ? u.role : 'viewer', regions: u.regions };
    },

    /** A user's tokens, newest first: prefix, label, dates, never the secret nor its hash. */
    list: (userId: string) => repos.apiTokens.ofUser(userId),

    /** Every live token of every user, with its owner's email: what an admin may revoke. */
    live: () => repos.apiTokens.live(),

    /** Revokes a token by id or prefix: its owner, an admin, or the operator; true when it was live. */
    async revoke(ref: string, by: TokenManager): Promise<{ revoked: boolean; prefix: string; email: string }> {
      const row = await find(ref);
      if (!row) throw new ApiTokenError('not_found', `no API token ${ref.slice(0, 60)}`);
      if (by !== 'operator:cli' && by.id !== row.userId && !isAdmin(by))
        throw new ApiTokenError('forbidden', 'only its owner or an admin may revoke this token');
      const revoked = await repos.apiTokens.revoke(row.id);
      if (revoked) {
        await audit(row.id, 'token_revoked', by, { user: `user:${row.userId}`, prefix: row.prefix });
        log.info({ userId: row.userId, tokenId: row.id }, 'API token revoked');
      }
      return { revoked, prefix: row.prefix, email: row.user.email };
    },
  };
}
export type ApiTokensService = ReturnType<typeof createApiTokensService>;
