/**
 * The load test's own smoke run, part of `npm test`: 100 creator onboardings at concurrency 25 with 10% transient
 * faults injected in every service on the path (DynamoDB, SES, the Step Functions API, the workflow's Lambda
 * tasks). Nothing may be lost or duplicated (creators, welcome emails checked against the SES store). The
 * 1,000-request run and its figures are in docs/reliability.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failures, sum } from '#scripts/load/report.ts';
import { runLoad } from '#scripts/load/run.ts';
import { creatorOnboarding } from '#scripts/load/workflows/creator-onboarding.ts';
import { createApiKey, createPartner, startTestRuntime, type TestRuntime } from '#test/support/runtime.ts';

const REQUESTS = 100;

let runtime: TestRuntime;
let key: string;

beforeAll(async () => {
  // Retry intervals a tenth of their real length: the run stays short, the retries keep their shape.
  runtime = await startTestRuntime({ time: { timeScale: 0.1 }, faults: true });
  const partner = await createPartner(runtime);
  key = await createApiKey(runtime, { role: 'partner', partnerId: partner.partnerId });
});
afterAll(() => runtime?.close());

describe('npm run load, 100 onboardings with 10% transient faults', () => {
  it('accepts every request and ends each in a terminal state, with nothing lost or duplicated', async () => {
    // Arrange
    runtime.faults?.set('transient@0.1');

    // Act
    const report = await runLoad({
      workflow: creatorOnboarding,
      apiUrl: runtime.urls.api,
      sfnUrl: runtime.urls.sfn,
      sesUrl: runtime.urls.ses,
      key,
      requests: REQUESTS,
      concurrency: 25,
      timeoutMs: 90_000,
      faultsInjected: async () =>
        sum(Object.fromEntries((runtime.faults?.stats().rules ?? []).map((rule) => [rule.rule, rule.fired]))),
    });

    // Assert
    expect(report.faultsInjected).toBeGreaterThan(0);
    expect(failures(report)).toEqual([]);
    expect(report).toMatchObject({ accepted: REQUESTS, lost: 0, unanswered: 0, rejected: {}, gaveUp: {} });
    expect(sum(report.terminal)).toBe(REQUESTS);
    expect((report.outcomes['creators ACTIVE'] ?? 0) + (report.outcomes['creators REJECTED'] ?? 0)).toBe(
      REQUESTS,
    );
    expect(
      (report.outcomes['welcome emails in the SES store'] ?? 0) +
        (report.outcomes['rejection notices in the SES store'] ?? 0),
    ).toBe(REQUESTS);
    expect(report.duplicates).toEqual({ creators: 0, 'welcome emails': 0, 'rejection notices': 0 });
  });
});
