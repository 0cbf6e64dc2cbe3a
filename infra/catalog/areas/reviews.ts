import type { AreaSpec } from '#catalog/area.ts';
import { decideReviewBodySchema, reviewListQuerySchema } from '#functions/reviews/schemas.ts';

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
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
      completesTasksOf: ['creator-onboarding'],
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
      summary: 'Approve or reject a pending review (409 if already decided)',
      requestBody: decideReviewBodySchema,
      successStatus: 200,
    },
  ],
  workflows: [],
  schedules: [],
};
