import { isReviewLinkProblem, verifyReviewLink } from '#lib/auth/review-links.ts';
import { getPartner } from '#lib/repositories/partners.ts';
import { getReview, type Review } from '#lib/repositories/reviews.ts';

export type LinkCheck =
  | { readonly ok: true; readonly review: Review; readonly manager: string }
  | { readonly ok: false; readonly problem: 'invalid' | 'expired' | 'not-found' | 'not-a-manager' };

const sameAddress = (left: string, right: string) => left.trim().toLowerCase() === right.trim().toLowerCase();

/**
 * Checks a signed review link for one review: signed by us, for this very review, not expired, and its manager
 * still one of the review's partner's managers. Single use is the review's own: it can be decided only once.
 */
export async function checkReviewLink(reviewId: string, token: string, now: Date): Promise<LinkCheck> {
  const claims = verifyReviewLink(token, now);
  if (isReviewLinkProblem(claims))
    return { ok: false, problem: claims.error === 'expired' ? 'expired' : 'invalid' };
  if (claims.reviewId !== reviewId) return { ok: false, problem: 'invalid' };
  const review = await getReview(reviewId);
  if (review === undefined) return { ok: false, problem: 'not-found' };
  const partner = await getPartner(review.partnerId);
  if (partner === undefined || !partner.managerEmails.some((email) => sameAddress(email, claims.manager))) {
    return { ok: false, problem: 'not-a-manager' };
  }
  return { ok: true, review, manager: claims.manager };
}
