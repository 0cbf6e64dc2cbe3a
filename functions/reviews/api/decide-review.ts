import { decidePendingReview } from '#functions/reviews/review-decisions.ts';
import { reviewView } from '#functions/reviews/review-view.ts';
import { type DecideReviewBody, decideReviewBodySchema } from '#functions/reviews/schemas.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { conflict, notFound } from '#lib/http/errors.ts';
import { withIdempotencyKey } from '#lib/http/idempotency.ts';
import { callerOf, mayAccess } from '#lib/http/scope.ts';

/** POST /v1/reviews/{reviewId}/decision: decides once (409 after), resumes the workflow, answers the review. */
async function decideReviewOnce(request: ApiRequest<DecideReviewBody, unknown>): Promise<ApiResult> {
  const caller = callerOf(request);
  const outcome = await decidePendingReview({
    reviewId: request.pathParameters.reviewId ?? '',
    mayDecideFor: mayAccess(caller),
    decision: request.body.decision,
    reason: request.body.reason,
    decidedBy: `${caller.role}:${caller.keyId}`,
    now: new Date(),
  });
  switch (outcome.kind) {
    case 'decided':
      return { statusCode: 200, body: reviewView(outcome.review) };
    case 'not-found':
      throw notFound('This review');
    case 'already-decided':
      throw conflict(`This review was already decided (it is ${outcome.review.status})`);
    case 'too-late':
      throw conflict(
        'This review had timed out before the decision arrived: the decision is recorded, but the workflow no longer waited for it',
      );
  }
}

/** The route; a retry with the same Idempotency-Key gets the first answer (200) instead of "already decided". */
export const handleDecideReview = withIdempotencyKey('decide-review', decideReviewOnce);

export const handler = apiHandler(
  { roles: ['manager', 'ops'], body: decideReviewBodySchema },
  handleDecideReview,
);
