import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review } from '#lib/repositories/reviews.ts';
import {
  api,
  createApiKey,
  createPartner,
  startTestRuntime,
  type TestRuntime,
} from '#test/support/runtime.ts';

interface ReviewAnswer {
  readonly reviewId: string;
  readonly partnerId: string;
  readonly status: string;
  readonly decision?: string;
  readonly decidedBy?: string;
  readonly late?: boolean;
}
interface ReviewPage {
  readonly items: ReviewAnswer[];
  readonly nextCursor?: string;
}
interface ErrorAnswer {
  readonly error: { readonly code: string; readonly message: string };
}

let runtime: TestRuntime;
let acme: { partnerId: string; manager: string; managerKey: string; partnerKey: string };
let globex: { partnerId: string; manager: string; managerKey: string };
let opsKey: string;
let reviews = 0;

/**
 * Opens a review the way the onboarding workflow does, with a token no task waits on: these tests cover what
 * the API answers, not the workflow (whose own tests decide real reviews).
 */
async function seedReview(partnerId: string): Promise<Review> {
  const { openReview } = await import('#lib/repositories/reviews.ts');
  reviews += 1;
  const now = Date.now();
  const review: Review = {
    reviewId: `rv_test${reviews}${randomBytes(4).toString('hex')}`,
    partnerId,
    workflow: 'creator-onboarding',
    subject: { type: 'creator', id: `cr_test${reviews}` },
    executionId: `cr_test${reviews}-onboarding`,
    status: 'PENDING',
    reasons: ['LOW_ENGAGEMENT'],
    summary: { handle: `creator.${reviews}`, displayName: '<b>Ann</b> & co', followers: 12_000 },
    createdAt: new Date(now + reviews).toISOString(),
    dueAt: new Date(now + 72 * 3_600_000).toISOString(),
    // Already past its reminder: a decision no task waits for cannot be picked up later, so it is late (409).
    remindedAt: new Date(now).toISOString(),
  };
  await openReview(review, `not-a-waiting-task-${review.reviewId}`);
  return review;
}

async function linkFor(reviewId: string, manager: string, expiresAt = new Date(Date.now() + 3_600_000)) {
  const { signReviewLink } = await import('#lib/auth/review-links.ts');
  return signReviewLink({ reviewId, manager, expiresAt: expiresAt.toISOString() });
}

async function postConfirm(reviewId: string, fields: Record<string, string>) {
  const response = await fetch(`${runtime.urls.api}/v1/reviews/${reviewId}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, type: response.headers.get('content-type'), html: await response.text() };
}

async function reviewAsOps(review: Review): Promise<ReviewAnswer | undefined> {
  const page = await api(runtime, opsKey).get<ReviewPage>(
    `/v1/reviews?partnerId=${review.partnerId}&limit=100`,
  );
  return page.body.items.find((item) => item.reviewId === review.reviewId);
}

beforeAll(async () => {
  // The secret the review emails are signed with; a runtime that provides its own keeps it.
  process.env.REVIEW_LINK_SECRET ??= randomBytes(32).toString('hex');
  runtime = await startTestRuntime();
  const first = await createPartner(runtime);
  const second = await createPartner(runtime);
  acme = {
    partnerId: first.partnerId,
    manager: first.managerEmails[0] ?? '',
    managerKey: await createApiKey(runtime, { role: 'manager', partnerId: first.partnerId }),
    partnerKey: await createApiKey(runtime, { role: 'partner', partnerId: first.partnerId }),
  };
  globex = {
    partnerId: second.partnerId,
    manager: second.managerEmails[0] ?? '',
    managerKey: await createApiKey(runtime, { role: 'manager', partnerId: second.partnerId }),
  };
  opsKey = await createApiKey(runtime, { role: 'ops' });
});

afterAll(() => runtime?.close());

describe('GET /v1/reviews', () => {
  it("shows a manager only its partner's reviews, without task tokens; ops see every partner's", async () => {
    // Arrange
    const acmeReview = await seedReview(acme.partnerId);
    const globexReview = await seedReview(globex.partnerId);

    // Act
    const mine = await api(runtime, acme.managerKey).get<ReviewPage>('/v1/reviews?status=PENDING');
    const all = await api(runtime, opsKey).get<ReviewPage>('/v1/reviews');
    const one = await api(runtime, opsKey).get<ReviewPage>(`/v1/reviews?partnerId=${globex.partnerId}`);
    const asPartner = await api(runtime, acme.partnerKey).get<ErrorAnswer>('/v1/reviews');
    const trespass = await api(runtime, acme.managerKey).get<ErrorAnswer>(
      `/v1/reviews?partnerId=${globex.partnerId}`,
    );

    // Assert
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((item) => item.reviewId)).toContain(acmeReview.reviewId);
    expect(mine.body.items.every((item) => item.partnerId === acme.partnerId)).toBe(true);
    expect(JSON.stringify(mine.body)).not.toMatch(/not-a-waiting-task|taskToken|gsi1pk/);
    expect(all.body.items.map((item) => item.reviewId)).toEqual(
      expect.arrayContaining([acmeReview.reviewId, globexReview.reviewId]),
    );
    expect(one.body.items.map((item) => item.reviewId)).toEqual([globexReview.reviewId]);
    expect(asPartner.status).toBe(403);
    expect(trespass.status).toBe(403);
  });

  it('pages with limit and cursor', async () => {
    // Arrange
    const partner = await createPartner(runtime);
    const key = await createApiKey(runtime, { role: 'manager', partnerId: partner.partnerId });
    const seeded = [
      await seedReview(partner.partnerId),
      await seedReview(partner.partnerId),
      await seedReview(partner.partnerId),
    ];

    // Act
    const first = await api(runtime, key).get<ReviewPage>('/v1/reviews?limit=2');
    const second = await api(runtime, key).get<ReviewPage>(
      `/v1/reviews?limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
    );
    const forged = await api(runtime, key).get<ErrorAnswer>('/v1/reviews?cursor=bm90LWEtY3Vyc29y');

    // Assert
    expect(first.body.items).toHaveLength(2);
    const listed = [...first.body.items, ...second.body.items].map((item) => item.reviewId);
    expect(listed.sort()).toEqual(seeded.map((review) => review.reviewId).sort());
    expect(forged.status).toBe(400);
  });
});

describe('POST /v1/reviews/{reviewId}/decision', () => {
  it('answers 404 to a manager of another partner and leaves the review pending', async () => {
    // Arrange
    const review = await seedReview(acme.partnerId);

    // Act
    const answer = await api(runtime, globex.managerKey).post<ErrorAnswer>(
      `/v1/reviews/${review.reviewId}/decision`,
      {
        decision: 'approve',
        reason: 'not mine',
      },
    );

    // Assert
    expect(answer.status).toBe(404);
    expect((await reviewAsOps(review))?.status).toBe('PENDING');
  });

  it('keeps a decision that no task waits for any more, answers 409, and 409 again to a second decision', async () => {
    // Arrange
    const review = await seedReview(acme.partnerId);
    const decide = (decision: string) =>
      api(runtime, acme.managerKey).post<ErrorAnswer>(`/v1/reviews/${review.reviewId}/decision`, {
        decision,
        reason: 'Engagement is fine for the niche',
      });

    // Act
    const late = await decide('approve');
    const second = await decide('reject');

    // Assert
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/timed out/);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(/already decided/);
    expect(await reviewAsOps(review)).toMatchObject({ status: 'APPROVED', decision: 'approve', late: true });
  });

  it('answers 400 to an unknown decision', async () => {
    const review = await seedReview(acme.partnerId);
    const answer = await api(runtime, acme.managerKey).post(`/v1/reviews/${review.reviewId}/decision`, {
      decision: 'maybe',
      reason: 'x',
    });
    expect(answer.status).toBe(400);
  });
});

describe('signed review links', () => {
  it('opens a confirmation page that only shows a form; its POST decides as manager:<email>, once', async () => {
    // Arrange
    const review = await seedReview(acme.partnerId);
    const token = await linkFor(review.reviewId, acme.manager);

    // Act
    const page = await fetch(
      `${runtime.urls.api}/v1/reviews/${review.reviewId}/confirm?${new URLSearchParams({ token, decision: 'approve' })}`,
    );
    const html = await page.text();
    const stillPending = await reviewAsOps(review);
    const decided = await postConfirm(review.reviewId, { token, decision: 'approve', reason: 'Good fit' });
    const again = await postConfirm(review.reviewId, {
      token,
      decision: 'reject',
      reason: 'Changed my mind',
    });

    // Assert
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('<form method="post" action="confirm">');
    expect(html).toContain('&lt;b&gt;Ann&lt;/b&gt; &amp; co');
    expect(stillPending?.status).toBe('PENDING');
    // No workflow waits on the seeded review: the decision is kept and the page says it came too late.
    expect(decided.status).toBe(409);
    expect(decided.html).toContain('had timed out');
    expect(again.status).toBe(409);
    expect(again.html).toContain('Already decided');
    expect(await reviewAsOps(review)).toMatchObject({
      status: 'APPROVED',
      decidedBy: `manager:${acme.manager}`,
    });
  });

  it('refuses a tampered link, a link for another review, an expired link and another manager’s link', async () => {
    // Arrange
    const review = await seedReview(acme.partnerId);
    const other = await seedReview(acme.partnerId);
    const valid = await linkFor(review.reviewId, acme.manager);
    const tampered = `${valid.slice(0, -2)}${valid.endsWith('AA') ? 'BB' : 'AA'}`;
    const forOther = await linkFor(other.reviewId, acme.manager);
    const expired = await linkFor(review.reviewId, acme.manager, new Date(Date.now() - 1000));
    const stranger = await linkFor(review.reviewId, globex.manager);

    // Act
    const answers = await Promise.all(
      [tampered, forOther, expired, stranger].map((token) =>
        postConfirm(review.reviewId, { token, decision: 'approve', reason: 'x' }),
      ),
    );

    // Assert
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(answers.every((answer) => answer.type === 'text/html; charset=utf-8')).toBe(true);
    expect((await reviewAsOps(review))?.status).toBe('PENDING');
  });
});
