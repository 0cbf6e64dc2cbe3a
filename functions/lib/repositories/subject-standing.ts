import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { whenConditionHolds } from '#lib/repositories/conditional.ts';
import { queryUpTo } from '#lib/repositories/query-all.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';
import type { Severity } from '#lib/repositories/violation-history.ts';
import type { EnforcementStatusName, SubjectType, ViolationSubject } from '#lib/repositories/violations.ts';
import { TransientError } from '#lib/workflows/errors.ts';

/**
 * A subject's standing (a creator's or a seller's): its strikes and the enforcements in force, one item beside
 * the subject's profile. Strikes and enforcements are maps keyed by violation id, so a retried step that adds
 * the same strike adds nothing: strike counts never double. Every change is conditioned on the version read.
 */

export interface StandingStrike {
  readonly severity: Severity;
  /** When the violation was confirmed: the strike counts for the policy's window from here. */
  readonly at: string;
}

export interface StandingEnforcement {
  readonly status: EnforcementStatusName;
  readonly startsAt: string;
  readonly endsAt?: string;
}

export interface SubjectStanding {
  readonly subject: ViolationSubject;
  readonly partnerId: string;
  readonly subjectName: string;
  readonly strikes: Readonly<Record<string, StandingStrike>>;
  readonly enforcements: Readonly<Record<string, StandingEnforcement>>;
  /** Set when the standing makes the subject worth a manager's attention (the weekly report's list). */
  readonly atRisk: boolean;
  readonly version: number;
  readonly updatedAt: string;
}

/**
 * What a subject's profile shows of its standing (creators.ts, sellers.ts store it beside the status): the
 * strongest enforcement in force, until when (absent: until lifted), and the violations behind it.
 */
export interface SubjectEnforcement {
  readonly status: EnforcementStatusName;
  readonly until?: string;
  readonly violationIds: readonly string[];
}

const subjectPk = (subject: ViolationSubject) =>
  subject.type === 'creator' ? `CREATOR#${subject.id}` : `SELLER#${subject.id}`;
export const standingKey = (subject: ViolationSubject) => ({
  pk: subjectPk(subject),
  sk: 'VIOLATION_STANDING',
});
/** byPartner: a partner's subjects at risk (a sparse list: only standings that are at risk carry the keys). */
const atRiskPk = (partnerId: string) => `PARTNER#${partnerId}#AT_RISK`;

const emptyStanding = (
  subject: ViolationSubject,
  partnerId: string,
  subjectName: string,
): SubjectStanding => ({
  subject,
  partnerId,
  subjectName,
  strikes: {},
  enforcements: {},
  atRisk: false,
  version: 0,
  updatedAt: '',
});

function toStanding(item: Record<string, unknown>): SubjectStanding {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _a, gsi1sk: _b, ...standing } = item;
  return standing as unknown as SubjectStanding;
}

export async function getStanding(subject: ViolationSubject): Promise<SubjectStanding | undefined> {
  const { Item } = await dynamodb.send(
    new GetCommand({ TableName: TABLE_NAME, Key: standingKey(subject), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : toStanding(Item);
}

export type StandingChange = Pick<SubjectStanding, 'strikes' | 'enforcements' | 'atRisk'>;

const MAX_CHANGE_ATTEMPTS = 8;

/**
 * Applies `decide(current)` to the subject's standing (an empty one when it has none yet) as one write
 * conditioned on the version read, deciding again when another violation of the same subject got there first.
 * `decide` answers undefined for "no change". Answers the standing after the call.
 */
export async function changeStanding(
  subject: ViolationSubject,
  owner: { readonly partnerId: string; readonly subjectName: string },
  decide: (current: SubjectStanding) => StandingChange | undefined,
  at: string,
): Promise<SubjectStanding> {
  for (let attempt = 0; attempt < MAX_CHANGE_ATTEMPTS; attempt += 1) {
    const current =
      (await getStanding(subject)) ?? emptyStanding(subject, owner.partnerId, owner.subjectName);
    const change = decide(current);
    if (change === undefined) return current;
    const next: SubjectStanding = { ...current, ...change, version: current.version + 1, updatedAt: at };
    const written = await whenConditionHolds(
      dynamodb.send(
        new PutCommand({
          TableName: TABLE_NAME,
          Item: {
            ...standingKey(subject),
            type: 'SubjectStanding',
            ...(next.atRisk
              ? { gsi1pk: atRiskPk(next.partnerId), gsi1sk: `${subject.type}#${subject.id}` }
              : {}),
            ...next,
          },
          ConditionExpression:
            current.version === 0
              ? 'attribute_not_exists(pk)'
              : 'attribute_exists(pk) AND version = :version',
          ExpressionAttributeValues: current.version === 0 ? undefined : { ':version': current.version },
        }),
      ),
    );
    if (written !== undefined) return next;
  }
  throw new TransientError(`The standing of ${subject.type} ${subject.id} kept changing under this write`);
}

/** A partner's standings marked at risk, of one subject type (at most `limit`). */
export async function listAtRiskStandings(
  partnerId: string,
  subjectType: SubjectType,
  limit: number,
): Promise<SubjectStanding[]> {
  const items = await queryUpTo(
    {
      TableName: TABLE_NAME,
      IndexName: 'byPartner',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :type)',
      ExpressionAttributeValues: { ':pk': atRiskPk(partnerId), ':type': `${subjectType}#` },
    },
    limit,
  );
  return items.map(toStanding);
}
