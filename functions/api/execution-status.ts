import type { DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { stateMachineArnVariable } from '#catalog/naming.ts';
import type { WorkflowName } from '#catalog/types.ts';
import { logger } from '#lib/observability.ts';
import { getCreator } from '#lib/repositories/creators.ts';
import { getViolation } from '#lib/repositories/violations.ts';
import { describeWorkflowExecution, parseExecutionId } from '#lib/workflows/executions.ts';

export type ExecutionStatus =
  | 'RUNNING'
  | 'WAITING_FOR_REVIEW'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED';

/** An execution as the API shows it; `error.message` is generic unless the error is one of PartnerFlow's own. */
export interface ExecutionView {
  readonly executionId: string;
  readonly workflow: WorkflowName;
  readonly status: ExecutionStatus;
  readonly startedAt: string;
  readonly stoppedAt?: string;
  readonly outcome?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * How to tell that a running execution waits for a manager: its business entity is in review. One line per
 * workflow that asks a human; the business id is the one in the execution name.
 */
const WAITING_FOR_REVIEW: Partial<Record<WorkflowName, (businessId: string) => Promise<boolean>>> = {
  'creator-onboarding': async (creatorId) => (await getCreator(creatorId))?.status === 'IN_REVIEW',
  // A manager decides the report (high, critical) or, later, the subject's appeal.
  'violation-handling': async (violationId) => {
    const violation = await getViolation(violationId);
    return violation?.status === 'IN_REVIEW' || violation?.appeal?.status === 'PENDING';
  },
};

const GENERIC_MESSAGES: Readonly<Record<'FAILED' | 'TIMED_OUT' | 'ABORTED', string>> = {
  FAILED: 'The workflow failed. Ops can find the cause by this execution id.',
  TIMED_OUT: 'The workflow did not finish within its time limit.',
  ABORTED: 'The workflow was stopped by an operator.',
};

const DEFAULT_CODES: Readonly<Record<'FAILED' | 'TIMED_OUT' | 'ABORTED', string>> = {
  FAILED: 'States.Runtime',
  TIMED_OUT: 'States.Timeout',
  ABORTED: 'States.Aborted',
};

const MAX_MESSAGE_LENGTH = 500;

/** A cause as PartnerFlow wrote it: a Fail state's text, or the `errorMessage` of a Lambda error (never its trace). */
function readableCause(cause: string | undefined): string | undefined {
  if (cause === undefined || cause.trim() === '') return undefined;
  let text = cause;
  try {
    const parsed: unknown = JSON.parse(cause);
    if (typeof parsed === 'object' && parsed !== null && 'errorMessage' in parsed) {
      const message = (parsed as { errorMessage: unknown }).errorMessage;
      if (typeof message !== 'string') return undefined;
      text = message;
    } else if (typeof parsed !== 'string') {
      return undefined;
    }
  } catch {
    // Plain text, as a Fail state's Cause usually is.
  }
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}

/** The API's error for a stopped execution: the cause is shown only for PartnerFlow's named errors. */
export function executionError(
  status: 'FAILED' | 'TIMED_OUT' | 'ABORTED',
  error: string | undefined,
  cause: string | undefined,
): { code: string; message: string } {
  const code = error === undefined || error === '' ? DEFAULT_CODES[status] : error;
  const own = code.startsWith('PartnerFlow.') ? readableCause(cause) : undefined;
  return { code, message: own ?? GENERIC_MESSAGES[status] };
}

function partnerOf(input: string | undefined): string | undefined {
  try {
    const parsed: unknown = JSON.parse(input ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const partnerId = (parsed as { partnerId?: unknown }).partnerId;
    return typeof partnerId === 'string' ? partnerId : undefined;
  } catch {
    return undefined;
  }
}

function outcomeOf(output: string | undefined): unknown {
  try {
    const parsed: unknown = JSON.parse(output ?? 'null');
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

async function statusOf(
  workflow: WorkflowName,
  businessId: string,
  execution: DescribeExecutionCommandOutput,
): Promise<ExecutionStatus> {
  switch (execution.status) {
    case 'SUCCEEDED':
    case 'FAILED':
    case 'TIMED_OUT':
    case 'ABORTED':
      return execution.status;
    default: {
      // RUNNING, and PENDING_REDRIVE (about to run again).
      const waiting = WAITING_FOR_REVIEW[workflow];
      return waiting !== undefined && (await waiting(businessId)) ? 'WAITING_FOR_REVIEW' : 'RUNNING';
    }
  }
}

/**
 * Describes an execution for a caller who may read `partnerId`'s data (the partner named in the execution's
 * input; ops read all). Undefined when the id is not one of ours, the execution does not exist, or it belongs to
 * another partner: the caller cannot tell these apart.
 */
export async function readExecution(
  executionId: string,
  mayRead: (partnerId: string | undefined) => boolean,
): Promise<ExecutionView | undefined> {
  const parsed = parseExecutionId(executionId);
  if (parsed === undefined) return undefined;
  if (process.env[stateMachineArnVariable(parsed.workflow)] === undefined) {
    logger.warn('No state machine configured for this workflow', { workflow: parsed.workflow });
    return undefined;
  }
  const execution = await describeWorkflowExecution(parsed.workflow, executionId);
  if (execution === undefined || !mayRead(partnerOf(execution.input))) return undefined;
  const status = await statusOf(parsed.workflow, parsed.businessId, execution);
  const outcome = status === 'SUCCEEDED' ? outcomeOf(execution.output) : undefined;
  return {
    executionId,
    workflow: parsed.workflow,
    status,
    startedAt: (execution.startDate ?? new Date(0)).toISOString(),
    ...(execution.stopDate === undefined ? {} : { stoppedAt: execution.stopDate.toISOString() }),
    ...(outcome === undefined ? {} : { outcome }),
    ...(status === 'FAILED' || status === 'TIMED_OUT' || status === 'ABORTED'
      ? { error: executionError(status, execution.error, execution.cause) }
      : {}),
  };
}
