import type { AreaSpec } from '#catalog/area.ts';
import {
  confirmDecisionFormSchema,
  confirmPageQuerySchema,
  decideReviewBodySchema,
  reviewListQuerySchema,
} from '#functions/reviews/schemas.ts';

/** Manager reviews, shared by every workflow that asks a human (onboarding, violations). */
export const reviews: AreaSpec = {
  functions: [
    {
      id: 'list-reviews',
      entry: 'functions/reviews/api/list-reviews.ts',
      description: 'GET /v1/reviews',
      tableActions: ['dynamodb:Query'],
    },
    {
      id: 'decide-review',
      entry: 'functions/reviews/api/decide-review.ts',
      description: 'POST /v1/reviews/{reviewId}/decision: records the decision once and resumes the workflow',
      // DeleteItem: an Idempotency-Key whose request failed is forgotten, so its retry runs again.
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      completesTasksOf: ['creator-onboarding', 'violation-handling'],
    },
    {
      id: 'review-confirm-page',
      entry: 'functions/reviews/api/confirm-page.ts',
      description:
        'GET /v1/reviews/{reviewId}/confirm: the signed link of a review email opens a confirmation form',
      secrets: ['REVIEW_LINK_SECRET'],
      tableActions: ['dynamodb:GetItem'],
    },
    {
      id: 'review-confirm-decision',
      entry: 'functions/reviews/api/confirm-decision.ts',
      description:
        "POST /v1/reviews/{reviewId}/confirm: the confirmation form's decision, checked against its signed link",
      secrets: ['REVIEW_LINK_SECRET'],
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
      completesTasksOf: ['creator-onboarding', 'violation-handling'],
    },
  ],
  routes: [
    {
      method: 'GET',
      path: '/v1/reviews',
      functionId: 'list-reviews',
      roles: ['manager', 'ops'],
      summary: "List the partner's reviews (ops: every partner's), by status",
      query: reviewListQuerySchema,
    },
    {
      method: 'POST',
      path: '/v1/reviews/{reviewId}/decision',
      functionId: 'decide-review',
      roles: ['manager', 'ops'],
      summary: 'Approve or reject a pending review (409 if already decided; Idempotency-Key supported)',
      requestBody: decideReviewBodySchema,
      successStatus: 200,
      idempotency: 'key',
    },
    {
      method: 'GET',
      path: '/v1/reviews/{reviewId}/confirm',
      functionId: 'review-confirm-page',
      roles: 'public',
      summary: 'The confirmation page a review email links to (HTML; signed token; never decides)',
      query: confirmPageQuerySchema,
    },
    {
      method: 'POST',
      path: '/v1/reviews/{reviewId}/confirm',
      functionId: 'review-confirm-decision',
      roles: 'public',
      summary: 'Decide a review from its confirmation page (HTML form; signed token; 409 if already decided)',
      requestBody: confirmDecisionFormSchema,
      requestContentType: 'application/x-www-form-urlencoded',
      successStatus: 200,
      // A browser's form sends no header: the review decides once, and a resubmitted form shows "already decided".
      idempotency: {
        businessKey: 'reviewId: a review is decided once; a repeat answers 409 with the decision',
      },
    },
  ],
  workflows: [],
  schedules: [],
};
