import { afterEach, describe, expect, it, vi } from 'vitest';
import { mintApiKey } from '#lib/auth/api-keys.ts';
import { logger } from '#lib/observability.ts';
import { isSecretName, REDACTED, redactText, registerSecretValue } from '#lib/redaction.ts';

/** Every line the shared logger prints while `act` runs, parsed. */
function linesLoggedBy(act: () => void): Record<string, unknown>[] {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    act();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('log redaction (the shared Powertools logger)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('masks credentials by member name at any depth, and keeps the fields that only describe them', () => {
    // Arrange
    const details = {
      headers: { Authorization: 'Bearer pf_abcdefghijkl_not-a-real-secret-but-long-enough-000000000' },
      taskToken: 'AQCEAAAAKgAAAAMAAAAAAAAAAYxyz',
      tokens: { access_token: 'TTP_aaaaaaaaaaaaaaaaaaaa', refresh_token: 'TTP_bbbbbbbbbbbbbbbbbbbbbb' },
      REVIEW_LINK_SECRET: '0123456789abcdef0123456789abcdef',
      appSecret: 'app-secret-value-123456',
      authCode: 'ROW_code_123456789',
      authorizationId: 'sa_7fk2m9q4x8rt3wz5',
      tokenVersion: 3,
      accessTokenExpiresAt: '2026-12-01T00:00:00.000Z',
      keyId: 'abcdefghijkl',
    };

    // Act
    const [line] = linesLoggedBy(() => logger.info('Calling TikTok', { details }));

    // Assert
    expect(line?.details).toEqual({
      headers: { Authorization: REDACTED },
      taskToken: REDACTED,
      tokens: { access_token: REDACTED, refresh_token: REDACTED },
      REVIEW_LINK_SECRET: REDACTED,
      appSecret: REDACTED,
      authCode: REDACTED,
      authorizationId: 'sa_7fk2m9q4x8rt3wz5',
      tokenVersion: 3,
      accessTokenExpiresAt: '2026-12-01T00:00:00.000Z',
      keyId: 'abcdefghijkl',
    });
  });

  it('masks API keys, bearer headers and signed query parameters inside free text and error messages', () => {
    // Arrange
    const { key } = mintApiKey();
    const keyId = key.split('_')[1] ?? '';
    const error = new Error(
      `Refused ${key} at https://api.example/v1/reviews/rv_1/confirm?token=eyJ2IjoxfQ.sig&decision=approve ` +
        'and https://auth.example/api/v2/token/get?app_key=k&app_secret=s3cr3t&auth_code=ROW_code_x&grant_type=authorized_code',
    );

    // Act
    const [line] = linesLoggedBy(() => logger.error('Request failed', { error, note: `Bearer ${key}` }));
    const text = JSON.stringify(line);

    // Assert
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(-43));
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('eyJ2IjoxfQ.sig');
    expect(text).not.toContain('ROW_code_x');
    expect(text).toContain(`pf_${keyId}_${REDACTED}`);
    expect(text).toContain('decision=approve');
    expect(line?.note).toBe(`Bearer ${REDACTED}`);
  });

  it('masks the exact values of registered secrets wherever they appear', () => {
    // Arrange
    const secret = 'TTP_opened-token-value-42-abcdefghijklmnop';
    registerSecretValue(secret);

    // Act
    const [line] = linesLoggedBy(() =>
      logger.warn(`TikTok answered for ${secret}`, { cause: { body: `{"t":"${secret}"}` } }),
    );

    // Assert
    expect(JSON.stringify(line)).not.toContain(secret);
    expect(line?.message).toBe(`TikTok answered for ${REDACTED}`);
  });

  it('leaves ordinary text and short values alone', () => {
    // Arrange
    registerSecretValue('short');

    // Act
    const text = redactText('short text about a token, 409 conflict, sellerId sl_abc');

    // Assert
    expect(text).toBe('short text about a token, 409 conflict, sellerId sl_abc');
    expect(['authorization', 'x-tts-access-token', 'clientSecret', 'sign'].every(isSecretName)).toBe(true);
    expect(['authorizationId', 'tokenVersion', 'authorizationUrl', 'code'].some(isSecretName)).toBe(false);
  });
});
