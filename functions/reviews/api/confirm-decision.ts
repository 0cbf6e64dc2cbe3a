import { checkReviewLink } from '#functions/reviews/confirm-links.ts';
import {
  alreadyDecidedPage,
  decisionRecordedPage,
  errorPage,
  tooLatePage,
} from '#functions/reviews/confirm-pages.ts';
import { linkRefusal } from '#functions/reviews/link-refusal.ts';
import { decidePendingReview } from '#functions/reviews/review-decisions.ts';
import { type ConfirmDecisionForm, confirmDecisionFormSchema } from '#functions/reviews/schemas.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { notFound } from '#lib/http/errors.ts';
import { loadSecrets } from '#lib/secrets.ts';

await loadSecrets(['REVIEW_LINK_SECRET']);

/**
 * POST /v1/reviews/{reviewId}/confirm (form-encoded by the confirmation page): verifies the signed link, then
 * decides exactly as the API route does, recorded as `manager:<email>`. A decided review answers 409.
 */
export async function handleConfirmDecision(
  request: ApiRequest<ConfirmDecisionForm, unknown>,
): Promise<ApiResult> {
  const reviewId = request.pathParameters.reviewId ?? '';
  const check = await checkReviewLink(reviewId, request.body.token, new Date());
  if (!check.ok) throw linkRefusal(check.problem);
  const { review } = check;
  const outcome = await decidePendingReview({
    reviewId,
    // The signed link names the review, so the review's own partner is the scope.
    mayDecideFor: (partnerId) => partnerId === review.partnerId,
    decision: request.body.decision,
    reason: request.body.reason,
    decidedBy: `manager:${check.manager}`,
    now: new Date(),
  });
  switch (outcome.kind) {
    case 'decided':
      return decisionRecordedPage(outcome.review);
    case 'not-found':
      throw notFound('This review');
    case 'already-decided':
      return alreadyDecidedPage(outcome.review, 409);
    case 'too-late':
      return tooLatePage(outcome.review);
  }
}

export const handler = apiHandler(
  { roles: 'public', body: confirmDecisionFormSchema, bodyFormat: 'form', renderError: errorPage },
  handleConfirmDecision,
);
