import { createHmac, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkReviewLink } from '#functions/reviews/confirm-links.ts';
import {
  reviewConfirmUrl,
  reviewDecisionUrls,
  signReviewLink,
  signReviewLinkWith,
  verifyReviewLink,
  verifyReviewLinkWith,
} from '#lib/auth/review-links.ts';

const secret = randomBytes(32);
const now = new Date('2026-11-21T10:00:00.000Z');
const claims = { reviewId: 'rv_abc123', manager: 'maria@acme.test', expiresAt: '2026-11-24T10:00:00.000Z' };

/** Flips one character of a base64url string to another valid base64url character. */
const flip = (text: string, index: number) =>
  `${text.slice(0, index)}${text[index] === 'A' ? 'B' : 'A'}${text.slice(index + 1)}`;

describe('signed review links', () => {
  it('round-trips the claims in a URL-safe token', () => {
    // Act
    const token = signReviewLinkWith(secret, claims);

    // Assert
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyReviewLinkWith(secret, token, now)).toEqual(claims);
  });

  it('refuses a token whose payload was changed (another review, another manager)', () => {
    // Arrange
    const token = signReviewLinkWith(secret, claims);
    const [, signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ v: 1, r: 'rv_other', m: claims.manager, e: claims.expiresAt }),
    ).toString('base64url');

    // Act + Assert
    expect(verifyReviewLinkWith(secret, `${forgedPayload}.${signature}`, now)).toEqual({
      error: 'bad-signature',
    });
    expect(verifyReviewLinkWith(secret, flip(token, 3), now)).toEqual({ error: 'bad-signature' });
  });

  it('refuses a tampered signature and one made with another secret', () => {
    // Arrange
    const token = signReviewLinkWith(secret, claims);
    const signatureStart = token.indexOf('.') + 1;

    // Act + Assert
    expect(verifyReviewLinkWith(secret, flip(token, signatureStart), now)).toEqual({
      error: 'bad-signature',
    });
    expect(verifyReviewLinkWith(randomBytes(32), token, now)).toEqual({ error: 'bad-signature' });
  });

  it('refuses a link at and after its expiry, and accepts it just before', () => {
    // Arrange
    const token = signReviewLinkWith(secret, claims);
    const expiry = Date.parse(claims.expiresAt);

    // Act + Assert
    expect(verifyReviewLinkWith(secret, token, new Date(expiry - 1))).toEqual(claims);
    expect(verifyReviewLinkWith(secret, token, new Date(expiry))).toEqual({ error: 'expired' });
    expect(verifyReviewLinkWith(secret, token, new Date(expiry + 86_400_000))).toEqual({ error: 'expired' });
  });

  it.each([
    ['empty', ''],
    ['no signature', 'abc'],
    ['not base64url', 'a+b.c/d'],
    ['too long', `${'a'.repeat(3000)}.${'b'.repeat(43)}`],
  ])('calls a %s token malformed', (_case, token) => {
    expect(verifyReviewLinkWith(secret, token, now)).toEqual({ error: 'malformed' });
  });

  it('calls a correctly signed payload that is not ours malformed', () => {
    // Arrange: signed with the right secret, but not a payload signReviewLink would write.
    const encoded = Buffer.from(JSON.stringify({ v: 2, r: 'rv_1' })).toString('base64url');
    const signature = createHmac('sha256', secret).update(encoded).digest('base64url');

    // Act + Assert
    expect(verifyReviewLinkWith(secret, `${encoded}.${signature}`, now)).toEqual({ error: 'malformed' });
  });

  it('builds the confirmation URL the review emails use', () => {
    expect(reviewConfirmUrl('https://api.example.com/prod/', 'rv_1', 'a.b', 'approve')).toBe(
      'https://api.example.com/prod/v1/reviews/rv_1/confirm?token=a.b&decision=approve',
    );
  });
});

describe('links signed with REVIEW_LINK_SECRET', () => {
  beforeAll(() => {
    process.env.REVIEW_LINK_SECRET = randomBytes(32).toString('hex');
  });

  it('verifies what it signed', () => {
    expect(verifyReviewLink(signReviewLink(claims), now)).toEqual(claims);
  });

  it("gives a manager's email an approve and a reject link that carry one token for the same claims", () => {
    // Act
    const { approveUrl, rejectUrl } = reviewDecisionUrls('http://127.0.0.1:3000', claims);

    // Assert
    const approve = new URL(approveUrl);
    const reject = new URL(rejectUrl);
    expect(approve.pathname).toBe('/v1/reviews/rv_abc123/confirm');
    expect([approve.searchParams.get('decision'), reject.searchParams.get('decision')]).toEqual([
      'approve',
      'reject',
    ]);
    expect(reject.searchParams.get('token')).toBe(approve.searchParams.get('token'));
    expect(verifyReviewLink(approve.searchParams.get('token') ?? '', now)).toEqual(claims);
  });

  it('refuses a link for another review before reading anything', async () => {
    // Arrange: no DynamoDB in a unit test, so reaching the table would fail the test.
    const token = signReviewLink(claims);

    // Act
    const check = await checkReviewLink('rv_someone_else', token, now);

    // Assert
    expect(check).toEqual({ ok: false, problem: 'invalid' });
  });

  it('reports an expired link as expired', async () => {
    const token = signReviewLink({ ...claims, expiresAt: '2026-11-20T00:00:00.000Z' });
    await expect(checkReviewLink(claims.reviewId, token, now)).resolves.toEqual({
      ok: false,
      problem: 'expired',
    });
  });
});
