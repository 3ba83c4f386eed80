import { describe, expect, it } from 'vitest';
import { auditHash, verifyChain, type AuditRow } from './audit-chain.ts';

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev: string | null = null;
  for (let i = 1; i <= n; i++) {
    const content = {
      at: new Date(Date.UTC(2026, 10, 29, 10, i)),
      entity: 'alert',
      entityId: `a${i}`,
      action: 'acknowledge',
      fromState: 'sent',
      toState: 'acknowledged',
      actor: 'focal_point:1',
      channel: 'sms',
      reason: null,
      details: { n: i },
    };
    const hash = auditHash(prev, content);
    rows.push({ ...content, seq: BigInt(i), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit chain', () => {
  it('holds for an untouched chain', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, entries: 5 });
  });

  it.each([
    ['a changed reason', (rows: AuditRow[]) => (rows[2]!.reason = 'nothing happened')],
    ['a changed actor', (rows: AuditRow[]) => (rows[1]!.actor = 'coordinator:api')],
    ['changed details', (rows: AuditRow[]) => (rows[3]!.details = { n: 99 })],
  ])('detects %s and names the entry', (_label, tamper) => {
    const rows = chain(5);
    tamper(rows);
    const r = verifyChain(rows);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/changed/);
  });

  it('detects a removed entry', () => {
    const rows = chain(5);
    rows.splice(2, 1);
    const r = verifyChain(rows);
    expect(r).toMatchObject({ ok: false, seq: '4' });
    if (!r.ok) expect(r.problem).toMatch(/removed or reordered/);
  });
});
