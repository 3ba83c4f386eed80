// Tamper evidence for the audit log: each entry's hash covers its content and the previous hash. Pure.
import { createHash } from 'node:crypto';

export interface AuditContent {
  at: Date;
  entity: string;
  entityId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  actor: string;
  channel: string;
  reason: string | null;
  details: unknown;
}

export interface AuditRow extends AuditContent {
  seq: bigint | number;
  prevHash: string | null;
  /** Null until the sealer links the entry into the chain. */
  hash: string | null;
}

export const GENESIS = 'sabali-audit-genesis';

function stable(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stable(obj[k])}`)
    .join(',')}}`;
}

/** What an entry's hash covers besides the previous hash: its content as stable JSON. */
export function auditBody(c: AuditContent): string {
  return stable({
    at: c.at.toISOString(),
    entity: c.entity,
    entityId: c.entityId,
    action: c.action,
    fromState: c.fromState,
    toState: c.toState,
    actor: c.actor,
    channel: c.channel,
    reason: c.reason,
    details: c.details ?? null,
  });
}

/** sha256 of the previous hash (GENESIS for the first entry), a newline and the body, in hex. */
export function auditHash(prevHash: string | null, c: AuditContent): string {
  return createHash('sha256')
    .update(prevHash ?? GENESIS)
    .update('\n')
    .update(auditBody(c))
    .digest('hex');
}

export type ChainCheck = { ok: true; entries: number } | { ok: false; entries: number; seq: string; problem: string };

/** Walks the rows in order and names the first one whose hash or link does not hold. */
export function verifyChain(rows: Iterable<AuditRow>): ChainCheck {
  let prev: string | null = null;
  let n = 0;
  for (const row of rows) {
    n++;
    if (row.prevHash !== prev)
      return {
        ok: false,
        entries: n,
        seq: String(row.seq),
        problem: 'link to the previous entry is broken (an entry was removed or reordered)',
      };
    if (auditHash(prev, row) !== row.hash)
      return { ok: false, entries: n, seq: String(row.seq), problem: 'content does not match its hash (the entry was changed)' };
    prev = row.hash;
  }
  return { ok: true, entries: n };
}
