import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRepoRoot } from '#infra/constructs/catalog.ts';
import { retryPolicyProblems, TRANSIENT_ERRORS } from '#test/infra/support/retry-policy.ts';

/** Every workflow there is, and every one that lands later: the policy holds for all of them. */
const aslFiles = readdirSync(fromRepoRoot('workflows'))
  .filter((name) => name.endsWith('.asl.json'))
  .map((name) => `workflows/${name}`);

describe('retries and catches of every Task state (workflows/*.asl.json)', () => {
  it('finds workflows to check', () => {
    expect(aslFiles).toContain('workflows/creator-onboarding.asl.json');
  });

  it.each(aslFiles)('%s retries transient errors with backoff and jitter, and catches the rest', (file) => {
    const definition: unknown = JSON.parse(readFileSync(fromRepoRoot(file), 'utf8'));

    const problems = retryPolicyProblems(definition);

    expect(problems).toEqual([]);
  });
});

describe('the retry policy checker itself', () => {
  /** `${Name}`, written without tripping the linter's template-string check. */
  const functionArn = `\${${'FixtureStepFunctionArn'}}`;
  const standardRetry = () => ({
    ErrorEquals: [...TRANSIENT_ERRORS.lambda],
    IntervalSeconds: 1,
    BackoffRate: 2,
    MaxAttempts: 4,
    MaxDelaySeconds: 16,
    JitterStrategy: 'FULL',
  });
  /** A valid definition each case below breaks in exactly one way. */
  const valid = () => ({
    StartAt: 'Begin',
    States: {
      // No Task before it: it needs no Catch (nothing is done yet when it fails).
      Begin: { Type: 'Task', Resource: functionArn, Retry: [standardRetry()], Next: 'DoWork' },
      DoWork: {
        Type: 'Task',
        Resource: functionArn,
        Retry: [standardRetry()] as Record<string, unknown>[],
        Catch: [
          { ErrorEquals: ['PartnerFlow.HandleTaken'], Next: 'Undo' },
          { ErrorEquals: ['States.ALL'], Next: 'Undo' },
        ] as Record<string, unknown>[],
        Next: 'Finish',
      } as Record<string, unknown>,
      // No Task after it: it needs no Catch either (everything is done when it fails).
      Finish: { Type: 'Task', Resource: functionArn, Retry: [standardRetry()], End: true },
      Undo: { Type: 'Task', Resource: functionArn, Retry: [standardRetry()], Next: 'Failed' },
      Failed: { Type: 'Fail' },
    },
  });

  it('accepts the standard shape, where the first and the last Task need no Catch', () => {
    expect(retryPolicyProblems(valid())).toEqual([]);
  });

  it.each([
    ['no Retry at all', (d: ReturnType<typeof valid>) => delete d.States.DoWork.Retry, 'no retrier covers'],
    [
      'a Retry missing one Lambda service error',
      (d: ReturnType<typeof valid>) => {
        d.States.DoWork.Retry = [{ ...standardRetry(), ErrorEquals: ['PartnerFlow.Transient'] }];
      },
      'no retrier covers',
    ],
    [
      'a Retry of States.ALL',
      (d: ReturnType<typeof valid>) => {
        d.States.DoWork.Retry = [standardRetry(), { ErrorEquals: ['States.ALL'], MaxAttempts: 2 }];
      },
      'retries States.ALL',
    ],
    [
      'a Retry of a business error',
      (d: ReturnType<typeof valid>) => {
        d.States.DoWork.Retry = [
          { ...standardRetry(), ErrorEquals: [...TRANSIENT_ERRORS.lambda, 'PartnerFlow.HandleTaken'] },
        ];
      },
      'retries PartnerFlow.HandleTaken',
    ],
    [
      'no jitter',
      (d: ReturnType<typeof valid>) => {
        d.States.DoWork.Retry = [{ ...standardRetry(), JitterStrategy: 'NONE' }];
      },
      'JitterStrategy FULL',
    ],
    [
      'no MaxDelaySeconds',
      (d: ReturnType<typeof valid>) => {
        const { MaxDelaySeconds: _dropped, ...retrier } = standardRetry();
        d.States.DoWork.Retry = [retrier];
      },
      'MaxDelaySeconds',
    ],
    [
      'no backoff',
      (d: ReturnType<typeof valid>) => {
        d.States.DoWork.Retry = [{ ...standardRetry(), BackoffRate: 1 }];
      },
      'BackoffRate',
    ],
    [
      'a Task in mid-path without Catch',
      (d: ReturnType<typeof valid>) => delete d.States.DoWork.Catch,
      'no Catch for States.ALL',
    ],
    [
      'a Catch that misses States.ALL',
      (d: ReturnType<typeof valid>) => {
        d.States.DoWork.Catch = [{ ErrorEquals: ['PartnerFlow.HandleTaken'], Next: 'Undo' }];
      },
      'no Catch for States.ALL',
    ],
    [
      'an unknown integration',
      (d: ReturnType<typeof valid>) => {
        d.States.DoWork.Resource = 'arn:aws:states:::sqs:sendMessage';
      },
      'does not know the transient errors',
    ],
  ] as const)('reports %s', (_case, breakIt, expected) => {
    const definition = valid();
    breakIt(definition);

    const problems = retryPolicyProblems(definition);

    expect(problems.join('\n')).toContain(expected);
  });

  it('checks Task states nested in Map and Parallel states', () => {
    const definition = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Inner',
            States: {
              Inner: { Type: 'Task', Resource: functionArn, Next: 'Done' },
              Done: { Type: 'Succeed' },
            },
          },
          End: true,
        },
      },
    };

    expect(retryPolicyProblems(definition)).toEqual([
      `Fan > Inner: no retrier covers the transient errors of its integration (${TRANSIENT_ERRORS.lambda.join(', ')})`,
    ]);
  });
});
