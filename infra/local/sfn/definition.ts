import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  numberMember,
  stringMember,
} from '#local/sfn/json.ts';
import { classifyResource, type Integration, SUPPORTED_RESOURCES } from '#local/sfn/resources.ts';

/**
 * Reads an ASL definition into what the local service needs (a plan per Task and Wait state) and derives the
 * definitions the engine actually runs. The engine (aws-local-stepfunctions) gets a rewritten copy because
 * some of its built-in timing cannot be steered from outside:
 * - a Task without TimeoutSeconds times out after 60 s there, while AWS's default is 99999999 s;
 * - a Wait or timeout longer than 24.8 days overflows setTimeout and fires after 1 ms;
 * - retry intervals cannot be scaled without losing BackoffRate (`retryIntervalOverrides` is one fixed delay);
 * - a Wait by SecondsPath/TimestampPath cannot be scaled by `waitTimeOverrides`, which sees no input.
 * So Task timeouts, Waits (run as local handlers) and the execution timeout are enforced by this service, and
 * retry intervals are scaled in the copy.
 */

export type StateType = 'Task' | 'Parallel' | 'Map' | 'Pass' | 'Wait' | 'Choice' | 'Succeed' | 'Fail';

const STATE_TYPES: ReadonlySet<string> = new Set<StateType>([
  'Task',
  'Parallel',
  'Map',
  'Pass',
  'Wait',
  'Choice',
  'Succeed',
  'Fail',
]);

export interface StateInfo {
  readonly name: string;
  readonly type: StateType;
  /** True for states in the machine's own `States`, false inside a Map or Parallel. */
  readonly topLevel: boolean;
  readonly definition: JsonObject;
}

export interface TaskPlan {
  readonly stateName: string;
  readonly resource: string;
  readonly integration: Integration;
  readonly timeoutSeconds?: number;
  readonly timeoutSecondsPath?: string;
  readonly heartbeatSeconds?: number;
  readonly heartbeatSecondsPath?: string;
}

export interface WaitPlan {
  readonly stateName: string;
  readonly seconds?: number;
  readonly secondsPath?: string;
  readonly timestamp?: string;
  readonly timestampPath?: string;
}

export interface MachinePlan {
  readonly startAt: string;
  /** Every state by name; ASL requires names to be unique across the whole machine. */
  readonly states: ReadonlyMap<string, StateInfo>;
  readonly tasks: ReadonlyMap<string, TaskPlan>;
  readonly waits: ReadonlyMap<string, WaitPlan>;
  readonly executionTimeoutSeconds?: number;
}

/** The Resource the engine sees for a Wait state run by a local handler; never called as a real ARN. */
export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::partnerflow:wait';
/** The state a redrive run starts at: it swaps the execution input for the redriven state's input. */
export const REDRIVE_ENTRY_STATE = 'PartnerFlowRedriveEntry';
/** The context member holding that input (`$$.PartnerFlowRedrive.Input`). */
export const REDRIVE_CONTEXT_KEY = 'PartnerFlowRedrive';
/**
 * A Task with TimeoutSecondsPath or HeartbeatSecondsPath gets its Parameters wrapped so that the engine resolves
 * those paths against the state's input (as AWS does) next to the Parameters; the handler unwraps them.
 */
export const WRAPPED_PARAMETERS = 'partnerflowParameters';
export const WRAPPED_TIMEOUT_SECONDS = 'partnerflowTimeoutSeconds';
export const WRAPPED_HEARTBEAT_SECONDS = 'partnerflowHeartbeatSeconds';
/**
 * The timeout the engine's own Task timer gets: the longest setTimeout allows, so the service's timer (which
 * honours the declared value, scaled, or none) always decides first.
 */
export const ENGINE_TASK_TIMEOUT_SECONDS = 2_147_483;

/** Reads a definition into its plans, failing with a message that names the state for anything unsupported. */
export function planMachine(machineName: string, definition: JsonObject): MachinePlan {
  const where = `State machine "${machineName}"`;
  if (definition.QueryLanguage === 'JSONata') {
    throw new Error(`${where} uses JSONata; the local engine runs JSONPath definitions only`);
  }
  const startAt = stringMember(definition, 'StartAt');
  if (startAt === undefined) throw new Error(`${where} has no StartAt`);
  const states = new Map<string, StateInfo>();
  const tasks = new Map<string, TaskPlan>();
  const waits = new Map<string, WaitPlan>();
  for (const info of walkStates(where, definition, true)) {
    if (states.has(info.name)) {
      throw new Error(
        `${where} has two states named "${info.name}"; state names must be unique in a machine`,
      );
    }
    states.set(info.name, info);
    if (info.definition.QueryLanguage === 'JSONata') {
      throw new Error(`${where}: state "${info.name}" uses JSONata; the local engine runs JSONPath only`);
    }
    if (info.type === 'Task') tasks.set(info.name, planTask(where, info));
    if (info.type === 'Wait') waits.set(info.name, planWait(info));
  }
  const executionTimeoutSeconds = numberMember(definition, 'TimeoutSeconds');
  return {
    startAt,
    states,
    tasks,
    waits,
    ...(executionTimeoutSeconds === undefined ? {} : { executionTimeoutSeconds }),
  };
}

function* walkStates(where: string, container: JsonObject, topLevel: boolean): Generator<StateInfo> {
  const states = container.States;
  if (!isJsonObject(states)) throw new Error(`${where} has a States block that is not an object`);
  for (const [name, state] of Object.entries(states)) {
    if (!isJsonObject(state) || typeof state.Type !== 'string' || !STATE_TYPES.has(state.Type)) {
      throw new Error(`${where}: state "${name}" has no valid Type`);
    }
    yield { name, type: state.Type as StateType, topLevel, definition: state };
    for (const nested of nestedMachines(state)) yield* walkStates(where, nested, false);
  }
}

function nestedMachines(state: JsonObject): JsonObject[] {
  if (state.Type === 'Map') {
    const processor = state.ItemProcessor ?? state.Iterator;
    return isJsonObject(processor) ? [processor] : [];
  }
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) return state.Branches.filter(isJsonObject);
  return [];
}

function planTask(where: string, info: StateInfo): TaskPlan {
  const resource = stringMember(info.definition, 'Resource') ?? '';
  const integration = classifyResource(resource);
  if (integration === undefined) {
    throw new Error(
      `${where}: state "${info.name}" uses resource "${resource}", which the local Step Functions service ` +
        `does not run (supported: ${SUPPORTED_RESOURCES.join(', ')})`,
    );
  }
  const state = info.definition;
  return {
    stateName: info.name,
    resource,
    integration,
    ...optional('timeoutSeconds', numberMember(state, 'TimeoutSeconds')),
    ...optional('timeoutSecondsPath', stringMember(state, 'TimeoutSecondsPath')),
    ...optional('heartbeatSeconds', numberMember(state, 'HeartbeatSeconds')),
    ...optional('heartbeatSecondsPath', stringMember(state, 'HeartbeatSecondsPath')),
  };
}

function planWait(info: StateInfo): WaitPlan {
  const state = info.definition;
  return {
    stateName: info.name,
    ...optional('seconds', numberMember(state, 'Seconds')),
    ...optional('secondsPath', stringMember(state, 'SecondsPath')),
    ...optional('timestamp', stringMember(state, 'Timestamp')),
    ...optional('timestampPath', stringMember(state, 'TimestampPath')),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export interface EngineDefinitionOptions {
  /** Multiplies retry intervals and MaxDelaySeconds. */
  readonly timeScale: number;
  /** Start here instead of StartAt, with the input found at `$$.PartnerFlowRedrive.Input`. */
  readonly redriveFrom?: string;
}

/** The copy of a definition the engine runs (see the module comment for why it differs). */
export function engineDefinition(definition: JsonObject, options: EngineDefinitionOptions): JsonObject {
  const { TimeoutSeconds: _executionTimeout, ...rest } = definition;
  const states = rewriteStates(rest.States, options.timeScale);
  if (options.redriveFrom === undefined) return { ...rest, States: states };
  return {
    ...rest,
    StartAt: REDRIVE_ENTRY_STATE,
    States: {
      ...states,
      [REDRIVE_ENTRY_STATE]: {
        Type: 'Pass',
        InputPath: `$$.${REDRIVE_CONTEXT_KEY}.Input`,
        Next: options.redriveFrom,
      },
    },
  };
}

function rewriteStates(states: JsonValue | undefined, timeScale: number): JsonObject {
  const result: JsonObject = {};
  if (!isJsonObject(states)) return result;
  for (const [name, state] of Object.entries(states)) {
    result[name] = isJsonObject(state) ? rewriteState(state, timeScale) : state;
  }
  return result;
}

function rewriteState(state: JsonObject, timeScale: number): JsonObject {
  if (state.Type === 'Wait') return waitAsLocalTask(state);
  const rewritten: JsonObject = { ...state };
  if (state.Type === 'Task') {
    const timeoutPath = stringMember(state, 'TimeoutSecondsPath');
    const heartbeatPath = stringMember(state, 'HeartbeatSecondsPath');
    if (timeoutPath !== undefined || heartbeatPath !== undefined) {
      rewritten.Parameters = {
        ...(state.Parameters === undefined
          ? { [`${WRAPPED_PARAMETERS}.$`]: '$' }
          : { [WRAPPED_PARAMETERS]: state.Parameters }),
        ...(timeoutPath === undefined ? {} : { [`${WRAPPED_TIMEOUT_SECONDS}.$`]: timeoutPath }),
        ...(heartbeatPath === undefined ? {} : { [`${WRAPPED_HEARTBEAT_SECONDS}.$`]: heartbeatPath }),
      };
    }
    delete rewritten.TimeoutSecondsPath;
    delete rewritten.HeartbeatSeconds;
    delete rewritten.HeartbeatSecondsPath;
    rewritten.TimeoutSeconds = ENGINE_TASK_TIMEOUT_SECONDS;
  }
  if (Array.isArray(state.Retry)) {
    rewritten.Retry = state.Retry.map((retrier) =>
      isJsonObject(retrier) ? scaleRetrier(retrier, timeScale) : retrier,
    );
  }
  if (state.Type === 'Map') {
    const key = isJsonObject(state.ItemProcessor) ? 'ItemProcessor' : 'Iterator';
    const processor = state[key];
    if (isJsonObject(processor))
      rewritten[key] = { ...processor, States: rewriteStates(processor.States, timeScale) };
  }
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
    rewritten.Branches = state.Branches.map((branch) =>
      isJsonObject(branch) ? { ...branch, States: rewriteStates(branch.States, timeScale) } : branch,
    );
  }
  return rewritten;
}

/** A Wait becomes a Task with the same InputPath/OutputPath/Next/End, run by the service's wait handler. */
function waitAsLocalTask(state: JsonObject): JsonObject {
  const task: JsonObject = {
    Type: 'Task',
    Resource: LOCAL_WAIT_RESOURCE,
    TimeoutSeconds: ENGINE_TASK_TIMEOUT_SECONDS,
  };
  for (const key of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) {
    const value = state[key];
    if (value !== undefined) task[key] = value;
  }
  return task;
}

function scaleRetrier(retrier: JsonObject, timeScale: number): JsonObject {
  const scaled: JsonObject = {
    ...retrier,
    IntervalSeconds: (numberMember(retrier, 'IntervalSeconds') ?? 1) * timeScale,
  };
  const maxDelay = numberMember(retrier, 'MaxDelaySeconds');
  if (maxDelay !== undefined) scaled.MaxDelaySeconds = maxDelay * timeScale;
  return scaled;
}
