import { describe, expect, it } from 'vitest';
import { REDACTED, redactJsonText, redactSecrets } from '#infra/ops/redact.ts';

describe('redactSecrets', () => {
  it('hides the values of secret-named members at any depth, and keeps the rest', () => {
    // Act
    const redacted = redactSecrets({
      creatorId: 'cr_1',
      taskToken: 'AAAA',
      seller: { accessToken: 'at', refresh_token: 'rt', shopId: 's1' },
      keys: [{ apiKey: 'k' }],
      REVIEW_LINK_SECRET: 'x',
      password: '',
    });

    // Assert
    expect(redacted).toEqual({
      creatorId: 'cr_1',
      taskToken: REDACTED,
      seller: { accessToken: REDACTED, refresh_token: REDACTED, shopId: 's1' },
      keys: [{ apiKey: REDACTED }],
      REVIEW_LINK_SECRET: REDACTED,
      password: '',
    });
  });

  it('hides credentials wherever they appear: API keys, JWTs, bearer headers, signed link tokens', () => {
    // Arrange
    const note = [
      'key pf_abcdefghijkl_0123456789abcdefghijABCDEFGHIJ012345678',
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl',
      'Authorization: Bearer abc.def.ghi-123',
      'link https://x.example/v1/reviews/rv_1/confirm?token=abc.def&decision=approve',
    ].join('\n');

    // Act
    const redacted = String(redactSecrets(note));

    // Assert
    expect(redacted).not.toMatch(/pf_abcdefghijkl_0123|eyJhbGci|abc\.def\.ghi|token=abc/);
    expect(redacted).toContain('confirm?token=[redacted]&decision=approve');
  });

  it('redacts JSON held in a string, and keeps it a string', () => {
    // Act
    const redacted = redactJsonText(
      JSON.stringify({ cause: JSON.stringify({ clientSecret: 's', reason: 'r' }) }),
    );

    // Assert
    expect(JSON.parse(redactJsonText(JSON.parse(redacted ?? '{}').cause) ?? '{}')).toEqual({
      clientSecret: REDACTED,
      reason: 'r',
    });
  });
});
