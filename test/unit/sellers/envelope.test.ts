import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyFileProvider } from '#lib/crypto/data-keys.ts';
import { open, seal } from '#lib/crypto/envelope.ts';

const provider = keyFileProvider(randomBytes(32));
const context = { purpose: 'seller-tokens', sellerId: 'sl_a' };

describe('envelope encryption', () => {
  it('opens what it sealed, and never stores the plaintext', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 8, maxLength: 200 }), async (plaintext) => {
        const sealed = await seal(plaintext, context, provider);

        expect(await open(sealed, context, provider)).toBe(plaintext);
        expect(JSON.stringify(sealed)).not.toContain(plaintext);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses another encryption context: a sealed value copied onto another seller does not open', async () => {
    // Arrange
    const sealed = await seal('TTP_token', context, provider);

    // Act / Assert
    await expect(open(sealed, { ...context, sellerId: 'sl_b' }, provider)).rejects.toThrow();
  });

  it('refuses a changed ciphertext, tag or data key, and another key file', async () => {
    // Arrange
    const sealed = await seal('TTP_token', context, provider);
    const flip = (base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };

    // Act / Assert
    await expect(open({ ...sealed, ct: flip(sealed.ct) }, context, provider)).rejects.toThrow();
    await expect(open({ ...sealed, tag: flip(sealed.tag) }, context, provider)).rejects.toThrow();
    await expect(open({ ...sealed, dk: flip(sealed.dk) }, context, provider)).rejects.toThrow();
    await expect(open(sealed, context, keyFileProvider(randomBytes(32)))).rejects.toThrow();
  });

  it('uses a fresh data key and nonce for every value', async () => {
    // Act
    const first = await seal('same text', context, provider);
    const second = await seal('same text', context, provider);

    // Assert
    expect(first.dk).not.toBe(second.dk);
    expect(first.iv).not.toBe(second.iv);
    expect(first.ct).not.toBe(second.ct);
  });
});
