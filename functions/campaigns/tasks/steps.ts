import { stepsHandler } from '#functions/campaigns/tasks/dispatch.ts';
import {
  inviteCreator,
  recordInvitationFailure,
  withdrawInvitations,
} from '#functions/campaigns/tasks/invitations.ts';
import {
  recheckPreflight,
  reserveCampaign,
  summarizeInvitations,
} from '#functions/campaigns/tasks/launch-steps.ts';
import {
  activateCampaign,
  awaitResume,
  closeCampaign,
  endCampaign,
} from '#functions/campaigns/tasks/lifecycle-steps.ts';

/** The campaign launch's steps that need no TikTok call (workflows/campaign-launch.asl.json names each). */
export const handler = stepsHandler('CampaignLaunchStep', {
  recheck: recheckPreflight,
  reserve: reserveCampaign,
  invite: inviteCreator,
  'invitation-failed': recordInvitationFailure,
  summarize: summarizeInvitations,
  activate: activateCampaign,
  'await-resume': awaitResume,
  end: endCampaign,
  withdraw: withdrawInvitations,
  close: closeCampaign,
});
