import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  canonicalContext,
  configuredDataKeyProvider,
  type DataKeyProvider,
  type EncryptionContext,
} from '#lib/crypto/data-keys.ts';

/**
 * Envelope encryption for secrets PartnerFlow stores (seller tokens, auth codes): each value is encrypted with
 * AES-256-GCM under a fresh data key, and only the wrapped data key is kept beside it. The encryption context
 * (e.g. `{purpose, sellerId}`) is bound twice, as GCM additional data and as the KMS context, so a sealed value
 * copied onto another seller does not open.
 */

/** What is stored: every field base64 except the versions and the key id. */
export interface SealedValue {
  readonly v: 1;
  readonly alg: 'AES-256-GCM';
  /** The key-encryption key (KMS key ARN, or `local:<fingerprint>`). */
  readonly kid: string;
  /** The data key, wrapped. */
  readonly dk: string;
  readonly iv: string;
  readonly tag: string;
  readonly ct: string;
}

export type { EncryptionContext } from '#lib/crypto/data-keys.ts';

/** Encrypts `plaintext` under a new data key bound to `context`. */
export async function seal(
  plaintext: string,
  context: EncryptionContext,
  provider: DataKeyProvider = configuredDataKeyProvider(),
): Promise<SealedValue> {
  const dataKey = await provider.generate(context);
  try {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey.plaintext, iv);
    cipher.setAAD(canonicalContext(context));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      v: 1,
      alg: 'AES-256-GCM',
      kid: dataKey.keyId,
      dk: dataKey.wrapped.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    };
  } finally {
    dataKey.plaintext.fill(0);
  }
}

/** Decrypts a sealed value; throws when the value, its key or its context does not match. */
export async function open(
  sealed: SealedValue,
  context: EncryptionContext,
  provider: DataKeyProvider = configuredDataKeyProvider(),
): Promise<string> {
  if (sealed.v !== 1 || sealed.alg !== 'AES-256-GCM') throw new Error('Unknown sealed value format');
  const dataKey = await provider.unwrap(Buffer.from(sealed.dk, 'base64'), sealed.kid, context);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(canonicalContext(context));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } finally {
    dataKey.fill(0);
  }
}

/** True for a stored value of the sealed shape (data read back from the table is untyped). */
export function isSealedValue(value: unknown): value is SealedValue {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate.v === 1 &&
    candidate.alg === 'AES-256-GCM' &&
    ['kid', 'dk', 'iv', 'tag', 'ct'].every((key) => typeof candidate[key] === 'string')
  );
}
