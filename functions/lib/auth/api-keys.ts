import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A freshly minted API key: the full key is shown once, only the hash is stored. */
export interface MintedApiKey {
  readonly keyId: string;
  readonly key: string;
  readonly secretHash: string;
}

const KEY_PATTERN = /^pf_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** Mints `pf_<keyId>_<secret>` with a 256-bit secret (base64url, 43 characters). */
export function mintApiKey(): MintedApiKey {
  const keyId = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { keyId, key: `pf_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a presented key into its id and secret; undefined when it is not shaped like one of ours. */
export function parseApiKey(key: string): { keyId: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { keyId: match[1], secret: match[2] };
}

/** SHA-256 is enough here: the secret has 256 bits of entropy, so it cannot be guessed from its hash. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Reads the key from an `Authorization: Bearer <key>` header value. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}
