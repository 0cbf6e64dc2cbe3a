import { describe, expect, it } from 'vitest';
import {
  reasonInWords,
  renderRejectionEmail,
  renderReviewRequestEmail,
  renderWelcomeEmail,
} from '#functions/creators/emails.ts';

const hostile = '<script>alert("x")</script> & Co\'s';

describe('welcome email', () => {
  it.each([
    ['top', 'dedicated account manager', '1:1 strategy call'],
    ['mid', 'monthly e-commerce webinar', 'content review'],
    ['long-tail', 'self-paced TikTok Shop policy course', 'community sessions'],
  ] as const)('gives the %s tier its training plan', (tier, first, second) => {
    const email = renderWelcomeEmail({ displayName: 'Ann', handle: 'ann', tier, partnerName: 'Agency' });
    for (const part of [email.html, email.text]) {
      expect(part).toContain(first);
      expect(part).toContain(second);
      expect(part).toContain('The policy basics');
    }
  });

  it('announces the pilot and its end date', () => {
    const email = renderWelcomeEmail({
      displayName: 'Ann',
      handle: 'ann',
      tier: 'long-tail',
      pilotEndsAt: '2026-12-21T00:00:00.000Z',
      partnerName: 'Agency',
    });
    expect(email.text).toContain('30-day pilot that ends on 2026-12-21');
  });

  it('escapes every user-supplied string in the HTML and keeps the text readable', () => {
    const email = renderWelcomeEmail({
      displayName: hostile,
      handle: 'ann',
      tier: 'mid',
      partnerName: hostile,
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co&#39;s');
    expect(email.text).toContain(hostile);
  });
});

describe('rejection email', () => {
  it('explains each reason in plain words, escaped', () => {
    const email = renderRejectionEmail({
      displayName: hostile,
      handle: 'ann',
      partnerName: 'Agency',
      reasons: ['UNDER_AGE', 'TOO_FEW_FOLLOWERS'],
    });
    expect(email.text).toContain('must be 18 or older');
    expect(email.text).toContain('at least 1,000 followers');
    expect(email.html).not.toContain('<script>');
  });

  it('falls back to the code for an unknown reason', () => {
    expect(reasonInWords('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });
});

describe('review request email', () => {
  const input = {
    reviewId: 'rv_1',
    partnerName: 'Agency',
    creator: {
      displayName: hostile,
      handle: 'ann',
      region: 'ID',
      followers: 12_345,
      avgViews: 999,
      engagementRate: 0.005,
      gmv30d: '10.50',
    },
    tier: 'long-tail' as const,
    reasons: ['LOW_ENGAGEMENT'],
    dueAt: '2026-11-24T00:00:00.000Z',
    approveUrl: 'http://127.0.0.1:3000/v1/reviews/rv_1/confirm?token=a&decision=approve',
    rejectUrl: 'http://127.0.0.1:3000/v1/reviews/rv_1/confirm?token=a&decision=reject',
    reminder: false,
  };

  it('shows the figures, the reasons, the review id and both confirmation links', () => {
    const email = renderReviewRequestEmail(input);
    expect(email.subject).toBe('Review needed: creator @ann (rv_1)');
    expect(email.text).toContain('Followers: 12,345');
    expect(email.text).toContain('Engagement rate: 0.50%');
    expect(email.text).toContain('engagement rate is below 1%');
    expect(email.html).toContain(
      'href="http://127.0.0.1:3000/v1/reviews/rv_1/confirm?token=a&amp;decision=approve"',
    );
    expect(email.html).not.toContain('<script>');
  });

  it('marks the reminder in the subject', () => {
    expect(renderReviewRequestEmail({ ...input, reminder: true }).subject).toMatch(/^Reminder: /);
  });
});
