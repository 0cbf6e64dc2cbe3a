/**
 * A fault in every service on the onboarding path, one at a time, under concurrent load: DynamoDB, SES, the
 * Step Functions API, the Lambda functions, and the hardest case, a start Step Functions accepted whose answer
 * was lost. Clients retry with the same Idempotency-Key; every accepted request must end in a terminal state,
 * with nothing lost, duplicated, or started without an answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failures, sum } from '#scripts/load/report.ts';
import { runLoad } from '#scripts/load/run.ts';
import { creatorOnboarding } from '#scripts/load/workflows/creator-onboarding.ts';
import { createApiKey, createPartner, startTestRuntime, type TestRuntime } from '#test/support/runtime.ts';

const REQUESTS = 10;

let runtime: TestRuntime;
let key: string;

beforeAll(async () => {
  // Step Functions' retry intervals (1 s, 2 s, ...) become 10 ms, 20 ms, ...
  runtime = await startTestRuntime({ time: { timeScale: 0.01 }, faults: true });
  const partner = await createPartner(runtime);
  key = await createApiKey(runtime, { role: 'partner', partnerId: partner.partnerId });
});
afterAll(() => runtime?.close());

describe('a fault in each service on the onboarding path loses nothing', () => {
  it.each([
    ['DynamoDB 500s', 'dynamodb:InternalServerError@0.25'],
    ['SES unavailable', 'ses:ServiceUnavailable@0.5'],
    ['the Step Functions API unavailable', 'sfn:ServiceUnavailable@0.4'],
    ['Lambda service errors, API functions included', 'lambda:Lambda.ServiceException@0.2'],
    [
      'starts whose answer was lost after Step Functions took them',
      'sfn.StartExecution:InternalServerError@0.5/after',
    ],
    ['dropped DynamoDB connections', 'dynamodb:ECONNRESET@0.1'],
  ])('%s (%s)', async (_case, rules) => {
    // Arrange
    runtime.faults?.set(rules);

    // Act
    const report = await runLoad({
      workflow: creatorOnboarding,
      apiUrl: runtime.urls.api,
      sfnUrl: runtime.urls.sfn,
      sesUrl: runtime.urls.ses,
      key,
      requests: REQUESTS,
      concurrency: 4,
      timeoutMs: 60_000,
    });
    const fired = sum(
      Object.fromEntries((runtime.faults?.stats().rules ?? []).map((rule) => [rule.rule, rule.fired])),
    );
    runtime.faults?.clear();

    // Assert
    expect(fired).toBeGreaterThan(0);
    expect(failures(report)).toEqual([]);
    expect(report).toMatchObject({ accepted: REQUESTS, lost: 0, unanswered: 0, rejected: {}, gaveUp: {} });
    expect(sum(report.terminal)).toBe(REQUESTS);
    expect(report.duplicates).toEqual({ creators: 0, 'welcome emails': 0, 'rejection notices': 0 });
  });
});
