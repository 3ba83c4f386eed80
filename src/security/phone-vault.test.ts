import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPhoneVault } from './phone-vault.ts';

describe('phone vault', () => {
  const vault = createPhoneVault(randomBytes(32));

  it.each(['+22376123421', '+22365000001', 'MTN'])('seals %s so that it reads back but is not visible', (phone) => {
    const sealed = vault.encrypt(phone);
    expect(sealed).not.toContain(phone);
    expect(sealed).not.toContain(phone.slice(-8));
    expect(vault.decrypt(sealed)).toBe(phone);
  });

  it('gives a different ciphertext each time but the same look-up hash', () => {
    expect(vault.encrypt('+22376123421')).not.toBe(vault.encrypt('+22376123421'));
    expect(vault.hash('+22376123421')).toBe(vault.hash('+22376123421'));
    expect(vault.hash('+22376123421')).not.toBe(vault.hash('+22376123422'));
  });

  it('refuses a ciphertext sealed with another key', () => {
    const other = createPhoneVault(randomBytes(32));
    expect(() => other.decrypt(vault.encrypt('+22376123421'))).toThrow();
  });

  it('hashes differently under another key', () => {
    const other = createPhoneVault(randomBytes(32));
    expect(other.hash('+22376123421')).not.toBe(vault.hash('+22376123421'));
  });
});

describe('key rotation', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const before = createPhoneVault(oldKey);
  const during = createPhoneVault({ current: newKey, previous: [oldKey], lookup: oldKey });

  it('opens what the previous key sealed, seals new numbers with the new key, keeps look-ups', () => {
    const old = before.encrypt('+22376123421');
    expect(during.decrypt(old)).toBe('+22376123421');
    expect(during.isStale(old)).toBe(true);
    const fresh = during.encrypt('+22376123421');
    expect(during.isStale(fresh)).toBe(false);
    expect(during.hash('+22376123421')).toBe(before.hash('+22376123421'));
  });

  it('names the missing key when a ciphertext cannot be opened', () => {
    const after = createPhoneVault(newKey);
    expect(() => after.decrypt(before.encrypt('+22376123421'))).toThrow(/unknown key.*PHONE_KEYS_PREVIOUS/);
  });

  it('seals bytes (a recording) that read back, not visibly, and only with a known key', () => {
    const vaultKey = randomBytes(32);
    const vault = createPhoneVault(vaultKey);
    const audio = Buffer.concat([Buffer.from('ID3'), randomBytes(2000)]);
    const sealed = vault.sealBytes(audio);
    expect(sealed.includes(audio.subarray(0, 32))).toBe(false);
    expect(vault.openBytes(sealed).equals(audio)).toBe(true);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => vault.openBytes(tampered)).toThrow();
    expect(() => createPhoneVault(randomBytes(32)).openBytes(sealed)).toThrow(/unknown key/);
    const next = createPhoneVault({ current: randomBytes(32), previous: [vaultKey] });
    expect(next.openBytes(createPhoneVault(vaultKey).sealBytes(audio)).equals(audio)).toBe(true);
  });
});
