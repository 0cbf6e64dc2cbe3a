import { auditViolation } from '#functions/violations/audit.ts';
import type { CampaignItem } from '#functions/violations/tasks/state.ts';
import { pauseCampaign, resumeCampaign } from '#lib/repositories/campaigns.ts';
import type { TaskContext } from '#lib/workflows/task-handler.ts';

/**
 * One item of a campaign Map: this violation holds a campaign, or lets it go (the campaigns repository keeps
 * every hold, so a campaign paused by several violations runs again only after the last one lets go).
 */

/** PauseCampaign (one item of PauseSubjectCampaigns): this violation holds the campaign. */
export async function pauseSubjectCampaign(item: CampaignItem, context: TaskContext) {
  const paused = await pauseCampaign(item.campaignId, { violationId: item.violationId, at: item.at });
  await auditViolation({
    violationId: item.violationId,
    step: `PauseCampaign#${item.campaignId}#${item.at}`,
    action: 'violation.campaign-paused',
    actor: 'system:PauseCampaign',
    at: new Date().toISOString(),
    executionId: context.executionId,
    after: { campaignId: item.campaignId, paused },
  });
  return { campaignId: item.campaignId, paused };
}

/** ResumeCampaign (one item of a Resume Map): this violation no longer holds the campaign. */
export async function resumeSubjectCampaign(item: CampaignItem, context: TaskContext) {
  const running = await resumeCampaign(item.campaignId, { violationId: item.violationId, at: item.at });
  await auditViolation({
    violationId: item.violationId,
    step: `ResumeCampaign#${item.campaignId}#${item.at}`,
    action: 'violation.campaign-resumed',
    actor: 'system:ResumeCampaign',
    at: new Date().toISOString(),
    executionId: context.executionId,
    after: { campaignId: item.campaignId, running },
  });
  return { campaignId: item.campaignId, running };
}
