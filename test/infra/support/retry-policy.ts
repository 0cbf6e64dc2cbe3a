/**
 * PartnerFlow's retry policy for Task states, as a checker over ASL definitions (test/infra/retry-policy.test.ts
 * runs it on every workflows/*.asl.json, so a new workflow is held to it the day it lands):
 *
 * 1. Every Task retries the errors that are transient for its integration, in one retrier with backoff
 *    (IntervalSeconds >= 1, BackoffRate >= 1.5, 2-10 attempts), a MaxDelaySeconds and full jitter.
 * 2. No retrier retries an error that is not transient (States.ALL, States.TaskFailed, business errors
 *    `PartnerFlow.<Rule>`): those go straight to a Catch.
 * 3. Every Task catches States.ALL (last), so whatever the retries did not fix leads to a state that records the
 *    outcome (a compensation, a recorded failure). Two kinds of Task may go without, because for them the
 *    execution's own FAILED (at that very step, with its error and cause) is the record, and a redrive re-runs
 *    just that step, which a Catch into a Fail state would prevent: a Task before any work was done (no Task
 *    leads to it) and a Task after all the work is done (no Task follows it).
 */

/** The errors each kind of Task integration reports when a later attempt may succeed. */
export const TRANSIENT_ERRORS = {
  // Handlers turn throttling, 5xx and dropped connections into PartnerFlow.Transient (functions/lib/workflows/errors.ts);
  // the Lambda.* errors are the Lambda service's own (AWS recommends retrying them on every Lambda task).
  lambda: [
    'PartnerFlow.Transient',
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
  ],
  // Direct SDK integrations report `<Service>.<Exception>`.
  dynamodb: [
    'DynamoDB.ProvisionedThroughputExceededException',
    'DynamoDB.ThrottlingException',
    'DynamoDB.RequestLimitExceeded',
    'DynamoDB.InternalServerError',
  ],
  startExecution: ['StepFunctions.ThrottlingException', 'StepFunctions.ExecutionLimitExceededException'],
} as const;

export type IntegrationKind = keyof typeof TRANSIENT_ERRORS;

/** Errors no retry can fix; a Retry that lists one wastes attempts and delays the Catch. */
const NEVER_RETRIED = new Set([
  'States.ALL',
  'States.TaskFailed',
  'States.Permissions',
  'States.Runtime',
  'States.DataLimitExceeded',
  'States.ResultPathMatchFailure',
  'States.ParameterPathFailure',
  'States.QueryEvaluationError',
]);
const isBusinessError = (name: string) => name.startsWith('PartnerFlow.') && name !== 'PartnerFlow.Transient';

type Json = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Which transient errors a Task's Resource calls for; undefined for a resource the policy does not know. */
export function integrationOf(resource: unknown): IntegrationKind | undefined {
  if (typeof resource !== 'string') return undefined;
  if (
    /^\$\{[A-Za-z0-9]+FunctionArn\}$/.test(resource) ||
    resource.startsWith('arn:aws:states:::lambda:invoke')
  ) {
    return 'lambda';
  }
  if (resource.startsWith('arn:aws:states:::dynamodb:')) return 'dynamodb';
  if (resource.startsWith('arn:aws:states:::states:startExecution')) return 'startExecution';
  return undefined;
}

interface StateAt {
  readonly path: string;
  readonly name: string;
  readonly state: Json;
  /** The states of the same States object (one graph of transitions). */
  readonly siblings: Json;
}

/** Every state, nested ones (Map, Parallel) included, with a readable path. */
function allStates(states: unknown, prefix = ''): StateAt[] {
  if (!isRecord(states)) return [];
  return Object.entries(states).flatMap(([name, state]) => {
    if (!isRecord(state)) return [];
    const path = `${prefix}${name}`;
    const nested: StateAt[] = [];
    for (const processor of [state.ItemProcessor, state.Iterator]) {
      if (isRecord(processor)) nested.push(...allStates(processor.States, `${path} > `));
    }
    records(state.Branches).forEach((branch, index) => {
      nested.push(...allStates(branch.States, `${path} > branch ${index + 1} > `));
    });
    return [{ path, name, state, siblings: states }, ...nested];
  });
}

/** The states a state may go to: Next, a Choice's rules and Default, and its catchers. */
function successors(state: Json): string[] {
  const targets = [state.Next, state.Default, ...records(state.Choices).map((rule) => rule.Next)];
  targets.push(...records(state.Catch).map((catcher) => catcher.Next));
  return targets.filter((target): target is string => typeof target === 'string');
}

/** Every state reachable in one step or more from `from`. */
function reachableFrom(from: readonly string[], states: Json): Set<string> {
  const seen = new Set<string>();
  const queue = [...from];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const state = states[name];
    if (!isRecord(state)) continue;
    for (const next of successors(state)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

const isTask = (states: Json, name: string) => isRecord(states[name]) && states[name].Type === 'Task';

/** No work was done before it (no Task leads to it), or none is left after it (no Task follows it). */
function failsAloneSafely({ name, siblings }: StateAt): boolean {
  const tasks = Object.keys(siblings).filter((candidate) => isTask(siblings, candidate));
  const afterSomeTask = reachableFrom(tasks, siblings);
  if (!afterSomeTask.has(name)) return true;
  return ![...reachableFrom([name], siblings)].some((next) => isTask(siblings, next));
}

function retryProblems(path: string, state: Json, kind: IntegrationKind): string[] {
  const problems: string[] = [];
  const retriers = records(state.Retry);
  for (const retrier of retriers) {
    const wasted = strings(retrier.ErrorEquals).filter(
      (name) => NEVER_RETRIED.has(name) || isBusinessError(name),
    );
    if (wasted.length > 0) {
      problems.push(`${path}: retries ${wasted.join(', ')}, which no retry can fix (Catch it instead)`);
    }
  }
  const wanted: readonly string[] = TRANSIENT_ERRORS[kind];
  const standard = retriers.find((retrier) =>
    wanted.every((name) => strings(retrier.ErrorEquals).includes(name)),
  );
  if (standard === undefined) {
    problems.push(
      `${path}: no retrier covers the transient errors of its integration (${wanted.join(', ')})`,
    );
    return problems;
  }
  const number = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  // The AWS defaults apply to absent fields: IntervalSeconds 1, BackoffRate 2, MaxAttempts 3.
  if (number(standard.IntervalSeconds, 1) < 1) problems.push(`${path}: IntervalSeconds must be at least 1`);
  if (number(standard.BackoffRate, 2) < 1.5) problems.push(`${path}: BackoffRate must be at least 1.5`);
  const attempts = number(standard.MaxAttempts, 3);
  if (attempts < 2 || attempts > 10) problems.push(`${path}: MaxAttempts must be 2-10 (it is ${attempts})`);
  if (typeof standard.MaxDelaySeconds !== 'number')
    problems.push(`${path}: the retrier needs a MaxDelaySeconds`);
  if (standard.JitterStrategy !== 'FULL') problems.push(`${path}: the retrier needs JitterStrategy FULL`);
  return problems;
}

function catchProblems(at: StateAt): string[] {
  const catchers = records(at.state.Catch);
  const last = catchers.at(-1);
  if (last !== undefined && strings(last.ErrorEquals).includes('States.ALL')) return [];
  if (catchers.some((catcher) => strings(catcher.ErrorEquals).includes('States.ALL'))) {
    return [`${at.path}: States.ALL must be the last catcher (ASL requires it)`];
  }
  if (failsAloneSafely(at)) return [];
  return [
    `${at.path}: no Catch for States.ALL; what the retries do not fix must lead to a state that records the outcome`,
  ];
}

/** Every way a definition breaks the retry policy; empty when it keeps it. */
export function retryPolicyProblems(definition: unknown): string[] {
  if (!isRecord(definition)) return ['the definition is not a JSON object'];
  return allStates(definition.States).flatMap((at) => {
    if (at.state.Type !== 'Task') return [];
    const kind = integrationOf(at.state.Resource);
    if (kind === undefined) {
      return [
        `${at.path}: the retry policy does not know the transient errors of ${String(at.state.Resource)}`,
      ];
    }
    return [...retryProblems(at.path, at.state, kind), ...catchProblems(at)];
  });
}
