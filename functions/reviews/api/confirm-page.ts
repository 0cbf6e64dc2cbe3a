import { checkReviewLink } from '#functions/reviews/confirm-links.ts';
import { alreadyDecidedPage, confirmationFormPage, errorPage } from '#functions/reviews/confirm-pages.ts';
import { linkRefusal } from '#functions/reviews/link-refusal.ts';
import { type ConfirmPageQuery, confirmPageQuerySchema } from '#functions/reviews/schemas.ts';
import { type ApiRequest, type ApiResult, apiHandler } from '#lib/http/api-handler.ts';
import { loadSecrets } from '#lib/secrets.ts';

await loadSecrets(['REVIEW_LINK_SECRET']);

/**
 * GET /v1/reviews/{reviewId}/confirm?token=&decision=: the page a review email links to. It only shows the
 * review and a form; link scanners follow GETs, so nothing here decides.
 */
export async function handleConfirmPage(request: ApiRequest<unknown, ConfirmPageQuery>): Promise<ApiResult> {
  const check = await checkReviewLink(request.pathParameters.reviewId ?? '', request.query.token, new Date());
  if (!check.ok) throw linkRefusal(check.problem);
  if (check.review.status !== 'PENDING') return alreadyDecidedPage(check.review, 200);
  return confirmationFormPage(check.review, request.query.token, request.query.decision);
}

export const handler = apiHandler(
  { roles: 'public', query: confirmPageQuerySchema, renderError: errorPage },
  handleConfirmPage,
);
