import { describe, expect, it } from 'vitest';
import { tracer, tracingActive } from '#lib/observability.ts';
import { costPerThousand, perStepDesign } from '#scripts/bench/cost/model.ts';
import { transitionsOf } from '#scripts/bench/cost/suite.ts';
import { median, percentile, usd } from '#scripts/bench/support/stats.ts';

const lambda = (invocations: number) => ({
  invocations,
  gbSeconds: invocations * 0.0025,
  durationsMs: Array.from({ length: invocations }, () => 10),
  readUnits: 1,
  writeUnits: 5,
  dynamodbCalls: 6,
});

describe('billed transitions', () => {
  it('counts every state entered plus each task attempt after the first', () => {
    const history = [
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionFailed',
      'LambdaFunctionScheduled',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'ExecutionSucceeded',
    ];

    expect(transitionsOf(history)).toEqual({ transitions: 4, retries: 1 });
  });
});

describe('cost model', () => {
  it('prices 1,000 executions line by line', () => {
    const lines = costPerThousand({ transitions: 8, retries: 0, lambda: lambda(7), emails: 1 });

    expect(lines.transitions).toBeCloseTo(0.2, 10);
    expect(lines.lambdaRequests).toBeCloseTo(0.0014, 10);
    expect(lines.ses).toBeCloseTo(0.1, 10);
    expect(lines.dynamodbWrites).toBeCloseTo(0.003125, 10);
  });

  it('adds a Lambda per routing step and a polling loop per human wait in the one-Lambda-per-step design', () => {
    const measured = { transitions: 10, retries: 0, lambda: lambda(8), emails: 2 };

    const design = perStepDesign(
      measured,
      { routing: ['RouteDecision', 'ReviewOutcome'], direct: [], maps: [] },
      [{ state: 'RequestManagerReview', kind: 'person', seconds: 3600, why: 'a manager decides' }],
    );

    expect(design.usage.transitions).toBe(10 + 12 * 3);
    expect(design.usage.lambda.invocations).toBe(8 + 2 + 12);
    expect(design.savings).toHaveLength(2);
  });

  it('polls a timer hourly, adds a Lambda per direct integration, and saves nothing on a Map', () => {
    const measured = { transitions: 9, retries: 0, lambda: lambda(2), emails: 0 };

    const design = perStepDesign(
      measured,
      {
        routing: [],
        direct: [{ state: 'ContinueRefreshCycle', resource: 'states:startExecution' }],
        maps: ['SendEachReport'],
      },
      [{ state: 'WaitUntilRefreshDue', kind: 'timer', seconds: 6 * 86_400, why: 'the token is due' }],
    );

    expect(design.usage.transitions).toBe(9 + 144 * 3);
    expect(design.usage.lambda.invocations).toBe(2 + 1 + 144);
    expect(design.usage.lambda.readUnits).toBe(1);
    expect(design.savings.map((saving) => saving.perThousand > 0)).toEqual([true, true, false]);
  });
});

describe('statistics', () => {
  it('takes nearest-rank percentiles', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(() => median([])).toThrow('No values');
    expect(usd(0.000123)).toBe('$0.0001230');
  });
});

describe('tracing switch', () => {
  it("follows Powertools' own rule for when the tracer traces", () => {
    expect(tracingActive({})).toBe(false);
    expect(tracingActive({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' })).toBe(true);
    expect(
      tracingActive({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', POWERTOOLS_TRACE_ENABLED: 'False' }),
    ).toBe(false);
    expect(tracingActive({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', AWS_SAM_LOCAL: 'true' })).toBe(false);
    expect(tracingActive({ AWS_EXECUTION_ENV: 'AWS_Lambda_amplify-mock' })).toBe(false);
  });

  it('hands clients back untouched where tracing is off (tests, the local runtime)', () => {
    const client = { middlewareStack: {} };

    expect(tracer.captureAWSv3Client(client)).toBe(client);
    expect(tracer.isTracingEnabled()).toBe(false);
  });
});
