// The ops commands (executions, reviews) against a local runtime: in this process through runCli (fast), and
// once through the real bin in a child process.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '#cli/main.ts';
import { executionArnFor, statePath } from '#test/support/executions.ts';
import { creatorApplication } from '#test/support/onboarding.ts';
import {
  api,
  createApiKey,
  createPartner,
  pollUntil,
  startTestRuntime,
  type TestRuntime,
  waitForExecution,
} from '#test/support/runtime.ts';

const CLI = resolve(import.meta.dirname, '../../bin/partnerflow.mjs');

interface Started {
  readonly executionId: string;
  readonly creatorId: string;
}

interface Run {
  readonly code: number;
  readonly lines: string[];
  readonly stdout: string;
  readonly errors: string[];
  readonly progress: string[];
}

let runtime: TestRuntime;
let partnerKey: string;
let succeeded: Started;
let failed: Started;
let waiting: Started;

/** Runs the CLI in this process, against this file's runtime (its environment is already in process.env). */
async function partnerflow(...args: string[]): Promise<Run> {
  const lines: string[] = [];
  const errors: string[] = [];
  const progress: string[] = [];
  const code = await runCli(
    args,
    { out: (line) => lines.push(line), progress: (line) => progress.push(line) },
    (line) => errors.push(line),
  );
  return { code, lines, stdout: lines.join('\n'), errors, progress };
}

async function onboard(overrides: Parameters<typeof creatorApplication>[0] = {}): Promise<Started> {
  const answer = await api(runtime, partnerKey).post<Started>('/v1/creators/onboardings', {
    creator: creatorApplication(overrides),
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body;
}

const arnOf = (started: Started) => executionArnFor('creator-onboarding', started.executionId);

beforeAll(async () => {
  runtime = await startTestRuntime();
  const partner = await createPartner(runtime);
  partnerKey = await createApiKey(runtime, { role: 'partner', partnerId: partner.partnerId });
  process.env.PARTNERFLOW_API_URL = runtime.urls.api;
  process.env.PARTNERFLOW_API_KEY = await createApiKey(runtime, { role: 'ops' });

  succeeded = await onboard();
  await waitForExecution(runtime, arnOf(succeeded));
  // The weekly counters refuse the write in a way no retry fixes: the last step fails for real.
  const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
  const { dynamodb } = await import('#lib/clients/dynamodb.ts');
  const send = dynamodb.send.bind(dynamodb) as (command: unknown) => Promise<unknown>;
  const spy = vi
    .spyOn(dynamodb, 'send')
    .mockImplementation(((command: unknown) =>
      command instanceof UpdateCommand && String(command.input.Key?.pk).startsWith('METRICS#')
        ? Promise.reject(Object.assign(new Error('Invalid update'), { name: 'ValidationException' }))
        : send(command)) as typeof dynamodb.send);
  try {
    failed = await onboard();
    await waitForExecution(runtime, arnOf(failed));
  } finally {
    spy.mockRestore();
  }
  waiting = await onboard({ engagementRate: 0.001 });
  await pollUntil(
    async () =>
      (await statePath(runtime, arnOf(waiting))).includes('RequestManagerReview') ? true : undefined,
    {
      describe: () => `${waiting.executionId} never asked for a review`,
    },
  );
}, 60_000);

afterAll(async () => {
  delete process.env.PARTNERFLOW_API_URL;
  delete process.env.PARTNERFLOW_API_KEY;
  await runtime?.close();
});

describe('partnerflow executions', () => {
  it('lists executions newest first as a table', async () => {
    // Act
    const run = await partnerflow('executions', 'list');

    // Assert
    expect(run.code, run.errors.join('\n')).toBe(0);
    expect(run.lines[0]).toMatch(/^EXECUTION ID\s+WORKFLOW\s+STATUS\s+STARTED \(UTC\)\s+DURATION$/);
    const ids = run.lines.slice(1).map((line) => line.split(/\s+/)[0]);
    expect(ids).toEqual([waiting.executionId, failed.executionId, succeeded.executionId]);
    expect(run.lines[2]).toMatch(/creator-onboarding\s+FAILED\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z/);
    expect(run.progress.length).toBeGreaterThan(0);
  });

  it('filters by status and age, and answers JSON for scripts', async () => {
    // Act
    const failedOnly = await partnerflow('executions', 'list', '--status', 'failed', '--json');
    const tooOld = await partnerflow('executions', 'list', '--since', '2099-01-01', '--json');

    // Assert
    expect(failedOnly.code, failedOnly.errors.join('\n')).toBe(0);
    expect(JSON.parse(failedOnly.stdout)).toEqual([
      expect.objectContaining({
        executionId: failed.executionId,
        businessId: failed.creatorId,
        workflow: 'creator-onboarding',
        status: 'FAILED',
      }),
    ]);
    expect(JSON.parse(tooOld.stdout)).toEqual([]);
  });

  it('refuses an unknown status or workflow as a usage error', async () => {
    // Act
    const status = await partnerflow('executions', 'list', '--status', 'DONE');
    const workflow = await partnerflow('executions', 'list', '--workflow', 'nope');

    // Assert
    expect(status.code).toBe(2);
    expect(status.errors.join('\n')).toMatch(/--status must be one of RUNNING, SUCCEEDED/);
    expect(workflow.code).toBe(2);
    expect(workflow.errors.join('\n')).toMatch(/--workflow must be one of creator-onboarding/);
  });

  it('describes an execution found by business id, with the failure and no secrets', async () => {
    // Act
    const run = await partnerflow('executions', 'describe', failed.creatorId, '--json');

    // Assert
    expect(run.code, run.errors.join('\n')).toBe(0);
    const described = JSON.parse(run.stdout);
    expect(described).toMatchObject({
      executionId: failed.executionId,
      businessId: failed.creatorId,
      status: 'FAILED',
      error: 'ValidationException',
      redriveStatus: 'REDRIVABLE',
      input: { creatorId: failed.creatorId },
    });
    expect(run.stdout).not.toMatch(/pf_[A-Za-z0-9]{12}_/);
  });

  it("shows the history with each state's status", async () => {
    // Act
    const run = await partnerflow('executions', 'history', failed.executionId);

    // Assert
    expect(run.code, run.errors.join('\n')).toBe(0);
    expect(run.lines[0]).toMatch(/^STATE\s+STATUS\s+STARTED\s+DURATION\s+RETRIES\s+LAST ERROR$/);
    expect(run.lines.at(-1)).toMatch(/^RecordOnboardingMetrics\s+failed\s+\+\S+.*ValidationException$/);
    expect(run.lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual([
      'ValidateApplication',
      'ReserveHandle',
      'ScreenCompliance',
      'ScoreAndTier',
      'RouteDecision',
      'ActivateCreator',
      'SendWelcomeEmail',
      'RecordOnboardingMetrics',
    ]);
  });

  it('redrives a failed execution to success, and refuses to redrive it again', async () => {
    // Act
    const run = await partnerflow('executions', 'redrive', failed.executionId);
    const redriven = await waitForExecution(runtime, arnOf(failed));
    const again = await partnerflow('executions', 'redrive', failed.executionId);

    // Assert
    expect(run.code, run.errors.join('\n')).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Redriven ${failed.executionId} at `));
    expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(again.code).toBe(1);
    expect(again.errors.join('\n')).toMatch(/cannot be redriven/);
  });

  it('stops a running execution with the cause given, and refuses to stop it twice', async () => {
    // Arrange
    const running = await onboard({ engagementRate: 0.001 });
    await pollUntil(
      async () =>
        (await statePath(runtime, arnOf(running))).includes('RequestManagerReview') ? true : undefined,
      { describe: () => `${running.executionId} never asked for a review` },
    );

    // Act
    const stopped = await partnerflow(
      'executions',
      'stop',
      running.creatorId,
      '--cause',
      'Duplicate application',
    );
    const described = await partnerflow('executions', 'describe', running.executionId, '--json');
    const again = await partnerflow('executions', 'stop', running.executionId);

    // Assert
    expect(stopped.code, stopped.errors.join('\n')).toBe(0);
    expect(stopped.stdout).toMatch(new RegExp(`^Stopped ${running.executionId} at `));
    expect(JSON.parse(described.stdout)).toMatchObject({
      status: 'ABORTED',
      error: 'PartnerFlow.StoppedByOps',
      cause: 'Duplicate application',
    });
    expect(again.code).toBe(1);
    expect(again.errors.join('\n')).toMatch(/is ABORTED, not RUNNING/);
  });

  it('says which id it could not find', async () => {
    // Act
    const run = await partnerflow('executions', 'describe', 'cr_doesnotexist');

    // Assert
    expect(run.code).toBe(1);
    expect(run.errors).toEqual(['partnerflow: No execution cr_doesnotexist']);
  });
});

describe('partnerflow reviews', () => {
  it('lists pending reviews and decides one, which resumes the workflow', async () => {
    // Arrange
    const listed = await partnerflow('reviews', 'list', '--json');
    const review = (JSON.parse(listed.stdout) as { reviewId: string; executionId: string }[]).find(
      (item) => item.executionId === waiting.executionId,
    );
    expect(review).toBeDefined();
    const reviewId = review?.reviewId ?? '';

    // Act
    const decided = await partnerflow(
      'reviews',
      'decide',
      reviewId,
      'approve',
      '--reason',
      'Strategic niche',
    );
    const twice = await partnerflow('reviews', 'decide', reviewId, 'reject', '--reason', 'Changed my mind');

    // Assert
    expect(decided.code, decided.errors.join('\n')).toBe(0);
    expect(decided.stdout).toBe(`Review ${reviewId} approved; execution ${waiting.executionId} resumes.`);
    expect((await waitForExecution(runtime, arnOf(waiting))).status).toBe('SUCCEEDED');
    expect(twice.code).toBe(1);
    expect(twice.errors.join('\n')).toMatch(/already decided/);
  });

  it('refuses a decision without a reason, and a key that is not an ops or manager key', async () => {
    // Arrange
    const opsKey = process.env.PARTNERFLOW_API_KEY;

    // Act
    const noReason = await partnerflow('reviews', 'decide', 'rv_x', 'approve');
    process.env.PARTNERFLOW_API_KEY = partnerKey;
    const partner = await partnerflow('reviews', 'list');
    process.env.PARTNERFLOW_API_KEY = opsKey;

    // Assert
    expect(noReason.code).toBe(2);
    expect(noReason.errors.join('\n')).toMatch(/--reason is required/);
    expect(partner.code).toBe(1);
    expect(partner.errors.join('\n')).toMatch(/The key may not do this/);
  });
});

describe('the partnerflow bin', () => {
  it('lists executions through the real command line, as JSON', async () => {
    // Arrange
    const inProcess = await partnerflow(
      'executions',
      'list',
      '--workflow',
      'creator-onboarding',
      '--limit',
      '2',
      '--json',
    );

    // Act
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [CLI, 'executions', 'list', '--workflow', 'creator-onboarding', '--limit', '2', '--json'],
        { env: { ...process.env, ...runtime.env, NODE_NO_WARNINGS: '1' }, timeout: 20_000 },
        (error, stdout, stderr) =>
          done({ code: error === null ? 0 : Number(error.code ?? -1), stdout, stderr }),
      );
    });

    // Assert
    expect(run.code, run.stderr).toBe(0);
    const ids = (stdout: string) =>
      (JSON.parse(stdout) as { executionId: string }[]).map((item) => item.executionId);
    expect(ids(run.stdout)).toHaveLength(2);
    expect(ids(run.stdout)).toEqual(ids(inProcess.stdout));
  });
});
