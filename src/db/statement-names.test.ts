import { describe, expect, it } from 'vitest';
import { statementNamer } from './statement-names.ts';

describe('statement names', () => {
  it('names a text from its third use on, always the same name', () => {
    const name = statementNamer();
    const q = { sql: 'SELECT 1' };
    expect(name(q)).toBe('');
    expect(name(q)).toBe('');
    const first = name(q);
    expect(first).toMatch(/^s_[0-9a-f]{24}$/);
    expect(name(q)).toBe(first);
    expect(statementNamer({ after: 1 })(q)).toBe(first);
  });

  it('gives different texts different names', () => {
    const name = statementNamer({ after: 1 });
    expect(name({ sql: 'SELECT 1' })).not.toBe(name({ sql: 'SELECT 2' }));
  });

  it('stops naming new texts past the limit, and keeps the names given', () => {
    const name = statementNamer({ after: 1, maxNames: 2 });
    const a = name({ sql: 'a' });
    name({ sql: 'b' });
    expect(name({ sql: 'c' })).toBe('');
    expect(name({ sql: 'a' })).toBe(a);
  });

  it('forgets its tally when too many texts were seen once', () => {
    const name = statementNamer({ after: 2, maxTracked: 3 });
    name({ sql: 'x' });
    for (const sql of ['p', 'q', 'r']) name({ sql });
    expect(name({ sql: 'x' })).toBe(''); // the first use of x was forgotten
    expect(name({ sql: 'x' })).toMatch(/^s_/);
  });
});
