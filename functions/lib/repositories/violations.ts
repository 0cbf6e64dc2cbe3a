import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { whenConditionHolds } from '#lib/repositories/conditional.ts';
import { queryNewestFirst } from '#lib/repositories/newest-first-page.ts';
import type { Page } from '#lib/repositories/pagination.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';
import { versionedUpdate } from '#lib/repositories/versioned-update.ts';
import type { Severity } from '#lib/repositories/violation-history.ts';
import { TransientError } from '#lib/workflows/errors.ts';

/**
 * Violations (governance): one item per report of a policy violation, keyed by an id derived from the partner
 * and the source's `reportId`, so a report sent twice is the same item. Every change is a read followed by a
 * write conditioned on the version read: the workflow, the appeal API and retried steps never undo each other.
 */

export type ViolationStatus =
  | 'RECEIVED'
  | 'OPEN'
  | 'IN_REVIEW'
  | 'CONFIRMED'
  | 'DISMISSED'
  | 'OVERTURNED'
  | 'FAILED';

export type SubjectType = 'creator' | 'seller';

export interface ViolationSubject {
  readonly type: SubjectType;
  readonly id: string;
}

export interface ViolationEvidence {
  readonly kind: 'url' | 'text';
  readonly value: string;
}

export type ViolationActionName = 'WARNING' | 'RESTRICTION' | 'SUSPENSION' | 'BAN';
export type EnforcementStatusName = 'RESTRICTED' | 'SUSPENDED' | 'BANNED';

export interface ViolationDecisionRecord {
  readonly severity: Severity;
  readonly escalations: readonly string[];
  readonly route: 'auto' | 'review' | 'suspend-then-review';
  readonly proposedAction: ViolationActionName;
  readonly strikesBefore: number;
  readonly decidedAt: string;
}

/** The manager review a high or critical report went through. */
export interface ViolationReviewRecord {
  readonly reviewId: string;
  readonly requestedAt: string;
  readonly decision?: 'approve' | 'reject';
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  /** True when nobody decided in time and the policy's default applied. */
  readonly defaulted?: boolean;
}

/** The confirmed outcome: the action applied and the strike it counts. */
export interface ViolationConfirmation {
  readonly action: ViolationActionName;
  readonly banThresholdReached: boolean;
  /** Strikes in the window when confirmed, this one included. */
  readonly strikesInWindow: number;
  readonly confirmedAt: string;
  readonly confirmedBy: string;
  readonly appealDeadline: string;
}

export interface ViolationEnforcement {
  readonly status: EnforcementStatusName;
  readonly startsAt: string;
  readonly endsAt?: string;
  /** A critical report's suspension while a manager decides. */
  readonly interim: boolean;
  readonly state: 'ACTIVE' | 'ENDED' | 'LIFTED';
  readonly endedAt?: string;
  /** Campaigns this violation paused (and resumes when the enforcement ends or is lifted). */
  readonly campaignIds: readonly string[];
}

export interface ViolationAppeal {
  readonly statement: string;
  readonly filedAt: string;
  readonly filedBy: string;
  readonly status: 'PENDING' | 'UPHELD' | 'OVERTURNED';
  readonly reviewId?: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  readonly defaulted?: boolean;
}

export interface ViolationFailure {
  readonly error: string;
  readonly cause: string;
  readonly at: string;
}

export interface Violation {
  readonly violationId: string;
  readonly partnerId: string;
  readonly reportId: string;
  readonly subject: ViolationSubject;
  /** The creator's handle or the seller's shop name when the report arrived. */
  readonly subjectName: string;
  readonly policy: string;
  /** As reported; the decision holds the effective severity. */
  readonly severity: Severity;
  readonly evidence: readonly ViolationEvidence[];
  readonly occurredAt: string;
  readonly reportedBy: string;
  /** `partner:<keyId>` or `ops:<keyId>`: the key that sent the report. */
  readonly receivedBy: string;
  readonly receivedAt: string;
  readonly executionId: string;
  readonly status: ViolationStatus;
  readonly recordedAt?: string;
  readonly decision?: ViolationDecisionRecord;
  readonly review?: ViolationReviewRecord;
  readonly confirmation?: ViolationConfirmation;
  readonly enforcement?: ViolationEnforcement;
  /** Set when an overturned appeal took the strike back. */
  readonly strikeRemovedAt?: string;
  readonly appeal?: ViolationAppeal;
  /** Set when the appeal window closed without an appeal; no appeal is accepted after. */
  readonly appealWindowClosedAt?: string;
  readonly resolvedAt?: string;
  readonly failure?: ViolationFailure;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Incremented by every write: the condition of the next one. */
  readonly version: number;
}

/** Kept in the table only, never shown: the task token of the workflow waiting for an appeal. */
interface StoredViolation extends Violation {
  readonly appealTaskToken?: string;
}

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * The violation id of a partner's report: `vi_` and 20 characters of SHA-256(partner, reportId). The same report
 * always gets the same id (and the same execution name), so a report sent twice starts one workflow.
 */
export function violationIdFor(partnerId: string, reportId: string): string {
  const digest = createHash('sha256').update(`${partnerId}\u0000${reportId}`).digest();
  let id = '';
  for (const byte of digest.subarray(0, 20)) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return `vi_${id}`;
}

export const violationKey = (violationId: string) => ({ pk: `VIOLATION#${violationId}`, sk: 'VIOLATION' });
const partnerViolationsPk = (partnerId: string) => `PARTNER#${partnerId}#VIOLATIONS`;
const subjectViolationsPk = (partnerId: string, subjectId: string) =>
  `PARTNER#${partnerId}#SUBJECT#${subjectId}#VIOLATIONS`;
const listSk = (violation: Pick<Violation, 'receivedAt' | 'violationId'>) =>
  `${violation.receivedAt}#${violation.violationId}`;

const INTERNAL = new Set(['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'appealTaskToken']);

function toViolation(item: Record<string, unknown>): Violation {
  return Object.fromEntries(
    Object.entries(item).filter(([key]) => !INTERNAL.has(key)),
  ) as unknown as Violation;
}

/** Stores a report as RECEIVED; false when the report (its id) is already stored. */
export async function putNewViolation(violation: Violation): Promise<boolean> {
  const written = await whenConditionHolds(
    dynamodb.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...violationKey(violation.violationId),
          type: 'Violation',
          gsi1pk: partnerViolationsPk(violation.partnerId),
          gsi1sk: listSk(violation),
          gsi2pk: subjectViolationsPk(violation.partnerId, violation.subject.id),
          gsi2sk: listSk(violation),
          ...violation,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  return written !== undefined;
}

async function getStored(violationId: string): Promise<StoredViolation | undefined> {
  const { Item } = await dynamodb.send(
    new GetCommand({ TableName: TABLE_NAME, Key: violationKey(violationId), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : ({ ...toViolation(Item), ...tokenOf(Item) } as StoredViolation);
}

const tokenOf = (item: Record<string, unknown>) =>
  typeof item.appealTaskToken === 'string' ? { appealTaskToken: item.appealTaskToken } : {};

export async function getViolation(violationId: string): Promise<Violation | undefined> {
  const stored = await getStored(violationId);
  if (stored === undefined) return undefined;
  const { appealTaskToken: _token, ...violation } = stored;
  return violation;
}

/** What one change sets (and removes); `undefined` from `decide` means "no change". */
export interface ViolationChange {
  readonly set?: Partial<Omit<StoredViolation, 'violationId' | 'partnerId' | 'version' | 'updatedAt'>>;
  readonly remove?: readonly 'appealTaskToken'[];
}

export interface ViolationChangeOutcome {
  readonly before: Violation;
  readonly after: Violation;
  readonly changed: boolean;
}

const MAX_CHANGE_ATTEMPTS = 8;

/**
 * Applies `decide(current)` as one write conditioned on the version read, deciding again when another writer got
 * there first. Undefined when the violation does not exist.
 */
export async function changeViolation(
  violationId: string,
  decide: (current: Violation & { readonly appealTaskToken?: string }) => ViolationChange | undefined,
  at: string,
): Promise<ViolationChangeOutcome | undefined> {
  for (let attempt = 0; attempt < MAX_CHANGE_ATTEMPTS; attempt += 1) {
    const stored = await getStored(violationId);
    if (stored === undefined) return undefined;
    const { appealTaskToken: _token, ...current } = stored;
    const change = decide(stored);
    if (change === undefined) return { before: current, after: current, changed: false };
    const written = await whenConditionHolds(
      dynamodb.send(versionedUpdate(violationKey(stored.violationId), stored.version, change, at)),
    );
    if (written !== undefined) {
      return { before: current, after: toViolation(written.Attributes ?? {}), changed: true };
    }
  }
  throw new TransientError(`Violation ${violationId} kept changing under this write`);
}

/** The task token of the workflow waiting for an appeal, if it is waiting. */
export async function appealTaskTokenOf(violationId: string): Promise<string | undefined> {
  return (await getStored(violationId))?.appealTaskToken;
}

export interface ViolationFilter {
  readonly subjectId?: string;
  readonly status?: ViolationStatus;
  readonly limit: number;
  readonly cursor?: string;
}

/** A partner's violations, newest first: all of them, or one subject's; optionally of one status. */
export function listPartnerViolations(partnerId: string, filter: ViolationFilter): Promise<Page<Violation>> {
  const bySubject = filter.subjectId !== undefined;
  return queryNewestFirst({
    index: bySubject ? 'byState' : 'byPartner',
    partitionKey: bySubject
      ? subjectViolationsPk(partnerId, filter.subjectId ?? '')
      : partnerViolationsPk(partnerId),
    equals: { status: filter.status },
    limit: filter.limit,
    ...(filter.cursor === undefined ? {} : { cursor: filter.cursor }),
    toItem: toViolation,
  });
}
