import { randomBytes } from 'node:crypto';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { stateMachineArnVariable } from '#catalog/naming.ts';
import type { WorkflowName } from '#catalog/types.ts';
import { sfn } from '#lib/clients/sfn.ts';
import { requireEnv } from '#lib/config.ts';
import { logger } from '#lib/observability.ts';

/**
 * Execution names are `<businessId>-<suffix>`: ops find an execution by business id in the console, and the
 * API's execution id (the name) tells which workflow it belongs to without any lookup table.
 */
const SUFFIXES: Readonly<Record<WorkflowName, string>> = {
  'creator-onboarding': 'onboarding',
  'seller-authorization': 'authorization',
  'campaign-launch': 'launch',
  'violation-handling': 'violation',
  'weekly-partner-report': 'report',
  'seller-notification': 'notification',
};

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A URL-safe, unguessable business id such as `cr_7fk2m9q4x8rt3wz5`. */
export function newBusinessId(prefix: string): string {
  const bytes = randomBytes(16);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return `${prefix}_${id}`;
}

export function executionNameFor(workflow: WorkflowName, businessId: string): string {
  return `${businessId}-${SUFFIXES[workflow]}`;
}

/** Reads an execution id back into its workflow and business id; undefined for anything else. */
export function parseExecutionId(
  executionId: string,
): { workflow: WorkflowName; businessId: string } | undefined {
  if (!/^[A-Za-z0-9_.-]{1,80}$/.test(executionId)) return undefined;
  for (const [workflow, suffix] of Object.entries(SUFFIXES) as [WorkflowName, string][]) {
    if (executionId.endsWith(`-${suffix}`)) {
      const businessId = executionId.slice(0, -(suffix.length + 1));
      if (businessId.length > 0) return { workflow, businessId };
    }
  }
  return undefined;
}

export function stateMachineArnOf(workflow: WorkflowName): string {
  return requireEnv(stateMachineArnVariable(workflow));
}

export function executionArnOf(workflow: WorkflowName, executionId: string): string {
  return `${stateMachineArnOf(workflow).replace(':stateMachine:', ':execution:')}:${executionId}`;
}

/** Starts a workflow under a deterministic name: a retried start of the same input is the same execution. */
export async function startWorkflow(
  workflow: WorkflowName,
  executionId: string,
  input: unknown,
): Promise<{ executionArn: string; startedAt: string }> {
  const result = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: stateMachineArnOf(workflow),
      name: executionId,
      input: JSON.stringify(input),
    }),
  );
  // From here on every line this request logs carries the execution name, as every task of the execution does:
  // one correlation id from the API request (its requestId is on the same lines) to the last task.
  logger.appendKeys({ correlationId: executionId });
  logger.info('Workflow started', { workflow, executionId });
  return {
    executionArn: result.executionArn ?? executionArnOf(workflow, executionId),
    startedAt: (result.startDate ?? new Date()).toISOString(),
  };
}

/** Describes an execution; undefined when it does not exist. */
export async function describeWorkflowExecution(
  workflow: WorkflowName,
  executionId: string,
): Promise<DescribeExecutionCommandOutput | undefined> {
  try {
    return await sfn.send(
      new DescribeExecutionCommand({ executionArn: executionArnOf(workflow, executionId) }),
    );
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
    throw error;
  }
}
