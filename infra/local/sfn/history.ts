import type { StateInfo, StateType } from '#local/sfn/definition.ts';
import type { CompiledMachine, EngineEvent } from '#local/sfn/engine.ts';
import { type JsonObject, type JsonValue, stringMember } from '#local/sfn/json.ts';
import type { HistoryEventType, NewEvent, StoredEvent } from '#local/sfn/model.ts';
import { readPath } from '#local/sfn/reference-path.ts';

/** An execution's event history: append-only, ids from 1, each event pointing at the one before it. */
export class HistoryLog {
  private readonly events: StoredEvent[];

  constructor(events: readonly StoredEvent[] = []) {
    this.events = [...events];
  }

  append(event: NewEvent): StoredEvent {
    const last = this.events.at(-1);
    const stored: StoredEvent = {
      ...event,
      id: (last?.id ?? 0) + 1,
      previousEventId: last?.id ?? 0,
      timestamp: Date.now(),
    };
    this.events.push(stored);
    return stored;
  }

  all(): readonly StoredEvent[] {
    return this.events;
  }
}

/** State data as history events carry it: JSON text. */
export function dataText(value: JsonValue | undefined): string {
  return JSON.stringify(value ?? null);
}

const NOT_TRUNCATED = { truncated: false } as const;

const ENTERED: Readonly<Record<StateType, HistoryEventType>> = {
  Task: 'TaskStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
  Pass: 'PassStateEntered',
  Wait: 'WaitStateEntered',
  Choice: 'ChoiceStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
};

const EXITED: Readonly<Partial<Record<StateType, HistoryEventType>>> = {
  Task: 'TaskStateExited',
  Parallel: 'ParallelStateExited',
  Map: 'MapStateExited',
  Pass: 'PassStateExited',
  Wait: 'WaitStateExited',
  Choice: 'ChoiceStateExited',
  Succeed: 'SucceedStateExited',
};

const ABORTED: Readonly<Partial<Record<StateType, HistoryEventType>>> = {
  Task: 'TaskStateAborted',
  Parallel: 'ParallelStateAborted',
  Map: 'MapStateAborted',
  Wait: 'WaitStateAborted',
};

/**
 * Turns the engine's event log (`execution.eventLogs`) into Step Functions history events: `<Kind>StateEntered`
 * / `Exited` with the state's real kind (Waits run as local Tasks), Map and Parallel start/succeed/fail events
 * and MapIteration* events. Execution-level events and Task* events are written by the service itself, which
 * knows the outcome and the integration. (A caught error needs nothing here: the engine exits the state with
 * the Catch output, as AWS does.)
 */
export class EngineEventTranslator {
  /** Map and Parallel states (by name and Map index) whose last attempt failed, so their exit is no success. */
  private readonly failedContainers = new Set<string>();
  private openTopLevelState: StateInfo | undefined;

  constructor(
    private readonly machine: CompiledMachine,
    private readonly record: (event: NewEvent) => void,
  ) {}

  translate(event: EngineEvent): void {
    switch (event.type) {
      case 'StateEntered':
        this.entered(event.state.name, event.state.input, event.index);
        return;
      case 'StateExited':
        this.exited(event.state.name, event.state.output, event.index);
        return;
      case 'StateFailed':
        this.failed(event.state.name, event.index);
        return;
      case 'StateRetried':
        this.retried(event.state.name, event.index, event.state.input);
        return;
      case 'MapIterationStarted':
        this.record({ type: 'MapIterationStarted', mapIterationStartedEventDetails: iteration(event) });
        return;
      case 'MapIterationSucceeded':
        this.record({ type: 'MapIterationSucceeded', mapIterationSucceededEventDetails: iteration(event) });
        return;
      case 'MapIterationFailed':
        this.record({ type: 'MapIterationFailed', mapIterationFailedEventDetails: iteration(event) });
        return;
      default:
        // Execution* events come from the service; ParallelBranch* and StateCaught have no AWS counterpart.
        return;
    }
  }

  /** `<Kind>StateAborted` for the top-level state that was running when the execution was stopped. */
  abortOpenState(): void {
    const open = this.openTopLevelState;
    this.openTopLevelState = undefined;
    const type = open === undefined ? undefined : ABORTED[open.type];
    if (type !== undefined) this.record({ type });
  }

  private entered(name: string, input: JsonValue, index: number | undefined): void {
    const state = this.machine.state(name);
    if (state === undefined) return; // the redrive entry state, which is ours, not the machine's
    if (state.topLevel) this.openTopLevelState = state;
    this.failedContainers.delete(containerKey(name, index));
    this.record({
      type: ENTERED[state.type],
      stateEnteredEventDetails: { name, input: dataText(input), inputDetails: NOT_TRUNCATED },
    });
    this.recordStart(state, input);
  }

  private recordStart(state: StateInfo, input: JsonValue): void {
    if (state.type === 'Map') {
      const length = mapLength(state.definition, input);
      this.record({
        type: 'MapStateStarted',
        mapStateStartedEventDetails: length === undefined ? {} : { length },
      });
    }
    if (state.type === 'Parallel') this.record({ type: 'ParallelStateStarted' });
  }

  private exited(name: string, output: JsonValue | undefined, index: number | undefined): void {
    const state = this.machine.state(name);
    if (state === undefined) return;
    const succeeded = !this.failedContainers.delete(containerKey(name, index));
    if (succeeded && state.type === 'Map') this.record({ type: 'MapStateSucceeded' });
    if (succeeded && state.type === 'Parallel') this.record({ type: 'ParallelStateSucceeded' });
    if (state.topLevel && this.openTopLevelState?.name === name) this.openTopLevelState = undefined;
    const type = EXITED[state.type];
    if (type === undefined) return;
    this.record({
      type,
      stateExitedEventDetails: { name, output: dataText(output), outputDetails: NOT_TRUNCATED },
    });
  }

  private failed(name: string, index: number | undefined): void {
    const state = this.machine.state(name);
    if (state?.type === 'Map') this.record({ type: 'MapStateFailed' });
    else if (state?.type === 'Parallel') this.record({ type: 'ParallelStateFailed' });
    else return;
    this.failedContainers.add(containerKey(name, index));
  }

  /** A retried Map or Parallel starts over. */
  private retried(name: string, index: number | undefined, input: JsonValue): void {
    const state = this.machine.state(name);
    if (state === undefined || !this.failedContainers.delete(containerKey(name, index))) return;
    this.recordStart(state, input);
  }
}

function iteration(event: { readonly index: number; readonly parentState: { readonly name: string } }) {
  return { name: event.parentState.name, index: event.index };
}

function containerKey(name: string, index: number | undefined): string {
  return `${name}\u0000${index ?? ''}`;
}

function mapLength(state: JsonObject, input: JsonValue): number | undefined {
  let effective: JsonValue | undefined = input;
  if (state.InputPath === null) effective = {};
  else if (typeof state.InputPath === 'string') effective = readPath(input, state.InputPath);
  const itemsPath = stringMember(state, 'ItemsPath');
  const items =
    itemsPath === undefined || effective === undefined ? effective : readPath(effective, itemsPath);
  return Array.isArray(items) ? items.length : undefined;
}
