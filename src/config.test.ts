import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'sabali-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const prod = {
  DATABASE_URL: 'postgresql://u@db:5432/sabali',
  REDIS_URL: 'redis://redis:6379',
  PHONE_KEY: 'a'.repeat(64),
  AT_WEBHOOK_KEY: 'k'.repeat(20),
  ADMIN_TOKEN: 't'.repeat(20),
};

describe('loadConfig', () => {
  it('gives the embedded default with generated secrets kept under DATA_DIR', () => {
    const a = loadConfig({ DATA_DIR: dir });
    expect(a).toMatchObject({
      embedded: true,
      port: 3000,
      role: 'all',
      channel: 'simulator',
      seedDemo: true,
      databaseUrl: undefined,
      redisUrl: undefined,
    });
    expect(a.secretsFile).toBe(join(dir, 'secrets.json'));
    const again = loadConfig({ DATA_DIR: dir });
    expect(again.webhookKey).toBe(a.webhookKey);
    expect(again.phoneKey.equals(a.phoneKey)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')).adminToken).toBe(a.adminToken);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it.each<[Record<string, string>, boolean, string]>([
    [{}, true, 'embedded'],
    [{ NODE_ENV: 'production' }, false, 'embedded, in production'],
    [prod, false, 'with PostgreSQL'],
    [{ NODE_ENV: 'production', SIMULATOR_ENABLED: 'true' }, true, 'asked for'],
    [{ SIMULATOR_ENABLED: 'false' }, false, 'turned off'],
  ])('the phone simulator: %j → %s (%s)', (env, enabled) => {
    expect(loadConfig({ DATA_DIR: dir, ...env }).simulatorEnabled).toBe(enabled);
  });

  it("reads a production setup and picks Africa's Talking when its credentials are set", () => {
    const c = loadConfig({ ...prod, ROLE: 'worker', AT_USERNAME: 'sabali', AT_API_KEY: 'key', AT_SHORT_CODES: '38021, 38022' });
    expect(c).toMatchObject({
      embedded: false,
      role: 'worker',
      channel: 'africastalking',
      seedDemo: false,
      shortCodes: ['38021', '38022'],
      secretsFile: null,
    });
  });

  it.each<[string | undefined, boolean | number | string]>([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['1', 1],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 192.168.1.5,::1', '10.0.0.0/8,192.168.1.5,::1'],
  ])("TRUST_PROXY=%s trusts %o (off by default: X-Forwarded-For is nobody's word)", (raw, expected) => {
    expect(loadConfig({ ...prod, ...(raw === undefined ? {} : { TRUST_PROXY: raw }) }).trustProxy).toBe(expected);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ ROLE: 'both' }, /ROLE/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must start with postgres/],
    [{ PHONE_KEY: 'short' }, /PHONE_KEY: must be 32 bytes/],
    [{ AT_WEBHOOK_KEY: 'short' }, /AT_WEBHOOK_KEY: must be at least 16/],
    [{ ADMIN_TOKEN: undefined }, /ADMIN_TOKEN must be set when DATABASE_URL is set/],
    [{ SMS_CHANNEL: 'africastalking' }, /needs AT_USERNAME and AT_API_KEY/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY/],
  ])('refuses %o with a message naming it', (override, message) => {
    expect(() => loadConfig({ ...prod, ...override })).toThrow(message);
  });
});
