import type {
  DescribeExecutionOutput,
  DescribeStateMachineForExecutionOutput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  ExecutionStatus,
  StateMachineListItem,
} from '@aws-sdk/client-sfn';
import type { CompiledMachine } from '#local/sfn/engine.ts';
import type { ExecutionManager } from '#local/sfn/executions.ts';
import { parseJson } from '#local/sfn/json.ts';
import type { ExecutionRecord, StoredEvent } from '#local/sfn/model.ts';
import { localRoleArnFor } from '#local/sfn/names.ts';
import {
  decodePageToken,
  encodePageToken,
  type OperationInput,
  serviceErrors,
  wireDate,
} from '#local/sfn/protocol.ts';
import { TaskTokenError, type TaskTokens } from '#local/sfn/tokens.ts';

/** An operation's answer as it goes on the wire: dates as epoch seconds. */
type Wire<T> = { [K in keyof T]: Exclude<T[K], Date> | (Date extends T[K] ? number : never) };

export type Operation = (input: OperationInput) => unknown;

const STATUSES: ReadonlySet<string> = new Set<ExecutionStatus>([
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
]);
const MAX_TASK_OUTPUT_BYTES = 262_144;

/** The Step Functions operations the local service answers, by name (`AWSStepFunctions.<Name>`). */
export function createOperations(
  manager: ExecutionManager,
  machines: readonly CompiledMachine[],
  tokens: TaskTokens,
): ReadonlyMap<string, Operation> {
  return new Map<string, Operation>([
    [
      'StartExecution',
      (input) => {
        const started = manager.start(
          input.requiredString('stateMachineArn'),
          input.optionalString('name'),
          input.optionalString('input'),
        );
        return { executionArn: started.executionArn, startDate: wireDate(started.startDate) };
      },
    ],
    [
      'DescribeExecution',
      (input) => describeExecution(manager.describe(input.requiredString('executionArn'))),
    ],
    ['ListExecutions', (input) => listExecutions(manager, input)],
    ['GetExecutionHistory', (input) => executionHistory(manager, input)],
    [
      'StopExecution',
      (input) => {
        const stopDate = manager.stop(
          input.requiredString('executionArn'),
          input.boundedString('error', 256),
          input.boundedString('cause', 32_768),
        );
        return { stopDate: wireDate(stopDate) };
      },
    ],
    [
      'RedriveExecution',
      (input) => ({ redriveDate: wireDate(manager.redrive(input.requiredString('executionArn'))) }),
    ],
    [
      'SendTaskSuccess',
      (input) => {
        const token = taskToken(input);
        const outputText = input.requiredString('output');
        if (Buffer.byteLength(outputText) > MAX_TASK_OUTPUT_BYTES) {
          throw serviceErrors.validation(`'output' must be at most ${MAX_TASK_OUTPUT_BYTES} bytes`);
        }
        const output = parseJson(outputText);
        if (!output.ok) throw serviceErrors.invalidOutput(output.message);
        return completeTask(() => tokens.succeed(token, output.value));
      },
    ],
    [
      'SendTaskFailure',
      (input) => {
        const token = taskToken(input);
        const error = input.boundedString('error', 256) ?? '';
        const cause = input.boundedString('cause', 32_768) ?? '';
        return completeTask(() => tokens.fail(token, error, cause));
      },
    ],
    ['SendTaskHeartbeat', (input) => completeTask(() => tokens.heartbeat(taskToken(input)))],
    ['ListStateMachines', (input) => listStateMachines(machines, input)],
    [
      'DescribeStateMachine',
      (input) => describeStateMachine(manager.machine(input.requiredString('stateMachineArn'))),
    ],
    [
      'DescribeStateMachineForExecution',
      (input) => {
        const record = manager.describe(input.requiredString('executionArn'));
        const machine = manager.machine(record.stateMachineArn);
        const output: Wire<DescribeStateMachineForExecutionOutput> = {
          stateMachineArn: machine.arn,
          name: machine.name,
          definition: machine.definitionText,
          roleArn: localRoleArnFor(machine.arn, machine.name),
          updateDate: wireDate(machine.creationDate),
        };
        return output;
      },
    ],
  ]);
}

function describeExecution(record: ExecutionRecord): Wire<DescribeExecutionOutput> {
  const redrivable =
    record.status === 'FAILED' || record.status === 'TIMED_OUT' || record.status === 'ABORTED';
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: wireDate(record.startDate),
    stopDate: wireDate(record.stopDate),
    input: record.input,
    inputDetails: { included: true },
    ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
    error: record.error,
    cause: record.cause,
    redriveCount: record.redriveCount,
    redriveDate: wireDate(record.redriveDate),
    redriveStatus: redrivable ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
    ...(redrivable ? {} : { redriveStatusReason: `Execution is ${record.status} and cannot be redriven` }),
  };
}

/** Newest first; the page token remembers the last execution shown, so new starts never shift a page. */
function listExecutions(manager: ExecutionManager, input: OperationInput) {
  const stateMachineArn = input.requiredString('stateMachineArn');
  const statusFilter = input.optionalString('statusFilter');
  if (statusFilter !== undefined && !STATUSES.has(statusFilter)) {
    throw serviceErrors.validation(`'statusFilter' must be one of ${[...STATUSES].join(', ')}`);
  }
  const redriveFilter = input.optionalString('redriveFilter');
  if (redriveFilter !== undefined && redriveFilter !== 'REDRIVEN' && redriveFilter !== 'NOT_REDRIVEN') {
    throw serviceErrors.validation("'redriveFilter' must be REDRIVEN or NOT_REDRIVEN");
  }
  const pageSize = input.pageSize();
  const scope = `executions|${stateMachineArn}|${statusFilter ?? ''}|${redriveFilter ?? ''}`;
  const nextToken = input.optionalString('nextToken');
  const before = nextToken === undefined ? Number.POSITIVE_INFINITY : decodePageToken(nextToken, scope);
  const matching = manager
    .list(stateMachineArn)
    .filter((record) => statusFilter === undefined || record.status === statusFilter)
    .filter(
      (record) => redriveFilter === undefined || record.redriveCount > 0 === (redriveFilter === 'REDRIVEN'),
    )
    .filter((record) => record.sequence < before)
    .sort((a, b) => b.sequence - a.sequence);
  const page = matching.slice(0, pageSize);
  const last = page.at(-1);
  const executions: Wire<ExecutionListItem>[] = page.map((record) => ({
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: wireDate(record.startDate),
    stopDate: wireDate(record.stopDate),
    redriveCount: record.redriveCount,
    redriveDate: wireDate(record.redriveDate),
  }));
  return {
    executions,
    ...(matching.length > pageSize && last !== undefined
      ? { nextToken: encodePageToken(scope, last.sequence) }
      : {}),
  };
}

/** Pages by event id (ids are 1..n and never change), so events appended meanwhile never shift a page. */
function executionHistory(manager: ExecutionManager, input: OperationInput) {
  const executionArn = input.requiredString('executionArn');
  const reverseOrder = input.optionalBoolean('reverseOrder') ?? false;
  const includeExecutionData = input.optionalBoolean('includeExecutionData') ?? true;
  const pageSize = input.pageSize();
  const events = manager.history(executionArn);
  const scope = `history|${executionArn}|${reverseOrder}`;
  const nextToken = input.optionalString('nextToken');
  const fromId =
    nextToken === undefined ? (reverseOrder ? events.length : 1) : decodePageToken(nextToken, scope);
  const ids = reverseOrder
    ? { first: fromId, last: Math.max(fromId - pageSize + 1, 1), next: fromId - pageSize }
    : { first: fromId, last: Math.min(fromId + pageSize - 1, events.length), next: fromId + pageSize };
  const page = reverseOrder
    ? events.slice(ids.last - 1, ids.first).reverse()
    : events.slice(ids.first - 1, ids.last);
  const more = reverseOrder ? ids.next >= 1 : ids.next <= events.length;
  return {
    events: page.map((event) => wireEvent(event, includeExecutionData)),
    ...(more ? { nextToken: encodePageToken(scope, ids.next) } : {}),
  };
}

const EXECUTION_DATA_MEMBERS = new Set(['input', 'inputDetails', 'output', 'outputDetails']);

function wireEvent(event: StoredEvent, includeExecutionData: boolean): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...event, timestamp: wireDate(event.timestamp) };
  if (includeExecutionData) return wire;
  for (const [key, value] of Object.entries(wire)) {
    if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    wire[key] = Object.fromEntries(
      Object.entries(value).filter(([member]) => !EXECUTION_DATA_MEMBERS.has(member)),
    );
  }
  return wire;
}

function listStateMachines(machines: readonly CompiledMachine[], input: OperationInput) {
  const pageSize = input.pageSize();
  const scope = 'state-machines';
  const nextToken = input.optionalString('nextToken');
  const start = nextToken === undefined ? 0 : decodePageToken(nextToken, scope);
  const end = start + pageSize;
  const stateMachines: Wire<StateMachineListItem>[] = machines.slice(start, end).map((machine) => ({
    stateMachineArn: machine.arn,
    name: machine.name,
    type: 'STANDARD',
    creationDate: wireDate(machine.creationDate),
  }));
  return { stateMachines, ...(end < machines.length ? { nextToken: encodePageToken(scope, end) } : {}) };
}

function describeStateMachine(machine: CompiledMachine): Wire<DescribeStateMachineOutput> {
  return {
    stateMachineArn: machine.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: machine.definitionText,
    roleArn: localRoleArnFor(machine.arn, machine.name),
    type: 'STANDARD',
    creationDate: wireDate(machine.creationDate),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  };
}

function taskToken(input: OperationInput): string {
  const token = input.requiredString('taskToken');
  if (token.length < 1 || token.length > 2048) {
    throw serviceErrors.validation("'taskToken' must have length from 1 to 2048");
  }
  return token;
}

/** Runs a token operation, answering as AWS does for a token it cannot use. */
function completeTask(operation: () => void): Record<string, never> {
  try {
    operation();
    return {};
  } catch (error) {
    if (!(error instanceof TaskTokenError)) throw error;
    switch (error.problem) {
      case 'malformed':
        throw serviceErrors.invalidToken('Invalid token');
      case 'unknown':
        throw serviceErrors.taskMissing();
      case 'closed':
        throw serviceErrors.taskTimedOut();
    }
  }
}
