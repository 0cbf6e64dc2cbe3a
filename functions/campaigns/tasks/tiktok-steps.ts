import { createCollaboration, removeCollaboration } from '#functions/campaigns/tasks/collaboration-steps.ts';
import { stepsHandler } from '#functions/campaigns/tasks/dispatch.ts';
import { loadSecrets } from '#lib/secrets.ts';

await loadSecrets(['TIKTOK_APP_KEY', 'TIKTOK_APP_SECRET']);

/** The campaign launch's steps that call TikTok Shop with the seller's token. */
export const handler = stepsHandler('CampaignTikTokStep', {
  create: createCollaboration,
  remove: removeCollaboration,
});
