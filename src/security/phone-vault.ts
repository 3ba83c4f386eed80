// Phone numbers at rest: AES-256-GCM ciphertext for reading back, a keyed HMAC for look-ups.
// Keys rotate without downtime: new ciphertexts use the current key (tagged with its id), old ones
// still open with a previous key until re-encrypted in the background; the look-up key stays put.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomFillSync } from 'node:crypto';

export interface PhoneVault {
  encrypt(phone: string): string;
  decrypt(sealed: string): string;
  /** Stable keyed hash: equal numbers give equal hashes, and it cannot be reversed without the key. */
  hash(phone: string): string;
  /** True when this ciphertext was sealed with an older key and should be re-encrypted. */
  isStale(sealed: string): boolean;
  /** What every ciphertext sealed with the current key starts with. */
  readonly currentPrefix: string;
  /** Bytes at rest (a caller's recorded voice): AES-256-GCM under a key derived from the same material. */
  sealBytes(plain: Buffer): Buffer;
  openBytes(sealed: Buffer): Buffer;
}

export class VaultError extends Error {
  readonly code = 'vault_error';
}

export interface VaultKeys {
  /** Encrypts everything new. */
  current: Buffer;
  /** Still decrypt what they sealed, during a rotation. */
  previous?: readonly Buffer[];
  /** Keyed hash for look-ups; defaults to the current key. Keep it when rotating, or every look-up changes. */
  lookup?: Buffer;
}

function derive(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
}

const BYTES_MAGIC = Buffer.from('SB1', 'ascii');

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

export function createPhoneVault(keys: Buffer | VaultKeys): PhoneVault {
  const k: VaultKeys = Buffer.isBuffer(keys) ? { current: keys } : keys;
  for (const key of [k.current, ...(k.previous ?? []), ...(k.lookup ? [k.lookup] : [])]) {
    if (key.length !== 32) throw new VaultError('phone keys must be 32 bytes');
  }
  const currentId = keyId(k.current);
  const encKeys = new Map<string, Buffer>([[currentId, derive(k.current, 'sabali phone encryption')]]);
  for (const old of k.previous ?? []) encKeys.set(keyId(old), derive(old, 'sabali phone encryption'));
  const macKey = derive(k.lookup ?? k.current, 'sabali phone lookup');
  // A separate key for bytes, so a number's ciphertext and a recording's never share one.
  const byteKeys = new Map<string, Buffer>([[currentId, derive(k.current, 'sabali bytes encryption')]]);
  for (const old of k.previous ?? []) byteKeys.set(keyId(old), derive(old, 'sabali bytes encryption'));

  function open(key: Buffer, iv: string, tag: string, body: string): string {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  // Fresh random IVs drawn from a pool refilled 256 at a time: one system call per 256 numbers sealed
  // (in a surge, one per callback was a visible share of the webhook's CPU). Never reused: each is sliced once.
  const ivPool = Buffer.alloc(12 * 256);
  let ivOffset = ivPool.length;
  const nextIv = () => {
    if (ivOffset + 12 > ivPool.length) {
      randomFillSync(ivPool);
      ivOffset = 0;
    }
    const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + 12));
    ivOffset += 12;
    return iv;
  };

  return {
    encrypt(phone) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encKeys.get(currentId)!, iv);
      const body = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
      return ['v2', currentId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    },
    decrypt(sealed) {
      const parts = sealed.split(':');
      if (parts[0] === 'v2' && parts.length === 5) {
        const key = encKeys.get(parts[1]!);
        if (!key) throw new VaultError(`phone number sealed with an unknown key (${parts[1]}): add it to PHONE_KEYS_PREVIOUS`);
        return open(key, parts[2]!, parts[3]!, parts[4]!);
      }
      if (parts[0] === 'v1' && parts.length === 4) {
        // v1 carried no key id: try each key.
        for (const key of encKeys.values()) {
          try {
            return open(key, parts[1]!, parts[2]!, parts[3]!);
          } catch {
            /* next key */
          }
        }
        throw new VaultError('phone number sealed with an unknown key');
      }
      throw new VaultError('not a sealed phone number');
    },
    hash(phone) {
      return createHmac('sha256', macKey).update(phone).digest('base64url');
    },
    isStale(sealed) {
      return !sealed.startsWith(`v2:${currentId}:`);
    },
    currentPrefix: `v2:${currentId}:`,
    // Layout: "SB1" | key id (8 ASCII) | IV (12) | tag (16) | ciphertext.
    sealBytes(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', byteKeys.get(currentId)!, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([BYTES_MAGIC, Buffer.from(currentId, 'ascii'), iv, cipher.getAuthTag(), body]);
    },
    openBytes(sealed) {
      if (sealed.length < 39 || !sealed.subarray(0, 3).equals(BYTES_MAGIC)) throw new VaultError('not sealed bytes');
      const id = sealed.subarray(3, 11).toString('ascii');
      const key = byteKeys.get(id);
      if (!key) throw new VaultError(`bytes sealed with an unknown key (${id}): add it to PHONE_KEYS_PREVIOUS`);
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(11, 23));
      decipher.setAuthTag(sealed.subarray(23, 39));
      return Buffer.concat([decipher.update(sealed.subarray(39)), decipher.final()]);
    },
  };
}
