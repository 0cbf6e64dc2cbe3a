import type { AreaSpec } from '#catalog/area.ts';
import {
  campaignListQuerySchema,
  cancelCampaignBodySchema,
  startCampaignBodySchema,
} from '#functions/campaigns/schemas.ts';

/** The launch runs at most a year (Step Functions' limit for a Standard execution), endAt included. */
export const CAMPAIGN_LAUNCH_TIMEOUT_SECONDS = 365 * 24 * 3600;
/** A TikTok call retries 429/5xx with backoff (up to ~4 s) on top of a 5 s request timeout per attempt. */
const TIKTOK_TIMEOUT_SECONDS = 30;

/**
 * Affiliate campaign launch (TAP). Four functions in all, to keep the stack's resource count down: the API's
 * commands and queries, and the workflow's steps in two functions dispatched by the state's `args.step` (one
 * that talks to TikTok Shop with the seller's token, one that does everything else), so each keeps least
 * privilege: only the TikTok one decrypts seller tokens, only the other sends email.
 */
export const campaigns: AreaSpec = {
  functions: [
    {
      id: 'campaign-commands',
      entry: 'functions/campaigns/api/commands.ts',
      description:
        'POST /v1/campaigns (pre-flight, starts the launch) and POST /v1/campaigns/{campaignId}/cancel',
      // Get/Put/Update/Delete also serve the Idempotency-Key records; DeleteItem undoes a launch that did not start.
      tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      startsWorkflows: ['campaign-launch'],
      // Before undoing a failed start: did Step Functions accept it after all (a time-out after the fact)?
      readsExecutions: ['campaign-launch'],
      // Cancel stops the running launch (its waits last up to a year) before the compensation starts.
      stopsExecutionsOf: ['campaign-launch'],
    },
    {
      id: 'campaign-queries',
      entry: 'functions/campaigns/api/queries.ts',
      description: 'GET /v1/campaigns/{campaignId} (with its invitations) and GET /v1/campaigns',
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    },
    {
      id: 'campaign-launch-steps',
      entry: 'functions/campaigns/tasks/steps.ts',
      description:
        'Campaign launch steps by args.step: re-check, reserve, invite, activate, end, results, withdraw, close',
      // Query: a campaign's invitations, and its collaboration's affiliate orders (byState index).
      tableActions: [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      sendsEmail: true,
      // A paused campaign's launch parks its task token; if the pause was lifted meanwhile it resumes itself.
      completesTasksOf: ['campaign-launch'],
      timeoutSeconds: 30,
    },
    {
      id: 'campaign-tiktok-steps',
      entry: 'functions/campaigns/tasks/tiktok-steps.ts',
      description: 'Creates and removes the target collaboration at TikTok Shop with the seller token',
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
      tokenKey: ['decrypt'],
      secrets: ['TIKTOK_APP_KEY', 'TIKTOK_APP_SECRET'],
      timeoutSeconds: TIKTOK_TIMEOUT_SECONDS,
    },
  ],
  routes: [
    {
      method: 'POST',
      path: '/v1/campaigns',
      functionId: 'campaign-commands',
      roles: ['partner'],
      summary:
        'Launch a targeted affiliate campaign (pre-flight checked: 422 with one detail per problem; 202 with the execution id; Idempotency-Key supported)',
      requestBody: startCampaignBodySchema,
      successStatus: 202,
      idempotency: 'key',
    },
    {
      method: 'POST',
      path: '/v1/campaigns/{campaignId}/cancel',
      functionId: 'campaign-commands',
      roles: ['partner', 'ops'],
      summary:
        'Cancel a campaign: the launch stops and its compensation runs (202 with the compensation execution id; a repeat answers the same)',
      requestBody: cancelCampaignBodySchema,
      successStatus: 202,
      idempotency: 'key',
    },
    {
      method: 'GET',
      path: '/v1/campaigns/{campaignId}',
      functionId: 'campaign-queries',
      roles: ['partner', 'manager', 'ops'],
      summary: 'Get one campaign: status, collaboration and conflicts, invitations, results',
    },
    {
      method: 'GET',
      path: '/v1/campaigns',
      functionId: 'campaign-queries',
      roles: ['partner', 'manager', 'ops'],
      summary: "List the partner's campaigns, newest first, by status",
      query: campaignListQuerySchema,
    },
  ],
  workflows: [
    {
      name: 'campaign-launch',
      definitionFile: 'workflows/campaign-launch.asl.json',
      description:
        'Re-check, reserve, create the target collaboration, invite (Map), wait for the start, activate, wait for the end, sum up; compensate on failure or cancel',
      functionIds: ['campaign-launch-steps', 'campaign-tiktok-steps'],
      timeoutSeconds: CAMPAIGN_LAUNCH_TIMEOUT_SECONDS,
    },
  ],
  schedules: [],
};
