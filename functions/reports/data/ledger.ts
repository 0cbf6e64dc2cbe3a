import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems } from '#functions/reports/data/batch-get.ts';
import type { FailureStatus } from '#functions/reports/domain/delivery.ts';
import type { ReportFigures } from '#functions/reports/domain/types.ts';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { isConditionFailure, whenConditionHolds } from '#lib/repositories/conditional.ts';
import { queryUpTo } from '#lib/repositories/query-all.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';

/**
 * The report ledger: one item per partner and ISO week that says whether its report was sent. Every change is
 * a single-item conditional update, which is what makes "at most once per partner and week" hold without
 * transactions: only the run holding the claim may send, and a SENT week is claimed again only by `resend`.
 */

export type ReportStatus = 'SENDING' | 'SENT' | FailureStatus;

export interface ReportRecord {
  readonly partnerId: string;
  readonly week: string;
  readonly status: ReportStatus;
  /** The execution (and its trigger) holding the claim. */
  readonly claimedBy: string;
  readonly claimedAt: string;
  /** Claims made so far (first send, retries, resends). */
  readonly attempts: number;
  /** Emails actually sent for the week (2 after one resend). */
  readonly sendCount: number;
  readonly sentAt?: string;
  readonly messageId?: string;
  readonly lastError?: { readonly code: string; readonly message: string; readonly at: string };
  readonly firstFailedAt?: string;
  readonly nextAttemptAt?: string;
  /** The figures of the email last sent: what GET /v1/reports/{partnerId}/{week} answers for a sent week. */
  readonly figures?: ReportFigures;
}

/** A run that stopped mid-send (crash, time-out) leaves a SENDING claim; `resend` may take it after this. */
export const STALE_CLAIM_MINUTES = 15;
const RETRY_INDEX = 'REPORTS#RETRY';

const keyOf = (partnerId: string, week: string) => ({ pk: `REPORTS#${partnerId}`, sk: `WEEK#${week}` });

function toRecord(item: Record<string, unknown>): ReportRecord {
  const { pk: _pk, sk: _sk, type: _t, gsi2pk: _g, gsi2sk: _s, figuresJson, ...record } = item;
  return {
    ...(record as unknown as ReportRecord),
    ...(typeof figuresJson === 'string' ? { figures: JSON.parse(figuresJson) as ReportFigures } : {}),
  };
}

export async function getReportRecord(partnerId: string, week: string): Promise<ReportRecord | undefined> {
  const { Item } = await dynamodb.send(
    new GetCommand({ TableName: TABLE_NAME, Key: keyOf(partnerId, week), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : toRecord(Item);
}

/** The ledger items of many partners for one week, by partner id (absent when never claimed). */
export async function getReportRecords(
  partnerIds: readonly string[],
  week: string,
): Promise<Map<string, ReportRecord>> {
  const items = await batchGetItems(partnerIds.map((partnerId) => keyOf(partnerId, week)));
  return new Map(items.map((item) => [String(item.partnerId), toRecord(item)]));
}

export type ClaimResult =
  | { readonly claimed: true; readonly attempts: number }
  | { readonly claimed: false; readonly record: ReportRecord | undefined };

/**
 * Claims a partner's week for one run. Without `resend` it succeeds only for a week never claimed, one never
 * sent whose last attempt certainly failed, or one this run already holds (a retried step). With `resend` it succeeds
 * unless another run is sending right now (a claim younger than STALE_CLAIM_MINUTES).
 */
export async function claimReportWeek(claim: {
  readonly partnerId: string;
  readonly week: string;
  readonly claimant: string;
  readonly at: Date;
  readonly resend: boolean;
}): Promise<ClaimResult> {
  const staleBefore = new Date(claim.at.getTime() - STALE_CLAIM_MINUTES * 60_000).toISOString();
  const condition = claim.resend
    ? 'attribute_not_exists(pk) OR claimedBy = :me OR #status <> :sending OR claimedAt < :stale'
    : 'attribute_not_exists(pk) OR (#status = :failed AND sendCount = :zero) OR (#status = :sending AND claimedBy = :me)';
  try {
    const { Attributes } = await dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keyOf(claim.partnerId, claim.week),
        UpdateExpression:
          'SET #type = :type, partnerId = :partnerId, week = :week, #status = :sending, claimedBy = :me, claimedAt = :at, sendCount = if_not_exists(sendCount, :zero) REMOVE gsi2pk, gsi2sk, nextAttemptAt ADD attempts :one',
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#status': 'status', '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'WeeklyReport',
          ':partnerId': claim.partnerId,
          ':week': claim.week,
          ':sending': 'SENDING',
          ':me': claim.claimant,
          ':at': claim.at.toISOString(),
          ':zero': 0,
          ':one': 1,
          ...(claim.resend ? { ':stale': staleBefore } : { ':failed': 'FAILED' }),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { claimed: true, attempts: Number(Attributes?.attempts ?? 1) };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { claimed: false, record: await getReportRecord(claim.partnerId, claim.week) };
  }
}

/**
 * Marks the claimed week SENT with the message id and the figures the email showed. Idempotent for the same
 * message (a retried step); false when the claim is no longer this run's.
 */
export async function markReportSent(sent: {
  readonly partnerId: string;
  readonly week: string;
  readonly claimant: string;
  readonly at: Date;
  readonly messageId: string;
  readonly figures: ReportFigures;
}): Promise<boolean> {
  try {
    await dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keyOf(sent.partnerId, sent.week),
        UpdateExpression:
          'SET #status = :sent, sentAt = :at, messageId = :messageId, figuresJson = :figures REMOVE lastError, firstFailedAt, nextAttemptAt, gsi2pk, gsi2sk ADD sendCount :one',
        ConditionExpression: 'claimedBy = :me AND #status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'SENT',
          ':sending': 'SENDING',
          ':me': sent.claimant,
          ':at': sent.at.toISOString(),
          ':messageId': sent.messageId,
          ':figures': JSON.stringify(sent.figures),
          ':one': 1,
        },
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const record = await getReportRecord(sent.partnerId, sent.week);
    return record?.status === 'SENT' && record.messageId === sent.messageId;
  }
}

/**
 * Records why this run's attempt failed, releasing its claim. With `retryAt` the week is put on the retry index
 * the sweep reads; without it the week waits for a person. False when this run no longer holds the claim.
 */
export async function recordReportFailure(failure: {
  readonly partnerId: string;
  readonly week: string;
  readonly claimant: string;
  readonly at: Date;
  readonly status: FailureStatus;
  readonly error: { readonly code: string; readonly message: string };
  readonly retryAt?: Date;
}): Promise<boolean> {
  const at = failure.at.toISOString();
  const values: Record<string, unknown> = {
    ':status': failure.status,
    ':sending': 'SENDING',
    ':me': failure.claimant,
    ':at': at,
    ':error': { ...failure.error, at },
  };
  let update = 'SET #status = :status, lastError = :error, firstFailedAt = if_not_exists(firstFailedAt, :at)';
  if (failure.retryAt === undefined) {
    update += ' REMOVE gsi2pk, gsi2sk, nextAttemptAt';
  } else {
    const retryAt = failure.retryAt.toISOString();
    update += ', nextAttemptAt = :retryAt, gsi2pk = :retryIndex, gsi2sk = :retryKey';
    values[':retryAt'] = retryAt;
    values[':retryIndex'] = RETRY_INDEX;
    values[':retryKey'] = `${retryAt}#${failure.partnerId}#${failure.week}`;
  }
  const written = await whenConditionHolds(
    dynamodb.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keyOf(failure.partnerId, failure.week),
        UpdateExpression: update,
        ConditionExpression: 'claimedBy = :me AND #status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    ),
  );
  return written !== undefined;
}

/** FAILED weeks whose next attempt is due at `at` (the retry index: empty on a good day), oldest first. */
export async function listRetriesDue(
  at: Date,
  limit: number,
): Promise<{ partnerId: string; week: string }[]> {
  const items = await queryUpTo(
    {
      TableName: TABLE_NAME,
      IndexName: 'byState',
      KeyConditionExpression: 'gsi2pk = :index AND gsi2sk <= :at',
      ExpressionAttributeValues: { ':index': RETRY_INDEX, ':at': `${at.toISOString()}#\uffff` },
      ProjectionExpression: 'partnerId, #week',
      ExpressionAttributeNames: { '#week': 'week' },
    },
    limit,
  );
  return items.map((item) => ({ partnerId: String(item.partnerId), week: String(item.week) }));
}
