import type { WorkflowName } from '#catalog/types.ts';
import type { Review, ReviewDecision, ReviewStatus } from '#lib/repositories/reviews.ts';

/** A review as the API shows it: named fields only, so the task token and internal keys never leak. */
export interface ReviewView {
  readonly reviewId: string;
  readonly partnerId: string;
  readonly workflow: WorkflowName;
  readonly subject: { readonly type: string; readonly id: string };
  readonly executionId: string;
  readonly status: ReviewStatus;
  readonly reasons: readonly string[];
  readonly summary: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly dueAt: string;
  readonly remindedAt?: string;
  readonly decision?: ReviewDecision;
  readonly decisionReason?: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  /** The decision arrived after the review had timed out: it is recorded but the workflow did not take it. */
  readonly late?: boolean;
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/** Maps a stored review to its API shape. */
export function reviewView(review: Review): ReviewView {
  return {
    reviewId: review.reviewId,
    partnerId: review.partnerId,
    workflow: review.workflow,
    subject: { type: review.subject.type, id: review.subject.id },
    executionId: review.executionId,
    status: review.status,
    reasons: review.reasons,
    summary: review.summary,
    createdAt: review.createdAt,
    dueAt: review.dueAt,
    ...optional('remindedAt', review.remindedAt),
    ...optional('decision', review.decision),
    ...optional('decisionReason', review.decisionReason),
    ...optional('decidedBy', review.decidedBy),
    ...optional('decidedAt', review.decidedAt),
    ...(review.lateDecision === undefined ? {} : { late: true }),
  };
}
