import '#local/polyfills.ts';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import {
  engineDefinition,
  LOCAL_WAIT_RESOURCE,
  type MachinePlan,
  planMachine,
  type StateInfo,
  type TaskPlan,
  type WaitPlan,
} from '#local/sfn/definition.ts';
import { isJsonObject, type JsonObject, type JsonValue, parseJson } from '#local/sfn/json.ts';

/** The engine's handle on one run. */
export type EngineRun = ReturnType<StateMachine['run']>;
/** An entry of `EngineRun.eventLogs`: the engine's own event vocabulary (StateEntered, MapIterationStarted, …). */
export type EngineEvent = EngineRun['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;
type RunOptions = NonNullable<Parameters<StateMachine['run']>[1]>;
export type EngineContext = NonNullable<RunOptions['context']>;
/** A local handler per Task state name: it receives the state's effective input and returns its result. */
export type LocalHandlers = Record<string, (input: JsonValue) => Promise<JsonValue>>;

export interface MachineSource {
  readonly name: string;
  readonly arn: string;
  readonly definition: string;
}

/**
 * A state machine loaded once: its definition validated by the engine (the costly part, done here only), its
 * plans read, and the engine instances it runs built lazily and cached per (start state, time scale).
 */
export class CompiledMachine {
  readonly name: string;
  readonly arn: string;
  readonly definitionText: string;
  readonly creationDate = Date.now();
  readonly plan: MachinePlan;
  private readonly definition: JsonObject;
  private readonly engines = new Map<string, StateMachine>();

  constructor(source: MachineSource) {
    this.name = source.name;
    this.arn = source.arn;
    this.definitionText = source.definition;
    const parsed = parseJson(source.definition);
    if (!parsed.ok || !isJsonObject(parsed.value)) {
      throw new Error(`State machine "${source.name}" has a definition that is not a JSON object`);
    }
    this.definition = parsed.value;
    this.plan = planMachine(source.name, parsed.value);
    validateOnce(source.name, source.definition, parsed.value);
  }

  state(name: string): StateInfo | undefined {
    return this.plan.states.get(name);
  }

  /** The engine for a run; `redriveFrom` makes a run that starts at that state (see definition.ts). */
  engine(timeScale: number, redriveFrom?: string): StateMachine {
    const key = `${redriveFrom ?? ''}\u0000${timeScale}`;
    let engine = this.engines.get(key);
    if (engine === undefined) {
      const definition = engineDefinition(this.definition, {
        timeScale,
        ...(redriveFrom === undefined ? {} : { redriveFrom }),
      });
      engine = new StateMachine(definition as unknown as StateMachineDefinition, {
        validationOptions: { noValidate: true },
      });
      this.engines.set(key, engine);
    }
    return engine;
  }

  get tasks(): ReadonlyMap<string, TaskPlan> {
    return this.plan.tasks;
  }

  get waits(): ReadonlyMap<string, WaitPlan> {
    return this.plan.waits;
  }
}

/** Definition texts the engine has already validated in this process (a restarted service skips them). */
const validatedDefinitions = new Set<string>();

function validateOnce(name: string, text: string, definition: JsonObject): void {
  if (validatedDefinitions.has(text)) return;
  try {
    // Validation only: the instance that runs is built from the rewritten copy, without validating again.
    new StateMachine(definition as unknown as StateMachineDefinition);
  } catch (error) {
    throw new Error(`State machine "${name}": ${error instanceof Error ? error.message : String(error)}`);
  }
  validatedDefinitions.add(text);
}

/** The error an engine run failed with: the state's error name and cause, as the engine recorded them. */
export function engineFailure(error: unknown): { readonly error?: string; readonly cause?: string } {
  const inner = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  if (!(inner instanceof Error)) return { error: 'States.Runtime', cause: String(inner) };
  // A Fail state without Error/Cause reaches us with the engine's placeholders; AWS reports neither.
  return {
    ...(inner.name === 'FailStateError' ? {} : { error: inner.name }),
    ...(inner.message === 'Execution failed because of a Fail state' ? {} : { cause: inner.message }),
  };
}

type TimeoutErrorClass = new () => Error;
let timeoutErrorClass: Promise<TimeoutErrorClass> | undefined;

/**
 * The engine's own States.Timeout error class, which it does not export. Retry and Catch treat it specially
 * (`States.TaskFailed` must not match a timeout, as in AWS), so timeouts raised by this service have to be
 * instances of it: one tiny run that times out hands it over.
 */
export function engineTimeoutErrorClass(): Promise<TimeoutErrorClass> {
  timeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      {
        StartAt: 'Probe',
        States: { Probe: { Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, TimeoutSeconds: 0.001, End: true } },
      },
      { validationOptions: { noValidate: true } },
    );
    const run = probe.run(null, {
      overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => {}) } },
    });
    const failure = await run.result.then(
      () => undefined,
      (error: unknown) => error,
    );
    const cause = failure instanceof ExecutionError ? failure.cause : undefined;
    if (!(cause instanceof Error) || cause.name !== 'States.Timeout') {
      throw new Error('aws-local-stepfunctions did not raise States.Timeout as expected; check its version');
    }
    return cause.constructor as TimeoutErrorClass;
  })();
  return timeoutErrorClass;
}
