import { moneyView } from '#lib/money.ts';
import type { Invitation, InvitationStatus } from '#lib/repositories/campaign-invitations.ts';
import type { Campaign, CampaignStatus, MoneyTotal } from '#lib/repositories/campaigns.ts';

/** A campaign as the API shows it: named fields only, never a task token, a version or an internal key. */
export interface CampaignView {
  readonly campaignId: string;
  readonly sellerId: string;
  readonly name: string;
  readonly message: string;
  readonly status: CampaignStatus;
  readonly products: readonly { readonly productId: string; readonly commissionRate: number }[];
  readonly creatorIds: readonly string[];
  readonly startAt: string;
  readonly endAt: string;
  readonly freeSamples: boolean;
  readonly collaboration?: {
    readonly collaborationId: string;
    readonly createdAt: string;
    readonly creatorIds: readonly string[];
    readonly removal?: { readonly at: string; readonly result: string };
  };
  readonly conflicts: readonly { readonly creatorId: string; readonly productId: string }[];
  /** While PAUSED: every pause in force and the status the campaign returns to. */
  readonly pauses?: readonly { readonly reason: string; readonly at: string }[];
  readonly resumeStatus?: string;
  readonly invitationCounts: Readonly<Record<InvitationStatus, number>>;
  /** On GET of one campaign: every invitation with its state. */
  readonly invitations?: readonly InvitationView[];
  readonly results?: {
    readonly invitationsSent: number;
    readonly invitationsFailed: number;
    readonly orders: number;
    readonly gmv: readonly { readonly amount: string; readonly currency: string }[];
    readonly commission: readonly { readonly amount: string; readonly currency: string }[];
    readonly summedAt: string;
  };
  readonly failure?: { readonly code: string; readonly message: string; readonly at: string };
  readonly cancellation?: {
    readonly requestedAt: string;
    readonly reason?: string;
    readonly executionId: string;
  };
  readonly executionId: string;
  readonly reservedAt?: string;
  readonly activatedAt?: string;
  readonly endedAt?: string;
  readonly closedAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly links: { readonly self: string; readonly execution: string; readonly cancel?: string };
}

export interface InvitationView {
  readonly creatorId: string;
  readonly handle?: string;
  readonly status: InvitationStatus;
  readonly productIds: readonly string[];
  readonly invitedAt?: string;
  readonly heldAt?: string;
  readonly withdrawnAt?: string;
  readonly failure?: { readonly code: string; readonly message: string; readonly at: string };
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

const moneyList = (totals: readonly MoneyTotal[]) => totals.map((total) => moneyView(total));

export function invitationView(invitation: Invitation): InvitationView {
  return {
    creatorId: invitation.creatorId,
    ...optional('handle', invitation.handle),
    status: invitation.status,
    productIds: invitation.productIds,
    ...optional('invitedAt', invitation.invitedAt),
    ...optional('heldAt', invitation.heldAt),
    ...optional('withdrawnAt', invitation.withdrawnAt),
    ...optional('failure', invitation.failure),
  };
}

const FINISHED: readonly CampaignStatus[] = ['ENDED', 'CANCELLED', 'FAILED'];

/** Maps a stored campaign (and, for one campaign, its invitations) to the API shape. */
export function campaignView(campaign: Campaign, invitations?: readonly Invitation[]): CampaignView {
  const counts: Record<InvitationStatus, number> = {
    PENDING: 0,
    INVITED: 0,
    HELD: 0,
    FAILED: 0,
    WITHDRAWN: 0,
  };
  for (const invitation of invitations ?? []) counts[invitation.status] += 1;
  const tally = campaign.invitations;
  const self = `/v1/campaigns/${campaign.campaignId}`;
  const { collaboration, results, cancellation } = campaign;
  return {
    campaignId: campaign.campaignId,
    sellerId: campaign.sellerId,
    name: campaign.name,
    message: campaign.message,
    status: campaign.status,
    products: campaign.products.map((product) => ({
      productId: product.productId,
      commissionRate: product.commissionRate,
    })),
    creatorIds: campaign.creatorIds,
    startAt: campaign.startAt,
    endAt: campaign.endAt,
    freeSamples: campaign.freeSamples,
    ...optional(
      'collaboration',
      collaboration === undefined
        ? undefined
        : {
            collaborationId: collaboration.collaborationId,
            createdAt: collaboration.createdAt,
            creatorIds: collaboration.creatorIds,
            ...optional('removal', collaboration.removal),
          },
    ),
    conflicts: campaign.conflicts ?? [],
    ...optional('pauses', campaign.status === 'PAUSED' ? (campaign.pauses ?? []) : undefined),
    ...optional('resumeStatus', campaign.status === 'PAUSED' ? campaign.resumeStatus : undefined),
    // A list shows the tally the launch recorded; one campaign shows its invitations counted as they are now.
    invitationCounts:
      invitations === undefined && tally !== undefined
        ? { ...counts, INVITED: tally.invited, HELD: tally.held, FAILED: tally.failed }
        : counts,
    ...optional('invitations', invitations?.map(invitationView)),
    ...optional(
      'results',
      results === undefined
        ? undefined
        : {
            invitationsSent: results.invitationsSent,
            invitationsFailed: results.invitationsFailed,
            orders: results.orders,
            gmv: moneyList(results.gmv),
            commission: moneyList(results.commission),
            summedAt: results.summedAt,
          },
    ),
    ...optional('failure', campaign.failure),
    ...optional(
      'cancellation',
      cancellation === undefined
        ? undefined
        : {
            requestedAt: cancellation.requestedAt,
            ...optional('reason', cancellation.reason),
            executionId: cancellation.executionId,
          },
    ),
    executionId: campaign.executionId,
    ...optional('reservedAt', campaign.reservedAt),
    ...optional('activatedAt', campaign.activatedAt),
    ...optional('endedAt', campaign.endedAt),
    ...optional('closedAt', campaign.closedAt),
    createdAt: campaign.createdAt,
    updatedAt: campaign.updatedAt,
    links: {
      self,
      execution: `/v1/executions/${campaign.executionId}`,
      ...(FINISHED.includes(campaign.status) || cancellation !== undefined
        ? {}
        : { cancel: `${self}/cancel` }),
    },
  };
}
