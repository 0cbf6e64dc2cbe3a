import {
  benchTime,
  DAY_SECONDS,
  PARKED_MS,
  reachState,
  sharedSeller,
} from '#scripts/bench/cost/paths/fixtures.ts';
import type { ExecutionRef, PathContext, WorkflowPath } from '#scripts/bench/cost/paths/types.ts';
import { campaignRequest, launchCampaign, seedCreator } from '#test/support/campaigns.ts';
import { api } from '#test/support/runtime.ts';

const WORKFLOW = 'campaign-launch';
const INVITED = ['RouteByMode', 'RecheckPreflight', 'ReserveCampaign', 'CreateTargetCollaboration'];
const ACTIVATED = [
  'InviteCreators',
  'InviteCreator',
  'InviteCreator',
  'SummarizeInvitations',
  'AnyCreatorReached',
  'WaitUntilStart',
  'ActivateCampaign',
  'RouteActivation',
  'WaitUntilEnd',
];
const COMPENSATED = ['RemoveTargetCollaboration', 'WithdrawInvitations', 'CloseCampaign', 'RouteClosure'];
/** The launch the paths request: it starts a day after it is launched and runs for a week. */
const START_SECONDS = DAY_SECONDS;
const RUN_SECONDS = 7 * DAY_SECONDS;
const CAMPAIGN_WAITS = [
  { state: 'WaitUntilStart', kind: 'timer', seconds: START_SECONDS, why: 'the campaign starts a day later' },
  { state: 'WaitUntilEnd', kind: 'timer', seconds: RUN_SECONDS, why: 'it runs for a week' },
] as const;

/** Launches a campaign of the shared seller to `creators` ACTIVE creators; answers its ids. */
async function launch(context: PathContext, creators: number) {
  const seller = await sharedSeller(context);
  const creatorIds: string[] = [];
  for (let index = 0; index < creators; index += 1) {
    creatorIds.push((await seedCreator(context.partnerId)).creatorId);
  }
  await context.beginMeasurement();
  const now = Date.now();
  const { answer } = await launchCampaign(
    context.runtime,
    context.partnerKey,
    campaignRequest(seller.sellerId, creatorIds, {
      startAt: new Date(now + START_SECONDS * 1000).toISOString(),
      endAt: new Date(now + (START_SECONDS + RUN_SECONDS) * 1000).toISOString(),
    }),
  );
  return answer.body;
}

/**
 * Campaign launch (TAP): a launch to two creators run to its end, a cancel while it is ACTIVE (the launch stops
 * and a compensating execution removes the collaboration and withdraws the invitations), and TikTok failing the
 * collaboration's creation (retried, then compensated).
 */
export const CAMPAIGN_LAUNCH_PATHS: readonly WorkflowPath[] = [
  {
    workflow: WORKFLOW,
    name: 'launch to 2 creators, run to its end',
    expectedStates: [...INVITED, ...ACTIVATED, 'EndCampaign', 'CampaignEnded'],
    time: benchTime({ waitMs: { WaitUntilStart: 0, WaitUntilEnd: 0 } }),
    waits: CAMPAIGN_WAITS,
    run: async (context) => (await launch(context, 2)).executionId,
  },
  {
    workflow: WORKFLOW,
    name: 'cancelled while ACTIVE (launch + compensation)',
    expectedStates: [...INVITED, ...ACTIVATED, 'RouteByMode', ...COMPENSATED, 'LaunchCancelled'],
    time: benchTime({ waitMs: { WaitUntilStart: 0, WaitUntilEnd: PARKED_MS } }),
    waits: [CAMPAIGN_WAITS[0]],
    run: async (context): Promise<ExecutionRef[]> => {
      const { campaignId, executionId } = await launch(context, 2);
      await reachState(context.runtime, WORKFLOW, executionId, 'WaitUntilEnd');
      const cancel = await api(context.runtime, context.partnerKey).post<{ executionId: string }>(
        `/v1/campaigns/${campaignId}/cancel`,
        {},
      );
      if (cancel.status !== 202) throw new Error(`The cancel answered ${cancel.status}`);
      return [
        { workflow: WORKFLOW, executionId },
        { workflow: WORKFLOW, executionId: cancel.body.executionId },
      ];
    },
  },
  {
    workflow: WORKFLOW,
    name: 'TikTok fails the creation: retried, compensated',
    expectedStates: [...INVITED, ...COMPENSATED, 'LaunchFailed'],
    time: benchTime({}),
    run: async (context) => {
      // Every client attempt (4) of every state attempt (1 + 3 retries) answers 500, as in campaign-saga.test.ts.
      context.runtime.tiktok.injectFault({
        endpoint: 'target-collaborations/create',
        kind: 'server-error',
        times: 16,
      });
      try {
        const { executionId } = await launch(context, 1);
        await reachState(context.runtime, WORKFLOW, executionId, 'LaunchFailed');
        return executionId;
      } finally {
        context.runtime.tiktok.clearFaults();
      }
    },
  },
];

export const CAMPAIGN_LAUNCH_NOTE =
  'No task only forwards a call. ReserveCampaign, ActivateCampaign and CloseCampaign read the campaign, decide from its state (cancelled, paused, another execution) and write it with a version check plus an audit item; InviteCreator checks the creator, records the invitation and emails it; CreateTargetCollaboration and RemoveTargetCollaboration sign requests to the TikTok Shop API, which has no Step Functions integration (an HTTP Task would need an EventBridge connection and could not sign each request the way TikTok requires).';
