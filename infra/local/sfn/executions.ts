import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { REDRIVE_CONTEXT_KEY } from '#local/sfn/definition.ts';
import {
  type CompiledMachine,
  type EngineContext,
  type EngineRun,
  engineFailure,
} from '#local/sfn/engine.ts';
import { localHandlers, type RunScope } from '#local/sfn/handlers.ts';
import { dataText, EngineEventTranslator, HistoryLog } from '#local/sfn/history.ts';
import {
  type IntegrationServices,
  type StartedExecution,
  TASK_TOKEN_PLACEHOLDER,
} from '#local/sfn/integrations.ts';
import { type JsonValue, parseJson } from '#local/sfn/json.ts';
import {
  type ExecutionRecord,
  type NewEvent,
  REDRIVABLE_STATUSES,
  RUNTIME_RESTARTED_CAUSE,
  RUNTIME_RESTARTED_ERROR,
  type StoredEvent,
  TERMINAL_STATUSES,
} from '#local/sfn/model.ts';
import {
  executionArnFor,
  executionNameProblem,
  isExecutionArn,
  isStateMachineArn,
  localRoleArnFor,
  regionOf,
} from '#local/sfn/names.ts';
import { ServiceError, serviceErrors } from '#local/sfn/protocol.ts';
import type { TimeOverrides } from '#local/sfn/service.ts';
import type { ExecutionStore, PersistedExecution } from '#local/sfn/store.ts';
import { setLongTimeout, type TimerHandle } from '#local/sfn/timers.ts';
import type { TaskTokens } from '#local/sfn/tokens.ts';

/** AWS's limit on an execution's input, in UTF-8 bytes. */
const MAX_INPUT_BYTES = 262_144;

type Outcome =
  | { readonly status: 'SUCCEEDED'; readonly output: string }
  | { readonly status: 'FAILED' | 'ABORTED' | 'TIMED_OUT'; readonly error?: string; readonly cause?: string };

/** Where a redrive resumes: a top-level state and the input it had. */
interface RedrivePoint {
  readonly stateName: string;
  readonly input: JsonValue;
}

interface ActiveRun {
  readonly controller: AbortController;
  readonly translator: EngineEventTranslator;
  abortEngine: () => void;
  timeout: TimerHandle | undefined;
  /** Once closed, nothing the run still does reaches the history or the record. */
  closed: boolean;
}

interface Execution {
  readonly record: ExecutionRecord;
  readonly history: HistoryLog;
  run: ActiveRun | undefined;
}

export interface ExecutionManagerOptions {
  readonly machines: ReadonlyMap<string, CompiledMachine>;
  readonly store: ExecutionStore;
  readonly tokens: TaskTokens;
  readonly timeoutError: new () => Error;
  readonly time: () => TimeOverrides;
  readonly invokeFunction: (functionNameOrArn: string, payload: unknown) => Promise<unknown>;
  readonly dynamodb: () => DynamoDBClient;
}

/**
 * Every execution the service knows: it starts, stops, times out and redrives them, runs each on the engine
 * with the service's local handlers, and keeps record and history persisted as they change.
 */
export class ExecutionManager {
  private readonly executions = new Map<string, Execution>();
  private readonly services: IntegrationServices;
  private nextSequence = 1;
  private shuttingDown = false;

  constructor(
    private readonly options: ExecutionManagerOptions,
    persisted: readonly PersistedExecution[],
  ) {
    this.services = {
      invokeFunction: options.invokeFunction,
      dynamodb: options.dynamodb,
      tokens: options.tokens,
      startExecution: (stateMachineArn, name, input) => this.start(stateMachineArn, name, input),
    };
    for (const saved of persisted) this.restore(saved);
  }

  machine(stateMachineArn: string): CompiledMachine {
    if (!isStateMachineArn(stateMachineArn)) throw serviceErrors.invalidArn(stateMachineArn);
    const machine = this.options.machines.get(stateMachineArn);
    if (machine === undefined) throw serviceErrors.machineMissing(stateMachineArn);
    return machine;
  }

  /** StartExecution, with AWS's name rules and idempotency (same name and input while running → same answer). */
  start(stateMachineArn: string, name: string | undefined, input: string | undefined): StartedExecution {
    if (this.shuttingDown)
      throw new ServiceError('ServiceUnavailable', 'The local Step Functions service is stopping');
    const machine = this.machine(stateMachineArn);
    const executionName = name ?? randomUUID();
    const problem = executionNameProblem(executionName);
    if (problem === 'length') {
      throw serviceErrors.validation(`'name' must have length from 1 to 80, got '${executionName}'`);
    }
    if (problem === 'characters') throw serviceErrors.invalidName(executionName);
    const inputText = input ?? '{}';
    if (Buffer.byteLength(inputText) > MAX_INPUT_BYTES) {
      throw serviceErrors.validation(`'input' must be at most ${MAX_INPUT_BYTES} bytes`);
    }
    const parsed = parseJson(inputText);
    if (!parsed.ok) throw serviceErrors.invalidInput(parsed.message);
    const executionArn = executionArnFor(machine.arn, executionName);
    const existing = this.executions.get(executionArn)?.record;
    if (existing !== undefined) {
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn, startDate: existing.startDate };
      }
      throw serviceErrors.executionExists(executionArn);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.arn,
      name: executionName,
      status: 'RUNNING',
      startDate: Date.now(),
      input: inputText,
      redriveCount: 0,
      sequence: this.nextSequence++,
    };
    const execution: Execution = { record, history: new HistoryLog(), run: undefined };
    this.executions.set(executionArn, execution);
    execution.history.append({
      type: 'ExecutionStarted',
      executionStartedEventDetails: {
        input: inputText,
        inputDetails: { truncated: false },
        roleArn: localRoleArnFor(machine.arn, machine.name),
      },
    });
    this.launch(execution, machine, parsed.value, undefined);
    this.persist(execution);
    return { executionArn, startDate: record.startDate };
  }

  describe(executionArn: string): ExecutionRecord {
    return this.execution(executionArn).record;
  }

  history(executionArn: string): readonly StoredEvent[] {
    return this.execution(executionArn).history.all();
  }

  list(stateMachineArn: string): ExecutionRecord[] {
    const machine = this.machine(stateMachineArn);
    return [...this.executions.values()]
      .map((execution) => execution.record)
      .filter((record) => record.stateMachineArn === machine.arn);
  }

  /** StopExecution: ABORTED with the given error and cause; a closed execution is left as it is. */
  stop(executionArn: string, error: string | undefined, cause: string | undefined): number {
    const execution = this.execution(executionArn);
    const run = execution.run;
    if (execution.record.status !== 'RUNNING' || run === undefined || run.closed) {
      return execution.record.stopDate ?? Date.now();
    }
    this.terminate(execution, run, { status: 'ABORTED', ...optionalText({ error, cause }) });
    return execution.record.stopDate ?? Date.now();
  }

  /**
   * RedriveExecution: the execution returns to RUNNING under the same ARN and resumes at the top-level state
   * that did not finish (for a failure inside a Map or Parallel, the enclosing state), with that state's input.
   */
  redrive(executionArn: string): number {
    const execution = this.execution(executionArn);
    const record = execution.record;
    if (!REDRIVABLE_STATUSES.has(record.status)) {
      throw serviceErrors.notRedrivable(`Execution is ${record.status} and cannot be redriven`);
    }
    const machine = this.options.machines.get(record.stateMachineArn);
    if (machine === undefined) {
      throw serviceErrors.notRedrivable(`The state machine ${record.stateMachineArn} is not loaded`);
    }
    const input = parseJson(record.input);
    const point = redrivePoint(execution.history.all(), machine);
    record.status = 'RUNNING';
    record.redriveCount += 1;
    record.redriveDate = Date.now();
    record.stopDate = undefined;
    record.output = undefined;
    record.error = undefined;
    record.cause = undefined;
    execution.history.append({
      type: 'ExecutionRedriven',
      executionRedrivenEventDetails: { redriveCount: record.redriveCount },
    });
    this.launch(execution, machine, input.ok ? input.value : null, point);
    this.persist(execution);
    return record.redriveDate;
  }

  /**
   * Stops every run without recording anything: an execution still running stays RUNNING on disk, and the
   * next start marks it FAILED (PartnerFlow.RuntimeRestarted), ready to be redriven.
   */
  shutdown(): void {
    this.shuttingDown = true;
    for (const execution of this.executions.values()) {
      if (execution.run !== undefined) closeRun(execution.run);
    }
  }

  private execution(executionArn: string): Execution {
    if (!isExecutionArn(executionArn)) throw serviceErrors.invalidArn(executionArn);
    const execution = this.executions.get(executionArn);
    if (execution === undefined) throw serviceErrors.executionMissing(executionArn);
    return execution;
  }

  private restore(saved: PersistedExecution): void {
    const record: ExecutionRecord = { ...saved.execution };
    const execution: Execution = { record, history: new HistoryLog(saved.events), run: undefined };
    this.executions.set(record.executionArn, execution);
    this.nextSequence = Math.max(this.nextSequence, record.sequence + 1);
    this.options.tokens.restoreClosed(record.executionArn, saved.taskTokenDigests);
    if (!TERMINAL_STATUSES.has(record.status)) {
      // It was running when the runtime stopped: say so, never lose it, and let it be redriven.
      this.complete(execution, {
        status: 'FAILED',
        error: RUNTIME_RESTARTED_ERROR,
        cause: RUNTIME_RESTARTED_CAUSE,
      });
    }
  }

  private launch(
    execution: Execution,
    machine: CompiledMachine,
    executionInput: JsonValue,
    redrive: RedrivePoint | undefined,
  ): void {
    const run: ActiveRun = {
      controller: new AbortController(),
      translator: new EngineEventTranslator(machine, (event) => record(event)),
      abortEngine: () => undefined,
      timeout: undefined,
      closed: false,
    };
    const record = (event: NewEvent) => {
      if (run.closed) return;
      execution.history.append(event);
      this.persist(execution);
    };
    execution.run = run;
    const scope: RunScope = {
      executionArn: execution.record.executionArn,
      region: regionOf(machine.arn),
      signal: run.controller.signal,
      time: this.options.time,
      timeoutError: this.options.timeoutError,
      services: this.services,
      record,
    };
    const engineRun = machine
      .engine(this.options.time().timeScale ?? 1, redrive?.stateName)
      .run(executionInput, {
        overrides: { taskResourceLocalHandlers: localHandlers(machine, scope) },
        context: this.context(execution.record, machine, redrive),
        noThrowOnAbort: true,
      });
    run.abortEngine = engineRun.abort;
    const timeoutSeconds = machine.plan.executionTimeoutSeconds;
    if (timeoutSeconds !== undefined) {
      run.timeout = setLongTimeout(() => {
        this.terminate(execution, run, {
          status: 'TIMED_OUT',
          error: 'States.Timeout',
          cause: `The execution ran longer than its TimeoutSeconds (${timeoutSeconds} s)`,
        });
      }, timeoutSeconds * 1000);
    }
    const outcome = engineRun.result.then(
      (output): Outcome => ({ status: 'SUCCEEDED', output: dataText(output) }),
      (error: unknown): Outcome => ({ status: 'FAILED', ...engineFailure(error) }),
    );
    void Promise.all([outcome, translateEvents(engineRun, run.translator)]).then(([settled]) => {
      if (run.closed) return;
      closeRun(run);
      this.options.tokens.closeExecution(execution.record.executionArn);
      this.complete(execution, settled);
    });
  }

  /** The context object: `$$.Execution.Input` and `StartTime` are set by the engine itself on each run. */
  private context(
    record: ExecutionRecord,
    machine: CompiledMachine,
    redrive: RedrivePoint | undefined,
  ): EngineContext {
    return {
      Execution: {
        Id: record.executionArn,
        Name: record.name,
        RoleArn: localRoleArnFor(machine.arn, machine.name),
        RedriveCount: record.redriveCount,
      },
      StateMachine: { Id: machine.arn, Name: machine.name },
      Task: { Token: TASK_TOKEN_PLACEHOLDER },
      ...(redrive === undefined ? {} : { [REDRIVE_CONTEXT_KEY]: { Input: redrive.input } }),
    };
  }

  /** Ends a run from outside (StopExecution, execution timeout) with the state it was in marked aborted. */
  private terminate(execution: Execution, run: ActiveRun, outcome: Outcome): void {
    if (run.closed) return;
    run.translator.abortOpenState();
    closeRun(run);
    this.options.tokens.closeExecution(execution.record.executionArn);
    this.complete(execution, outcome);
  }

  private complete(execution: Execution, outcome: Outcome): void {
    const record = execution.record;
    record.status = outcome.status;
    record.stopDate = Date.now();
    if (outcome.status === 'SUCCEEDED') {
      record.output = outcome.output;
      execution.history.append({
        type: 'ExecutionSucceeded',
        executionSucceededEventDetails: { output: outcome.output, outputDetails: { truncated: false } },
      });
    } else {
      const failure = optionalText({ error: outcome.error, cause: outcome.cause });
      record.error = failure.error;
      record.cause = failure.cause;
      execution.history.append(executionEndEvent(outcome.status, failure));
    }
    this.persist(execution);
  }

  private persist(execution: Execution): void {
    const { record, history } = execution;
    this.options.store.save(record.executionArn, () => ({
      version: 1,
      execution: { ...record },
      events: history.all(),
      taskTokenDigests: this.options.tokens.digestsOf(record.executionArn),
    }));
  }
}

function closeRun(run: ActiveRun): void {
  run.closed = true;
  run.timeout?.cancel();
  run.abortEngine();
  run.controller.abort(new Error('The execution is no longer running'));
}

async function translateEvents(engineRun: EngineRun, translator: EngineEventTranslator): Promise<void> {
  try {
    for await (const event of engineRun.eventLogs) translator.translate(event);
  } catch (error) {
    console.error('Step Functions: could not record an engine event', error);
  }
}

function executionEndEvent(
  status: 'FAILED' | 'ABORTED' | 'TIMED_OUT',
  failure: { error?: string; cause?: string },
): NewEvent {
  switch (status) {
    case 'FAILED':
      return { type: 'ExecutionFailed', executionFailedEventDetails: failure };
    case 'ABORTED':
      return { type: 'ExecutionAborted', executionAbortedEventDetails: failure };
    case 'TIMED_OUT':
      return { type: 'ExecutionTimedOut', executionTimedOutEventDetails: failure };
  }
}

/** Keeps only the non-empty members (AWS omits an absent error or cause). */
function optionalText(values: { error?: string | undefined; cause?: string | undefined }): {
  error?: string;
  cause?: string;
} {
  return {
    ...(values.error ? { error: values.error } : {}),
    ...(values.cause ? { cause: values.cause } : {}),
  };
}

/** The last top-level state entered, with its input; undefined when no state was entered (start over). */
function redrivePoint(events: readonly StoredEvent[], machine: CompiledMachine): RedrivePoint | undefined {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const entered = events[index]?.stateEnteredEventDetails;
    if (entered?.name === undefined || machine.state(entered.name)?.topLevel !== true) continue;
    const input = parseJson(entered.input ?? 'null');
    return { stateName: entered.name, input: input.ok ? input.value : null };
  }
  return undefined;
}
