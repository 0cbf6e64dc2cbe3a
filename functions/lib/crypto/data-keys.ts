import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { kms } from '#lib/clients/kms.ts';

/**
 * Where data keys come from. In AWS a KMS key (TOKEN_KEY_ARN): GenerateDataKey and Decrypt, the encryption
 * context bound to each call. Locally a 256-bit key file in the data folder (TOKEN_KEY_FILE) wraps the data keys
 * the same way (AES-256-GCM, the context as additional data), so sealed items have one shape everywhere.
 */

export type EncryptionContext = Readonly<Record<string, string>>;

export interface DataKey {
  /** 32 bytes; the caller zeroes it once used. */
  readonly plaintext: Buffer;
  /** The data key as stored: encrypted under the key-encryption key. */
  readonly wrapped: Buffer;
  /** Which key-encryption key wrapped it. */
  readonly keyId: string;
}

export interface DataKeyProvider {
  generate(context: EncryptionContext): Promise<DataKey>;
  unwrap(wrapped: Buffer, keyId: string, context: EncryptionContext): Promise<Buffer>;
}

/** The context as bytes for GCM's additional data: sorted keys, so the same context always reads the same. */
export function canonicalContext(context: EncryptionContext): Buffer {
  const sorted = Object.keys(context)
    .sort()
    .map((key) => [key, context[key]]);
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A key file holds 32 random bytes as 64 hex characters (the local runtime writes it with mode 0600). */
export function readKeyFile(path: string): Buffer {
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) throw new Error(`The key file ${path} must hold 64 hex characters`);
  return Buffer.from(text, 'hex');
}

/** Data keys wrapped by a local 256-bit key (a file in the data folder): KMS's contract, without KMS. */
export function keyFileProvider(masterKey: Buffer): DataKeyProvider {
  const keyId = `local:${createHash('sha256').update(masterKey).digest('hex').slice(0, 16)}`;
  return {
    async generate(context) {
      const plaintext = randomBytes(32);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      cipher.setAAD(canonicalContext(context));
      const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { plaintext, wrapped: Buffer.concat([iv, cipher.getAuthTag(), sealed]), keyId };
    },
    async unwrap(wrapped, wrappedBy, context) {
      if (wrappedBy !== keyId) throw new Error(`The data key was wrapped by ${wrappedBy}, not by ${keyId}`);
      const decipher = createDecipheriv('aes-256-gcm', masterKey, wrapped.subarray(0, IV_BYTES));
      decipher.setAAD(canonicalContext(context));
      decipher.setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    },
  };
}

/** Data keys from a KMS key, with the encryption context on every call (CloudTrail shows it). */
export function kmsProvider(keyArn: string): DataKeyProvider {
  return {
    async generate(context) {
      const result = await kms.send(
        new GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: 'AES_256', EncryptionContext: { ...context } }),
      );
      if (result.Plaintext === undefined || result.CiphertextBlob === undefined) {
        throw new Error('KMS GenerateDataKey returned no key');
      }
      return {
        plaintext: Buffer.from(result.Plaintext),
        wrapped: Buffer.from(result.CiphertextBlob),
        keyId: result.KeyId ?? keyArn,
      };
    },
    async unwrap(wrapped, keyId, context) {
      const result = await kms.send(
        new DecryptCommand({ CiphertextBlob: wrapped, KeyId: keyId, EncryptionContext: { ...context } }),
      );
      if (result.Plaintext === undefined) throw new Error('KMS Decrypt returned no key');
      return Buffer.from(result.Plaintext);
    },
  };
}

let configured: { readonly source: string; readonly provider: DataKeyProvider } | undefined;

/**
 * The provider the environment names: TOKEN_KEY_ARN (the stack sets it) or TOKEN_KEY_FILE (the local runtime
 * sets it). Read when first needed and kept while the configuration stays the same.
 */
export function configuredDataKeyProvider(env: NodeJS.ProcessEnv = process.env): DataKeyProvider {
  const keyArn = env.TOKEN_KEY_ARN ?? '';
  const keyFile = env.TOKEN_KEY_FILE ?? '';
  const source = keyArn !== '' ? `kms:${keyArn}` : `file:${keyFile}`;
  if (configured?.source === source) return configured.provider;
  let provider: DataKeyProvider;
  if (keyArn !== '') provider = kmsProvider(keyArn);
  else if (keyFile !== '') provider = keyFileProvider(readKeyFile(keyFile));
  else {
    throw new Error(
      'Missing required environment variable TOKEN_KEY_ARN (the KMS key for seller tokens; TOKEN_KEY_FILE locally)',
    );
  }
  configured = { source, provider };
  return provider;
}
