import { describe, expect, it } from 'vitest';
import { END_NODE, parseAslGraph, START_NODE } from '#infra/ops/asl-graph.ts';
import { edgeKey } from '#infra/ops/graph-svg.ts';
import { type OpsHistoryEvent, pathHighlight, timelineOf } from '#infra/ops/timeline.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, 0, ms));
let id = 0;
const event = (type: string, ms: number, details: Partial<OpsHistoryEvent> = {}): OpsHistoryEvent => {
  id += 1;
  return { id, type, timestamp: at(ms), ...details };
};
const entered = (name: string, ms: number) =>
  event('TaskStateEntered', ms, { stateEnteredEventDetails: { name } });
const exited = (name: string, ms: number) =>
  event('TaskStateExited', ms, { stateExitedEventDetails: { name } });
const scheduled = (ms: number) => event('TaskScheduled', ms);
const failedTask = (ms: number, error: string) =>
  event('TaskFailed', ms, { taskFailedEventDetails: { error, cause: 'boom' } });

const graph = parseAslGraph({
  StartAt: 'Load',
  States: {
    Load: {
      Type: 'Task',
      Resource: 'x',
      Next: 'Save',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Undo' }],
    },
    Save: { Type: 'Task', Resource: 'x', End: true },
    Undo: { Type: 'Task', Resource: 'x', Next: 'Failed' },
    Failed: { Type: 'Fail', Error: 'E' },
  },
});

describe('timelineOf', () => {
  it('times each state, counts retries, and marks a state that exits after its last attempt failed as caught', () => {
    // Arrange
    const history = [
      event('ExecutionStarted', 0),
      entered('Load', 10),
      scheduled(11),
      failedTask(20, 'PartnerFlow.Transient'),
      scheduled(1_020),
      failedTask(1_030, 'ValidationException'),
      exited('Load', 1_031),
      entered('Undo', 1_032),
      scheduled(1_033),
      exited('Undo', 1_050),
      entered('Failed', 1_051),
      event('ExecutionFailed', 1_052, { executionFailedEventDetails: { error: 'E', cause: 'it failed' } }),
    ];

    // Act
    const timeline = timelineOf(history);

    // Assert
    expect(timeline.steps.map((step) => [step.name, step.status, step.durationMs, step.attempts])).toEqual([
      ['Load', 'caught', 1_021, 2],
      ['Undo', 'succeeded', 18, 1],
      ['Failed', 'failed', 1, 0],
    ]);
    expect(timeline.steps[0]?.errors.map((failure) => failure.error)).toEqual([
      'PartnerFlow.Transient',
      'ValidationException',
    ]);
    expect(timeline.milestones.map((milestone) => milestone.kind)).toEqual(['started', 'failed']);
    expect(timeline.milestones[1]).toMatchObject({ error: 'E', cause: 'it failed' });
  });

  it('leaves the state in progress running, with no duration yet', () => {
    // Act
    const timeline = timelineOf([event('ExecutionStarted', 0), entered('Load', 5), scheduled(6)]);

    // Assert
    expect(timeline.steps).toEqual([
      expect.objectContaining({ name: 'Load', status: 'running', attempts: 1 }),
    ]);
    expect(timeline.steps[0]?.durationMs).toBeUndefined();
  });
});

describe('pathHighlight', () => {
  it('highlights the states entered, the edges between them and where the execution failed', () => {
    // Arrange
    const timeline = timelineOf([
      event('ExecutionStarted', 0),
      entered('Load', 1),
      scheduled(2),
      failedTask(3, 'Bad'),
      exited('Load', 4),
      entered('Undo', 5),
      exited('Undo', 6),
      entered('Failed', 7),
      event('ExecutionFailed', 8),
    ]);

    // Act
    const highlight = pathHighlight(graph, timeline);

    // Assert
    expect([...highlight.visited]).toEqual([START_NODE, 'Load', 'Undo', 'Failed']);
    expect(highlight.taken).toEqual(
      new Set([edgeKey(START_NODE, 'Load'), edgeKey('Load', 'Undo'), edgeKey('Undo', 'Failed')]),
    );
    expect(highlight.failed).toBe('Failed');
    expect(highlight.current).toBeUndefined();
  });

  it('reaches the end of a succeeded execution, and forgets the failure a redrive fixed', () => {
    // Arrange
    const timeline = timelineOf([
      event('ExecutionStarted', 0),
      entered('Load', 1),
      exited('Load', 2),
      entered('Save', 3),
      scheduled(4),
      failedTask(5, 'Bad'),
      event('ExecutionFailed', 6),
      event('ExecutionRedriven', 7),
      entered('Save', 8),
      scheduled(9),
      exited('Save', 10),
      event('ExecutionSucceeded', 11),
    ]);

    // Act
    const highlight = pathHighlight(graph, timeline);

    // Assert
    expect(timeline.steps.map((step) => `${step.name}:${step.status}`)).toEqual([
      'Load:succeeded',
      'Save:failed',
      'Save:succeeded',
    ]);
    expect(highlight.visited.has(END_NODE)).toBe(true);
    expect(highlight.taken.has(edgeKey('Save', END_NODE))).toBe(true);
    expect(highlight.failed).toBeUndefined();
  });
});
