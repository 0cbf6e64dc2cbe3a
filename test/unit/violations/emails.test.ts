import { describe, expect, it } from 'vitest';
import { renderViolationNotice, renderViolationReviewEmail } from '#functions/violations/emails.ts';

const notice = {
  violationId: 'vi_abc',
  displayName: 'Ann <b>Creator</b>',
  subjectName: '@ann',
  partnerName: 'Acme & Sons',
  policy: 'off-platform-transaction',
  occurredAt: '2026-11-19T08:00:00.000Z',
  strikeWindowDays: 90,
  banAtStrikes: 6,
} as const;

describe('the notice to a subject', () => {
  it('says what happened, the policy in plain words, the strikes and how to appeal, with every value escaped', () => {
    // Act
    const email = renderViolationNotice({
      ...notice,
      kind: 'restriction',
      endsAt: '2026-11-27T10:00:00.000Z',
      strikesInWindow: 3,
      appealDeadline: '2026-12-20T10:00:00.000Z',
    });

    // Assert
    expect(email.subject).toBe('Your account @ann is restricted until 2026-11-27 10:00 UTC');
    expect(email.text).toContain('Keep every sale on TikTok Shop');
    expect(email.text).toContain('This is strike 3 of 6 in 90 days.');
    expect(email.text).toContain('you can appeal until 2026-12-20 10:00 UTC');
    expect(email.text).toContain('Quote the reference vi_abc.');
    expect(email.html).toContain('Ann &lt;b&gt;Creator&lt;/b&gt;');
    expect(email.html).toContain('Acme &amp; Sons');
    expect(email.html).not.toContain('<b>Creator</b>');
  });

  it('offers no appeal once none is possible', () => {
    // Act
    const email = renderViolationNotice({ ...notice, kind: 'appeal-upheld' });

    // Assert
    expect(email.text).not.toContain('appeal until');
    expect(email.subject).toBe('Your appeal for @ann was reviewed: the decision stands');
  });
});

describe('the review request to a manager', () => {
  it('shows the evidence as text and what each decision does', () => {
    // Act
    const email = renderViolationReviewEmail({
      kind: 'violation',
      reviewId: 'rv_vi_abc',
      partnerName: 'Acme',
      subjectName: '@ann',
      policy: 'counterfeit',
      figures: [['Severity with history', 'high']],
      ifApproved: 'Confirm: suspend for 30 days.',
      ifRejected: 'Dismiss: no strike.',
      evidence: ['https://example.com/"><script>alert(1)</script>'],
      dueAt: '2026-11-21T10:00:00.000Z',
      approveUrl: 'https://api.example/approve',
      rejectUrl: 'https://api.example/reject',
      reminder: false,
    });

    // Assert
    expect(email.subject).toBe('Violation review needed: @ann (rv_vi_abc)');
    expect(email.html).not.toContain('<script>');
    expect(email.text).toContain('Approve: Confirm: suspend for 30 days.');
    expect(email.text).toContain('Decide by: 2026-11-21 10:00 UTC');
  });
});
