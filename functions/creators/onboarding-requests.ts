import type { CreatorApplication } from '#functions/creators/schemas.ts';
import { toMinorUnits } from '#lib/money.ts';
import { logger } from '#lib/observability.ts';
import { recordAudit } from '#lib/repositories/audit.ts';
import {
  type Creator,
  creatorKey,
  deleteCreator,
  putNewCreator,
  releaseHandle,
  reserveHandle,
} from '#lib/repositories/creators.ts';
import {
  describeWorkflowExecution,
  executionNameFor,
  newBusinessId,
  startWorkflow,
} from '#lib/workflows/executions.ts';

export const ONBOARDING_WORKFLOW = 'creator-onboarding';

export interface OnboardingRequest {
  readonly partnerId: string;
  /** Who asks, for the audit trail: `partner:<keyId>`. */
  readonly actor: string;
  readonly application: CreatorApplication;
  readonly requestId: string;
  readonly now: Date;
}

export type OnboardingRequestResult =
  | { readonly kind: 'started'; readonly creatorId: string; readonly executionId: string }
  /** Another creator holds the handle (active or under review): nothing was written. */
  | { readonly kind: 'handle-taken' };

/** The workflow's input, as the onboarding ASL reads it. */
export interface OnboardingWorkflowInput {
  readonly creatorId: string;
  readonly partnerId: string;
  readonly creator: CreatorApplication;
  readonly requestedAt: string;
  readonly requestId: string;
}

function newCreator(request: OnboardingRequest, creatorId: string, executionId: string, at: string): Creator {
  const { application } = request;
  return {
    creatorId,
    partnerId: request.partnerId,
    handle: application.handle,
    displayName: application.displayName,
    email: application.email,
    region: application.region,
    ...(application.language === undefined ? {} : { language: application.language }),
    categories: application.categories,
    followers: application.followers,
    avgViews: application.avgViews,
    engagementRate: application.engagementRate,
    gmv30d: { amountMinor: toMinorUnits(application.gmv30d), currency: 'USD' },
    birthDate: application.birthDate,
    status: 'SCREENING',
    executionId,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Whether a start that failed ambiguously (a time-out after Step Functions accepted it) did start. Unknown counts
 * as no: undoing a start that did happen leaves an execution that compensates on its own (its creator is gone),
 * while keeping one that did not would hold the handle for good.
 */
async function executionExists(executionId: string): Promise<boolean> {
  try {
    return (await describeWorkflowExecution(ONBOARDING_WORKFLOW, executionId)) !== undefined;
  } catch (error) {
    logger.warn('Could not check whether the onboarding execution started', {
      executionId,
      error: error as Error,
    });
    return false;
  }
}

/** Best effort: each undo step runs even when an earlier one fails; the original error is what the caller sees. */
async function undo(creator: Creator, request: OnboardingRequest, at: string): Promise<void> {
  const steps: [string, () => Promise<void>][] = [
    ['delete the creator', () => deleteCreator(creator.creatorId)],
    ['release the handle', () => releaseHandle(creator.handle, creator.creatorId)],
    [
      'record the abandoned request',
      () =>
        recordAudit({
          entityKey: creatorKey(creator.creatorId).pk,
          changeId: 'onboarding-not-started',
          action: 'creator.onboarding-not-started',
          actor: request.actor,
          at,
          executionId: creator.executionId,
          before: { status: creator.status },
        }),
    ],
  ];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      logger.error(`Undo of an onboarding request failed: could not ${what}`, {
        creatorId: creator.creatorId,
        error: error as Error,
      });
    }
  }
}

/**
 * Accepts one onboarding request: reserves the handle (conditional write), stores the creator as SCREENING,
 * audits it and starts the workflow under the name `<creatorId>-onboarding`. Either all of that happens (a start
 * whose answer was lost but whose execution exists counts as started) or, when a step fails, what was written is
 * undone and the error rethrown; a taken handle writes nothing.
 */
export async function requestCreatorOnboarding(request: OnboardingRequest): Promise<OnboardingRequestResult> {
  const at = request.now.toISOString();
  const creatorId = newBusinessId('cr');
  const executionId = executionNameFor(ONBOARDING_WORKFLOW, creatorId);
  if (!(await reserveHandle(request.application.handle, creatorId, request.partnerId, at))) {
    return { kind: 'handle-taken' };
  }
  const creator = newCreator(request, creatorId, executionId, at);
  let startAttempted = false;
  try {
    await putNewCreator(creator);
    await recordAudit({
      entityKey: creatorKey(creatorId).pk,
      changeId: 'onboarding-requested',
      action: 'creator.onboarding-requested',
      actor: request.actor,
      at,
      executionId,
      after: { status: creator.status, handle: creator.handle, partnerId: creator.partnerId },
    });
    const input: OnboardingWorkflowInput = {
      creatorId,
      partnerId: request.partnerId,
      creator: request.application,
      requestedAt: at,
      requestId: request.requestId,
    };
    startAttempted = true;
    await startWorkflow(ONBOARDING_WORKFLOW, executionId, input);
  } catch (error) {
    if (startAttempted && (await executionExists(executionId))) {
      // Step Functions took the start and only its answer was lost: the request is accepted. Failing it would
      // let the client's retry start a second onboarding once this one frees the handle.
      logger.warn('The onboarding start answered an error, but its execution exists: accepted', {
        executionId,
        error: error as Error,
      });
      return { kind: 'started', creatorId, executionId };
    }
    await undo(creator, request, at);
    throw error;
  }
  return { kind: 'started', creatorId, executionId };
}
