// An execution's history read as ops read it: which states ran, how long each took, how often it was retried,
// where it failed, and the path it took through the graph. Pure: the console and the CLI share it.
import { type AslGraph, END_NODE, START_NODE } from '#infra/ops/asl-graph.ts';
import { edgeKey, type PathHighlight } from '#infra/ops/graph-svg.ts';

interface ErrorDetails {
  readonly error?: string;
  readonly cause?: string;
}

/** The members of a Step Functions history event this module reads (the SDK's HistoryEvent fits). */
export interface OpsHistoryEvent {
  readonly id?: number;
  readonly type?: string;
  readonly timestamp?: Date;
  readonly stateEnteredEventDetails?: { readonly name?: string };
  readonly stateExitedEventDetails?: { readonly name?: string };
  readonly taskFailedEventDetails?: ErrorDetails;
  readonly taskTimedOutEventDetails?: ErrorDetails;
  readonly lambdaFunctionFailedEventDetails?: ErrorDetails;
  readonly lambdaFunctionTimedOutEventDetails?: ErrorDetails;
  readonly executionFailedEventDetails?: ErrorDetails;
  readonly executionAbortedEventDetails?: ErrorDetails;
  readonly executionTimedOutEventDetails?: ErrorDetails;
}

export type StepStatus = 'succeeded' | 'caught' | 'failed' | 'aborted' | 'running';

export interface TimelineStep {
  readonly name: string;
  readonly enteredAt: Date;
  /** Undefined while the state runs, or when the execution ended inside it. */
  readonly exitedAt?: Date;
  /** Until the exit, or until the execution ended in it; undefined while it runs (count from `enteredAt`). */
  readonly durationMs?: number;
  readonly status: StepStatus;
  /** Task attempts (1 + retries); 0 for states that run no task. */
  readonly attempts: number;
  /** Every failed attempt, oldest first (a retried attempt, a caught one, the last one). */
  readonly errors: readonly { readonly error: string; readonly cause: string }[];
}

export type MilestoneKind = 'started' | 'redriven' | 'succeeded' | 'failed' | 'aborted' | 'timed-out';

export interface Milestone {
  readonly kind: MilestoneKind;
  readonly at: Date;
  readonly error?: string;
  readonly cause?: string;
}

export interface Timeline {
  readonly steps: readonly TimelineStep[];
  readonly milestones: readonly Milestone[];
}

interface OpenStep {
  readonly name: string;
  readonly enteredAt: Date;
  attempts: number;
  readonly errors: { error: string; cause: string }[];
}

const ENDINGS: Readonly<Record<string, MilestoneKind>> = {
  ExecutionSucceeded: 'succeeded',
  ExecutionFailed: 'failed',
  ExecutionAborted: 'aborted',
  ExecutionTimedOut: 'timed-out',
};

function failureOf(event: OpsHistoryEvent): ErrorDetails | undefined {
  return (
    event.taskFailedEventDetails ??
    event.taskTimedOutEventDetails ??
    event.lambdaFunctionFailedEventDetails ??
    event.lambdaFunctionTimedOutEventDetails
  );
}

/**
 * Reads a history (oldest first) into the states that ran, in the order they were entered, and the execution's
 * milestones. A task failure belongs to the state entered last that is still open; a state still open when the
 * execution ended failed there (aborted for a stop).
 */
export function timelineOf(events: readonly OpsHistoryEvent[]): Timeline {
  const steps: (TimelineStep | OpenStep)[] = [];
  const open: OpenStep[] = [];
  const milestones: Milestone[] = [];
  const close = (step: OpenStep, at: Date | undefined, status: StepStatus, exited: boolean) => {
    const index = steps.indexOf(step);
    const durationMs = at === undefined ? undefined : Math.max(0, at.getTime() - step.enteredAt.getTime());
    steps[index] = {
      name: step.name,
      enteredAt: step.enteredAt,
      ...(exited && at !== undefined ? { exitedAt: at } : {}),
      ...(durationMs === undefined ? {} : { durationMs }),
      status,
      attempts: step.attempts,
      errors: step.errors,
    };
    open.splice(open.indexOf(step), 1);
  };

  for (const event of events) {
    const type = event.type ?? '';
    const at = event.timestamp ?? new Date(0);
    if (type.endsWith('StateEntered')) {
      const step: OpenStep = {
        name: event.stateEnteredEventDetails?.name ?? '?',
        enteredAt: at,
        attempts: 0,
        errors: [],
      };
      steps.push(step);
      open.push(step);
    } else if (type.endsWith('StateExited')) {
      const name = event.stateExitedEventDetails?.name;
      const step = [...open].reverse().find((candidate) => candidate.name === name);
      if (step !== undefined) {
        // A state that exits after its last attempt failed took a Catch.
        const lastFailed = step.errors.length > 0 && step.errors.length >= step.attempts && step.attempts > 0;
        close(step, at, lastFailed ? 'caught' : 'succeeded', true);
      }
    } else if (type === 'TaskScheduled' || type === 'LambdaFunctionScheduled') {
      const step = open.at(-1);
      if (step !== undefined) step.attempts += 1;
    } else if (failureOf(event) !== undefined) {
      const failure = failureOf(event);
      open.at(-1)?.errors.push({ error: failure?.error ?? 'unknown', cause: failure?.cause ?? '' });
    } else if (type === 'ExecutionStarted' || type === 'ExecutionRedriven') {
      milestones.push({ kind: type === 'ExecutionStarted' ? 'started' : 'redriven', at });
    } else if (ENDINGS[type] !== undefined) {
      const kind = ENDINGS[type];
      const details =
        event.executionFailedEventDetails ??
        event.executionAbortedEventDetails ??
        event.executionTimedOutEventDetails;
      milestones.push({
        kind,
        at,
        ...(details?.error === undefined ? {} : { error: details.error }),
        ...(details?.cause === undefined ? {} : { cause: details.cause }),
      });
      const status: StepStatus =
        kind === 'aborted' ? 'aborted' : kind === 'succeeded' ? 'succeeded' : 'failed';
      for (const step of [...open].reverse()) close(step, at, status, false);
    }
  }
  for (const step of [...open]) {
    steps[steps.indexOf(step)] = { ...step, status: 'running' };
  }
  return { steps: steps as TimelineStep[], milestones };
}

/**
 * The path an execution took through its top-level graph: the states it entered, the edges between states it
 * entered one after the other, where it failed or where it is now.
 */
export function pathHighlight(graph: AslGraph, timeline: Timeline): PathHighlight {
  const topLevel = new Set(graph.states.map((state) => state.name));
  const path = timeline.steps.filter((step) => topLevel.has(step.name));
  const visited = new Set<string>(path.length === 0 ? [] : [START_NODE, ...path.map((step) => step.name)]);
  const taken = new Set<string>();
  let previous = path.length > 0 ? START_NODE : undefined;
  for (const step of path) {
    if (previous !== undefined && previous !== step.name) taken.add(edgeKey(previous, step.name));
    previous = step.name;
  }
  const ending = timeline.milestones.at(-1);
  const last = path.at(-1);
  if (ending?.kind === 'succeeded' && last !== undefined) {
    visited.add(END_NODE);
    taken.add(edgeKey(last.name, END_NODE));
  }
  const failedStep = [...path]
    .reverse()
    .find((step) => step.status === 'failed' || step.status === 'aborted');
  const running = [...path].reverse().find((step) => step.status === 'running');
  const stopped =
    ending !== undefined &&
    ending.kind !== 'started' &&
    ending.kind !== 'redriven' &&
    ending.kind !== 'succeeded';
  return {
    visited,
    taken,
    ...(stopped && failedStep !== undefined ? { failed: failedStep.name } : {}),
    ...(running === undefined ? {} : { current: running.name }),
  };
}
