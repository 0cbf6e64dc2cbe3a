import type { WorkflowName } from '#catalog/types.ts';
import type { WorkflowTimeOverrides } from '#local/runtime.ts';
import type { TestRuntime } from '#test/support/runtime.ts';

/** What a path's `run` gets: a started runtime with one partner and its keys. */
export interface PathContext {
  readonly runtime: TestRuntime;
  readonly partnerId: string;
  readonly partnerKey: string;
  readonly managerKey: string;
  /**
   * Starts the measurement over: a path that first prepares what a client would already have (an authorized
   * seller, seeded creators) calls it once that is done, so the preparation is not billed to the path. The
   * suite calls it before `run`.
   */
  beginMeasurement(): Promise<void>;
}

/**
 * Something an execution waits for, and how long it waits in real life (for the one-Lambda-per-step comparison):
 * a `person` (a task token: a manager's review, an appeal) or a `timer` (a Wait state until a date or for a
 * duration).
 */
export interface PathWait {
  readonly state: string;
  readonly kind: 'person' | 'timer';
  readonly seconds: number;
  readonly why: string;
}

/** One execution a path ran: most paths run one, a cancellation runs the launch and its cancel. */
export interface ExecutionRef {
  readonly workflow: WorkflowName;
  readonly executionId: string;
  /** Still running, parked at a long wait: its states so far are counted (`run` waited for it to park). */
  readonly running?: boolean;
}

/**
 * One path through one workflow, as data: how to start and drive it, and the states it must take (a run that
 * takes another path fails the bench). States inside a Map or a Parallel run concurrently, so the states are
 * compared as a multiset; each execution's states are listed in the order of `run`'s answer.
 */
export interface WorkflowPath {
  readonly workflow: WorkflowName;
  readonly name: string;
  readonly expectedStates: readonly string[];
  /** Time overrides while the path runs (e.g. a review time-out in milliseconds). */
  readonly time?: WorkflowTimeOverrides;
  readonly waits?: readonly PathWait[];
  /** Runs of this path in the full bench when fewer than the bench's repeat (a slow path). */
  readonly maxRepeat?: number;
  /** A run that serves several items (a weekly run's partners): the cost is also shown per item. */
  readonly perItem?: { readonly count: number; readonly unit: string };
  /**
   * Starts the execution(s) the way a client would and drives them to their end; answers the execution id (of
   * `workflow`) or every execution the path ran.
   */
  run(context: PathContext): Promise<string | readonly ExecutionRef[]>;
}
