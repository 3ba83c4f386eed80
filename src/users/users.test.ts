// Roles and regions, and password hashing.
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';
import { canAct, canActOn, inScope, type Principal } from './roles.ts';

const user = (role: Principal['role'], regions: string[] = []): Principal => ({ id: 'u', email: 'e', role, regions });

describe('roles', () => {
  it.each([
    [user('admin'), 'ML050512', true],
    [user('coordinator'), null, true],
    [user('coordinator', ['ML05']), 'ML050512', true],
    [user('coordinator', ['ML05']), 'ML040406', false],
    [user('coordinator', ['ML05']), null, false],
    [user('viewer'), 'ML050512', false],
  ])('%o acts on %s: %s', (u, pcode, ok) => {
    expect(canActOn(u, pcode)).toBe(ok);
  });
  it('lets a viewer see within their regions but never act', () => {
    expect(inScope(user('viewer', ['ML04']), 'ML0404')).toBe(true);
    expect(canAct(user('viewer'))).toBe(false);
  });
});

describe('passwords', () => {
  it('hashes with scrypt and a salt, and verifies', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });
});
