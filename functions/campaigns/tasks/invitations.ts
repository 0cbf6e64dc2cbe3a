import { isInvitable } from '#functions/campaigns/domain/preflight.ts';
import { renderInvitation, renderWithdrawal } from '#functions/campaigns/emails.ts';
import { audienceOf, loadCampaign, timezoneOf } from '#functions/campaigns/tasks/context.ts';
import { isBusinessRule } from '#functions/campaigns/tasks/failures.ts';
import type {
  CompensationState,
  InvitationItem,
  InvitationOutcome,
} from '#functions/campaigns/tasks/state.ts';
import { sendEmailOnce } from '#lib/email/once.ts';
import { REPORT_COUNTERS } from '#lib/metrics/report-counters.ts';
import { recordBusinessEvent } from '#lib/metrics/weekly-counters.ts';
import { logger } from '#lib/observability.ts';
import {
  type Invitation,
  type InvitationFailure,
  listInvitations,
  openInvitation,
  transitionInvitation,
} from '#lib/repositories/campaign-invitations.ts';
import { type Campaign, isFinished, linkCreator, unlinkCreator } from '#lib/repositories/campaigns.ts';
import { type Creator, getCreator } from '#lib/repositories/creators.ts';
import { getDelivery } from '#lib/repositories/email-deliveries.ts';

/** Keys of the once-only emails (functions/lib/email/once.ts): a retried step never sends one twice. */
export const invitationDeliveryKey = (campaignId: string, creatorId: string) =>
  `campaign-invitation#${campaignId}#${creatorId}`;
const withdrawalDeliveryKey = (campaignId: string, creatorId: string) =>
  `campaign-withdrawal#${campaignId}#${creatorId}`;

async function fail(invitation: Invitation, failure: InvitationFailure): Promise<InvitationOutcome> {
  await transitionInvitation(
    invitation.campaignId,
    invitation.creatorId,
    ['PENDING', 'HELD'],
    { status: 'FAILED', failure },
    failure.at,
  );
  // A creator whose invitation failed takes no part in the campaign (violation handling does not pause it for them).
  await unlinkCreator(invitation.creatorId, invitation.campaignId);
  return { creatorId: invitation.creatorId, status: 'FAILED' };
}

/** Why a creator is not in the collaboration: TikTok's conflict, or no longer eligible when it was created. */
function exclusionOf(campaign: Campaign, creatorId: string, at: string): InvitationFailure {
  const conflicts = (campaign.conflicts ?? []).filter((conflict) => conflict.creatorId === creatorId);
  return conflicts.length > 0
    ? {
        code: 'COLLABORATION_CONFLICT',
        message: `Already in another target collaboration of the shop for product(s) ${conflicts.map((conflict) => conflict.productId).join(', ')}`,
        at,
      }
    : {
        code: 'CREATOR_INELIGIBLE',
        message: 'The creator was not ACTIVE when the collaboration was created',
        at,
      };
}

/** Sends one invitation email (once) and moves it to INVITED; a withdrawal that overtook it is told at once. */
async function deliver(
  campaign: Campaign,
  invitation: Invitation,
  creator: Creator,
): Promise<InvitationOutcome> {
  const { facts, partner } = await audienceOf(campaign);
  try {
    await sendEmailOnce(invitationDeliveryKey(campaign.campaignId, creator.creatorId), {
      to: [creator.email],
      ...renderInvitation({
        ...facts,
        creatorName: creator.displayName,
        message: campaign.message,
        products: campaign.products,
        freeSamples: campaign.freeSamples,
      }),
    });
  } catch (error) {
    if (!isBusinessRule(error)) throw error;
    logger.warn('An invitation email was refused', {
      campaignId: campaign.campaignId,
      creatorId: creator.creatorId,
    });
    return fail(invitation, {
      code: 'EMAIL_REJECTED',
      message: (error as Error).message,
      at: new Date().toISOString(),
    });
  }
  const invitedAt = new Date().toISOString();
  const before = await transitionInvitation(
    campaign.campaignId,
    creator.creatorId,
    ['PENDING', 'HELD'],
    { status: 'INVITED', invitedAt },
    invitedAt,
  );
  if (before === undefined) {
    // The compensation withdrew it while the email was on its way: the creator hears of that too.
    await notifyWithdrawal(campaign, {
      ...invitation,
      email: creator.email,
      displayName: creator.displayName,
    });
    return { creatorId: creator.creatorId, status: 'WITHDRAWN' };
  }
  await recordBusinessEvent({
    partnerId: campaign.partnerId,
    eventId: `invitation#${campaign.campaignId}#${creator.creatorId}`,
    occurredAt: before.invitedAt ?? invitedAt,
    timezone: timezoneOf(partner),
    creatorId: creator.creatorId,
    counters: { [REPORT_COUNTERS.invitationsSent]: 1 },
  });
  return { creatorId: creator.creatorId, status: 'INVITED' };
}

/**
 * InviteCreator (one Map iteration): records the invitation, then invites the creator if the creator is in the
 * collaboration and still ACTIVE, or holds the invitation while the campaign is paused. Known refusals (a
 * conflict, an ineligible creator, a refused email) end as a FAILED invitation, not as an error: the campaign goes
 * on with the others.
 */
export async function inviteCreator(item: InvitationItem): Promise<InvitationOutcome> {
  const [campaign, creator] = await Promise.all([loadCampaign(item.campaignId), getCreator(item.creatorId)]);
  const at = new Date().toISOString();
  const invitation = await openInvitation({
    campaignId: item.campaignId,
    creatorId: item.creatorId,
    partnerId: campaign.partnerId,
    status: 'PENDING',
    ...(creator === undefined
      ? {}
      : { handle: creator.handle, email: creator.email, displayName: creator.displayName }),
    productIds: campaign.products.map((product) => product.productId),
    createdAt: at,
    updatedAt: at,
  });
  if (invitation.status !== 'PENDING' && invitation.status !== 'HELD') {
    return { creatorId: item.creatorId, status: invitation.status };
  }
  if (campaign.cancellation !== undefined || isFinished(campaign.status)) {
    await transitionInvitation(
      item.campaignId,
      item.creatorId,
      ['PENDING', 'HELD'],
      { status: 'WITHDRAWN', withdrawnAt: at },
      at,
    );
    return { creatorId: item.creatorId, status: 'WITHDRAWN' };
  }
  if (!(campaign.collaboration?.creatorIds ?? []).includes(item.creatorId)) {
    return fail(invitation, exclusionOf(campaign, item.creatorId, at));
  }
  if (creator === undefined || !isInvitable(creator, campaign.partnerId)) {
    return fail(invitation, {
      code: 'CREATOR_INELIGIBLE',
      message: `The creator is ${creator?.status ?? 'gone'}: only ACTIVE creators are invited`,
      at,
    });
  }
  // Linked before the email goes: violation handling finds every campaign the creator may have heard of.
  await linkCreator(item.creatorId, campaign, at);
  if (campaign.status === 'PAUSED') {
    await transitionInvitation(
      item.campaignId,
      item.creatorId,
      ['PENDING'],
      { status: 'HELD', heldAt: at },
      at,
    );
    return { creatorId: item.creatorId, status: 'HELD' };
  }
  return deliver(campaign, invitation, creator);
}

/** RecordInvitationFailure (the Map's Catch): the invitation FAILED with the cause; the campaign goes on. */
export async function recordInvitationFailure(item: InvitationItem): Promise<InvitationOutcome> {
  const at = new Date().toISOString();
  const campaign = await loadCampaign(item.campaignId);
  const failure: InvitationFailure = {
    code: 'PROCESSING_FAILED',
    message: `The invitation could not be processed (${item.failure?.Error ?? 'unknown error'})`,
    at,
  };
  const invitation = await openInvitation({
    campaignId: item.campaignId,
    creatorId: item.creatorId,
    partnerId: campaign.partnerId,
    status: 'FAILED',
    productIds: campaign.products.map((product) => product.productId),
    failure,
    createdAt: at,
    updatedAt: at,
  });
  return fail(invitation, failure);
}

/** Sends the invitations a pause held, now that the campaign runs (ActivateCampaign). Answers how many. */
export async function sendHeldInvitations(campaign: Campaign): Promise<number> {
  const held = (await listInvitations(campaign.campaignId)).filter(
    (invitation) => invitation.status === 'HELD',
  );
  let sent = 0;
  for (const invitation of held) {
    const creator = await getCreator(invitation.creatorId);
    const at = new Date().toISOString();
    if (creator === undefined || !isInvitable(creator, campaign.partnerId)) {
      await fail(invitation, { code: 'CREATOR_INELIGIBLE', message: 'The creator is no longer ACTIVE', at });
      continue;
    }
    if ((await deliver(campaign, invitation, creator)).status === 'INVITED') sent += 1;
  }
  return sent;
}

/** Tells a creator (once) that the invitation is withdrawn. */
async function notifyWithdrawal(campaign: Campaign, invitation: Invitation): Promise<boolean> {
  if (invitation.email === undefined) return false;
  const { facts } = await audienceOf(campaign);
  await sendEmailOnce(withdrawalDeliveryKey(campaign.campaignId, invitation.creatorId), {
    to: [invitation.email],
    ...renderWithdrawal({
      ...facts,
      creatorName: invitation.displayName ?? invitation.handle ?? 'there',
      cancelled: campaign.cancellation !== undefined,
    }),
  });
  return true;
}

/**
 * WithdrawInvitations (compensation): every open invitation WITHDRAWN; creators who were (or may have been) sent
 * an invitation are told once. Sent even while the campaign is paused: the campaign is over, and a creator must
 * not go on promoting it. Idempotent.
 */
export async function withdrawInvitations(
  state: CompensationState,
): Promise<{ withdrawn: number; notified: number }> {
  const campaign = await loadCampaign(state.campaignId);
  let withdrawn = 0;
  let notified = 0;
  for (const invitation of await listInvitations(state.campaignId)) {
    const at = new Date().toISOString();
    let before: Invitation | undefined = invitation;
    if (invitation.status !== 'WITHDRAWN') {
      before = await transitionInvitation(
        state.campaignId,
        invitation.creatorId,
        ['PENDING', 'INVITED', 'HELD'],
        { status: 'WITHDRAWN', withdrawnAt: at },
        at,
      );
      if (before === undefined) continue;
      withdrawn += 1;
    }
    const mayHaveHeard =
      before.status === 'INVITED' ||
      ((before.status === 'PENDING' || before.status === 'WITHDRAWN') &&
        (await getDelivery(invitationDeliveryKey(state.campaignId, invitation.creatorId))) !== undefined);
    if (mayHaveHeard && (await notifyWithdrawal(campaign, invitation))) notified += 1;
  }
  return { withdrawn, notified };
}
