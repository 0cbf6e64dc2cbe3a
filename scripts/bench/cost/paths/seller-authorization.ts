import { MAX_REFRESH_MARGIN_MS } from '#functions/sellers/domain/refresh-schedule.ts';
import {
  BENCH_TIME,
  benchTime,
  DAY_SECONDS,
  PARKED_MS,
  reachState,
  uniqueSuffix,
} from '#scripts/bench/cost/paths/fixtures.ts';
import type { ExecutionRef, PathContext, WorkflowPath } from '#scripts/bench/cost/paths/types.ts';
import { executionArnFor } from '#test/support/executions.ts';
import { waitForExecution } from '#test/support/runtime.ts';
import { requestAuthorization } from '#test/support/sellers.ts';

const WORKFLOW = 'seller-authorization';
const EXCHANGED = ['RouteByMode', 'ValidateAuthorization', 'ExchangeAuthCode'];
const RECORDED = ['RecordAuthorizationOutcome', 'RouteOutcome'];
const COMPLETE = ['AuthorizationComplete', 'AuthorizationRecorded'];
const CYCLE_PLANNED = ['RouteByMode', 'PlanTokenRefresh', 'RefreshDecision', 'WaitUntilRefreshDue'];
const CYCLE_REFRESHED = [
  'RefreshAccessToken',
  'RefreshOutcome',
  'ContinueRefreshCycle',
  'TokenRefreshContinued',
];
/** A 7-day access token is refreshed a day before it expires (functions/sellers/domain/refresh-schedule.ts). */
const REFRESH_WAIT_SECONDS = 7 * DAY_SECONDS - MAX_REFRESH_MARGIN_MS / 1000;

/** The execution id of a seller's refresh cycle for one token version. */
const cycleId = (sellerId: string, tokenVersion: number) => `${sellerId}-v${tokenVersion}-authorization`;

async function authorize(context: PathContext, authCode?: string) {
  const authorization = await requestAuthorization(context.runtime, context.partnerKey, {
    shopName: `Bench Shop ${uniqueSuffix()}`,
    contactEmail: `owner.${uniqueSuffix()}@shop.example.com`,
    ...(authCode === undefined ? {} : { authCode }),
  });
  await waitForExecution(context.runtime, authorization.executionArn, 20_000);
  return authorization.answer.body;
}

/**
 * Seller authorization: the authorization a partner requests, its failure on a code TikTok refuses, and the
 * refresh cycle that keeps the token fresh (an execution of its own per token version, started by the last).
 */
export const SELLER_AUTHORIZATION_PATHS: readonly WorkflowPath[] = [
  {
    workflow: WORKFLOW,
    name: 'authorize (to the first refresh cycle waiting)',
    expectedStates: [
      ...EXCHANGED,
      'GetAuthorizedShop',
      'StoreSellerTokens',
      'ActivateSellerServices',
      'SendConfirmationEmails',
      ...RECORDED,
      'StartTokenRefresh',
      ...COMPLETE,
      ...CYCLE_PLANNED,
    ],
    time: BENCH_TIME,
    // The execution started by StartTokenRefresh plans its refresh before it parks: that step is part of what
    // an authorization costs, so the path waits for it and counts the cycle's states so far.
    run: async (context): Promise<ExecutionRef[]> => {
      const { executionId, sellerId } = await authorize(context);
      const firstCycle = cycleId(sellerId, 1);
      await reachState(context.runtime, WORKFLOW, firstCycle, 'WaitUntilRefreshDue');
      return [
        { workflow: WORKFLOW, executionId },
        { workflow: WORKFLOW, executionId: firstCycle, running: true },
      ];
    },
  },
  {
    workflow: WORKFLOW,
    name: 'invalid auth code',
    expectedStates: [
      ...EXCHANGED,
      'RecordAuthorizationFailure',
      'SendReauthorizationRequest',
      ...RECORDED,
      ...COMPLETE,
    ],
    time: BENCH_TIME,
    run: async (context) => (await authorize(context, 'ROW_code_no-such-code-0000')).executionId,
  },
  {
    workflow: WORKFLOW,
    name: 'refresh cycle (each further week)',
    expectedStates: [...CYCLE_PLANNED, ...CYCLE_REFRESHED],
    // The first cycle's wait ends soon after the path starts measuring; the next cycle parks.
    time: benchTime({ waitMs: { WaitUntilRefreshDue: 1_500 } }),
    waits: [
      {
        state: 'WaitUntilRefreshDue',
        kind: 'timer',
        seconds: REFRESH_WAIT_SECONDS,
        why: 'the 7-day access token is refreshed after 6 days',
      },
    ],
    // A cycle in steady state runs two Lambdas: its refresh, and the next cycle's planning. The window holds
    // exactly those: it opens once the first cycle has planned and closes once the next one has.
    run: async (context) => {
      const { sellerId } = await authorize(context);
      const firstCycle = cycleId(sellerId, 1);
      await reachState(context.runtime, WORKFLOW, firstCycle, 'WaitUntilRefreshDue');
      context.runtime.sfn.setTimeOverrides(benchTime({ waitMs: { WaitUntilRefreshDue: PARKED_MS } }));
      await context.beginMeasurement();
      await waitForExecution(context.runtime, executionArnFor(WORKFLOW, firstCycle), 20_000);
      await reachState(context.runtime, WORKFLOW, cycleId(sellerId, 2), 'WaitUntilRefreshDue');
      return firstCycle;
    },
  },
];

export const SELLER_AUTHORIZATION_NOTE =
  'StartTokenRefresh and ContinueRefreshCycle already start the next cycle with the direct `states:startExecution` integration (no Lambda). No task only forwards a call: PlanTokenRefresh reads the seller and its token metadata and computes the refresh time; ValidateAuthorization reads the seller and checks it against the request; SendConfirmationEmails and SendReauthorizationRequest render the emails (SES is not among the integrations the local Step Functions service runs, and a direct `ses:sendEmail` would move the templates into the ASL).';
