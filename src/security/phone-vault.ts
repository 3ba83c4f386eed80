// Phone numbers at rest: AES-256-GCM ciphertext for reading back, a keyed HMAC for look-ups.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface PhoneVault {
  encrypt(phone: string): string;
  decrypt(sealed: string): string;
  /** Stable keyed hash: equal numbers give equal hashes, and it cannot be reversed without the key. */
  hash(phone: string): string;
}

const VERSION = 'v1';

export class VaultError extends Error {
  readonly code = 'vault_error';
}

export function createPhoneVault(key: Buffer): PhoneVault {
  if (key.length !== 32) throw new VaultError('phone key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'sabali phone encryption', 32));
  const macKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'sabali phone lookup', 32));
  return {
    encrypt(phone) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new VaultError('not a sealed phone number');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
    hash(phone) {
      return createHmac('sha256', macKey).update(phone).digest('base64url');
    },
  };
}
