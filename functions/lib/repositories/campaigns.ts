import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { dynamodb } from '#lib/clients/dynamodb.ts';
import { sfn } from '#lib/clients/sfn.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import { whenConditionHolds } from '#lib/repositories/conditional.ts';
import { queryNewestFirst } from '#lib/repositories/newest-first-page.ts';
import type { Page } from '#lib/repositories/pagination.ts';
import { queryAll, queryUpTo } from '#lib/repositories/query-all.ts';
import { TABLE_NAME } from '#lib/repositories/table-name.ts';
import { versionedUpdate } from '#lib/repositories/versioned-update.ts';
import { TransientError } from '#lib/workflows/errors.ts';

/**
 * Affiliate campaigns (TikTok Affiliate Partner): a seller's target collaboration at TikTok Shop and the creators
 * PartnerFlow invites to it. Other areas use this module alone:
 *
 * - `listCampaignsForSubject` (a seller's campaigns, or the campaigns a creator is invited to),
 * - `pauseCampaign` / `resumeCampaign` (violation handling) and `holdCampaign` / `releaseCampaign` (any other
 *   reason to stop a campaign for a while, such as a seller withdrawing its authorization).
 *
 * Every change of the profile is a read followed by a write conditioned on the version read (optimistic
 * concurrency, no transactions): the campaign launch workflow, the API and violation handling may change one
 * campaign at the same time, and none of them can undo another's change.
 */

export type CampaignStatus =
  | 'SCHEDULED'
  | 'INVITING'
  | 'ACTIVE'
  | 'PAUSED'
  | 'ENDED'
  | 'CANCELLED'
  | 'FAILED';

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = [
  'SCHEDULED',
  'INVITING',
  'ACTIVE',
  'PAUSED',
  'ENDED',
  'CANCELLED',
  'FAILED',
];

/** What a paused campaign returns to when its last pause is lifted. */
export type RunningStatus = 'SCHEDULED' | 'INVITING' | 'ACTIVE';
/** A campaign in one of these is over: nothing pauses, resumes or cancels it any more. */
export const FINISHED_STATUSES: readonly CampaignStatus[] = ['ENDED', 'CANCELLED', 'FAILED'];
export const isFinished = (status: CampaignStatus) => FINISHED_STATUSES.includes(status);

export interface CampaignProduct {
  readonly productId: string;
  /** Percent with at most two decimals (12.5 is 12.5 %); TikTok's API takes hundredths of a percent. */
  readonly commissionRate: number;
}

/** A (creator, product) pair TikTok left out of the collaboration: the creator is in another one for it. */
export interface CollaborationConflict {
  readonly creatorId: string;
  readonly productId: string;
}

export interface TargetCollaboration {
  readonly collaborationId: string;
  readonly createdAt: string;
  /** The creators in it: eligible when it was created, and not in conflict. */
  readonly creatorIds: readonly string[];
  /** Set once the compensation removed it at TikTok (or found it gone, or could not reach the seller). */
  readonly removal?: {
    readonly at: string;
    readonly result: 'REMOVED' | 'ALREADY_GONE' | 'SELLER_NOT_AUTHORIZED';
  };
}

export interface CampaignFailure {
  /** e.g. PREFLIGHT_FAILED, NO_CREATOR_INVITED, TIKTOK_REJECTED, CANCELLED, PROCESSING_FAILED. */
  readonly code: string;
  readonly message: string;
  readonly at: string;
}

export interface CampaignCancellation {
  readonly requestedAt: string;
  /** `partner:<keyId>`, `ops:<keyId>`. */
  readonly actor: string;
  readonly reason?: string;
  /** The execution that runs the compensation. */
  readonly executionId: string;
}

/** One pause: `violation#<violationId>` from violation handling, `seller-revoked#<sellerId>` from deauthorization. */
export interface CampaignPause {
  readonly reason: string;
  readonly at: string;
}

export interface MoneyTotal {
  readonly amountMinor: number;
  readonly currency: string;
}

/** The end-of-campaign summary, from the recorded affiliate orders (integer minor units per currency). */
export interface CampaignResults {
  readonly invitationsSent: number;
  readonly invitationsFailed: number;
  readonly orders: number;
  readonly gmv: readonly MoneyTotal[];
  readonly commission: readonly MoneyTotal[];
  readonly summedAt: string;
}

export interface InvitationTally {
  readonly invited: number;
  readonly held: number;
  readonly failed: number;
}

export interface Campaign {
  readonly campaignId: string;
  readonly partnerId: string;
  readonly sellerId: string;
  readonly name: string;
  readonly message: string;
  readonly products: readonly CampaignProduct[];
  readonly creatorIds: readonly string[];
  readonly startAt: string;
  readonly endAt: string;
  readonly freeSamples: boolean;
  readonly status: CampaignStatus;
  /** While PAUSED: the status the campaign returns to when the last pause is lifted. */
  readonly resumeStatus?: RunningStatus;
  /** Every pause in force; the campaign is PAUSED exactly while this is not empty. */
  readonly pauses?: readonly CampaignPause[];
  /** The task token of a launch execution that waits for the campaign to resume (never shown). */
  readonly resumeToken?: string;
  readonly collaboration?: TargetCollaboration;
  /** Pairs TikTok reported in conflict when the collaboration was created (those creators were left out). */
  readonly conflicts?: readonly CollaborationConflict[];
  readonly invitations?: InvitationTally;
  readonly reservedAt?: string;
  readonly activatedAt?: string;
  readonly endedAt?: string;
  readonly closedAt?: string;
  readonly results?: CampaignResults;
  readonly failure?: CampaignFailure;
  readonly cancellation?: CampaignCancellation;
  /** The launch execution. */
  readonly executionId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Incremented by every write: the condition of the next one. */
  readonly version: number;
}

/** Fields a change may set; `status` moves the campaign between the byState lists. */
export type CampaignFields = Omit<
  Campaign,
  'campaignId' | 'partnerId' | 'sellerId' | 'createdAt' | 'updatedAt' | 'version' | 'executionId'
>;

export interface CampaignChange {
  readonly set?: Partial<CampaignFields>;
  readonly remove?: readonly (keyof CampaignFields)[];
}

export const campaignKey = (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'PROFILE' });
const partnerCampaignsPk = (partnerId: string) => `PARTNER#${partnerId}#CAMPAIGNS`;
/** byState: a partner's campaigns of one status, by end date ("active campaigns by end date"). */
export const campaignStatePk = (partnerId: string, status: CampaignStatus) =>
  `PARTNER#${partnerId}#CAMPAIGNS#${status}`;
const campaignStateSk = (campaign: Pick<Campaign, 'endAt' | 'campaignId'>) =>
  `${campaign.endAt}#${campaign.campaignId}`;
/** Beside the seller's profile and the creator's: the campaigns each takes part in. */
const sellerLinkKey = (sellerId: string, campaignId: string) => ({
  pk: `SELLER#${sellerId}`,
  sk: `CAMPAIGN#${campaignId}`,
});
export const creatorLinkKey = (creatorId: string, campaignId: string) => ({
  pk: `CREATOR#${creatorId}`,
  sk: `CAMPAIGN#${campaignId}`,
});

const INTERNAL = new Set(['pk', 'sk', 'type', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);

function toCampaign(item: Record<string, unknown>): Campaign {
  return Object.fromEntries(
    Object.entries(item).filter(([key]) => !INTERNAL.has(key)),
  ) as unknown as Campaign;
}

/** Stores a new campaign and links it to its seller; never overwrites one. */
export async function putNewCampaign(campaign: Campaign): Promise<void> {
  await dynamodb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...campaignKey(campaign.campaignId),
        type: 'Campaign',
        gsi1pk: partnerCampaignsPk(campaign.partnerId),
        gsi1sk: `${campaign.createdAt}#${campaign.campaignId}`,
        gsi2pk: campaignStatePk(campaign.partnerId, campaign.status),
        gsi2sk: campaignStateSk(campaign),
        ...campaign,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  await dynamodb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...sellerLinkKey(campaign.sellerId, campaign.campaignId),
        type: 'CampaignLink',
        campaignId: campaign.campaignId,
        partnerId: campaign.partnerId,
        linkedAt: campaign.createdAt,
      },
    }),
  );
}

/** Removes a campaign whose launch could not even start (the API undoes its own writes). */
export async function deleteCampaign(campaign: Pick<Campaign, 'campaignId' | 'sellerId'>): Promise<void> {
  await dynamodb.send(
    new DeleteCommand({ TableName: TABLE_NAME, Key: sellerLinkKey(campaign.sellerId, campaign.campaignId) }),
  );
  await dynamodb.send(new DeleteCommand({ TableName: TABLE_NAME, Key: campaignKey(campaign.campaignId) }));
}

export async function getCampaign(campaignId: string): Promise<Campaign | undefined> {
  const { Item } = await dynamodb.send(
    new GetCommand({ TableName: TABLE_NAME, Key: campaignKey(campaignId), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : toCampaign(Item);
}

/** How often a change is tried again when another writer changed the campaign in between. */
const MAX_CHANGE_ATTEMPTS = 8;

export interface ChangeOutcome {
  readonly before: Campaign;
  readonly after: Campaign;
  /** False when `decide` wanted no change. */
  readonly changed: boolean;
}

/**
 * Applies `decide(current)` to the campaign as one write conditioned on the version read, reading again and
 * deciding again when another writer got there first. `decide` answers undefined for "no change" (an idempotent
 * repeat, or a change that does not apply). Undefined when the campaign does not exist.
 */
export async function changeCampaign(
  campaignId: string,
  decide: (current: Campaign) => CampaignChange | undefined,
  at: string,
): Promise<ChangeOutcome | undefined> {
  for (let attempt = 0; attempt < MAX_CHANGE_ATTEMPTS; attempt += 1) {
    const current = await getCampaign(campaignId);
    if (current === undefined) return undefined;
    const change = decide(current);
    if (change === undefined) return { before: current, after: current, changed: false };
    const written = await whenConditionHolds(dynamodb.send(updateFor(current, change, at)));
    if (written !== undefined) {
      return { before: current, after: toCampaign(written.Attributes ?? {}), changed: true };
    }
  }
  throw new TransientError(`Campaign ${campaignId} kept changing under this write`);
}

/** The change as written: a status change also moves the campaign in the byState index. */
function updateFor(current: Campaign, change: CampaignChange, at: string): UpdateCommand {
  const fields: Record<string, unknown> = { ...change.set };
  if (change.set?.status !== undefined && change.set.status !== current.status) {
    fields.gsi2pk = campaignStatePk(current.partnerId, change.set.status);
    fields.gsi2sk = campaignStateSk({
      endAt: change.set.endAt ?? current.endAt,
      campaignId: current.campaignId,
    });
  }
  return versionedUpdate(
    campaignKey(current.campaignId),
    current.version,
    { set: fields, ...(change.remove === undefined ? {} : { remove: change.remove }) },
    at,
  );
}

/**
 * Moves a campaign forward in its launch (SCHEDULED → INVITING → SCHEDULED → ACTIVE → ENDED): from one of
 * `from` to `to`, or, while it is PAUSED, its `resumeStatus` (so the move takes effect when the pause is lifted).
 * Idempotent: a campaign already at `to` is left alone. Answers the outcome, or undefined for a campaign that is
 * missing or elsewhere (cancelled, failed, already past `to`).
 */
export async function advanceCampaign(
  campaignId: string,
  from: readonly RunningStatus[],
  to: RunningStatus | 'ENDED',
  at: string,
  extra: Partial<CampaignFields> = {},
): Promise<ChangeOutcome | undefined> {
  let refused = false;
  const outcome = await changeCampaign(
    campaignId,
    (current) => {
      refused = false;
      const paused = current.status === 'PAUSED';
      const effective = paused ? current.resumeStatus : current.status;
      if (effective === to || current.status === to) return undefined;
      if (effective === undefined || !(from as readonly string[]).includes(effective)) {
        refused = true;
        return undefined;
      }
      // A campaign that ends while paused ends all the same: its pauses stay on record.
      if (to === 'ENDED')
        return { set: { ...extra, status: 'ENDED' }, remove: ['resumeStatus', 'resumeToken'] };
      return paused ? { set: { ...extra, resumeStatus: to } } : { set: { ...extra, status: to } };
    },
    at,
  );
  return refused ? undefined : outcome;
}

// --- Pauses (violation handling, deauthorization) ---

/** `violation#<violationId>`: the pause reason violation handling uses. */
export const violationPause = (violationId: string) => `violation#${violationId}`;

/**
 * Pauses a campaign for `reason` (several reasons may hold one campaign). Idempotent: a reason already holding
 * it changes nothing. A paused campaign sends no email; its launch workflow keeps time (a pause does not move
 * startAt or endAt). True when the campaign is held by this reason after the call; false when it is missing or
 * finished (ENDED, CANCELLED, FAILED).
 */
export async function holdCampaign(campaignId: string, pause: CampaignPause): Promise<boolean> {
  const outcome = await changeCampaign(
    campaignId,
    (current) => {
      if (isFinished(current.status)) return undefined;
      const pauses = current.pauses ?? [];
      if (pauses.some((held) => held.reason === pause.reason)) return undefined;
      return current.status === 'PAUSED'
        ? { set: { pauses: [...pauses, pause] } }
        : {
            set: {
              pauses: [...pauses, pause],
              status: 'PAUSED',
              resumeStatus: current.status as RunningStatus,
            },
          };
    },
    pause.at,
  );
  if (outcome === undefined) return false;
  return (outcome.after.pauses ?? []).some((held) => held.reason === pause.reason);
}

export interface ReleaseOutcome {
  /** True when this call lifted the pause (false: the reason held nothing). */
  readonly lifted: boolean;
  /** True when the campaign runs again after the call (this was its last pause, now or before). */
  readonly running: boolean;
  /** The token of a launch execution parked on the campaign, when it runs again: the caller wakes it. */
  readonly resumeToken?: string;
}

/**
 * Lifts one pause; the campaign returns to the status it would have now (its launch may have moved on while it
 * was paused) only when no other pause holds it. Idempotent: a reason that holds nothing changes nothing.
 */
export async function releaseCampaign(
  campaignId: string,
  reason: string,
  at: string,
): Promise<ReleaseOutcome> {
  const outcome = await changeCampaign(
    campaignId,
    (current) => {
      const pauses = current.pauses ?? [];
      if (!pauses.some((held) => held.reason === reason)) return undefined;
      const left = pauses.filter((held) => held.reason !== reason);
      if (left.length > 0 || current.status !== 'PAUSED') return { set: { pauses: left } };
      // The resume token stays until the execution it names was woken (wakeLaunch), so a caller retried after a
      // failed wake-up still finds it.
      return { set: { pauses: left, status: current.resumeStatus ?? 'SCHEDULED' }, remove: ['resumeStatus'] };
    },
    at,
  );
  if (outcome === undefined) return { lifted: false, running: false };
  const running = outcome.after.status !== 'PAUSED' && !isFinished(outcome.after.status);
  const token = running ? outcome.after.resumeToken : undefined;
  const lifted = outcome.changed;
  return token === undefined ? { lifted, running } : { lifted, running, resumeToken: token };
}

/**
 * Parks the launch execution's task token on a paused campaign, so that lifting the last pause wakes the
 * execution. False when the campaign is not (or no longer) paused: the caller resumes itself.
 */
export async function parkResumeToken(campaignId: string, token: string, at: string): Promise<boolean> {
  const outcome = await changeCampaign(
    campaignId,
    (current) => (current.status === 'PAUSED' ? { set: { resumeToken: token } } : undefined),
    at,
  );
  return outcome?.changed === true || outcome?.after.resumeToken === token;
}

/** What woke a waiting launch execution, for its history. */
const RESUMED_OUTPUT = JSON.stringify({ resumed: true });

/**
 * Wakes a launch execution parked on a paused campaign. A token that no longer waits (the execution reached
 * endAt, was stopped, or was woken already) is fine: there is nothing left to wake.
 */
async function wakeLaunch(campaignId: string, token: string, at: string): Promise<void> {
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: RESUMED_OUTPUT }));
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'TaskDoesNotExist' && name !== 'TaskTimedOut' && name !== 'InvalidToken') throw error;
  }
  await changeCampaign(
    campaignId,
    (current) => (current.resumeToken === token ? { remove: ['resumeToken'] } : undefined),
    at,
  );
}

async function auditPause(
  campaignId: string,
  action: 'campaign.paused' | 'campaign.resumed',
  pause: CampaignPause,
  after: Readonly<Record<string, unknown>>,
): Promise<void> {
  await recordAudit({
    entityKey: campaignKey(campaignId).pk,
    changeId: `${action}#${pause.reason}#${pause.at}`,
    action,
    actor: `system:${pause.reason.split('#')[0] ?? 'pause'}`,
    at: pause.at,
    after: { reason: pause.reason, ...after },
  });
}

/**
 * Pauses a campaign because of a violation (violation handling, issue 6). Idempotent per violation; several
 * violations may hold one campaign. While paused the campaign sends no email (invitations not yet sent are held,
 * the seller's notices withheld) and its launch keeps time. True when the violation holds the campaign after the
 * call (now or before); false when the campaign is missing or finished.
 */
export async function pauseCampaign(
  campaignId: string,
  by: { readonly violationId: string; readonly at: string },
): Promise<boolean> {
  const pause = { reason: violationPause(by.violationId), at: by.at };
  const held = await holdCampaign(campaignId, pause);
  if (held) await auditPause(campaignId, 'campaign.paused', pause, {});
  return held;
}

/**
 * Lifts a violation's pause. The campaign runs again only when no other pause holds it, in the status its launch
 * has reached meanwhile (a campaign paused before its start resumes ACTIVE after it); a launch execution waiting
 * for that is woken (the caller needs `completesTasksOf: ['campaign-launch']`). Idempotent. True when the
 * campaign runs after the call; false when other pauses still hold it, or it is missing or finished.
 */
export async function resumeCampaign(
  campaignId: string,
  by: { readonly violationId: string; readonly at: string },
): Promise<boolean> {
  const reason = violationPause(by.violationId);
  const released = await releaseCampaign(campaignId, reason, by.at);
  if (released.resumeToken !== undefined) await wakeLaunch(campaignId, released.resumeToken, by.at);
  if (released.lifted) {
    await auditPause(campaignId, 'campaign.resumed', { reason, at: by.at }, { running: released.running });
  }
  return released.running;
}

/** Lifts any pause (not only a violation's), waking a waiting launch when it was the last one. */
export async function liftPause(campaignId: string, reason: string, at: string): Promise<boolean> {
  const released = await releaseCampaign(campaignId, reason, at);
  if (released.resumeToken !== undefined) await wakeLaunch(campaignId, released.resumeToken, at);
  return released.running;
}

// --- Lists ---

/** The campaign ids linked from a seller's or a creator's partition (in campaign id order). */
async function linkedCampaignIds(pk: string): Promise<string[]> {
  const items = await queryAll({
    TableName: TABLE_NAME,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': 'CAMPAIGN#' },
    ProjectionExpression: 'campaignId',
  });
  return items.flatMap((item) => (typeof item.campaignId === 'string' ? [item.campaignId] : []));
}

/** Many campaigns by id (BatchGetItem, 100 at a time, unprocessed keys retried). */
export async function getCampaigns(campaignIds: readonly string[]): Promise<Campaign[]> {
  const found: Campaign[] = [];
  for (let start = 0; start < campaignIds.length; start += 100) {
    let keys: Record<string, unknown>[] | undefined = campaignIds
      .slice(start, start + 100)
      .map((campaignId) => campaignKey(campaignId));
    for (let round = 0; keys !== undefined && keys.length > 0; round += 1) {
      if (round >= 5) throw new TransientError('DynamoDB left campaign reads unprocessed');
      const answer = await dynamodb.send(
        new BatchGetCommand({ RequestItems: { [TABLE_NAME]: { Keys: keys, ConsistentRead: true } } }),
      );
      found.push(...(answer.Responses?.[TABLE_NAME] ?? []).map(toCampaign));
      keys = answer.UnprocessedKeys?.[TABLE_NAME]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found.sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.campaignId.localeCompare(b.campaignId),
  );
}

/**
 * A seller's campaigns, or the campaigns a creator is invited to (an invitation recorded and not failed), oldest
 * first, optionally only those in `statuses`. Reads the subject's links with a strongly consistent query.
 */
export async function listCampaignsForSubject(
  subject: { readonly type: 'creator' | 'seller'; readonly id: string },
  statuses?: readonly CampaignStatus[],
): Promise<Campaign[]> {
  const pk = subject.type === 'seller' ? `SELLER#${subject.id}` : `CREATOR#${subject.id}`;
  const campaigns = await getCampaigns(await linkedCampaignIds(pk));
  return statuses === undefined
    ? campaigns
    : campaigns.filter((campaign) => statuses.includes(campaign.status));
}

/** Links a creator to a campaign (before the invitation is sent), so the creator's campaigns can be found. */
export async function linkCreator(
  creatorId: string,
  campaign: Pick<Campaign, 'campaignId' | 'partnerId'>,
  at: string,
): Promise<void> {
  await dynamodb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...creatorLinkKey(creatorId, campaign.campaignId),
        type: 'CampaignLink',
        campaignId: campaign.campaignId,
        partnerId: campaign.partnerId,
        linkedAt: at,
      },
    }),
  );
}

/** Unlinks a creator whose invitation failed: the creator takes no part in the campaign. */
export async function unlinkCreator(creatorId: string, campaignId: string): Promise<void> {
  await dynamodb.send(
    new DeleteCommand({ TableName: TABLE_NAME, Key: creatorLinkKey(creatorId, campaignId) }),
  );
}

export interface CampaignFilter {
  readonly status?: CampaignStatus;
  readonly limit: number;
  readonly cursor?: string;
}

/** A partner's campaigns, newest first, optionally of one status. */
export function listPartnerCampaigns(partnerId: string, filter: CampaignFilter): Promise<Page<Campaign>> {
  return queryNewestFirst({
    index: 'byPartner',
    partitionKey: partnerCampaignsPk(partnerId),
    equals: { status: filter.status },
    limit: filter.limit,
    ...(filter.cursor === undefined ? {} : { cursor: filter.cursor }),
    toItem: toCampaign,
  });
}

/**
 * A partner's campaigns of one status ending between `from` and `to` (ISO times, inclusive), soonest first, at
 * most `limit` (the byState index).
 */
export async function listCampaignsEnding(
  partnerId: string,
  status: CampaignStatus,
  range: { readonly from: string; readonly to: string },
  limit: number,
): Promise<Campaign[]> {
  const items = await queryUpTo(
    {
      TableName: TABLE_NAME,
      IndexName: 'byState',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': campaignStatePk(partnerId, status),
        ':from': range.from,
        // Sort keys are `<endAt>#<campaignId>`: anything after the last instant of `to` sorts below `~`.
        ':to': `${range.to}~`,
      },
    },
    limit,
  );
  return items.map(toCampaign);
}

/** How many of a partner's campaigns are in `status` now (a COUNT query on the byState index). */
export async function countCampaignsInStatus(partnerId: string, status: CampaignStatus): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamodb.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'byState',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': campaignStatePk(partnerId, status) },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return count;
}
