import {
  type TaskPlan,
  type WaitPlan,
  WRAPPED_HEARTBEAT_SECONDS,
  WRAPPED_PARAMETERS,
  WRAPPED_TIMEOUT_SECONDS,
} from '#local/sfn/definition.ts';
import type { CompiledMachine, LocalHandlers } from '#local/sfn/engine.ts';
import { dataText } from '#local/sfn/history.ts';
import {
  type IntegrationServices,
  type PreparedTask,
  prepareTask,
  type TaskAttempt,
} from '#local/sfn/integrations.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '#local/sfn/json.ts';
import type { NewEvent } from '#local/sfn/model.ts';
import { readPath } from '#local/sfn/reference-path.ts';
import type { TimeOverrides } from '#local/sfn/service.ts';
import { afterPendingEvents, setLongTimeout, sleep } from '#local/sfn/timers.ts';
import { TaskFailure } from '#local/sfn/tokens.ts';

/**
 * The local handlers one run gives the engine: one per Task state (nested ones included), which enforces the
 * task's timeout and heartbeat and writes its Task* or LambdaFunction* history events, and one per Wait state.
 */

/** What a run lends its handlers. */
export interface RunScope {
  readonly executionArn: string;
  readonly region: string;
  /** Aborted when the run is over: nothing it still does may be recorded. */
  readonly signal: AbortSignal;
  readonly time: () => TimeOverrides;
  /** The engine's States.Timeout class (see engine.ts). */
  readonly timeoutError: new () => Error;
  readonly services: IntegrationServices;
  record(event: NewEvent): void;
}

/** States.Runtime: a definition error at run time, which AWS lets no Retry or Catch handle. */
export class StatesRuntimeError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

export function localHandlers(machine: CompiledMachine, scope: RunScope): LocalHandlers {
  const handlers: LocalHandlers = {};
  for (const plan of machine.tasks.values()) {
    handlers[plan.stateName] = (input) => runTask(plan, input, scope);
  }
  for (const plan of machine.waits.values()) {
    handlers[plan.stateName] = (input) => runWait(plan, input, scope);
  }
  return handlers;
}

async function runTask(plan: TaskPlan, engineInput: JsonValue, scope: RunScope): Promise<JsonValue> {
  await afterPendingEvents();
  scope.signal.throwIfAborted();
  const { input, timeoutSeconds, heartbeatSeconds } = unwrapInput(plan, engineInput);
  const time = scope.time();
  const timeoutMs = time.taskTimeoutMs?.[plan.stateName] ?? scaled(timeoutSeconds, time);
  const heartbeatMs = scaled(heartbeatSeconds, time);
  const attemptOver = new AbortController();
  const endAttempt = () => attemptOver.abort(scope.signal.reason);
  scope.signal.addEventListener('abort', endAttempt, { once: true });
  let recording = true;
  const attempt: TaskAttempt = {
    executionArn: scope.executionArn,
    stateName: plan.stateName,
    signal: attemptOver.signal,
    ...(heartbeatMs === undefined
      ? {}
      : { heartbeat: { intervalMs: heartbeatMs, onTimeout: () => timeoutError(scope, 'heartbeat') } }),
    record: (event) => {
      if (recording) scope.record(event);
    },
  };
  const events = taskEvents(plan, scope.region, attempt);
  try {
    const prepared: PreparedTask = prepareTask(plan.integration, input, attempt, scope.services);
    events.scheduled(prepared.parameters, timeoutSeconds, heartbeatSeconds);
    const result = await withTimeout(prepared.run(), timeoutMs, attemptOver.signal, () =>
      timeoutError(scope, 'timeout'),
    );
    events.succeeded(result);
    return result;
  } catch (error) {
    if (scope.signal.aborted) throw error;
    if (error instanceof scope.timeoutError) {
      events.timedOut(error.name, error.message);
      throw error;
    }
    const failure =
      error instanceof TaskFailure ? error : new TaskFailure('States.TaskFailed', String(error));
    events.failed(failure.name, failure.message);
    throw failure;
  } finally {
    recording = false;
    scope.signal.removeEventListener('abort', endAttempt);
    attemptOver.abort();
  }
}

function timeoutError(scope: RunScope, kind: 'timeout' | 'heartbeat'): Error {
  const error = new scope.timeoutError();
  error.message = kind === 'heartbeat' ? 'The task did not send a heartbeat in time' : 'The task timed out';
  return error;
}

interface TaskInput {
  readonly input: JsonValue;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
}

/**
 * The task's own input and its declared timeout and heartbeat (see WRAPPED_PARAMETERS: the engine resolves
 * the *SecondsPath fields against the state input next to the Parameters). Absent means none, as in AWS.
 */
function unwrapInput(plan: TaskPlan, engineInput: JsonValue): TaskInput {
  if (plan.timeoutSecondsPath === undefined && plan.heartbeatSecondsPath === undefined) {
    return {
      input: engineInput,
      timeoutSeconds: plan.timeoutSeconds,
      heartbeatSeconds: plan.heartbeatSeconds,
    };
  }
  const wrapped = isJsonObject(engineInput) ? engineInput : {};
  return {
    input: wrapped[WRAPPED_PARAMETERS] ?? null,
    timeoutSeconds:
      plan.timeoutSeconds ?? positiveSeconds(wrapped, WRAPPED_TIMEOUT_SECONDS, plan.timeoutSecondsPath),
    heartbeatSeconds:
      plan.heartbeatSeconds ?? positiveSeconds(wrapped, WRAPPED_HEARTBEAT_SECONDS, plan.heartbeatSecondsPath),
  };
}

function positiveSeconds(wrapped: JsonObject, key: string, path: string | undefined): number | undefined {
  if (path === undefined) return undefined;
  const seconds = wrapped[key];
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1) {
    throw new StatesRuntimeError(`The path '${path}' does not point to a positive integer number of seconds`);
  }
  return seconds;
}

function scaled(seconds: number | undefined, time: TimeOverrides): number | undefined {
  return seconds === undefined ? undefined : seconds * 1000 * (time.timeScale ?? 1);
}

/** Settles with `work`, or rejects when the timeout passes or the signal aborts, whichever comes first. */
function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number | undefined,
  signal: AbortSignal,
  onTimeout: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const finish = () => {
      timer?.cancel();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(signal.reason);
    };
    const timer =
      timeoutMs === undefined
        ? undefined
        : setLongTimeout(() => {
            finish();
            reject(onTimeout());
          }, timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        finish();
        resolve(value);
      },
      (error: unknown) => {
        finish();
        reject(error);
      },
    );
  });
}

interface TaskEvents {
  scheduled(
    parameters: JsonValue,
    timeoutSeconds: number | undefined,
    heartbeatSeconds: number | undefined,
  ): void;
  succeeded(output: JsonValue): void;
  failed(error: string, cause: string): void;
  timedOut(error: string, cause: string): void;
}

/** Task* events for service integrations, LambdaFunction* for a plain function ARN, as AWS writes them. */
function taskEvents(plan: TaskPlan, region: string, attempt: TaskAttempt): TaskEvents {
  const integration = plan.integration;
  if (integration.kind === 'lambda-function') {
    const resource = integration.functionArn;
    return {
      scheduled: (input, timeoutSeconds) => {
        attempt.record({
          type: 'LambdaFunctionScheduled',
          lambdaFunctionScheduledEventDetails: {
            resource,
            input: dataText(input),
            inputDetails: { truncated: false },
            ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
          },
        });
        attempt.record({ type: 'LambdaFunctionStarted' });
      },
      succeeded: (output) =>
        attempt.record({
          type: 'LambdaFunctionSucceeded',
          lambdaFunctionSucceededEventDetails: {
            output: dataText(output),
            outputDetails: { truncated: false },
          },
        }),
      failed: (error, cause) =>
        attempt.record({
          type: 'LambdaFunctionFailed',
          lambdaFunctionFailedEventDetails: errorDetails(error, cause),
        }),
      timedOut: (error, cause) =>
        attempt.record({
          type: 'LambdaFunctionTimedOut',
          lambdaFunctionTimedOutEventDetails: { error, cause },
        }),
    };
  }
  const names = { resourceType: integration.resourceType, resource: integration.resource };
  return {
    scheduled: (parameters, timeoutSeconds, heartbeatSeconds) => {
      attempt.record({
        type: 'TaskScheduled',
        taskScheduledEventDetails: {
          ...names,
          region,
          parameters: dataText(parameters),
          ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
          ...(heartbeatSeconds === undefined ? {} : { heartbeatInSeconds: heartbeatSeconds }),
        },
      });
      attempt.record({ type: 'TaskStarted', taskStartedEventDetails: names });
    },
    succeeded: (output) =>
      attempt.record({
        type: 'TaskSucceeded',
        taskSucceededEventDetails: {
          ...names,
          output: dataText(output),
          outputDetails: { truncated: false },
        },
      }),
    failed: (error, cause) =>
      attempt.record({
        type: 'TaskFailed',
        taskFailedEventDetails: { ...names, ...errorDetails(error, cause) },
      }),
    timedOut: (error, cause) =>
      attempt.record({ type: 'TaskTimedOut', taskTimedOutEventDetails: { ...names, error, cause } }),
  };
}

/** A SendTaskFailure may give no error or cause; AWS then leaves them out of the event. */
function errorDetails(error: string, cause: string): { error?: string; cause?: string } {
  return { ...(error === '' ? {} : { error }), ...(cause === '' ? {} : { cause }) };
}

async function runWait(plan: WaitPlan, input: JsonValue, scope: RunScope): Promise<JsonValue> {
  await sleep(waitMs(plan, input, scope.time()), scope.signal);
  return input;
}

/** A Wait's duration: a per-state override in ms, else its Seconds/Timestamp (or their paths), scaled. */
function waitMs(plan: WaitPlan, input: JsonValue, time: TimeOverrides): number {
  const override = time.waitMs?.[plan.stateName];
  if (override !== undefined) return Math.max(0, override);
  const scale = time.timeScale ?? 1;
  if (plan.seconds !== undefined) return plan.seconds * 1000 * scale;
  if (plan.timestamp !== undefined) return untilMs(plan.timestamp, 'Timestamp') * scale;
  if (plan.secondsPath !== undefined) {
    const seconds = readPath(input, plan.secondsPath);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new StatesRuntimeError(
        `SecondsPath '${plan.secondsPath}' does not point to a non-negative integer`,
      );
    }
    return seconds * 1000 * scale;
  }
  if (plan.timestampPath !== undefined) {
    const timestamp = readPath(input, plan.timestampPath);
    if (typeof timestamp !== 'string') {
      throw new StatesRuntimeError(`TimestampPath '${plan.timestampPath}' does not point to a timestamp`);
    }
    return untilMs(timestamp, `TimestampPath '${plan.timestampPath}'`) * scale;
  }
  return 0;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function untilMs(timestamp: string, field: string): number {
  const at = Date.parse(timestamp);
  if (!RFC3339.test(timestamp) || Number.isNaN(at)) {
    throw new StatesRuntimeError(`${field} value '${timestamp}' is not an RFC 3339 timestamp`);
  }
  return Math.max(0, at - Date.now());
}
