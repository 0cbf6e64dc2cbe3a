import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WorkflowName } from '#catalog/types.ts';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { whenConditionHolds } from '#lib/repositories/conditional.ts';
import { decodeCursor, encodeCursor, type Page } from '#lib/repositories/pagination.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';
import { BusinessRuleError } from '#lib/workflows/errors.ts';

export type ReviewStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'EXPIRED';
export type ReviewDecision = 'approve' | 'reject';

/** A request for a manager's decision; the task token that resumes the workflow stays in the table only. */
export interface Review {
  readonly reviewId: string;
  readonly partnerId: string;
  readonly workflow: WorkflowName;
  readonly subject: { readonly type: 'creator' | 'seller' | 'violation'; readonly id: string };
  readonly executionId: string;
  readonly status: ReviewStatus;
  readonly reasons: readonly string[];
  readonly summary: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly dueAt: string;
  readonly remindedAt?: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  readonly decision?: ReviewDecision;
  readonly decisionReason?: string;
  /** Set when the decision arrived after the workflow had stopped waiting (its task timed out): kept, but late. */
  readonly lateDecision?: { readonly error: string; readonly at: string };
}

interface StoredReview extends Review {
  readonly taskToken: string;
}

export const reviewKey = (reviewId: string) => ({ pk: `REVIEW#${reviewId}`, sk: 'REVIEW' });
const partnerReviewsPk = (partnerId: string) => `PARTNER#${partnerId}#REVIEWS`;

function indexKeys(review: Pick<Review, 'partnerId' | 'status' | 'createdAt' | 'reviewId' | 'dueAt'>) {
  return {
    gsi1pk: partnerReviewsPk(review.partnerId),
    gsi1sk: `${review.status}#${review.createdAt}#${review.reviewId}`,
    gsi2pk: `REVIEWS#${review.status}`,
    gsi2sk: `${review.dueAt}#${review.reviewId}`,
  };
}

function toReview(item: Record<string, unknown>): Review {
  const {
    pk: _pk,
    sk: _sk,
    type: _t,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    taskToken: _token,
    ...review
  } = item;
  return review as unknown as Review;
}

/**
 * Opens a review, or (for the same id, as when a retried step or a reminder re-arms it) replaces the task
 * token of a review that is still pending. A decided review is never reopened.
 */
export async function openReview(review: Review, taskToken: string): Promise<boolean> {
  const stored: StoredReview = { ...review, taskToken };
  const written = await whenConditionHolds(
    dynamodb.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...reviewKey(review.reviewId), type: 'Review', ...indexKeys(review), ...stored },
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'PENDING' },
      }),
    ),
  );
  return written !== undefined;
}

/** What a decided review hands the workflow waiting for it. */
export interface ReviewDecisionResult {
  readonly decision: ReviewDecision;
  readonly reason: string;
  readonly decidedBy: string;
  readonly reviewId: string;
}

/**
 * The answer a workflow resumes with when its review was decided while no task waited (between a time-out and a
 * reminder or escalation). A review closed without a decision (expired) has no answer to give.
 */
export function decisionResultOf(review: Review): ReviewDecisionResult {
  if (review.decision === undefined) {
    throw new BusinessRuleError(
      'ReviewClosed',
      `Review ${review.reviewId} is ${review.status} without a decision`,
    );
  }
  return {
    decision: review.decision,
    reason: review.decisionReason ?? '',
    decidedBy: review.decidedBy ?? 'unknown',
    reviewId: review.reviewId,
  };
}

export async function getReview(reviewId: string): Promise<Review | undefined> {
  const { Item } = await dynamodb.send(new GetCommand({ TableName: TABLE_NAME, Key: reviewKey(reviewId) }));
  return Item === undefined ? undefined : toReview(Item);
}

export interface DecidedReview {
  readonly review: Review;
  readonly taskToken: string;
}

/**
 * Records a decision on a pending review, exactly once. Returns the review and the token that resumes the
 * workflow, or undefined when it was already decided or expired.
 */
export async function decideReview(
  reviewId: string,
  decision: {
    readonly decision: ReviewDecision;
    readonly reason: string;
    readonly decidedBy: string;
    readonly at: string;
  },
): Promise<DecidedReview | undefined> {
  const current = await getReview(reviewId);
  if (current === undefined) return undefined;
  const status: ReviewStatus = decision.decision === 'approve' ? 'APPROVED' : 'REJECTED';
  const keys = indexKeys({ ...current, status });
  const { Attributes } =
    (await whenConditionHolds(
      dynamodb.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: reviewKey(reviewId),
          UpdateExpression:
            'SET #status = :status, decision = :decision, decisionReason = :reason, decidedBy = :by, decidedAt = :at, gsi1sk = :gsi1sk, gsi2pk = :gsi2pk',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':decision': decision.decision,
            ':reason': decision.reason,
            ':by': decision.decidedBy,
            ':at': decision.at,
            ':gsi1sk': keys.gsi1sk,
            ':gsi2pk': keys.gsi2pk,
            ':pending': 'PENDING',
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    )) ?? {};
  if (Attributes === undefined) return undefined;
  return { review: toReview(Attributes), taskToken: String(Attributes.taskToken) };
}

/** Marks a recorded decision that the workflow no longer waited for; the decision itself stays. */
export async function markLateDecision(
  reviewId: string,
  error: string,
  at: string,
): Promise<Review | undefined> {
  const { Attributes } =
    (await whenConditionHolds(
      dynamodb.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: reviewKey(reviewId),
          UpdateExpression: 'SET lateDecision = :late',
          ConditionExpression: 'attribute_exists(decision)',
          ExpressionAttributeValues: { ':late': { error, at } },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    )) ?? {};
  return Attributes === undefined ? undefined : toReview(Attributes);
}

/**
 * Takes back a decision that could not be handed to the workflow for a transient reason, so that it can be sent
 * again; only the very decision given (same time and author) is taken back. Returns false when it changed since.
 */
export async function withdrawDecision(decided: Review): Promise<boolean> {
  if (decided.decidedAt === undefined || decided.decidedBy === undefined) return false;
  const keys = indexKeys({ ...decided, status: 'PENDING' });
  const written = await whenConditionHolds(
    dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: reviewKey(decided.reviewId),
        UpdateExpression:
          'SET #status = :pending, gsi1sk = :gsi1sk, gsi2pk = :gsi2pk REMOVE decision, decisionReason, decidedBy, decidedAt',
        ConditionExpression: 'decidedAt = :at AND decidedBy = :by AND #status IN (:approved, :rejected)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'PENDING',
          ':gsi1sk': keys.gsi1sk,
          ':gsi2pk': keys.gsi2pk,
          ':at': decided.decidedAt,
          ':by': decided.decidedBy,
          ':approved': 'APPROVED',
          ':rejected': 'REJECTED',
        },
      }),
    ),
  );
  return written !== undefined;
}

/** Closes a pending review that nobody decided in time. */
export async function expireReview(reviewId: string, at: string): Promise<void> {
  const current = await getReview(reviewId);
  if (current === undefined || current.status !== 'PENDING') return;
  const keys = indexKeys({ ...current, status: 'EXPIRED' });
  await whenConditionHolds(
    dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: reviewKey(reviewId),
        UpdateExpression: 'SET #status = :expired, decidedAt = :at, gsi1sk = :gsi1sk, gsi2pk = :gsi2pk',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':expired': 'EXPIRED',
          ':pending': 'PENDING',
          ':at': at,
          ':gsi1sk': keys.gsi1sk,
          ':gsi2pk': keys.gsi2pk,
        },
      }),
    ),
  );
}

export interface ReviewFilter {
  readonly status?: ReviewStatus;
  readonly limit: number;
  readonly cursor?: string;
}

/** Reviews of one partner (or, for ops, of every partner when `partnerId` is undefined and a status is given). */
export async function listReviews(
  partnerId: string | undefined,
  filter: ReviewFilter,
): Promise<Page<Review>> {
  const byPartner = partnerId !== undefined;
  const pk = byPartner ? partnerReviewsPk(partnerId) : `REVIEWS#${filter.status ?? 'PENDING'}`;
  const pkAttribute = byPartner ? 'gsi1pk' : 'gsi2pk';
  const values: Record<string, unknown> = { ':pk': pk };
  let condition = `${pkAttribute} = :pk`;
  if (byPartner && filter.status !== undefined) {
    condition += ' AND begins_with(gsi1sk, :prefix)';
    values[':prefix'] = `${filter.status}#`;
  }
  const page = await dynamodb.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: byPartner ? 'byPartner' : 'byState',
      KeyConditionExpression: condition,
      ExpressionAttributeValues: values,
      ScanIndexForward: !byPartner,
      Limit: filter.limit,
      ExclusiveStartKey: decodeCursor(filter.cursor, { attribute: pkAttribute, value: pk }),
    }),
  );
  const items = (page.Items ?? []).map(toReview);
  const nextCursor = encodeCursor(page.LastEvaluatedKey);
  return nextCursor === undefined ? { items } : { items, nextCursor };
}
