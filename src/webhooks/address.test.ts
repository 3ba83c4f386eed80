import { describe, expect, it } from 'vitest';
import { checkedLookup, isPublicAddress } from './address.ts';

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['41.73.112.5', true], // Orange Mali
    ['2001:4860:4860::8888', true],
    ['127.0.0.1', false],
    ['10.20.30.40', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['100.64.0.1', false], // carrier-grade NAT
    ['169.254.169.254', false], // cloud metadata
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd12:3456::1', false],
    ['::ffff:127.0.0.1', false], // IPv4-mapped loopback
    ['::ffff:7f00:1', false], // the same, in hex
    ['::ffff:8.8.8.8', true],
    ['64:ff9b::a00:1', false], // NAT64 of 10.0.0.1
    ['not an address', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });
});

describe('checkedLookup (the connection-time check against DNS rebinding)', () => {
  const lookup = (allowLocal: boolean, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
      checkedLookup(allowLocal)('localhost', { all }, (err, address) => resolve({ err, address })),
    );

  it.each([true, false])('refuses a name that resolves to a local address (all: %s)', async (all) => {
    const { err } = await lookup(false, all);
    expect(err?.message).toMatch(/localhost resolves to .*loopback/);
  });

  it('hands the addresses on when local ones are allowed', async () => {
    const { err, address } = await lookup(true, true);
    expect(err).toBeNull();
    expect(JSON.stringify(address)).toMatch(/127\.0\.0\.1|::1/);
  });
});
